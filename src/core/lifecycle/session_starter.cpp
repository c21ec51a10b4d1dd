#include "session_starter.h"

#include "orchestrator_prompt.h"

#include "config/config_model.h"
#include "model/display_status.h"
#include "plugin/plugin_registry.h"
#include "store/event_log.h"
#include "store/reaction_tracker_store.h"
#include "store/session_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString permissionsText(const std::optional<AgentSettings::Permissions> &permissions)
{
    switch (permissions.value_or(AgentSettings::Permissions::Permissionless)) {
    case AgentSettings::Permissions::Permissionless:
        return u"permissionless"_s;
    case AgentSettings::Permissions::Default:
        return u"default"_s;
    case AgentSettings::Permissions::AutoEdit:
        return u"auto-edit"_s;
    case AgentSettings::Permissions::Suggest:
        return u"suggest"_s;
    }
    return u"default"_s;
}

QString displayNameFrom(const QString &text)
{
    const QString firstLine = text.section(u'\n', 0, 0).trimmed();
    return firstLine.size() > 80 ? firstLine.left(79) + u'…' : firstLine;
}

Error stepError(const QString &step, const QString &message)
{
    return makeError(u"spawn.invalid"_s, message, step);
}

} // namespace

SessionStarter::SessionStarter(SessionManager &manager, Mode mode) : QObject(&manager), m_manager(manager), m_mode(mode)
{
    m_promise.start();
}

Async<SessionRecord> SessionStarter::spawn(SessionManager &manager, const SpawnRequest &request)
{
    auto *job = new SessionStarter(manager, Mode::Spawn);
    job->m_request = request;
    job->m_actor = request.actor;
    Async<SessionRecord> future = job->m_promise.future();
    job->resolveProject(request.projectId, request.agent);
    if (job->m_plugins)
        job->fetchIssue();
    return future;
}

Async<SessionRecord> SessionStarter::restore(SessionManager &manager, const SessionRecord &session,
                                             const QString &actor)
{
    auto *job = new SessionStarter(manager, Mode::Restore);
    job->m_session = session;
    job->m_before = session;
    job->m_actor = actor;
    job->m_claimed = true;
    job->m_recorded = true;
    job->m_request.projectId = session.projectId;
    job->m_request.kind = session.kind;
    Async<SessionRecord> future = job->m_promise.future();
    job->resolveProject(session.projectId, session.agent);
    if (job->m_plugins)
        job->prepareWorkspace();
    return future;
}

void SessionStarter::enter(const QString &name)
{
    m_step = name;
    if (!m_session.id.isEmpty())
        emit m_manager.progress(m_session.id, name);
}

QString SessionStarter::describe(const QString &stepName) const
{
    return u"%1 (step %2 of %3)"_s.arg(m_mode == Mode::Spawn ? u"spawn"_s : u"restore"_s, stepName,
                                       m_session.id.isEmpty() ? m_request.projectId : m_session.id);
}

void SessionStarter::resolveProject(const QString &projectId, const QString &requestedAgent)
{
    enter(u"project"_s);
    m_config = m_manager.m_deps.config();
    m_project = m_config ? m_config->project(projectId) : nullptr;
    if (!m_project) {
        QStringList known;
        if (m_config) {
            for (const ProjectConfig &project : m_config->projects)
                known << project.id;
        }
        const QString near = closestMatch(projectId, known);
        fail(makeError(u"spawn.unknown_project"_s,
                       u"no project \"%1\" in the configuration%2"_s.arg(
                           projectId, near.isEmpty() ? u" (projects: %1)"_s.arg(known.join(u", "_s))
                                                     : u"; did you mean \"%1\"?"_s.arg(near)),
                       m_step));
        return;
    }
    if (m_project->degraded) {
        fail(stepError(m_step,
                       u"project %1 did not load; run `flo config check` and fix its file first"_s.arg(projectId)));
        return;
    }
    const ProjectPlugins *plugins = m_manager.m_deps.plugins(projectId);
    const bool orchestrator = m_request.kind == SessionKind::Orchestrator;
    const QString agentName = m_mode == Mode::Restore ? requestedAgent
                              : orchestrator
                                  ? (requestedAgent.isEmpty() ? m_config->orchestratorAgent(projectId) : requestedAgent)
                                  : m_config->workerAgent(projectId, requestedAgent);
    QStringList missing;
    if (!plugins || !plugins->runtime)
        missing << u"a runtime"_s;
    if (!plugins || !plugins->workspace)
        missing << u"a workspace"_s;
    AgentPlugin *agent = plugins ? plugins->agent(agentName) : nullptr;
    if (!agent)
        missing << u"the agent \"%1\""_s.arg(agentName);
    if (!missing.isEmpty()) {
        fail(makeError(
            u"spawn.plugin_missing"_s,
            u"project %1 has no usable %2; check the plugin names in the configuration and `flo doctor`"_s.arg(
                projectId, missing.join(u", "_s)),
            m_step));
        return;
    }
    for (const Plugin *plugin : {static_cast<const Plugin *>(plugins->runtime),
                                 static_cast<const Plugin *>(plugins->workspace), static_cast<const Plugin *>(agent)}) {
        if (const Availability availability = plugin->detect(); !availability.available) {
            fail(makeError(u"spawn.plugin_unavailable"_s,
                           u"%1 plugin %2: %3 (%4)"_s.arg(slotName(plugin->slot()), plugin->name(),
                                                          availability.problem, availability.hint),
                           m_step));
            return;
        }
    }
    m_plugins = plugins;
    m_agent = agent;
    if (m_mode == Mode::Spawn)
        m_session.agent = agentName;
}

