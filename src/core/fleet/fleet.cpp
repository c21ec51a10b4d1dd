#include "fleet.h"

#include "backlog_desk.h"
#include "config/config_model.h"
#include "config/duration.h"
#include "lifecycle/conflict_radar.h"
#include "lifecycle/escalations.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/reaction_engine.h"
#include "lifecycle/session_manager.h"
#include "merge_desk.h"
#include "notify/notification_dispatcher.h"
#include "orchestrator_desk.h"
#include "plugin/external/external_plugin_registration.h"
#include "plugin/notifier_plugin.h"
#include "plugin/plugin_registry.h"
#include "plugin/terminal_plugin.h"
#include "review_desk.h"
#include "store/store.h"

#include <QDir>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flotilla {

// One configuration's plugin instances. Instances are shared between projects when they have
// the same plugin and settings, so one runtime answers one liveness probe for all of them.
struct Fleet::Generation
{
    std::vector<std::unique_ptr<Plugin>> owned;
    QHash<QString, Plugin *> shared; // "slot/name/settings" → instance
    QHash<QString, ProjectPlugins> projects;
    QHash<QString, NotifierPlugin *> notifiers;
};

namespace {

QString expandHome(const QString &path)
{
    if (path == u"~"_s || path.startsWith(u"~/"_s))
        return QDir::homePath() + path.mid(1);
    return path;
}

} // namespace

Fleet::Fleet(Store &store, PluginRegistry &registry, Options options, QObject *parent)
    : QObject(parent), m_store(store), m_registry(registry), m_options(std::move(options))
{
    const auto clock = [] { return QDateTime::currentDateTimeUtc(); };
    // Every lookup reads the configuration of the moment, so a reload reaches all of them.
    const auto policies = [this](const QString &projectId, const QString &key) -> std::optional<ReactionPolicy> {
        return m_config ? m_config->reaction(projectId, key) : std::nullopt;
    };
    const auto router = [this](const QString &, Priority priority) {
        return m_config ? m_config->notifiersFor(priority) : QStringList();
    };
    const auto projectPlugins = [this](const QString &projectId) { return plugins(projectId); };

    m_sessions = std::make_unique<SessionManager>(
        SessionManager::Dependencies{m_store.sessions(), m_store.events(), m_store.trackers(), projectPlugins,
                                     [this] { return m_config; }, router, clock});
    m_reactions = std::make_unique<ReactionEngine>(ReactionEngine::Dependencies{
        m_store.events(), m_store.trackers(), m_store.decisions(), *m_sessions, policies, router, clock});
    m_escalations = std::make_unique<Escalations>(Escalations::Dependencies{m_store.decisions(), m_store.trackers(),
                                                                            m_store.sessions(), m_store.events(),
                                                                            *m_sessions, policies, router, clock});
    m_lifecycle = std::make_unique<LifecycleManager>(
        LifecycleManager::Dependencies{m_store.sessions(), *m_reactions, projectPlugins, clock, LifecyclePolicy(),
                                       [this](const QString &id) { return m_sessions->isBusy(id); }});
    m_reviews = std::make_unique<ReviewDesk>(*this, m_store);
    m_merges = std::make_unique<MergeDesk>(*this, m_store);
    m_orchestrators = std::make_unique<OrchestratorDesk>(*this, m_store);
    m_backlog = std::make_unique<BacklogDesk>(*this, m_store);
    m_radar = std::make_unique<ConflictRadar>(m_store.sessions(), *m_reactions, [this](const QString &projectId) {
        const ProjectConfig *project = m_config ? m_config->project(projectId) : nullptr;
        return project ? project->defaultBranch : u"main"_s;
    });
    connect(m_lifecycle.get(), &LifecycleManager::cycleFinished, m_radar.get(),
            [this] { m_radar->scanSoon(m_options.conflictScanInterval.count()); });
    m_dispatcher = std::make_unique<NotificationDispatcher>(NotificationDispatcher::Dependencies{
        m_store,
        [this](const QString &name) -> NotifierPlugin * {
            return m_generations.empty() ? nullptr : m_generations.back()->notifiers.value(name, nullptr);
        },
        NotificationComposer(m_options.dashboardBase), router, clock});
}

Fleet::~Fleet()
{
    stop();
    // Users of the plugins go first.
    m_dispatcher.reset();
    m_backlog.reset();
    m_orchestrators.reset();
    m_merges.reset();
    m_reviews.reset();
    m_radar.reset();
    m_lifecycle.reset();
    m_escalations.reset();
    m_reactions.reset();
    m_sessions.reset();
}

