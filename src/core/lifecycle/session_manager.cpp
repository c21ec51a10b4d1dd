#include "session_manager.h"

#include "model/display_status.h"
#include "model/model_enums.h"
#include "plugin/await_result.h"
#include "session_starter.h"
#include "store/event_log.h"
#include "store/session_store.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qsizetype kPreviewChars = 200;
constexpr qsizetype kOrchestratorMessageChars = 10000;

// Control characters (escape sequences above all) would drive the agent's terminal instead of
// reaching the agent as text; line breaks and tabs are text.
QString withoutControlCharacters(const QString &text)
{
    QString clean;
    clean.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'\n' || c == u'\t' || (c.category() != QChar::Other_Control && c != QChar(0x7f)))
            clean.append(c);
    }
    return clean;
}

} // namespace

SessionManager::SessionManager(Dependencies dependencies, QObject *parent)
    : QObject(parent), m_deps(std::move(dependencies))
{}

SessionManager::~SessionManager() = default;

Result<SessionRecord> SessionManager::load(const QString &sessionId) const
{
    auto found = m_deps.sessions.get(sessionId);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(u"session.not_found"_s, u"no session \"%1\""_s.arg(sessionId));
    return *found.value();
}

Result<void> SessionManager::claim(const QString &sessionId)
{
    if (m_busy.contains(sessionId))
        return makeError(
            u"session.busy"_s,
            u"%1 is being spawned, restored or stopped right now; try again when that is done"_s.arg(sessionId));
    m_busy.insert(sessionId);
    return {};
}

void SessionManager::release(const QString &sessionId)
{
    m_busy.remove(sessionId);
}

Event SessionManager::eventFor(const SessionRecord &session, const QString &type, Priority priority,
                               const QString &actor, const QString &message) const
{
    Event event;
    event.type = type;
    event.priority = priority;
    event.sessionId = session.id;
    event.projectId = session.projectId;
    event.actor = actor;
    event.identity = session.identity;
    event.timestamp = m_deps.clock();
    event.message = message;
    return event;
}

Result<void> SessionManager::save(SessionRecord &session, const Event &event, bool route)
{
    const QStringList notifiers =
        route && m_deps.router ? m_deps.router(session.projectId, event.priority) : QStringList();
    if (auto written = m_deps.sessions.update(session, {RoutedEvent(event, notifiers)}); !written)
        return written.error();
    ++session.revision;
    emit sessionChanged(session);
    return {};
}

Async<SessionRecord> SessionManager::spawn(const SpawnRequest &request)
{
    return SessionStarter::spawn(*this, request);
}

Async<SessionRecord> SessionManager::restore(const QString &sessionId, const QString &actor)
{
    auto session = load(sessionId);
    if (!session)
        return failed<SessionRecord>(session.error());
    const DisplayStatus status = deriveDisplayStatus(session.value());
    if (!isTerminal(status))
        return failed<SessionRecord>(makeError(
            u"session.not_restorable"_s,
            u"%1 is %2; only finished or killed sessions can be restored"_s.arg(sessionId, enumName(status))));
    if (auto claimed = claim(sessionId); !claimed)
        return failed<SessionRecord>(claimed.error());
    return SessionStarter::restore(*this, session.value(), actor);
}

Async<void> SessionManager::send(const QString &sessionId, const QString &text, const QString &actor)
{
    auto session = load(sessionId);
    if (!session)
        return failed<void>(session.error());
    if (text.trimmed().isEmpty())
        return failed<void>(makeError(u"session.empty_message"_s, u"nothing to send to %1"_s.arg(sessionId)));
    if (m_busy.contains(sessionId))
        return failed<void>(claim(sessionId).error());
    if (!isTerminal(deriveDisplayStatus(session.value())))
        return deliver(session.value(), text, actor);
    if (session->pr.state == PrState::Merged)
        return failed<void>(
            makeError(u"session.not_restorable"_s,
                      u"%1's pull request is merged; restore it explicitly to continue there"_s.arg(sessionId)));
    // A finished agent cannot read: bring it back first, then deliver.
    PendingResult<void> answer;
    awaitResult(restore(sessionId, actor), this, m_deps.workspaceTimeout + m_deps.pluginTimeout * 4,
                u"restoring %1"_s.arg(sessionId), [this, answer, text, actor](Result<SessionRecord> restored) {
                    if (!restored) {
                        answer(restored.error());
                        return;
                    }
                    awaitResult(deliver(restored.value(), text, actor), this, m_deps.pluginTimeout,
                                u"sending to %1"_s.arg(restored->id), answer);
                });
    return answer.future();
}

