#pragma once

#include "model/event.h"

#include <QString>

#include <optional>

namespace flotilla {

// One reaction's settings after merging built-in defaults, the global `reactions` and the
// project's own (field by field). The engine only ever sees this resolved form.
struct ReactionPolicy
{
    enum class Action { SendToAgent, Notify, AutoMerge };
    enum class OnReject { Nothing, Kill, ClosePr };

    QString key;
    bool automatic = true;
    Action action = Action::Notify;
    QString message; // empty: built from the facts
    Priority priority = Priority::Info;
    std::optional<int> retries;
    std::optional<int> escalateAfterAttempts;
    std::optional<qint64> escalateAfterMs;
    std::optional<qint64> cooldownMs;   // minimum time between two runs
    std::optional<qint64> renagAfterMs; // re-send while the session stays in the status
    OnReject onReject = OnReject::Nothing;
    QString mergeMethod = QStringLiteral("squash");
};

} // namespace flotilla