void SessionStarter::fetchIssue()
{
    const QString issueId = m_request.issueId.trimmed();
    if (issueId.isEmpty()) {
        if (m_request.prompt.trimmed().isEmpty() && m_request.kind == SessionKind::Worker) {
            enter(u"task"_s);
            fail(stepError(m_step, u"a worker needs an issue or a prompt"_s));
            return;
        }
        m_prompt = m_request.prompt;
        fetchClaimedPr();
        return;
    }
    enter(u"issue"_s);
    if (!m_plugins->tracker) {
        fail(stepError(m_step, u"project %1 has no tracker to read issue %2 from"_s.arg(m_project->id, issueId)));
        return;
    }
    // One live session per issue: a second would race the first on the same branch.
    auto live = m_manager.m_deps.sessions.list(m_project->id, SessionStore::Terminated::Exclude);
    if (!live) {
        fail(live.error());
        return;
    }
    for (const SessionRecord &other : std::as_const(live.value())) {
        if (other.issueId == issueId && other.kind == m_request.kind) {
            fail(makeError(
                u"spawn.duplicate"_s,
                u"issue %1 already has a live session, %2; send to it or kill it first"_s.arg(issueId, other.id),
                m_step));
            return;
        }
    }
    step(u"issue"_s, m_plugins->tracker->getIssue(issueId), m_manager.m_deps.pluginTimeout, [this](Issue issue) {
        if (issue.state == Issue::State::Closed || issue.state == Issue::State::Cancelled) {
            fail(stepError(m_step, u"issue %1 is closed; reopen it to work on it"_s.arg(issue.id)));
            return;
        }
        m_prompt = m_plugins->tracker->buildPrompt(issue);
        if (!m_request.prompt.trimmed().isEmpty())
            m_prompt += u"\n\n"_s + m_request.prompt;
        m_issue = std::move(issue);
        fetchClaimedPr();
    });
}

void SessionStarter::fetchClaimedPr()
{
    if (m_request.claimPr <= 0) {
        recordSession();
        return;
    }
    if (!m_plugins->scm) {
        enter(u"claim-pr"_s);
        fail(stepError(m_step, u"project %1 has no SCM to find PR #%2 in"_s.arg(m_project->id).arg(m_request.claimPr)));
        return;
    }
    const int number = m_request.claimPr;
    step(u"claim-pr"_s, m_plugins->scm->fetchBatch({PrLookup{u"claim"_s, m_plugins->repository, QString(), number}}),
         m_manager.m_deps.pluginTimeout, [this, number](QHash<QString, PrSnapshot> found) {
             const PrSnapshot pr = found.value(u"claim"_s);
             if (!found.contains(u"claim"_s) || pr.state != PrState::Open || pr.headBranch.isEmpty()) {
                 fail(stepError(m_step, found.contains(u"claim"_s) ? u"PR #%1 is not open"_s.arg(number)
                                                                   : u"PR #%1 was not found"_s.arg(number)));
                 return;
             }
             m_session.branch = pr.headBranch;
             m_session.pr.state = PrState::Open;
             m_session.pr.reason = PrReason::InProgress;
             m_session.pr.number = pr.number > 0 ? pr.number : number;
             m_session.pr.url = pr.url;
             m_session.pr.title = pr.title;
             m_session.pr.headSha = pr.headSha;
             m_session.pr.baseBranch = pr.baseBranch;
             recordSession();
         });
}

