#include "reaction_tracker_store.h"

#include "database.h"
#include "sql_support.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

const QString kColumns = u"session_id, reaction_key, attempts, first_triggered_at, last_triggered_at, last_sent_at, "
                         "fingerprint, escalated"_s;

ReactionTracker trackerFrom(const QSqlQuery &query)
{
    ReactionTracker tracker;
    tracker.sessionId = query.value(0).toString();
    tracker.reactionKey = query.value(1).toString();
    tracker.attempts = query.value(2).toInt();
    tracker.firstTriggeredAt = timeFrom(query.value(3));
    tracker.lastTriggeredAt = timeFrom(query.value(4));
    tracker.lastSentAt = timeFrom(query.value(5));
    tracker.fingerprint = query.value(6).toString();
    tracker.escalated = query.value(7).toBool();
    return tracker;
}

} // namespace

ReactionTrackerStore::ReactionTrackerStore(Database &database) : m_database(database) {}

Result<std::optional<ReactionTracker>> ReactionTrackerStore::get(const QString &sessionId,
                                                                 const QString &reactionKey) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query,
                         u"SELECT %1 FROM reaction_trackers WHERE session_id = ? AND reaction_key = ?"_s.arg(kColumns),
                         {sessionId, reactionKey}, u"cannot read reaction tracker %1"_s.arg(reactionKey));
        !read)
        return read.error();
    if (!query.next())
        return std::optional<ReactionTracker>();
    return std::optional<ReactionTracker>(trackerFrom(query));
}

Result<void> ReactionTrackerStore::upsert(const ReactionTracker &tracker)
{
    if (tracker.sessionId.isEmpty() || tracker.reactionKey.isEmpty())
        return makeError(u"store.invalid_tracker"_s, u"a reaction tracker needs a session and a reaction key"_s);
    return inTransaction<void>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        return exec(db, query,
                    u"INSERT INTO reaction_trackers(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(session_id, reaction_key) DO UPDATE SET attempts = excluded.attempts, "
                    "first_triggered_at = excluded.first_triggered_at, last_triggered_at = excluded.last_triggered_at, "
                    "last_sent_at = excluded.last_sent_at, fingerprint = excluded.fingerprint, "
                    "escalated = excluded.escalated"_s.arg(kColumns),
                    {tracker.sessionId, tracker.reactionKey, tracker.attempts, timeValue(tracker.firstTriggeredAt),
                     timeValue(tracker.lastTriggeredAt), timeValue(tracker.lastSentAt), text(tracker.fingerprint),
                     tracker.escalated},
                    u"cannot save reaction tracker %1 of %2"_s.arg(tracker.reactionKey, tracker.sessionId));
    });
}

Result<void> ReactionTrackerStore::reset(const QString &sessionId, const QString &reactionKey)
{
    return remove(u"DELETE FROM reaction_trackers WHERE session_id = ? AND reaction_key = ?"_s,
                  {sessionId, reactionKey}, u"cannot reset reaction tracker %1"_s.arg(reactionKey));
}

Result<void> ReactionTrackerStore::resetAllExcept(const QString &sessionId, const QStringList &keepKeys)
{
    QVariantList values{sessionId};
    QString sql = u"DELETE FROM reaction_trackers WHERE session_id = ?"_s;
    if (!keepKeys.isEmpty()) {
        sql += u" AND reaction_key NOT IN (%1)"_s.arg(QStringList(keepKeys.size(), u"?"_s).join(u", "_s));
        for (const QString &key : keepKeys)
            values << key;
    }
    return remove(sql, values, u"cannot reset the reaction trackers of %1"_s.arg(sessionId));
}

Result<void> ReactionTrackerStore::resetForSession(const QString &sessionId)
{
    return resetAllExcept(sessionId, {});
}

Result<QList<ReactionTracker>> ReactionTrackerStore::list(const QString &sessionId) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto read = exec(db, query,
                         u"SELECT %1 FROM reaction_trackers WHERE session_id = ? ORDER BY reaction_key"_s.arg(kColumns),
                         {sessionId}, u"cannot list the reaction trackers of %1"_s.arg(sessionId));
        !read)
        return read.error();
    QList<ReactionTracker> trackers;
    while (query.next())
        trackers.append(trackerFrom(query));
    return trackers;
}

Result<void> ReactionTrackerStore::remove(const QString &sql, const QVariantList &values, const QString &what)
{
    return inTransaction<void>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        return exec(db, query, sql, values, what);
    });
}

} // namespace flotilla