Async<void> SessionManager::deliver(const SessionRecord &session, const QString &text, const QString &actor)
{
    const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
    if (!plugins || !plugins->runtime || session.runtime.handle.isEmpty())
        return failed<void>(
            makeError(u"session.no_runtime"_s, u"%1 has no running agent to send to (status %2)"_s.arg(
                                                   session.id, enumName(deriveDisplayStatus(session)))));
    const QString clean = withoutControlCharacters(text);
    PendingResult<void> answer;
    const RuntimeHandle handle{session.runtime.handle, plugins->runtime->name(), {}};
    awaitResult(plugins->runtime->sendText(handle, clean), this, m_deps.pluginTimeout,
                u"sending to %1"_s.arg(session.id), [this, answer, session, clean, actor](Result<void> sent) {
                    Event event = eventFor(session, sent ? u"session.message_sent"_s : u"session.message_failed"_s,
                                           sent ? Priority::Info : Priority::Warning, actor,
                                           sent ? u"Message to %1 from %2"_s.arg(session.id, actor)
                                                : u"Message to %1 from %2 not delivered: %3"_s.arg(
                                                    session.id, actor, sent.error().toString()));
                    event.data.insert(u"length"_s, clean.size());
                    // A conversation with the orchestrator is read back from the log whole; other
                    // messages (CI logs among them) keep a preview.
                    event.data.insert(u"preview"_s,
                                      clean.left(session.kind == SessionKind::Orchestrator ? kOrchestratorMessageChars
                                                                                           : kPreviewChars));
                    if (!sent)
                        event.data.insert(u"error"_s, sent.error().toString());
                    if (auto logged = m_deps.events.append(event); !logged)
                        qWarning("flotilla: cannot log a message to %s: %s", qUtf8Printable(session.id),
                                 qUtf8Printable(logged.error().toString()));
                    answer(sent);
                });
    return answer.future();
}

Async<void> SessionManager::kill(const QString &sessionId, const QString &why, const QString &actor)
{
    return stop(sessionId, SessionReason::ManuallyKilled, why, actor);
}

Async<void> SessionManager::stop(const QString &sessionId, SessionReason reason, const QString &why,
                                 const QString &actor)
{
    auto loaded = load(sessionId);
    if (!loaded)
        return failed<void>(loaded.error());
    if (auto claimed = claim(sessionId); !claimed)
        return failed<void>(claimed.error());
    const SessionRecord session = loaded.value();
    const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
    PendingResult<void> answer;
    struct Progress
    {
        QStringList leftOver;
    };
    auto progress = std::make_shared<Progress>();

    const auto record = [this, answer, session, reason, why, actor, progress, plugins] {
        release(session.id);
        if (plugins) {
            for (LifecyclePlugin *hook : plugins->hooks)
                hook->onKill(session);
        }
        SessionRecord after = session;
        const bool wasLive = !isTerminal(deriveDisplayStatus(session));
        const bool hadResources = !session.runtime.handle.isEmpty() || !session.workspacePath.isEmpty();
        if (!wasLive && !hadResources && progress->leftOver.isEmpty()) {
            answer(Result<void>());
            return;
        }
        const QDateTime now = m_deps.clock();
        const bool cleanup = reason == SessionReason::AutoCleanup;
        if (wasLive) {
            after.state = SessionState::Terminated;
            after.reason = reason;
            after.terminatedAt = now;
            after.lastTransitionAt = now;
        }
        after.runtime.state = RuntimeState::Missing;
        after.runtime.reason = cleanup ? RuntimeReason::AutoCleanup : RuntimeReason::ManualKillRequested;
        after.runtime.lastObservedAt = now;
        if (progress->leftOver.isEmpty()) {
            after.runtime.handle.clear();
            after.workspacePath.clear();
        }
        QString message =
            cleanup ? u"%1 cleaned up (%2)"_s.arg(session.id, why)
                    : u"%1 killed by %2%3"_s.arg(session.id, actor, why.isEmpty() ? QString() : u": "_s + why);
        if (!progress->leftOver.isEmpty())
            message += u"; left behind: "_s + progress->leftOver.join(u"; "_s);
        Event event = eventFor(after, cleanup ? u"session.cleaned_up"_s : u"session.killed"_s,
                               progress->leftOver.isEmpty() ? Priority::Info : Priority::Warning, actor, message);
        event.data.insert(u"why"_s, why);
        if (!progress->leftOver.isEmpty())
            event.data.insert(u"leftBehind"_s, QJsonArray::fromStringList(progress->leftOver));
        if (auto saved = save(after, event, !progress->leftOver.isEmpty()); !saved) {
            answer(saved.error());
            return;
        }
        if (!progress->leftOver.isEmpty()) {
            answer(makeError(u"session.kill_incomplete"_s, message));
            return;
        }
        answer(Result<void>());
    };
    const auto removeWorkspace = [this, session, plugins, progress, record] {
        if (session.workspacePath.isEmpty() || !plugins || !plugins->workspace
            || !plugins->workspace->exists(session.workspacePath)) {
            record();
            return;
        }
        awaitResult(
            plugins->workspace->destroy(session.workspacePath), this, m_deps.workspaceTimeout,
            u"removing workspace %1"_s.arg(session.workspacePath), [session, progress, record](Result<void> removed) {
                if (!removed)
                    progress->leftOver << u"workspace %1 (%2)"_s.arg(session.workspacePath, removed.error().toString());
                record();
            });
    };
    if (session.runtime.handle.isEmpty() || !plugins || !plugins->runtime) {
        removeWorkspace();
        return answer.future();
    }
    const RuntimeHandle handle{session.runtime.handle, plugins->runtime->name(), {}};
    awaitResult(
        plugins->runtime->destroy(handle), this, m_deps.pluginTimeout, u"stopping the runtime of %1"_s.arg(session.id),
        [session, progress, removeWorkspace](Result<void> stopped) {
            // A runtime that is already gone is what we wanted; anything else is left over.
            if (!stopped && session.runtime.state != RuntimeState::Missing)
                progress->leftOver << u"runtime %1 (%2)"_s.arg(session.runtime.handle, stopped.error().toString());
            removeWorkspace();
        });
    return answer.future();
}