void SessionStarter::recordSession()
{
    enter(u"record"_s);
    SessionStore &store = m_manager.m_deps.sessions;
    const bool orchestrator = m_request.kind == SessionKind::Orchestrator;
    auto id = orchestrator ? store.reserveOrchestratorId(m_project->sessionPrefix)
                           : store.reserveSessionId(m_project->sessionPrefix);
    if (!id) {
        fail(id.error());
        return;
    }
    const QDateTime now = m_manager.m_deps.clock();
    m_session.id = id.value();
    enter(m_step); // announced now that the session has its id
    m_session.projectId = m_project->id;
    m_session.kind = m_request.kind;
    m_session.issueId = m_issue ? m_issue->id : QString();
    m_session.displayName = displayNameFrom(m_issue ? m_issue->title : m_request.prompt);
    if (m_session.displayName.isEmpty())
        m_session.displayName = m_session.kind == SessionKind::Orchestrator ? u"orchestrator"_s : m_session.id;
    if (m_session.branch.isEmpty())
        m_session.branch = orchestrator ? u"orchestrator/"_s + m_session.id
                           : m_issue    ? m_plugins->tracker->branchName(*m_issue)
                                        : u"session/"_s + m_session.id;
    m_session.state = SessionState::NotStarted;
    m_session.reason = SessionReason::SpawnRequested;
    m_session.runtime.state = RuntimeState::Unknown;
    m_session.runtime.reason = RuntimeReason::SpawnIncomplete;
    m_session.budgetUsd = m_project->budgetUsd;
    m_session.createdAt = now;
    m_session.startedAt = now;
    m_session.lastTransitionAt = now;

    Event started =
        m_manager.eventFor(m_session, u"session.spawn_started"_s, Priority::Info, m_actor,
                           u"Spawning %1 for %2 on %3"_s.arg(m_session.id, m_session.displayName, m_session.branch));
    started.data.insert(u"agent"_s, m_session.agent);
    if (m_request.claimPr > 0)
        started.data.insert(u"claimedPr"_s, m_request.claimPr);
    if (auto inserted = store.insert(m_session, {RoutedEvent(started)}); !inserted) {
        fail(inserted.error());
        return;
    }
    m_recorded = true;
    if (auto claimed = m_manager.claim(m_session.id); !claimed) {
        fail(claimed.error());
        return;
    }
    m_claimed = true;
    emit m_manager.sessionChanged(m_session);
    prepareWorkspace();
}

void SessionStarter::prepareWorkspace()
{
    WorkspacePlugin *workspace = m_plugins->workspace;
    WorkspaceRequest request;
    request.projectId = m_project->id;
    request.repositoryPath = m_project->path;
    request.sessionId = m_session.id;
    request.branch = m_session.branch;
    request.baseBranch = m_project->defaultBranch;
    request.symlinks = m_project->symlinks;
    request.postCreate = m_project->postCreate;

    const auto created = [this](WorkspaceInfo info) {
        m_workspaceCreated = true;
        m_session.workspacePath = info.path;
        if (!info.branch.isEmpty())
            m_session.branch = info.branch;
        // Recorded at once, so a crash from here on still knows which folder to remove.
        if (auto saved = m_manager.m_deps.sessions.update(m_session); !saved) {
            fail(saved.error());
            return;
        }
        ++m_session.revision;
        runHooks(0);
    };
    if (m_mode == Mode::Restore) {
        if (!m_session.workspacePath.isEmpty() && workspace->exists(m_session.workspacePath)) {
            runHooks(0);
            return;
        }
        step(u"workspace"_s, workspace->restore(request), m_manager.m_deps.workspaceTimeout, created);
        return;
    }
    step(u"workspace"_s, workspace->create(request), m_manager.m_deps.workspaceTimeout, created);
}

