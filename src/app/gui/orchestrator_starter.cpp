#include "orchestrator_starter.h"

#include "fleet/fleet.h"
#include "fleet/orchestrator_desk.h"
#include "lifecycle/session_manager.h"
#include "plugin/await_result.h"
#include "spawn_dialog.h"
#include "store/session_store.h"
#include "store/store.h"

namespace flotilla {

namespace {

QString outcomeText(OrchestratorStart::How how)
{
    switch (how) {
    case OrchestratorStart::How::Adopted:
        return OrchestratorStarter::tr("already running");
    case OrchestratorStart::How::Restored:
        return OrchestratorStarter::tr("brought back");
    case OrchestratorStart::How::Replaced:
        return OrchestratorStarter::tr("started afresh");
    case OrchestratorStart::How::Started:
        break;
    }
    return OrchestratorStarter::tr("started");
}

} // namespace

OrchestratorStarter::OrchestratorStarter(Fleet &fleet, Store &store, QObject *parent)
    : QObject(parent), m_fleet(fleet), m_store(store)
{
    connect(&fleet.sessions(), &SessionManager::progress, this, &OrchestratorStarter::spawnStep);
}

void OrchestratorStarter::start(const QString &projectId)
{
    if (projectId.isEmpty() || m_starting.contains(projectId))
        return;
    m_starting.insert(projectId);
    emit startingChanged(projectId, true);
    emit progress(projectId, tr("Starting the orchestrator of %1…").arg(projectId));
    awaitResult(m_fleet.orchestrators().ensure(projectId, QStringLiteral("desktop")), this, kTimeout,
                tr("starting the orchestrator of %1").arg(projectId),
                [this, projectId](Result<OrchestratorStart> done) {
                    m_starting.remove(projectId);
                    emit startingChanged(projectId, false);
                    if (done)
                        emit started(projectId, done->session.id, outcomeText(done->how));
                    else
                        emit failed(projectId, done.error().message);
                });
}

void OrchestratorStarter::spawnStep(const QString &sessionId, const QString &step)
{
    if (m_starting.isEmpty())
        return;
    auto session = m_store.sessions().get(sessionId);
    if (!session || !session.value() || session.value()->kind != SessionKind::Orchestrator
        || !m_starting.contains(session.value()->projectId))
        return;
    emit progress(
        session.value()->projectId,
        tr("Starting the orchestrator of %1: %2…").arg(session.value()->projectId, SpawnDialog::stepText(step)));
}

} // namespace flotilla
