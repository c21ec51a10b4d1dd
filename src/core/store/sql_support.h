#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace flotilla::sqlsupport {

// Column encodings shared by every table: times are epoch milliseconds in UTC (NULL for "never"),
// JSON is compact text, enums are their enumName() text.
QVariant timeValue(const QDateTime &time);
QDateTime timeFrom(const QVariant &value);
QString jsonText(const QJsonObject &object);
QJsonObject jsonObjectFrom(const QVariant &value);
QString jsonText(const QStringList &list);
QStringList stringListFrom(const QVariant &value);
// QtSql binds a null QString as NULL; the schema wants '' for "no text".
QString text(const QString &value);

Error sqlError(const QString &what, const QSqlError &error, const QSqlDatabase &db);
// Prepares `sql` on `query`, binds `values` in order and runs it; a failure says what was being
// done and on which database file.
Result<void> exec(const QSqlDatabase &db, QSqlQuery &query, const QString &sql, const QVariantList &values,
                  const QString &what);
Error corruptRow(const QString &table, const QString &key, const QString &detail, const QSqlDatabase &db);

// One reserved write transaction. BEGIN IMMEDIATE takes the write lock up front, so two
// processes never both read a value and then race to write it (id reservation, first answer
// wins); the connection's busy_timeout makes the second one wait instead of failing.
// Rolls back on destruction unless committed.
class Transaction final
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    Result<void> begin();
    Result<void> commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

// Runs `work(db)` inside one Transaction and commits only if it succeeded.
template<typename T, typename Work> Result<T> inTransaction(const QSqlDatabase &db, Work &&work)
{
    if (!db.isOpen())
        return makeError(QStringLiteral("store.closed"), QStringLiteral("the state store is not open"));
    Transaction transaction(db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    Result<T> result = work(db);
    if (!result.ok())
        return result;
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return result;
}

} // namespace flotilla::sqlsupport