void SessionStarter::runHooks(int index)
{
    if (index >= m_plugins->hooks.size()) {
        launchAgent();
        return;
    }
    LifecyclePlugin *hook = m_plugins->hooks.at(index);
    step(u"hook:"_s + hook->name(), hook->onSpawn(m_session), m_manager.m_deps.pluginTimeout,
         [this, index](SpawnContribution added) {
             m_contribution.environment.insert(added.environment);
             m_contribution.environmentKeysForAudit << added.environmentKeysForAudit;
             m_contribution.warnings << added.warnings;
             if (!added.authorName.isEmpty())
                 m_contribution.authorName = added.authorName;
             if (!added.authorEmail.isEmpty())
                 m_contribution.authorEmail = added.authorEmail;
             if (!added.identity.isEmpty())
                 m_contribution.identity = added.identity;
             if (!added.promptAppendix.isEmpty())
                 m_contribution.promptAppendix += u"\n\n"_s + added.promptAppendix;
             for (auto it = added.extra.constBegin(); it != added.extra.constEnd(); ++it)
                 m_session.extra.insert(it.key(), it.value());
             runHooks(index + 1);
         });
}

void SessionStarter::launchAgent()
{
    enter(u"launch"_s);
    const bool orchestrator = m_session.kind == SessionKind::Orchestrator;
    const AgentSettings settings = m_config->agentSettings(m_project->id, orchestrator);

    QString rules = orchestrator ? OrchestratorPrompt::build(
                        *m_project, m_session.id, m_plugins->tracker ? m_plugins->tracker->name() : QString())
                                 : m_project->agentRules;
    if (!orchestrator && !m_project->agentRulesFile.isEmpty()) {
        const QString path = QDir(m_project->path).absoluteFilePath(m_project->agentRulesFile);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(stepError(m_step, u"cannot read agentRulesFile %1: %2"_s.arg(path, file.errorString())));
            return;
        }
        rules += (rules.isEmpty() ? QString() : u"\n\n"_s) + QString::fromUtf8(file.readAll());
    }

    AgentLaunchContext context;
    context.session = m_session;
    context.prompt = m_prompt + m_contribution.promptAppendix;
    if (orchestrator) {
        // Its instructions are the system prompt; the first message only sets it going.
        if (m_prompt.trimmed().isEmpty())
            context.prompt = OrchestratorPrompt::firstMessage(*m_project);
        m_session.extra.insert(u"orchestratorPromptVersion"_s, OrchestratorPrompt::version());
    }
    context.systemPrompt = rules;
    context.model = !m_request.model.isEmpty()                              ? m_request.model
                    : orchestrator && !settings.orchestratorModel.isEmpty() ? settings.orchestratorModel
                                                                            : settings.model;
    context.permissions = permissionsText(settings.permissions);
    context.settings = settings.settings;
    auto launch = m_agent->launch(context);
    if (!launch) {
        fail(launch.error());
        return;
    }
    m_launch = std::move(launch).value();
    if (m_mode == Mode::Restore) {
        // The agent resumes its own conversation when it can; otherwise it starts over.
        if (const auto resume = m_agent->restoreCommand(m_session)) {
            m_launch.command = *resume;
            m_launch.prompt.clear();
        }
    }
    m_launch.environment.insert(m_contribution.environment);
    m_launch.environment.insert(u"FLOTILLA_SESSION"_s, m_session.id);
    m_launch.environment.insert(u"FLOTILLA_PROJECT"_s, m_project->id);
    if (orchestrator) {
        // Its instructions run `flo`: the one installed beside this program comes first.
        const QString programs = QCoreApplication::applicationDirPath();
        if (QFileInfo(QDir(programs).filePath(u"flo"_s)).isExecutable()
            || QFileInfo(QDir(programs).filePath(u"flo.exe"_s)).isExecutable())
            m_launch.environment.insert(u"PATH"_s,
                                        programs + QDir::listSeparator()
                                            + m_launch.environment.value(u"PATH"_s, qEnvironmentVariable("PATH")));
    }
    if (!m_contribution.authorName.isEmpty()) {
        m_launch.environment.insert(u"GIT_AUTHOR_NAME"_s, m_contribution.authorName);
        m_launch.environment.insert(u"GIT_COMMITTER_NAME"_s, m_contribution.authorName);
    }
    if (!m_contribution.authorEmail.isEmpty()) {
        m_launch.environment.insert(u"GIT_AUTHOR_EMAIL"_s, m_contribution.authorEmail);
        m_launch.environment.insert(u"GIT_COMMITTER_EMAIL"_s, m_contribution.authorEmail);
    }
    if (!m_contribution.identity.isEmpty())
        m_session.identity = m_contribution.identity;
    startRuntime();
}

