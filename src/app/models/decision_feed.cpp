#include "decision_feed.h"

#include "decision_model.h"
#include "lifecycle/escalations.h"
#include "store/decision_store.h"
#include "store/event_log.h"
#include "store/store.h"

#include <QDebug>

using namespace Qt::StringLiterals;

namespace flotilla {

DecisionFeed::DecisionFeed(Store &store, Escalations &escalations, DecisionModel &model, QObject *parent)
    : QObject(parent), m_store(store), m_model(model)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(0);
    connect(&m_coalesce, &QTimer::timeout, this, [this] {
        if (auto loaded = reload(); !loaded)
            qWarning().noquote() << "cannot read the pending decisions:" << loaded.error().toString();
    });
    connect(&store.events(), &EventLog::appended, this, [this](const Event &event) {
        if (event.data.contains(u"decision"_s) || event.type.startsWith(u"decision."_s))
            m_coalesce.start();
    });
    connect(&escalations, &Escalations::decisionClosed, this, [this] { m_coalesce.start(); });
}

DecisionFeed::~DecisionFeed() = default;

Result<void> DecisionFeed::reload()
{
    auto pending = m_store.decisions().listPending();
    if (!pending)
        return pending.error();
    m_model.reset(pending.value());
    return {};
}

} // namespace flotilla
