#include "event_log.h"

#include "database.h"
#include "event_rows.h"
#include "model/model_enums.h"
#include "sql_support.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

EventLog::EventLog(Database &database, QObject *parent) : QObject(parent), m_database(database) {}

Result<StoredEvent> EventLog::append(const Event &event)
{
    return appendAndRoute(event, {});
}

Result<QList<StoredEvent>> EventLog::append(const QList<Event> &events)
{
    QList<RoutedEvent> routed;
    routed.reserve(events.size());
    for (const Event &event : events)
        routed.append(RoutedEvent(event));
    return appendAndRoute(routed);
}

Result<StoredEvent> EventLog::appendAndRoute(const Event &event, const QStringList &notifiers)
{
    auto stored = appendAndRoute(QList<RoutedEvent>{RoutedEvent(event, notifiers)});
    if (!stored)
        return stored.error();
    return stored->constFirst();
}

Result<QList<StoredEvent>> EventLog::appendAndRoute(const QList<RoutedEvent> &events)
{
    return appendWithin(Work(), events);
}

Result<QList<StoredEvent>> EventLog::appendWithin(const Work &work, const QList<RoutedEvent> &events)
{
    auto written = inTransaction<QList<StoredEvent>>(
        m_database.connection(), [&](const QSqlDatabase &db) -> Result<QList<StoredEvent>> {
            if (work) {
                if (auto done = work(db); !done)
                    return done.error();
            }
            QList<StoredEvent> stored;
            stored.reserve(events.size());
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (const RoutedEvent &routed : events) {
                auto inserted = insertEvent(db, routed.event);
                if (!inserted)
                    return inserted.error();
                if (auto queued = insertDeliveries(db, inserted->event.id, routed.notifiers, now); !queued)
                    return queued.error();
                stored.append(std::move(inserted).value());
            }
            return stored;
        });
    if (written) {
        for (const StoredEvent &stored : written.value())
            emit appended(stored.event, stored.seq);
    }
    return written;
}

Result<QList<StoredEvent>> EventLog::query(const EventQuery &filter) const
{
    const QSqlDatabase db = m_database.connection();
    QStringList conditions;
    QVariantList values;
    if (!filter.sessionId.isEmpty()) {
        conditions << u"session_id = ?"_s;
        values << filter.sessionId;
    }
    if (!filter.projectId.isEmpty()) {
        conditions << u"project_id = ?"_s;
        values << filter.projectId;
    }
    if (!filter.types.isEmpty()) {
        // A prefix is compared with substr, not LIKE: type names hold '_', which LIKE treats as a wildcard.
        QStringList alternatives;
        for (const QString &type : filter.types) {
            if (type.endsWith(u".*"_s)) {
                const QString prefix = type.chopped(1);
                alternatives << u"substr(type, 1, ?) = ?"_s;
                values << prefix.size() << prefix;
            } else {
                alternatives << u"type = ?"_s;
                values << type;
            }
        }
        conditions << u"(%1)"_s.arg(alternatives.join(u" OR "_s));
    }
    if (filter.minPriority) {
        // Priority's enumerators run from the most to the least urgent.
        QStringList accepted;
        for (const auto &[priority, name] : EnumNames<Priority>::table) {
            if (priority <= *filter.minPriority) {
                accepted << u"?"_s;
                values << QString::fromLatin1(name);
            }
        }
        conditions << u"priority IN (%1)"_s.arg(accepted.join(u", "_s));
    }
    if (filter.since.isValid()) {
        conditions << u"timestamp >= ?"_s;
        values << timeValue(filter.since);
    }
    if (filter.until.isValid()) {
        conditions << u"timestamp < ?"_s;
        values << timeValue(filter.until);
    }
    if (filter.afterSeq > 0) {
        conditions << u"seq > ?"_s;
        values << filter.afterSeq;
    }
    if (filter.beforeSeq > 0) {
        conditions << u"seq < ?"_s;
        values << filter.beforeSeq;
    }
    QString sql = u"SELECT "_s + eventColumns(QString()) + u" FROM events"_s;
    if (!conditions.isEmpty())
        sql += u" WHERE "_s + conditions.join(u" AND "_s);
    sql += filter.order == EventQuery::Order::NewestFirst ? u" ORDER BY seq DESC"_s : u" ORDER BY seq ASC"_s;
    if (filter.limit > 0) {
        sql += u" LIMIT ?"_s;
        values << filter.limit;
    }

    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto ran = exec(db, query, sql, values, u"cannot read the event log"_s); !ran)
        return ran.error();
    QList<StoredEvent> events;
    while (query.next()) {
        auto event = eventFrom(query, 0, db);
        if (!event)
            return event.error();
        events.append(std::move(event).value());
    }
    return events;
}

} // namespace flotilla
