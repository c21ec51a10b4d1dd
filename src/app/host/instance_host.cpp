#include "instance_host.h"

#include "api_access.h"
#include "api_server.h"
#include "builtin_plugins.h"
#include "config/config_loader.h"
#include "config/config_locator.h"
#include "demo_leftovers.h"
#include "demo_sandbox.h"
#include "fleet/fleet.h"
#include "instance/api_token.h"
#include "instance/instance_record.h"
#include "instance/single_instance.h"
#include "lifecycle/escalations.h"
#include "lifecycle/session_manager.h"
#include "plugin/plugin_registry.h"
#include "ravi_escalation_desk.h"
#include "ravi_identity_hook.h"
#include "ravi_notifier.h"
#include "ravi_secrets_hook.h"
#include "secrets/secret_store.h"
#include "store/session_store.h"
#include "store/store.h"
#include "util/app_paths.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>

using namespace Qt::StringLiterals;

namespace flotilla {

InstanceHost::InstanceHost(QObject *parent) : QObject(parent) {}

InstanceHost::~InstanceHost()
{
    if (m_published)
        InstanceRecord::removeIfOwned(AppPaths::instanceFile(), QCoreApplication::applicationPid());
    m_server.reset();
    m_raviDesk.reset(); // its replies are applied through the fleet
    m_fleet.reset();    // before the store and the plugins it uses
    m_access.reset();
}

Database &InstanceHost::database() const
{
    return m_store->database();
}

Result<InstanceHost::Role> InstanceHost::start(const Options &options)
{
    auto settings = AppSettings::load(options.configFile, options.workingDir);
    if (!settings)
        return settings.error();
    m_settings = settings.value();

    m_instance = std::make_unique<SingleInstance>();
    auto role = m_instance->claim();
    if (!role)
        return role.error();

    if (role.value() == SingleInstance::Role::Secondary) {
        connect(m_instance.get(), &SingleInstance::handedOver, this, [this](qint64 pid) {
            emit handOverFinished(0, u"Flotilla is already running (pid %1); handed over to it."_s.arg(pid));
        });
        connect(m_instance.get(), &SingleInstance::handOverFailed, this,
                [this](const Error &error) { emit handOverFinished(1, error.toString()); });
        m_instance->handOver(options.arguments, options.workingDir);
        return Role::HandingOver;
    }

    connect(m_instance.get(), &SingleInstance::activationRequested, this, &InstanceHost::activationRequested);
    if (auto started = startPrimary(options); !started)
        return started.error();
    return Role::Primary;
}

Result<void> InstanceHost::startPrimary(const Options &options)
{
    int port = m_settings.port;
    if (const QString fromEnv = qEnvironmentVariable("FLOTILLA_PORT"); !fromEnv.isEmpty()) {
        auto parsed = parsePort(fromEnv, u"FLOTILLA_PORT"_s);
        if (!parsed)
            return parsed.error();
        port = parsed.value();
    }
    if (options.port)
        port = *options.port;

    auto configFile = chooseConfiguration(options);
    if (!configFile)
        return configFile.error();
    const LoadedConfig loaded = ConfigLoader::locateAndLoad(configFile.value(), options.workingDir);
    if (const auto fatal = loaded.firstFatalError())
        return makeError(u"config.invalid"_s,
                         u"%1 (run `flo config check` to see every problem)"_s.arg(fatal->toString()));

    m_store = std::make_unique<Store>();
    if (auto opened = m_store->open(AppPaths::databaseFile()); !opened)
        return opened.error();
    Database &database = m_store->database();
    if (auto firstRun = database.metaValue(u"first_started_at"_s); firstRun && firstRun->isEmpty()) {
        if (auto written =
                database.setMetaValue(u"first_started_at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            !written)
            return written.error();
    }
    if (auto written = database.setMetaValue(u"last_version"_s, QStringLiteral(FLOTILLA_VERSION)); !written)
        return written.error();

    auto token = ApiToken::loadOrCreate(AppPaths::apiTokenFile());
    if (!token)
        return token.error();

    m_server = std::make_unique<ApiServer>();
    ApiServer::Options serverOptions;
    serverOptions.port = port;
    serverOptions.token = token.value();
    serverOptions.headless = options.headless;
    if (auto listening = m_server->listen(serverOptions); !listening)
        return listening.error();

    m_registry = std::make_unique<PluginRegistry>();
    if (auto registered = registerBuiltinPlugins(*m_registry); !registered)
        return registered.error();
    if (options.registerExtraPlugins) {
        if (auto registered = options.registerExtraPlugins(*m_registry); !registered)
            return registered.error();
    }
    Fleet::Options fleetOptions;
    fleetOptions.dashboardBase = QUrl(apiBase());
    // The demo's SCM and tracker are local files: polling them often costs nothing and lets a
    // newcomer watch the loop move instead of waiting on it.
    if (m_demo)
        fleetOptions.pollInterval = std::chrono::seconds(2);
    m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, fleetOptions);
    m_access = std::make_unique<ApiAccess>(token.value(), m_store->sessions());
    m_access->setApiBase(apiBase());
    m_fleet->addHook(m_access.get());
    // The Ravi hook does nothing for a project that declares no Ravi secrets.
    m_raviSecrets = std::make_unique<RaviSecretsHook>([fleet = m_fleet.get()] { return fleet->config(); });
    m_fleet->addHook(m_raviSecrets.get());
    m_keychain = std::make_unique<SecretStore>();
    m_raviIdentity = std::make_unique<RaviIdentityHook>(
        [fleet = m_fleet.get()] { return fleet->config(); },
        [store = m_store.get()](const QString &sessionId) {
            QStringList held;
            if (auto live = store->sessions().list({}, SessionStore::Terminated::Exclude)) {
                for (const SessionRecord &other : std::as_const(live.value())) {
                    if (other.id != sessionId && other.extra.contains(u"raviIdentity"_s))
                        held << other.extra.value(u"raviIdentity"_s).toString();
                }
            }
            return held;
        },
        m_keychain.get());
    m_fleet->addHook(m_raviIdentity.get());
    if (auto registered = registerRaviNotifier(); !registered)
        return registered.error();
    for (const ConfigDiagnostic &warning : loaded.warnings())
        m_problems << warning.toString();
    m_problems << m_fleet->apply(std::make_shared<const Config>(loaded.config));
    for (const QString &problem : std::as_const(m_problems))
        qWarning("flotilla: %s", qUtf8Printable(problem));
    m_server->attach(*m_fleet, *m_store, *m_access);
    m_fleet->start();
    m_raviDesk->start();
    if (m_demo && options.resetDemo)
        endDemoLeftovers(DemoSandbox::defaultRoot(), this, [this] { spawnDemoFleet(); });
    else if (m_demo)
        spawnDemoFleet();

    InstanceRecord record;
    record.pid = QCoreApplication::applicationPid();
    record.port = m_server->port();
    record.host = m_server->address().toString();
    record.version = QStringLiteral(FLOTILLA_VERSION);
    record.startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    record.headless = options.headless;
    if (auto written = record.write(AppPaths::instanceFile()); !written)
        return written.error();
    m_published = true;
    return {};
}

Result<void> InstanceHost::registerRaviNotifier()
{
    Fleet *fleet = m_fleet.get();
    m_raviDesk = std::make_unique<RaviEscalationDesk>(RaviEscalationDesk::Dependencies{
        *m_store,
        [fleet](const QString &decisionId, const QString &text, const QString &channel) {
            return fleet->escalations().answer(decisionId, text, channel);
        },
        m_keychain.get(), [fleet] { return fleet->config(); }});
    connect(&fleet->escalations(), &Escalations::decisionClosed, m_raviDesk.get(),
            [desk = m_raviDesk.get()](const Decision &decision) { desk->decisionClosed(decision.id); });
    RaviEscalationDesk *desk = m_raviDesk.get();
    return m_registry->add(PluginRegistry::Entry{
        PluginSlot::Notifier, u"ravi"_s, u"email and SMS through Ravi; replies answer decisions"_s,
        [desk](const PluginSettings &settings) { return std::make_unique<RaviNotifier>(settings, desk); }});
}

Result<QString> InstanceHost::chooseConfiguration(const Options &options)
{
    const bool unconfigured = ConfigLocator::locate(options.configFile, options.workingDir).path.isEmpty();
    m_demo = options.demo || (options.demoIfUnconfigured && unconfigured);
    if (!m_demo)
        return options.configFile;
    const DemoSandbox sandbox(DemoSandbox::defaultRoot());
    auto prepared = sandbox.prepare(options.resetDemo,
                                    QDir(QCoreApplication::applicationDirPath()).filePath(u"flotilla-demo-agent"_s));
    if (!prepared)
        return prepared.error();
    // Before anything opens the database or makes a worktree: all of it stays in the sandbox.
    AppPaths::setDataDir(sandbox.dataDir());
    qInfo("flotilla: running the demo fleet from %s", qUtf8Printable(DemoSandbox::defaultRoot()));
    return prepared;
}

void InstanceHost::spawnDemoFleet()
{
    auto existing = m_store->sessions().list(DemoSandbox::projectId());
    if (!existing || !existing->isEmpty())
        return;
    for (const QString &issue : {u"LOCAL-1"_s, u"LOCAL-2"_s, u"LOCAL-3"_s}) {
        SpawnRequest request;
        request.projectId = DemoSandbox::projectId();
        request.issueId = issue;
        request.actor = u"demo"_s;
        // Failures are in the event log and the app like any spawn's.
        (void)m_fleet->sessions().spawn(request);
    }
}

int InstanceHost::apiPort() const
{
    return m_server ? m_server->port() : 0;
}

QString InstanceHost::apiBase() const
{
    return u"http://127.0.0.1:%1"_s.arg(apiPort());
}

QString InstanceHost::dashboardLoginLink()
{
    return m_server ? m_server->dashboardLoginLink() : QString();
}

} // namespace flotilla
