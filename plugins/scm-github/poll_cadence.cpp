#include "poll_cadence.h"

namespace flotilla::github {

bool PollCadence::isDue(const Seen &seen, const QDateTime &now, double budgetLeft) const
{
    if (!seen.readAt.isValid())
        return true;
    if (seen.state == PrState::Merged)
        return false;
    const qint64 sinceRead = seen.readAt.msecsTo(now);
    const qint64 stretch = budgetLeft < 0.25 ? 2 : 1;
    const bool busy = seen.ci == PrSnapshot::CiStatus::Pending || !seen.mergeabilityKnown
                      || (seen.changedAt.isValid() && seen.changedAt.msecsTo(now) < m_intervals.recentChangeMs);
    if (busy)
        return sinceRead >= m_intervals.hotMs * stretch;
    if (budgetLeft < 0.10)
        return false;
    const qint64 interval = seen.state == PrState::Closed ? m_intervals.closedMs : m_intervals.warmMs;
    return sinceRead >= interval * stretch;
}

} // namespace flotilla::github
