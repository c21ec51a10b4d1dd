#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "event.h"

namespace flotilla {

// A question only a person can answer ("CI failed 3 times — keep trying?", "merge PR #12?").
// The first answer from any channel wins and is applied once; later answers are recorded as
// refused.
struct Decision
{
    enum class State { Pending, Answered, Expired, Cancelled };

    QString id; // UUID
    QString sessionId;
    QString projectId;
    QString kind;        // "escalation", "merge", "needs-input", …
    QString question;    // shown to the person
    QStringList options; // "approve", "reject"; free text is always allowed
    Priority priority = Priority::Action;
    State state = State::Pending;
    QString answer;
    QString answeredBy; // "desktop", "dashboard", "cli", "ravi:<identity>"
    QDateTime createdAt;
    QDateTime answeredAt;
    QJsonObject context; // facts shown with the question (PR, failing checks, attempts)
};

} // namespace flotilla
