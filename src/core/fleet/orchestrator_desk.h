#pragma once

#include "model/session_facts.h"
#include "plugin/await_result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>

#include <chrono>
#include <optional>

namespace flotilla {

class Fleet;
class Store;

// How a project came to have its orchestrator.
struct OrchestratorStart
{
    enum class How { Adopted, Restored, Started, Replaced };

    SessionRecord session;
    How how = How::Started;
};

QString orchestratorOutcomeName(OrchestratorStart::How how);

// Keeps at most one orchestrator per project: the agent that drives the project's workers
// through `flo`. Asking for it is idempotent: a live one is adopted (after a restart too), a
// finished one is brought back or followed by a fresh one as `orchestratorSessionStrategy`
// says, and only an explicit `replace` stops a live one. Calls for one project while one is
// under way share its outcome, so two front ends asking at once never make two.
class OrchestratorDesk final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrchestratorDesk)

public:
    OrchestratorDesk(Fleet &fleet, Store &store, QObject *parent = nullptr);

    Async<OrchestratorStart> ensure(const QString &projectId, const QString &actor, bool replace = false);
    // The project's orchestrator that has not finished, if any.
    std::optional<SessionRecord> current(const QString &projectId) const;
    // Ensures one for every project whose configuration has `orchestrator.enabled`, and from
    // now on brings back such a project's orchestrator when it ends on its own (its agent
    // exited, its terminal died) — not when a person stopped it — at most kMaxRevivals times
    // in kRevivalWindow, so an agent that cannot start does not loop.
    void ensureEnabled();

    static constexpr int kMaxRevivals = 3;
    static constexpr auto kRevivalWindow = std::chrono::minutes(10);

signals:
    void ensured(const QString &projectId, const QString &sessionId, const QString &outcome);
    void ensureFailed(const QString &projectId, const QString &error);

private:
    void decide(const QString &projectId, const QString &actor, bool replace,
                const PendingResult<OrchestratorStart> &done);
    void startFresh(const QString &projectId, const QString &actor, OrchestratorStart::How how,
                    const PendingResult<OrchestratorStart> &done);
    void restore(const SessionRecord &session, const QString &actor, const PendingResult<OrchestratorStart> &done);
    void finish(const QString &projectId, const QString &actor, Result<OrchestratorStart> outcome,
                const PendingResult<OrchestratorStart> &done);
    std::optional<SessionRecord> latest(const QString &projectId, bool liveOnly) const;
    void onSessionChanged(const SessionRecord &session);

    bool m_keeping = false;                      // ensureEnabled() was called: enabled orchestrators are kept
    QHash<QString, QList<QDateTime>> m_revivals; // project → when its orchestrator was brought back

    Fleet &m_fleet;
    Store &m_store;
    QHash<QString, Async<OrchestratorStart>> m_underWay;
};

} // namespace flotilla
