#pragma once

#include "model/session_facts.h"
#include "plugin/await_result.h"

#include <QHash>
#include <QObject>

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
    // Ensures one for every project whose configuration has `orchestrator.enabled`.
    void ensureEnabled();

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

    Fleet &m_fleet;
    Store &m_store;
    QHash<QString, Async<OrchestratorStart>> m_underWay;
};

} // namespace flotilla
