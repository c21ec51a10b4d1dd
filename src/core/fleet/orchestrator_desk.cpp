#include "orchestrator_desk.h"

#include "config/config_model.h"
#include "fleet.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/project_plugins.h"
#include "lifecycle/session_manager.h"
#include "model/display_status.h"
#include "model/model_enums.h"
#include "store/store.h"

#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kProbeTimeout = std::chrono::seconds(30);
constexpr auto kStartTimeout = std::chrono::minutes(20);

} // namespace

QString orchestratorOutcomeName(OrchestratorStart::How how)
{
    switch (how) {
    case OrchestratorStart::How::Adopted:
        return u"adopted"_s;
    case OrchestratorStart::How::Restored:
        return u"restored"_s;
    case OrchestratorStart::How::Replaced:
        return u"replaced"_s;
    case OrchestratorStart::How::Started:
        break;
    }
    return u"started"_s;
}

OrchestratorDesk::OrchestratorDesk(Fleet &fleet, Store &store, QObject *parent)
    : QObject(parent), m_fleet(fleet), m_store(store)
{
    connect(&m_fleet.lifecycle(), &LifecycleManager::sessionChanged, this, &OrchestratorDesk::onSessionChanged);
}

void OrchestratorDesk::onSessionChanged(const SessionRecord &session)
{
    if (!m_keeping || session.kind != SessionKind::Orchestrator || !isTerminal(deriveDisplayStatus(session)))
        return;
    // A person's stop stands; so does one the budget made.
    if (session.reason == SessionReason::ManuallyKilled || session.reason == SessionReason::BudgetExceeded)
        return;
    const auto config = m_fleet.config();
    const ProjectConfig *project = config ? config->project(session.projectId) : nullptr;
    if (!project || !project->orchestrator.enabled || m_underWay.contains(session.projectId))
        return;
    const auto live = latest(session.projectId, true);
    if (live)
        return; // another one runs
    QList<QDateTime> &recent = m_revivals[session.projectId];
    const QDateTime now = QDateTime::currentDateTimeUtc();
    recent.removeIf([now](const QDateTime &at) {
        return at.msecsTo(now) > std::chrono::duration_cast<std::chrono::milliseconds>(kRevivalWindow).count();
    });
    if (recent.size() >= kMaxRevivals) {
        if (recent.size() == kMaxRevivals) {
            recent << now; // said once per window
            finish(session.projectId, u"flotilla"_s,
                   makeError(u"orchestrator.keeps_ending"_s,
                             u"%1 ended %2 times in %3 minutes (last: %4); it is not brought back again until "
                             "someone starts it"_s.arg(session.id)
                                 .arg(kMaxRevivals + 1)
                                 .arg(std::chrono::duration_cast<std::chrono::minutes>(kRevivalWindow).count())
                                 .arg(enumName(session.reason))),
                   PendingResult<OrchestratorStart>());
        }
        return;
    }
    recent << now;
    (void)ensure(session.projectId, u"flotilla"_s);
}

std::optional<SessionRecord> OrchestratorDesk::latest(const QString &projectId, bool liveOnly) const
{
    auto listed = m_store.sessions().list(projectId);
    if (!listed)
        return std::nullopt;
    std::optional<SessionRecord> newest;
    for (const SessionRecord &session : std::as_const(listed.value())) {
        if (session.kind != SessionKind::Orchestrator)
            continue;
        if (liveOnly && isTerminal(deriveDisplayStatus(session)))
            continue;
        if (!newest || session.createdAt > newest->createdAt)
            newest = session;
    }
    return newest;
}

std::optional<SessionRecord> OrchestratorDesk::current(const QString &projectId) const
{
    return latest(projectId, true);
}

Async<OrchestratorStart> OrchestratorDesk::ensure(const QString &projectId, const QString &actor, bool replace)
{
    if (const auto running = m_underWay.constFind(projectId); running != m_underWay.cend())
        return running.value();
    const auto config = m_fleet.config();
    const ProjectConfig *project = config ? config->project(projectId) : nullptr;
    if (!project)
        return failed<OrchestratorStart>(
            makeError(u"spawn.unknown_project"_s, u"no project \"%1\" in the configuration"_s.arg(projectId)));
    PendingResult<OrchestratorStart> done;
    m_underWay.insert(projectId, done.future());
    decide(projectId, actor, replace, done);
    return done.future();
}