const ProjectPlugins *Fleet::plugins(const QString &projectId) const
{
    if (m_generations.empty())
        return nullptr;
    const auto &projects = m_generations.back()->projects;
    const auto found = projects.constFind(projectId);
    return found == projects.cend() ? nullptr : &found.value();
}

PluginSettings Fleet::withProject(PluginSettings settings, const ProjectConfig &project) const
{
    // Trackers and SCMs that keep their data with the project (the local ones) need to know
    // where it is; the reserved key cannot clash with a plugin's own settings.
    settings.insert(u"_project"_s, QJsonObject{{u"id"_s, project.id},
                                               {u"path"_s, project.path},
                                               {u"repository"_s, project.repo.isEmpty() ? project.path : project.repo},
                                               {u"defaultBranch"_s, project.defaultBranch},
                                               {u"database"_s, m_store.database().path()},
                                               {u"ciCommand"_s, project.scm.ciCommand},
                                               {u"ciTimeoutMs"_s, double(project.scm.ciTimeoutMs)},
                                               {u"ciMaxLogBytes"_s, double(project.scm.ciMaxLogBytes)}});
    return settings;
}

template<typename Slot>
Slot *Fleet::instance(Generation &generation, const QString &name, const PluginSettings &settings,
                      QStringList &problems, const QString &role)
{
    if (name.isEmpty())
        return nullptr;
    const QString key = slotName(Slot::kSlot) + u'/' + name + u'/'
                        + QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact));
    if (Plugin *existing = generation.shared.value(key, nullptr))
        return static_cast<Slot *>(existing);

    if (!m_registry.contains(Slot::kSlot, name) && m_config) {
        // A plugin declared under `plugins:` with a local command serves whichever slot
        // the configuration uses it in; it checks that slot itself when it starts.
        for (const PluginDeclaration &declared : m_config->plugins) {
            if (declared.name != name || !declared.enabled || declared.path.isEmpty())
                continue;
            ExternalPluginSpec spec;
            spec.slot = Slot::kSlot;
            spec.name = name;
            spec.command = {expandHome(declared.path)};
            spec.description = u"external plugin %1"_s.arg(declared.path);
            if (auto registered = registerExternalPlugin(m_registry, spec); !registered)
                problems << u"%1 %2: %3"_s.arg(role, name, registered.error().toString());
            break;
        }
    }
    auto made = m_registry.create<Slot>(name, settings);
    if (!made) {
        problems << u"%1: %2"_s.arg(role, made.error().message);
        return nullptr;
    }
    if (const Availability availability = made.value()->detect(); !availability.available)
        problems << u"%1 %2: %3 (%4)"_s.arg(role, name, availability.problem, availability.hint);
    Slot *plugin = made.value().get();
    generation.owned.push_back(std::unique_ptr<Plugin>(std::move(made).value().release()));
    generation.shared.insert(key, plugin);
    return plugin;
}

