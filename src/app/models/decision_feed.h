#pragma once

#include "util/result.h"

#include <QObject>
#include <QTimer>

namespace flotilla {

class DecisionModel;
class Escalations;
class Store;

// Keeps a DecisionModel showing the pending decisions: read from the store at start, and
// again whenever one is raised (its event carries the decision's id) or closed, from any
// channel. A burst of changes costs one read.
class DecisionFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DecisionFeed)

public:
    DecisionFeed(Store &store, Escalations &escalations, DecisionModel &model, QObject *parent = nullptr);
    ~DecisionFeed() override;

    Result<void> reload();

private:
    Store &m_store;
    DecisionModel &m_model;
    QTimer m_coalesce;
};

} // namespace flotilla
