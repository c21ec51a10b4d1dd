#pragma once

#include "pr_snapshot_query.h"

#include <QDateTime>

namespace flotilla::github {

// How often a pull request is read, by how likely it is to have changed: CI running or a
// recent change → every cycle; waiting for people → every few minutes; closed → rarely;
// merged → never again. Anything GitHub reports as updated, and anything a webhook or the
// agent points at, is read at once. When the hourly budget runs low the intervals stretch,
// and near the end only busy pull requests are read.
class PollCadence final
{
public:
    struct Intervals
    {
        qint64 hotMs = 25 * 1000; // just under the lifecycle's 30 s cycle
        qint64 warmMs = 3 * 60 * 1000;
        qint64 closedMs = 10 * 60 * 1000;
        qint64 recentChangeMs = 3 * 60 * 1000; // a push: its checks may not exist yet
    };

    struct Seen
    {
        QDateTime readAt;
        QDateTime changedAt;
        PrState state = PrState::None;
        PrSnapshot::CiStatus ci = PrSnapshot::CiStatus::None;
        bool mergeabilityKnown = true;
    };

    PollCadence() = default;
    explicit PollCadence(Intervals intervals) : m_intervals(intervals) {}

    // `budgetLeft` is the smaller remaining fraction of the host's REST and GraphQL budgets.
    bool isDue(const Seen &seen, const QDateTime &now, double budgetLeft) const;

private:
    Intervals m_intervals;
};

} // namespace flotilla::github
