#include "activity_decay.h"

#include <algorithm>

namespace flotilla {

ActivityDecay::ActivityDecay(qint64 readyThresholdMs) : m_readyThresholdMs(std::max<qint64>(0, readyThresholdMs)) {}

ActivityState ActivityDecay::stateFor(Signal signal, const QDateTime &at, const QDateTime &now) const
{
    switch (signal) {
    case Signal::WaitingInput:
        return ActivityState::WaitingInput;
    case Signal::Failed:
        return ActivityState::Blocked;
    case Signal::Working:
    case Signal::TurnFinished:
        break;
    }
    // A clock running a little ahead of ours must not make a signal look older than it is.
    const qint64 age = std::max<qint64>(0, at.msecsTo(now));
    if (signal == Signal::Working && age <= kActiveWindowMs)
        return ActivityState::Active;
    return age <= m_readyThresholdMs ? ActivityState::Ready : ActivityState::Idle;
}

ActivityReading ActivityDecay::reading(Signal signal, const QDateTime &at, const QDateTime &now,
                                       const QString &evidence) const
{
    ActivityReading reading;
    reading.state = stateFor(signal, at, now);
    reading.at = at;
    reading.source = ActivityReading::Source::Native;
    reading.confidence =
        at.msecsTo(now) > m_readyThresholdMs ? ActivityReading::Confidence::Stale : ActivityReading::Confidence::Valid;
    reading.evidence = evidence;
    return reading;
}

ActivityReading ActivityDecay::unavailable(const QString &evidence)
{
    ActivityReading reading;
    reading.state = ActivityState::Unknown;
    reading.confidence = ActivityReading::Confidence::Unavailable;
    reading.source = ActivityReading::Source::None;
    reading.evidence = evidence;
    return reading;
}

} // namespace flotilla