QStringList Fleet::apply(std::shared_ptr<const Config> config)
{
    m_config = std::move(config);
    auto generation = std::make_unique<Generation>();
    m_problems.clear();
    QStringList all;

    for (const ProjectConfig &project : m_config->projects) {
        QStringList problems;
        if (project.degraded)
            problems << u"its configuration did not load; run `flo config check`"_s;
        ProjectPlugins plugins;
        plugins.projectId = project.id;
        plugins.repository = project.repo.isEmpty() ? project.path : project.repo;
        plugins.hooks = m_fleetHooks;
        plugins.runtime =
            instance<RuntimePlugin>(*generation, project.runtime.isEmpty() ? m_config->defaultRuntime : project.runtime,
                                    {}, problems, u"runtime"_s);
        plugins.workspace = instance<WorkspacePlugin>(
            *generation, project.workspace.isEmpty() ? m_config->defaultWorkspace : project.workspace, {}, problems,
            u"workspace"_s);
        if (project.tracker.isSet())
            plugins.tracker =
                instance<TrackerPlugin>(*generation, project.tracker.plugin,
                                        withProject(project.tracker.settings, project), problems, u"tracker"_s);
        if (project.scm.block.isSet())
            plugins.scm = instance<ScmPlugin>(*generation, project.scm.block.plugin,
                                              withProject(project.scm.block.settings, project), problems, u"scm"_s);
        for (const bool orchestrator : {false, true}) {
            const QString agent =
                orchestrator ? m_config->orchestratorAgent(project.id) : m_config->workerAgent(project.id);
            if (plugins.agents.contains(agent))
                continue;
            const AgentSettings settings = m_config->agentSettings(project.id, orchestrator);
            if (AgentPlugin *plugin = instance<AgentPlugin>(*generation, agent, settings.settings, problems,
                                                            orchestrator ? u"orchestrator agent"_s : u"agent"_s))
                plugins.agents.insert(agent, plugin);
        }
        if (project.backlog.enabled && !plugins.tracker)
            problems << u"backlog: the project has no tracker to read labelled issues from (set `tracker:`, or "
                        "`repo:` for GitHub)"_s;
        generation->projects.insert(project.id, plugins);
        m_problems.insert(project.id, problems);
        for (const QString &problem : std::as_const(problems))
            all << u"project %1: %2"_s.arg(project.id, problem);
    }

    // Every name a priority routes to: a configured notifier, else a plugin of that name.
    QStringList names = m_config->defaultNotifiers;
    for (const QStringList &routed : std::as_const(m_config->notificationRouting))
        names << routed;
    names << m_config->notifiers.keys();
    names.removeDuplicates();
    QStringList notifierProblems;
    for (const QString &name : std::as_const(names)) {
        const auto configured = m_config->notifiers.constFind(name);
        const bool isConfigured = configured != m_config->notifiers.cend();
        // A notifier that keeps state of its own (questions awaiting replies) keys it by the
        // entry's name; the reserved key cannot clash with a plugin's own settings.
        PluginSettings settings = isConfigured ? configured->block.settings : PluginSettings();
        settings.insert(u"_notifier"_s, name);
        NotifierPlugin *plugin = instance<NotifierPlugin>(*generation, isConfigured ? configured->block.plugin : name,
                                                          settings, notifierProblems, u"notifier "_s + name);
        if (plugin)
            generation->notifiers.insert(name, plugin);
    }
    m_problems.insert(QString(), notifierProblems);
    // The reference tool's `retries` (after the first try) and `retryDelayMs` per notifier.
    QHash<QString, int> attempts;
    QHash<QString, std::chrono::milliseconds> firstRetry;
    for (auto it = m_config->notifiers.cbegin(); it != m_config->notifiers.cend(); ++it) {
        const PluginSettings &own = it->block.settings;
        if (own.contains(u"retries"_s))
            attempts.insert(it.key(), own.value(u"retries"_s).toInt() + 1);
        const QJsonValue delay = own.value(u"retryDelayMs"_s);
        if (delay.isDouble())
            firstRetry.insert(it.key(), std::chrono::milliseconds(qint64(delay.toDouble())));
        else if (const auto parsed = delay.isString() ? parseDuration(delay.toString()) : std::nullopt)
            firstRetry.insert(it.key(), std::chrono::milliseconds(*parsed));
    }
    m_dispatcher->setNotifierRetries(attempts, firstRetry);
    all << notifierProblems;

    m_generations.push_back(std::move(generation));
    m_lifecycle->setInterval(pollIntervalMs());
    if (m_started) {
        // A reload may enable an orchestrator or a backlog, or change a backlog's pace.
        m_orchestrators->ensureEnabled();
        m_backlog->configure();
    }
    return all;
}

QStringList Fleet::notifierNames() const
{
    if (m_generations.empty())
        return {};
    QStringList names = m_generations.back()->notifiers.keys();
    names.sort();
    return names;
}

NotifierPlugin *Fleet::notifier(const QString &name) const
{
    return m_generations.empty() ? nullptr : m_generations.back()->notifiers.value(name, nullptr);
}

TerminalPlugin *Fleet::terminal(QString *problem)
{
    if (m_generations.empty() || !m_config) {
        *problem = u"no configuration is applied"_s;
        return nullptr;
    }
    QStringList problems;
    TerminalPlugin *made =
        instance<TerminalPlugin>(*m_generations.back(), m_config->defaultTerminal, {}, problems, u"terminal"_s);
    *problem = problems.join(u"; "_s);
    return made;
}

int Fleet::pollIntervalMs() const
{
    if (m_config && m_config->pollIntervalMs)
        return int(*m_config->pollIntervalMs);
    return int(m_options.pollInterval.count());
}

void Fleet::start()
{
    m_sessions->recoverInterruptedSpawns();
    m_lifecycle->start(pollIntervalMs());
    m_dispatcher->start();
    m_started = true;
    m_orchestrators->ensureEnabled();
    m_backlog->configure();
}

void Fleet::stop()
{
    if (m_lifecycle)
        m_lifecycle->stop();
    if (m_dispatcher)
        m_dispatcher->stop();
    if (m_backlog)
        m_backlog->stop();
    m_started = false;
}

} // namespace flotilla
