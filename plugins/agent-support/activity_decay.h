#pragma once

#include "plugin/agent_plugin.h"

#include <QDateTime>
#include <QString>

namespace flotilla {

// Turns "the agent last did X at time T" into an activity state: work seen in the last 30 s is
// active; a finished turn is ready until the ready threshold, idle after it.
class ActivityDecay final
{
public:
    static constexpr qint64 kActiveWindowMs = 30 * 1000;
    static constexpr qint64 kDefaultReadyThresholdMs = 5 * 60 * 1000;

    // What the last signal says the agent was doing.
    enum class Signal { Working, TurnFinished, WaitingInput, Failed };

    explicit ActivityDecay(qint64 readyThresholdMs = kDefaultReadyThresholdMs);

    qint64 readyThresholdMs() const { return m_readyThresholdMs; }

    ActivityState stateFor(Signal signal, const QDateTime &at, const QDateTime &now) const;
    // A native reading; its confidence turns stale once the signal is older than the threshold.
    ActivityReading reading(Signal signal, const QDateTime &at, const QDateTime &now, const QString &evidence) const;

    // A reading for when the agent keeps nothing this plugin can read.
    static ActivityReading unavailable(const QString &evidence);

private:
    qint64 m_readyThresholdMs;
};

} // namespace flotilla
