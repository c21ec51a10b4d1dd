#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace flotilla {

class Database;

// A stored HTTP response, kept for conditional requests (If-None-Match / If-Modified-Since):
// a 304 costs nothing against GitHub's rate limit and the body is served from here.
struct HttpCacheEntry
{
    QString key; // the request's identity (method, URL, the parts of the headers that vary)
    QString url;
    QString etag;
    QString lastModified;
    int status = 0;
    QByteArray body;
    QDateTime fetchedAt;
};

class HttpCache final
{
public:
    explicit HttpCache(Database &database);
    HttpCache(const HttpCache &) = delete;
    HttpCache &operator=(const HttpCache &) = delete;

    Result<std::optional<HttpCacheEntry>> get(const QString &key) const;
    // Replaces any entry with the same key.
    Result<void> put(const HttpCacheEntry &entry);
    // Drops entries fetched before `olderThan`; returns how many.
    Result<int> prune(const QDateTime &olderThan);

private:
    Database &m_database;
};

} // namespace flotilla
