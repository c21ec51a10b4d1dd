#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace flotilla {

// How loudly a person is told: routed per priority (config `notificationRouting`).
enum class Priority { Urgent, Action, Warning, Info };

// One entry of the append-only audit log. Persisted first, then broadcast, so nothing a
// person or a notifier hears about can be missing from the log.
struct Event
{
    QString id;   // UUID; also the notifiers' dedupe key
    QString type; // "ci.failing", "reaction.escalated", "session.spawned", …
    Priority priority = Priority::Info;
    QString sessionId;
    QString projectId;
    QString actor;    // who caused it: "lifecycle", "user", "api:<token name>", "agent:<session>"
    QString identity; // the agent identity acting, when there is one
    QDateTime timestamp;
    QString message; // one line for people
    QJsonObject data;
};

// The reference tool's inference for events without an explicit priority: by keyword in type.
Priority inferPriority(const QString &eventType);

} // namespace flotilla