void OrchestratorDesk::decide(const QString &projectId, const QString &actor, bool replace,
                              const PendingResult<OrchestratorStart> &done)
{
    const std::optional<SessionRecord> live = latest(projectId, true);
    if (live && replace) {
        // Only on request: the person asked for a new one, and the audit log says so.
        awaitResult(m_fleet.sessions().kill(live->id, u"replaced by a new orchestrator"_s, actor), this, kStartTimeout,
                    u"stopping orchestrator %1"_s.arg(live->id), [this, projectId, actor, done](Result<void> killed) {
                        if (!killed)
                            return finish(projectId, actor, killed.error(), done);
                        startFresh(projectId, actor, OrchestratorStart::How::Replaced, done);
                    });
        return;
    }
    if (live) {
        const ProjectPlugins *plugins = m_fleet.plugins(projectId);
        if (!plugins || !plugins->runtime || live->runtime.handle.isEmpty()) {
            // Still spawning (or no runtime to ask): it is the one, whatever its state.
            finish(projectId, actor, OrchestratorStart{*live, OrchestratorStart::How::Adopted}, done);
            return;
        }
        const RuntimeHandle handle{live->runtime.handle, plugins->runtime->name(), {}};
        const SessionRecord session = *live;
        awaitResult(
            plugins->runtime->probe({handle}), this, kProbeTimeout, u"probing orchestrator %1"_s.arg(session.id),
            [this, session, projectId, actor, done, handle](Result<QHash<QString, RuntimeProbe>> probed) {
                // A probe that failed says nothing about the agent: keep it rather than start another.
                const bool gone = probed && probed->contains(handle.id) && probed->value(handle.id).error.isEmpty()
                                  && !probed->value(handle.id).alive;
                if (!gone)
                    return finish(projectId, actor, OrchestratorStart{session, OrchestratorStart::How::Adopted}, done);
                // Its runtime died while Flotilla was away: the same session is brought back.
                awaitResult(m_fleet.sessions().kill(session.id, u"its runtime is gone"_s, actor), this, kStartTimeout,
                            u"stopping orchestrator %1"_s.arg(session.id),
                            [this, session, projectId, actor, done](Result<void> killed) {
                                if (!killed)
                                    return finish(projectId, actor, killed.error(), done);
                                auto reread = m_store.sessions().get(session.id);
                                restore(reread && reread.value() ? *reread.value() : session, actor, done);
                            });
            });
        return;
    }
    const std::optional<SessionRecord> finished = latest(projectId, false);
    const auto config = m_fleet.config();
    const ProjectConfig *project = config ? config->project(projectId) : nullptr;
    const SessionStrategy strategy = project ? project->orchestratorSessionStrategy : SessionStrategy::Reuse;
    if (finished && strategy == SessionStrategy::Reuse) {
        restore(*finished, actor, done);
        return;
    }
    startFresh(projectId, actor, finished ? OrchestratorStart::How::Replaced : OrchestratorStart::How::Started, done);
}

void OrchestratorDesk::restore(const SessionRecord &session, const QString &actor,
                               const PendingResult<OrchestratorStart> &done)
{
    const QString projectId = session.projectId;
    awaitResult(
        m_fleet.sessions().restore(session.id, actor), this, kStartTimeout,
        u"restoring orchestrator %1"_s.arg(session.id), [this, projectId, actor, done](Result<SessionRecord> restored) {
            if (!restored)
                return finish(projectId, actor, restored.error(), done);
            finish(projectId, actor, OrchestratorStart{restored.value(), OrchestratorStart::How::Restored}, done);
        });
}

void OrchestratorDesk::startFresh(const QString &projectId, const QString &actor, OrchestratorStart::How how,
                                  const PendingResult<OrchestratorStart> &done)
{
    SpawnRequest request;
    request.projectId = projectId;
    request.kind = SessionKind::Orchestrator;
    request.actor = actor;
    awaitResult(m_fleet.sessions().spawn(request), this, kStartTimeout,
                u"starting the orchestrator of %1"_s.arg(projectId),
                [this, projectId, actor, how, done](Result<SessionRecord> spawned) {
                    if (!spawned)
                        return finish(projectId, actor, spawned.error(), done);
                    finish(projectId, actor, OrchestratorStart{spawned.value(), how}, done);
                });
}

void OrchestratorDesk::finish(const QString &projectId, const QString &actor, Result<OrchestratorStart> outcome,
                              const PendingResult<OrchestratorStart> &done)
{
    m_underWay.remove(projectId);
    Event event;
    event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.projectId = projectId;
    event.actor = actor;
    event.timestamp = QDateTime::currentDateTimeUtc();
    if (outcome) {
        const QString how = orchestratorOutcomeName(outcome->how);
        event.type = u"orchestrator."_s + how;
        event.sessionId = outcome->session.id;
        event.priority = Priority::Info;
        event.message = u"The orchestrator of %1 is %2 (%3)."_s.arg(projectId, outcome->session.id, how);
        event.data = QJsonObject{{u"outcome"_s, how}};
        (void)m_store.events().append(event);
        emit ensured(projectId, outcome->session.id, how);
    } else {
        event.type = u"orchestrator.failed"_s;
        event.priority = Priority::Warning;
        event.message = u"The orchestrator of %1 could not be started: %2"_s.arg(projectId, outcome.error().toString());
        (void)m_store.events().appendAndRoute(event, m_fleet.config() ? m_fleet.config()->notifiersFor(event.priority)
                                                                      : QStringList());
        emit ensureFailed(projectId, outcome.error().toString());
    }
    done(std::move(outcome));
}

void OrchestratorDesk::ensureEnabled()
{
    m_keeping = true;
    const auto config = m_fleet.config();
    if (!config)
        return;
    for (const ProjectConfig &project : config->projects) {
        if (project.orchestrator.enabled && !project.degraded)
            (void)ensure(project.id, u"flotilla"_s);
    }
}

} // namespace flotilla