void SessionStarter::startRuntime()
{
    RuntimePlugin *runtime = m_plugins->runtime;
    QStringList withheld = m_config ? m_config->credentialVariables() : QStringList();
    // A hook that hands one of them to the agent on purpose wins.
    withheld.removeIf([this](const QString &name) { return m_launch.environment.contains(name); });
    RuntimeLaunch launch{m_session.id, m_session.workspacePath, m_launch.command, m_launch.environment, withheld};
    const auto create = [this, runtime, launch] {
        step(u"runtime"_s, runtime->create(launch), m_manager.m_deps.pluginTimeout, [this](RuntimeHandle handle) {
            m_runtime = handle;
            deliverPrompt();
        });
    };
    if (m_mode == Mode::Restore && !m_session.runtime.handle.isEmpty()) {
        // A stale runtime of the old run must not linger next to the new one; it may well be
        // gone already, so its removal failing is no reason to stop.
        enter(u"runtime-cleanup"_s);
        awaitResult(runtime->destroy(RuntimeHandle{m_session.runtime.handle, runtime->name(), {}}), this,
                    m_manager.m_deps.pluginTimeout, describe(m_step), [create](Result<void>) { create(); });
        return;
    }
    create();
}

void SessionStarter::deliverPrompt()
{
    if (m_launch.promptDelivery != AgentLaunch::PromptDelivery::AfterLaunch || m_launch.prompt.trimmed().isEmpty()) {
        finish();
        return;
    }
    step(u"prompt"_s, m_plugins->runtime->sendText(*m_runtime, m_launch.prompt), m_manager.m_deps.pluginTimeout,
         [this] { finish(); });
}

void SessionStarter::finish()
{
    enter(u"finish"_s);
    const QDateTime now = m_manager.m_deps.clock();
    m_session.state = SessionState::NotStarted;
    m_session.reason = SessionReason::SpawnRequested;
    m_session.runtime.state = RuntimeState::Alive;
    m_session.runtime.reason = RuntimeReason::ProcessRunning;
    m_session.runtime.handle = m_runtime->id;
    m_session.runtime.lastObservedAt = now;
    m_session.activity = {};
    m_session.startedAt = now;
    m_session.lastTransitionAt = now;
    m_session.extra.insert(u"runtime"_s, m_runtime->plugin.isEmpty() ? m_plugins->runtime->name() : m_runtime->plugin);
    if (!m_runtime->data.isEmpty())
        m_session.extra.insert(u"runtimeData"_s, m_runtime->data);
    if (m_mode == Mode::Restore) {
        m_session.completedAt = {};
        m_session.terminatedAt = {};
        if (m_session.pr.state == PrState::Merged || m_session.pr.state == PrState::Closed) {
            m_session.pr = {};
            m_session.pr.reason = PrReason::ClearedOnRestore;
        }
    }

    const bool restored = m_mode == Mode::Restore;
    Event event =
        m_manager.eventFor(m_session, restored ? u"session.restored"_s : u"session.spawned"_s, Priority::Info, m_actor,
                           restored ? u"%1 restored on %2"_s.arg(m_session.id, m_session.branch)
                                    : u"%1 spawned for %2 on %3 (%4)"_s.arg(m_session.id, m_session.displayName,
                                                                            m_session.branch, m_session.agent));
    event.identity = m_session.identity;
    event.data.insert(u"branch"_s, m_session.branch);
    event.data.insert(u"workspace"_s, m_session.workspacePath);
    event.data.insert(u"agent"_s, m_session.agent);
    // Names only: values are secrets.
    event.data.insert(u"environmentKeys"_s, QJsonArray::fromStringList(m_contribution.environmentKeysForAudit));
    if (auto saved = m_manager.save(m_session, event, true); !saved) {
        fail(saved.error());
        return;
    }
    for (const QString &warning : std::as_const(m_contribution.warnings)) {
        Event warned = m_manager.eventFor(m_session, u"session.spawn_warning"_s, Priority::Warning, m_actor, warning);
        const QStringList notifiers =
            m_manager.m_deps.router ? m_manager.m_deps.router(m_session.projectId, Priority::Warning) : QStringList();
        if (auto logged = m_manager.m_deps.events.appendAndRoute(warned, notifiers); !logged)
            qWarning("flotilla: the spawn warning of %s was not logged: %s", qUtf8Printable(m_session.id),
                     qUtf8Printable(logged.error().toString()));
    }
    if (restored) {
        if (auto reset = m_manager.m_deps.trackers.resetForSession(m_session.id); !reset)
            qWarning("flotilla: reactions of %s keep old attempt counts: %s", qUtf8Printable(m_session.id),
                     qUtf8Printable(reset.error().toString()));
    }
    answer(m_session);
}