int SessionManager::recoverInterruptedSpawns()
{
    auto listed = m_deps.sessions.list({}, SessionStore::Terminated::Exclude);
    if (!listed) {
        qWarning("flotilla: cannot look for interrupted spawns: %s", qUtf8Printable(listed.error().toString()));
        return 0;
    }
    int recovered = 0;
    for (SessionRecord session : std::as_const(listed.value())) {
        if (session.state != SessionState::NotStarted || session.runtime.reason != RuntimeReason::SpawnIncomplete
            || !session.runtime.handle.isEmpty() || m_busy.contains(session.id))
            continue;
        const QString workspace = session.workspacePath;
        session.state = SessionState::Terminated;
        session.reason = SessionReason::ErrorInProcess;
        session.runtime.state = RuntimeState::Missing;
        session.terminatedAt = m_deps.clock();
        const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
        const bool canRemove = !workspace.isEmpty() && plugins && plugins->workspace;
        if (canRemove)
            session.workspacePath.clear();
        Event event = eventFor(session, u"session.spawn_interrupted"_s, Priority::Warning, u"flotilla"_s,
                               u"%1 was still being spawned when Flotilla stopped; marked errored%2"_s.arg(
                                   session.id, canRemove ? u" and its workspace removed"_s : QString()));
        event.data.insert(u"workspace"_s, workspace);
        if (auto saved = save(session, event, true); !saved) {
            qWarning("flotilla: cannot mark %s errored: %s", qUtf8Printable(session.id),
                     qUtf8Printable(saved.error().toString()));
            continue;
        }
        ++recovered;
        if (canRemove) {
            awaitResult(plugins->workspace->destroy(workspace), this, m_deps.workspaceTimeout,
                        u"removing workspace %1"_s.arg(workspace), [this, session, workspace](Result<void> removed) {
                            if (removed)
                                return;
                            Event left =
                                eventFor(session, u"session.cleanup_failed"_s, Priority::Warning, u"flotilla"_s,
                                         u"the workspace %1 of %2 could not be removed: %3"_s.arg(
                                             workspace, session.id, removed.error().toString()));
                            if (auto logged = m_deps.events.append(left); !logged)
                                qWarning("flotilla: %s", qUtf8Printable(left.message));
                        });
        }
    }
    return recovered;
}

Async<void> SessionManager::sendToAgent(const SessionRecord &session, const QString &text)
{
    return send(session.id, text, u"reactions"_s);
}

Async<void> SessionManager::kill(const SessionRecord &session, const QString &why)
{
    return stop(session.id, SessionReason::ManuallyKilled, why, u"reactions"_s);
}

Async<void> SessionManager::closePullRequest(const SessionRecord &session)
{
    const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
    if (!plugins || !plugins->scm)
        return failed<void>(makeError(u"session.no_scm"_s, u"project %1 has no SCM"_s.arg(session.projectId)));
    PendingResult<void> answer;
    awaitResult(plugins->scm->close(prLookupFor(*plugins, session)), this, m_deps.pluginTimeout,
                u"closing the pull request of %1"_s.arg(session.id), answer);
    return answer.future();
}

Async<void> SessionManager::merge(const SessionRecord &session, MergeMethod method, const QString &expectedHeadSha)
{
    const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
    if (!plugins || !plugins->scm)
        return failed<void>(makeError(u"session.no_scm"_s, u"project %1 has no SCM"_s.arg(session.projectId)));
    PendingResult<void> answer;
    awaitResult(plugins->scm->merge(prLookupFor(*plugins, session), method, expectedHeadSha), this,
                m_deps.pluginTimeout, u"merging the pull request of %1"_s.arg(session.id), answer);
    return answer.future();
}

} // namespace flotilla
