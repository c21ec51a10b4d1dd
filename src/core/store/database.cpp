#include "database.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct Migration
{
    int version;
    const char *description;
    std::array<const char *, 4> statements;
};

// Append only: a released migration is never edited, a new one is added with the next number.
constexpr Migration kMigrations[] = {
    {1,
     "application metadata",
     {"CREATE TABLE app_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)", nullptr, nullptr, nullptr}},
};

Error sqlError(const QString &what, const QSqlError &error, const QString &path)
{
    return makeError(u"store.sql"_s, what + u": "_s + error.text(), path);
}

} // namespace

Database::~Database()
{
    close();
}

Result<void> Database::open(const QString &path)
{
    close();
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(u"store.mkdir"_s, u"cannot create the folder for the database"_s, info.absolutePath());

    m_connectionName = u"flotilla-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_path = info.absoluteFilePath();
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!db.isValid()) {
        QSqlDatabase::removeDatabase(m_connectionName);
        m_connectionName.clear();
        return makeError(u"store.driver"_s, u"the Qt SQLite driver (QSQLITE) is not available"_s);
    }
    db.setDatabaseName(m_path);
    if (!db.open()) {
        const Error error = sqlError(u"cannot open the database"_s, db.lastError(), m_path);
        close();
        return error;
    }
    if (auto configured = configure(); !configured) {
        close();
        return configured.error();
    }
    if (auto migrated = migrate(); !migrated) {
        close();
        return migrated.error();
    }
    return {};
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool Database::isOpen() const
{
    return !m_connectionName.isEmpty() && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<void> Database::configure()
{
    QSqlQuery query(connection());
    // WAL: readers never block the writer and a crash keeps every committed transaction.
    // busy_timeout: another process of ours (flo, a second launch) may hold the lock briefly.
    const char *pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                             "PRAGMA busy_timeout=5000"};
    for (const char *pragma : pragmas) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return sqlError(QString::fromLatin1(pragma), query.lastError(), m_path);
    }
    if (journalMode() != u"wal"_s)
        return makeError(u"store.wal"_s,
                         u"SQLite refused write-ahead logging (journal mode is %1)"_s.arg(journalMode()), m_path);
    return {};
}

Result<void> Database::migrate()
{
    QSqlDatabase db = connection();
    const int current = schemaVersion();
    if (current > latestSchemaVersion())
        return makeError(u"store.too_new"_s,
                         u"the database has schema version %1, newer than this build of Flotilla understands (%2); "
                         "update Flotilla"_s.arg(current)
                             .arg(latestSchemaVersion()),
                         m_path);
    for (const Migration &migration : kMigrations) {
        if (migration.version <= current)
            continue;
        if (!db.transaction())
            return sqlError(u"cannot start migration %1"_s.arg(migration.version), db.lastError(), m_path);
        QSqlQuery query(db);
        for (const char *statement : migration.statements) {
            if (!statement)
                break;
            if (!query.exec(QString::fromUtf8(statement))) {
                const Error error = sqlError(
                    u"migration %1 (%2) failed"_s.arg(migration.version).arg(QString::fromUtf8(migration.description)),
                    query.lastError(), m_path);
                db.rollback();
                return error;
            }
        }
        if (!query.exec(u"PRAGMA user_version=%1"_s.arg(migration.version)) || !db.commit()) {
            const Error error =
                sqlError(u"cannot record migration %1"_s.arg(migration.version), db.lastError(), m_path);
            db.rollback();
            return error;
        }
    }
    return {};
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int Database::latestSchemaVersion()
{
    return std::end(kMigrations)[-1].version;
}

QString Database::journalMode() const
{
    QSqlQuery query(connection());
    if (!query.exec(u"PRAGMA journal_mode"_s) || !query.next())
        return {};
    return query.value(0).toString().toLower();
}

Result<QString> Database::metaValue(const QString &key) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT value FROM app_meta WHERE key = ?"_s);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(u"cannot read metadata"_s, query.lastError(), m_path);
    return query.next() ? query.value(0).toString() : QString();
}

Result<void> Database::setMetaValue(const QString &key, const QString &value)
{
    QSqlQuery query(connection());
    query.prepare(u"INSERT INTO app_meta(key, value) VALUES(?, ?) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return sqlError(u"cannot write metadata"_s, query.lastError(), m_path);
    return {};
}

} // namespace flotilla