void SessionStarter::fail(const Error &error)
{
    const QString failedStep = m_step;
    auto undone = std::make_shared<Undo>();
    undo(undone, [this, error, failedStep, undone] {
        const bool restoring = m_mode == Mode::Restore;
        QString message =
            u"%1 failed at step \"%2\": %3"_s.arg(restoring ? u"restore"_s : u"spawn"_s, failedStep, error.toString());
        if (!undone->done.isEmpty())
            message += u"; undone: "_s + undone->done.join(u", "_s);
        if (!undone->leftOver.isEmpty())
            message += u"; left behind: "_s + undone->leftOver.join(u"; "_s);
        if (m_recorded) {
            // A failed restore leaves the finished session it was; a failed spawn an errored one.
            SessionRecord after = restoring ? m_before : m_session;
            after.revision = m_session.revision;
            if (!restoring) {
                after.state = SessionState::Terminated;
                after.reason = SessionReason::ErrorInProcess;
                after.runtime.state = RuntimeState::Missing;
                after.runtime.reason = RuntimeReason::SpawnIncomplete;
                after.runtime.handle.clear();
                if (undone->leftOver.isEmpty())
                    after.workspacePath.clear();
                after.terminatedAt = m_manager.m_deps.clock();
            }
            Event event = m_manager.eventFor(after, restoring ? u"session.restore_failed"_s : u"session.spawn_failed"_s,
                                             Priority::Warning, m_actor, after.id + u": "_s + message);
            event.data.insert(u"step"_s, failedStep);
            event.data.insert(u"error"_s, error.message);
            event.data.insert(u"errorCode"_s, error.code);
            event.data.insert(u"undone"_s, QJsonArray::fromStringList(undone->done));
            event.data.insert(u"leftBehind"_s, QJsonArray::fromStringList(undone->leftOver));
            if (auto saved = m_manager.save(after, event, true); !saved)
                message += u"; the failure could not be recorded: "_s + saved.error().toString();
        }
        const QString code = error.code.startsWith(u"spawn."_s) ? error.code
                             : restoring                        ? u"restore.failed"_s
                                                                : u"spawn.failed"_s;
        answer(Result<SessionRecord>(makeError(code, message, failedStep)));
    });
}

void SessionStarter::undo(const std::shared_ptr<Undo> &undo, const std::function<void()> &then)
{
    // Reverse order of creation: the runtime runs inside the workspace.
    if (m_runtime) {
        const RuntimeHandle handle = *m_runtime;
        m_runtime.reset();
        awaitResult(m_plugins->runtime->destroy(handle), this, m_manager.m_deps.pluginTimeout,
                    u"removing runtime %1"_s.arg(handle.id), [this, undo, handle, then](Result<void> removed) {
                        if (removed)
                            undo->done << u"runtime stopped"_s;
                        else
                            undo->leftOver << u"runtime %1 (%2)"_s.arg(handle.id, removed.error().toString());
                        this->undo(undo, then);
                    });
        return;
    }
    if (m_workspaceCreated) {
        m_workspaceCreated = false;
        const QString path = m_session.workspacePath;
        awaitResult(m_plugins->workspace->destroy(path), this, m_manager.m_deps.workspaceTimeout,
                    u"removing workspace %1"_s.arg(path), [this, undo, path, then](Result<void> removed) {
                        if (removed)
                            undo->done << u"workspace removed"_s;
                        else
                            undo->leftOver << u"workspace %1 (%2)"_s.arg(path, removed.error().toString());
                        this->undo(undo, then);
                    });
        return;
    }
    then();
}

void SessionStarter::answer(Result<SessionRecord> result)
{
    if (m_claimed)
        m_manager.release(m_session.id);
    m_promise.addResult(std::move(result));
    m_promise.finish();
    deleteLater();
}

} // namespace flotilla
