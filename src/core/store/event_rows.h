#pragma once

#include "stored_event.h"
#include "util/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace flotilla::sqlsupport {

// Row-level access to the events and notification_outbox tables, for callers that already hold
// a transaction: the event log itself and the stores that write a change together with its
// events.

// Gives the event an id (UUID) and a timestamp (now) when it has none, then inserts it.
Result<StoredEvent> insertEvent(const QSqlDatabase &db, Event event);
// Queues one delivery per notifier; a (event, notifier) pair already queued is left as it is.
// Returns how many rows were new.
Result<int> insertDeliveries(const QSqlDatabase &db, const QString &eventId, const QStringList &notifiers,
                             const QDateTime &now);

// The event columns in the order eventFrom() reads them, prefixed by `alias` ("e." or empty).
QString eventColumns(const QString &alias);
Result<StoredEvent> eventFrom(const QSqlQuery &query, int firstColumn, const QSqlDatabase &db);

} // namespace flotilla::sqlsupport
