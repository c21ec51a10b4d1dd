#pragma once

#include "stored_event.h"
#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <optional>

namespace flotilla {

class Database;

// Which events to read. Empty fields do not filter. `since` is inclusive, `until` exclusive;
// both compare the events' own timestamps. Order follows `seq` (commit order).
struct EventQuery
{
    enum class Order { NewestFirst, OldestFirst };

    QString sessionId;
    QString projectId;
    QStringList types;                   // exact types; "merge.*" matches every type that starts with "merge."
    std::optional<Priority> minPriority; // Urgent is the highest
    QDateTime since;
    QDateTime until;
    qint64 afterSeq = 0;
    qint64 beforeSeq = 0; // 0: no bound; pages back through older events
    int limit = 0;        // 0: no limit
    Order order = Order::NewestFirst;
};

// The append-only audit log. An event is persisted first and broadcast afterwards: appended()
// fires only once the transaction that wrote it has committed, so nothing a listener (the
// WebSocket, the views, the notifier dispatcher) hears about can be missing from the log.
// Lives on the thread that opened the store, like the store's connection.
class EventLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLog)

public:
    // Work done by another store in the same transaction as the events.
    using Work = std::function<Result<void>(const QSqlDatabase &)>;

    explicit EventLog(Database &database, QObject *parent = nullptr);

    Result<StoredEvent> append(const Event &event);
    Result<QList<StoredEvent>> append(const QList<Event> &events);
    // Also queues a notification per notifier, in the same transaction.
    Result<StoredEvent> appendAndRoute(const Event &event, const QStringList &notifiers);
    Result<QList<StoredEvent>> appendAndRoute(const QList<RoutedEvent> &events);
    // Runs `work`, then writes `events`, all in one transaction; nothing is kept and nothing is
    // signalled unless every part succeeded.
    Result<QList<StoredEvent>> appendWithin(const Work &work, const QList<RoutedEvent> &events);

    Result<QList<StoredEvent>> query(const EventQuery &filter) const;

signals:
    void appended(const flotilla::Event &event, qint64 seq);

private:
    Database &m_database;
};

} // namespace flotilla
