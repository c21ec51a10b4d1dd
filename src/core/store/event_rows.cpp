#include "event_rows.h"

#include "model/model_enums.h"
#include "sql_support.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace flotilla::sqlsupport {

Result<StoredEvent> insertEvent(const QSqlDatabase &db, Event event)
{
    if (event.type.isEmpty())
        return makeError(u"store.invalid_event"_s, u"an event needs a type"_s, db.databaseName());
    if (event.id.isEmpty())
        event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!event.timestamp.isValid())
        event.timestamp = QDateTime::currentDateTimeUtc();
    QSqlQuery query(db);
    if (auto inserted =
            exec(db, query,
                 u"INSERT INTO events(id, type, priority, session_id, project_id, actor, identity, timestamp, message, "
                 "data) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                 {event.id, event.type, enumName(event.priority), text(event.sessionId), text(event.projectId),
                  text(event.actor), text(event.identity), timeValue(event.timestamp), text(event.message),
                  jsonText(event.data)},
                 u"cannot record event %1"_s.arg(event.type));
        !inserted)
        return inserted.error();
    return StoredEvent{query.lastInsertId().toLongLong(), std::move(event)};
}

Result<int> insertDeliveries(const QSqlDatabase &db, const QString &eventId, const QStringList &notifiers,
                             const QDateTime &now)
{
    int added = 0;
    QSqlQuery query(db);
    for (const QString &notifier : notifiers) {
        if (notifier.isEmpty())
            return makeError(u"store.invalid_notifier"_s, u"a notification needs a notifier name"_s, db.databaseName());
        if (auto inserted = exec(db, query,
                                 u"INSERT INTO notification_outbox(event_id, notifier, state, attempts, "
                                 "next_attempt_at, created_at) VALUES(?, ?, 'pending', 0, ?, ?) "
                                 "ON CONFLICT(event_id, notifier) DO NOTHING"_s,
                                 {eventId, notifier, timeValue(now), timeValue(now)},
                                 u"cannot queue notification of event %1 for %2"_s.arg(eventId, notifier));
            !inserted)
            return inserted.error();
        added += query.numRowsAffected();
    }
    return added;
}

QString eventColumns(const QString &alias)
{
    static const char *const names[] = {"seq",   "id",       "type",      "priority", "session_id", "project_id",
                                        "actor", "identity", "timestamp", "message",  "data"};
    QStringList columns;
    for (const char *name : names)
        columns << alias + QString::fromLatin1(name);
    return columns.join(u", "_s);
}

Result<StoredEvent> eventFrom(const QSqlQuery &query, int firstColumn, const QSqlDatabase &db)
{
    auto column = [&](int index) { return query.value(firstColumn + index); };
    StoredEvent stored;
    stored.seq = column(0).toLongLong();
    Event &event = stored.event;
    event.id = column(1).toString();
    event.type = column(2).toString();
    const auto priority = enumFromName<Priority>(column(3).toString());
    if (!priority)
        return corruptRow(u"events"_s, event.id, u"unknown priority \"%1\""_s.arg(column(3).toString()), db);
    event.priority = *priority;
    event.sessionId = column(4).toString();
    event.projectId = column(5).toString();
    event.actor = column(6).toString();
    event.identity = column(7).toString();
    event.timestamp = timeFrom(column(8));
    event.message = column(9).toString();
    event.data = jsonObjectFrom(column(10));
    return stored;
}

} // namespace flotilla::sqlsupport
