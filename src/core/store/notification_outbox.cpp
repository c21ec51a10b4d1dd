#include "notification_outbox.h"

#include "database.h"
#include "event_rows.h"
#include "sql_support.h"

#include <QSqlQuery>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

const QString kLapsedOnLastAttempt =
    u"the last attempt did not finish within its lease (Flotilla stopped while it ran)"_s;

constexpr std::array<std::pair<DeliveryState, const char *>, 5> kStateNames = {{
    {DeliveryState::Pending, "pending"},
    {DeliveryState::Delivering, "delivering"},
    {DeliveryState::Delivered, "delivered"},
    {DeliveryState::Failed, "failed"},
    {DeliveryState::Dead, "dead"},
}};

std::optional<DeliveryState> stateFrom(const QString &text)
{
    for (const auto &[state, name] : kStateNames) {
        if (text == QLatin1StringView(name))
            return state;
    }
    return std::nullopt;
}

QString selectEntries()
{
    return u"SELECT o.id, o.event_id, o.notifier, o.state, o.attempts, o.next_attempt_at, o.last_error, "
           "o.created_at, o.delivered_at, "_s
           + eventColumns(u"e."_s) + u" FROM notification_outbox o JOIN events e ON e.id = o.event_id"_s;
}

Result<QList<OutboxEntry>> readEntries(const QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto read = exec(db, query, sql, values, u"cannot read the notification outbox"_s); !read)
        return read.error();
    QList<OutboxEntry> entries;
    while (query.next()) {
        OutboxEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.eventId = query.value(1).toString();
        entry.notifier = query.value(2).toString();
        const auto state = stateFrom(query.value(3).toString());
        if (!state)
            return corruptRow(u"notification_outbox"_s, QString::number(entry.id),
                              u"unknown state \"%1\""_s.arg(query.value(3).toString()), db);
        entry.state = *state;
        entry.attempts = query.value(4).toInt();
        entry.nextAttemptAt = timeFrom(query.value(5));
        entry.lastError = query.value(6).toString();
        entry.createdAt = timeFrom(query.value(7));
        entry.deliveredAt = timeFrom(query.value(8));
        auto event = eventFrom(query, 9, db);
        if (!event)
            return event.error();
        entry.event = std::move(event)->event;
        entries.append(std::move(entry));
    }
    return entries;
}

// Tells "no such delivery" from "in a state this change does not apply to".
Result<void> explainUnchanged(const QSqlDatabase &db, qint64 id, const QString &change)
{
    QSqlQuery query(db);
    if (auto read =
            exec(db, query, u"SELECT state FROM notification_outbox WHERE id = ?"_s, {id}, u"cannot read delivery"_s);
        !read)
        return read.error();
    if (!query.next())
        return makeError(u"store.not_found"_s, u"delivery %1 does not exist"_s.arg(id), db.databaseName());
    return makeError(u"store.invalid_transition"_s,
                     u"delivery %1 is %2 and cannot be %3"_s.arg(id).arg(query.value(0).toString(), change),
                     db.databaseName());
}

} // namespace

QString deliveryStateName(DeliveryState state)
{
    for (const auto &[candidate, name] : kStateNames) {
        if (candidate == state)
            return QString::fromLatin1(name);
    }
    return QString();
}

NotificationOutbox::NotificationOutbox(Database &database, DeliveryPolicy policy)
    : m_database(database), m_policy(policy)
{}

Result<int> NotificationOutbox::enqueue(const QString &eventId, const QStringList &notifiers, const QDateTime &now)
{
    return inTransaction<int>(m_database.connection(),
                              [&](const QSqlDatabase &db) { return insertDeliveries(db, eventId, notifiers, now); });
}

Result<QList<OutboxEntry>> NotificationOutbox::claimDue(const QDateTime &now, int limit)
{
    if (limit <= 0)
        return QList<OutboxEntry>();
    const QDateTime leaseEnd = now.addMSecs(m_policy.lease.count());
    return inTransaction<QList<OutboxEntry>>(
        m_database.connection(), [&](const QSqlDatabase &db) -> Result<QList<OutboxEntry>> {
            QSqlQuery query(db);
            if (auto buried = exec(db, query,
                                   u"UPDATE notification_outbox SET state = 'dead', last_error = ? "
                                   "WHERE state = 'delivering' AND next_attempt_at <= ? AND attempts >= ?"_s,
                                   {kLapsedOnLastAttempt, timeValue(now), m_policy.maxAttempts},
                                   u"cannot retire lapsed deliveries"_s);
                !buried)
                return buried.error();
            if (auto due = exec(db, query,
                                u"SELECT id FROM notification_outbox WHERE state IN ('pending', 'failed', "
                                "'delivering') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"_s,
                                {timeValue(now), limit}, u"cannot find due deliveries"_s);
                !due)
                return due.error();
            QVariantList ids;
            while (query.next())
                ids << query.value(0);
            if (ids.isEmpty())
                return QList<OutboxEntry>();
            const QString placeholders = QStringList(ids.size(), u"?"_s).join(u", "_s);
            if (auto claimed = exec(db, query,
                                    u"UPDATE notification_outbox SET state = 'delivering', attempts = attempts + 1, "
                                    "next_attempt_at = ? WHERE id IN (%1)"_s.arg(placeholders),
                                    QVariantList{timeValue(leaseEnd)} + ids, u"cannot claim deliveries"_s);
                !claimed)
                return claimed.error();
            return readEntries(
                db, selectEntries() + u" WHERE o.id IN (%1) ORDER BY o.created_at, o.id"_s.arg(placeholders), ids);
        });
}

