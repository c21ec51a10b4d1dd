#include "sql_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace flotilla::sqlsupport {

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFrom(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::utc());
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObjectFrom(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QString jsonText(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList stringListFrom(const QVariant &value)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
    for (const QJsonValue &item : array)
        list << item.toString();
    return list;
}

QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

Error sqlError(const QString &what, const QSqlError &error, const QSqlDatabase &db)
{
    return makeError(u"store.sql"_s, what + u": "_s + error.text(), db.databaseName());
}

Result<void> exec(const QSqlDatabase &db, QSqlQuery &query, const QString &sql, const QVariantList &values,
                  const QString &what)
{
    if (!db.isOpen())
        return makeError(u"store.closed"_s, u"the state store is not open"_s);
    if (!query.prepare(sql))
        return sqlError(what, query.lastError(), db);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(what, query.lastError(), db);
    return {};
}

Error corruptRow(const QString &table, const QString &key, const QString &detail, const QSqlDatabase &db)
{
    return makeError(u"store.corrupt"_s, u"%1 row %2 cannot be read: %3"_s.arg(table, key, detail), db.databaseName());
}

Transaction::Transaction(QSqlDatabase db) : m_db(std::move(db)) {}

Transaction::~Transaction()
{
    if (m_active) {
        QSqlQuery rollback(m_db);
        rollback.exec(u"ROLLBACK"_s);
    }
}

Result<void> Transaction::begin()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"BEGIN IMMEDIATE"_s))
        return sqlError(u"cannot start a write transaction"_s, query.lastError(), m_db);
    m_active = true;
    return {};
}

Result<void> Transaction::commit()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"COMMIT"_s))
        return sqlError(u"cannot commit"_s, query.lastError(), m_db);
    m_active = false;
    return {};
}

} // namespace flotilla::sqlsupport
