#pragma once

#include "util/result.h"

#include <QSqlDatabase>
#include <QString>

namespace flotilla {

// The state store: one SQLite file in WAL mode (readers never block the writer, and a crash
// leaves the last committed transaction intact), brought to the current schema by numbered
// migrations that each run in their own transaction.
class Database final
{
public:
    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if needed) the database at `path` and applies pending migrations.
    Result<void> open(const QString &path);
    void close();

    bool isOpen() const;
    QString path() const { return m_path; }
    QSqlDatabase connection() const;

    // Schema version after migrations; the newest this build knows is latestSchemaVersion().
    int schemaVersion() const;
    static int latestSchemaVersion();

    // The journal mode SQLite reports ("wal" once open).
    QString journalMode() const;

    Result<QString> metaValue(const QString &key) const;
    Result<void> setMetaValue(const QString &key, const QString &value);

private:
    Result<void> configure();
    Result<void> migrate();

    QString m_connectionName;
    QString m_path;
};

} // namespace flotilla