Result<QList<OutboxEntry>> NotificationOutbox::buryLapsed(const QDateTime &now)
{
    return inTransaction<QList<OutboxEntry>>(
        m_database.connection(), [&](const QSqlDatabase &db) -> Result<QList<OutboxEntry>> {
            QSqlQuery query(db);
            if (auto lapsed = exec(db, query,
                                   u"SELECT id FROM notification_outbox WHERE state = 'delivering' AND "
                                   "next_attempt_at <= ? AND attempts >= ?"_s,
                                   {timeValue(now), m_policy.maxAttempts}, u"cannot find lapsed deliveries"_s);
                !lapsed)
                return lapsed.error();
            QVariantList ids;
            while (query.next())
                ids << query.value(0);
            if (ids.isEmpty())
                return QList<OutboxEntry>();
            const QString placeholders = QStringList(ids.size(), u"?"_s).join(u", "_s);
            if (auto buried =
                    exec(db, query,
                         u"UPDATE notification_outbox SET state = 'dead', last_error = ? WHERE id IN (%1)"_s.arg(
                             placeholders),
                         QVariantList{kLapsedOnLastAttempt} + ids, u"cannot retire lapsed deliveries"_s);
                !buried)
                return buried.error();
            return readEntries(db, selectEntries() + u" WHERE o.id IN (%1) ORDER BY o.id"_s.arg(placeholders), ids);
        });
}

Result<void> NotificationOutbox::markDelivered(qint64 id, const QDateTime &at)
{
    return inTransaction<void>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        // A delivery that finished after its lease lapsed still reached the person: record it.
        if (auto updated = exec(db, query,
                                u"UPDATE notification_outbox SET state = 'delivered', delivered_at = ?, "
                                "last_error = '' WHERE id = ? AND state <> 'delivered'"_s,
                                {timeValue(at), id}, u"cannot mark delivery %1 delivered"_s.arg(id));
            !updated)
            return updated.error();
        if (query.numRowsAffected() == 1)
            return {};
        auto unchanged = explainUnchanged(db, id, u"delivered"_s);
        // Delivered twice is still delivered.
        if (!unchanged && unchanged.error().code == u"store.invalid_transition"_s)
            return {};
        return unchanged;
    });
}

Result<DeliveryState> NotificationOutbox::markFailed(qint64 id, const QString &error, const QDateTime &nextAttemptAt)
{
    return inTransaction<DeliveryState>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<DeliveryState> {
        QSqlQuery query(db);
        if (auto read = exec(db, query, u"SELECT attempts, state, notifier FROM notification_outbox WHERE id = ?"_s,
                             {id}, u"cannot read delivery %1"_s.arg(id));
            !read)
            return read.error();
        if (!query.next())
            return makeError(u"store.not_found"_s, u"delivery %1 does not exist"_s.arg(id), db.databaseName());
        const auto current = stateFrom(query.value(1).toString());
        if (current != DeliveryState::Pending && current != DeliveryState::Delivering
            && current != DeliveryState::Failed)
            return makeError(u"store.invalid_transition"_s,
                             u"delivery %1 is %2 and cannot be marked failed"_s.arg(id).arg(query.value(1).toString()),
                             db.databaseName());
        const int limit = m_policy.maxAttemptsFor.value(query.value(2).toString(), m_policy.maxAttempts);
        const DeliveryState next = query.value(0).toInt() >= limit ? DeliveryState::Dead : DeliveryState::Failed;
        if (auto updated = exec(db, query,
                                u"UPDATE notification_outbox SET state = ?, last_error = ?, next_attempt_at = ? "
                                "WHERE id = ?"_s,
                                {deliveryStateName(next), text(error), timeValue(nextAttemptAt), id},
                                u"cannot record the failure of delivery %1"_s.arg(id));
            !updated)
            return updated.error();
        return next;
    });
}

Result<void> NotificationOutbox::markDead(qint64 id, const QString &error)
{
    return inTransaction<void>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        if (auto updated = exec(db, query,
                                u"UPDATE notification_outbox SET state = 'dead', last_error = ? "
                                "WHERE id = ? AND state IN ('pending', 'delivering', 'failed')"_s,
                                {text(error), id}, u"cannot give up delivery %1"_s.arg(id));
            !updated)
            return updated.error();
        if (query.numRowsAffected() == 0)
            return explainUnchanged(db, id, u"given up"_s);
        return {};
    });
}

Result<std::optional<OutboxEntry>> NotificationOutbox::get(qint64 id) const
{
    auto entries = readEntries(m_database.connection(), selectEntries() + u" WHERE o.id = ?"_s, {id});
    if (!entries)
        return entries.error();
    if (entries->isEmpty())
        return std::optional<OutboxEntry>();
    return std::optional<OutboxEntry>(entries->constFirst());
}

Result<QList<OutboxEntry>> NotificationOutbox::history(int limit) const
{
    // SQLite reads a negative LIMIT as "no limit".
    return readEntries(m_database.connection(), selectEntries() + u" ORDER BY o.id DESC LIMIT ?"_s,
                       {limit > 0 ? limit : -1});
}

} // namespace flotilla
