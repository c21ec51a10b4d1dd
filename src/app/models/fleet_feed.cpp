#include "fleet_feed.h"

#include "fleet/fleet.h"
#include "fleet_model.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/session_manager.h"
#include "store/store.h"

namespace flotilla {

FleetFeed::FleetFeed(Store &store, Fleet &fleet, FleetModel &model, QObject *parent)
    : QObject(parent), m_store(store), m_model(model)
{
    const auto changed = [target = &model](const SessionRecord &session) { target->queue(session); };
    connect(&fleet.sessions(), &SessionManager::sessionChanged, &model, changed);
    connect(&fleet.lifecycle(), &LifecycleManager::sessionChanged, &model, changed);
}

FleetFeed::~FleetFeed() = default;

Result<void> FleetFeed::reload()
{
    auto sessions = m_store.sessions().list();
    if (!sessions)
        return sessions.error();
    m_model.reset(sessions.value());
    return {};
}

} // namespace flotilla
