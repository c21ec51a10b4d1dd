#pragma once

#include "util/result.h"

#include <QObject>

namespace flotilla {

class Fleet;
class FleetModel;
class Store;

// Keeps a FleetModel in step with the core: the stored sessions at start, then every change
// the session manager and the lifecycle announce.
class FleetFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetFeed)

public:
    FleetFeed(Store &store, Fleet &fleet, FleetModel &model, QObject *parent = nullptr);
    ~FleetFeed() override;

    // Loads what the store holds now (and at each call, e.g. after a reload).
    Result<void> reload();

private:
    Store &m_store;
    FleetModel &m_model;
};

} // namespace flotilla
