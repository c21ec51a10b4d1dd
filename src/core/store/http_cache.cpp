#include "http_cache.h"

#include "database.h"
#include "sql_support.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

HttpCache::HttpCache(Database &database) : m_database(database) {}

Result<std::optional<HttpCacheEntry>> HttpCache::get(const QString &key) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query,
                         u"SELECT key, url, etag, last_modified, status, body, fetched_at FROM http_cache "
                         "WHERE key = ?"_s,
                         {key}, u"cannot read the HTTP cache"_s);
        !read)
        return read.error();
    if (!query.next())
        return std::optional<HttpCacheEntry>();
    return std::optional<HttpCacheEntry>(HttpCacheEntry{
        query.value(0).toString(), query.value(1).toString(), query.value(2).toString(), query.value(3).toString(),
        query.value(4).toInt(), query.value(5).toByteArray(), timeFrom(query.value(6))});
}

Result<void> HttpCache::put(const HttpCacheEntry &entry)
{
    if (entry.key.isEmpty())
        return makeError(u"store.invalid_cache_entry"_s, u"an HTTP cache entry needs a key"_s);
    const QDateTime fetchedAt = entry.fetchedAt.isValid() ? entry.fetchedAt : QDateTime::currentDateTimeUtc();
    return inTransaction<void>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        return exec(db, query,
                    u"INSERT INTO http_cache(key, url, etag, last_modified, status, body, fetched_at) "
                    "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET url = excluded.url, "
                    "etag = excluded.etag, last_modified = excluded.last_modified, status = excluded.status, "
                    "body = excluded.body, fetched_at = excluded.fetched_at"_s,
                    {entry.key, text(entry.url), text(entry.etag), text(entry.lastModified), entry.status, entry.body,
                     timeValue(fetchedAt)},
                    u"cannot write the HTTP cache"_s);
    });
}

Result<int> HttpCache::prune(const QDateTime &olderThan)
{
    return inTransaction<int>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<int> {
        QSqlQuery query(db);
        if (auto removed = exec(db, query, u"DELETE FROM http_cache WHERE fetched_at < ?"_s, {timeValue(olderThan)},
                                u"cannot prune the HTTP cache"_s);
            !removed)
            return removed.error();
        return query.numRowsAffected();
    });
}

} // namespace flotilla
