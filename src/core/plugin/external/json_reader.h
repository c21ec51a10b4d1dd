#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// After <QStringList>: enum_names.h returns one without including it.
#include "model/enum_names.h"

namespace flotilla::external {

// Reads one JSON object field by field for the fromJson() functions. Absent or null fields keep
// their defaults, because plugins written by hand omit what they do not know; a field of the
// wrong type is remembered (the first one only) with its path, so the error can say exactly
// what a plugin got wrong: "result.checks[1].status: expected one of pending, running, …".
class JsonReader final
{
public:
    JsonReader(const QJsonValue &value, QString path, QString &problem);

    bool ok() const { return m_problem.isEmpty(); }
    QString path(QStringView key) const { return m_path + u'.' + key; }
    void fail(QStringView key, const QString &expectation) const;
    bool has(QStringView key) const { return !field(key).isNull() && !field(key).isUndefined(); }

    QString string(QStringView key) const;
    QString requiredString(QStringView key) const;
    bool boolean(QStringView key) const;
    qint64 integer(QStringView key) const;
    double number(QStringView key) const;
    QDateTime time(QStringView key) const;
    QStringList strings(QStringView key) const;
    QJsonObject object(QStringView key) const;
    QHash<QString, QString> stringMap(QStringView key) const;

    template<typename E> std::optional<E> optionalEnum(QStringView key) const
    {
        const QString text = string(key);
        if (text.isEmpty())
            return std::nullopt;
        if (auto value = enumFromName<E>(text))
            return value;
        fail(key, QStringLiteral("expected one of ") + enumNames<E>().join(QStringLiteral(", ")));
        return std::nullopt;
    }

    template<typename E> E enumValue(QStringView key, E fallback) const
    {
        return optionalEnum<E>(key).value_or(fallback);
    }

    // Nested structs, lists and maps decode through the fromJson() overload of their type.
    template<typename T> void child(QStringView key, T &out) const
    {
        const QJsonValue value = field(key);
        if (value.isNull() || value.isUndefined())
            return;
        JsonReader reader(value, path(key), m_problem);
        if (reader.ok())
            fromJson(reader, out);
    }

    template<typename T> void list(QStringView key, QList<T> &out) const
    {
        const QJsonValue value = field(key);
        if (value.isNull() || value.isUndefined())
            return;
        if (!value.isArray())
            return fail(key, QStringLiteral("expected an array"));
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size() && ok(); ++i) {
            JsonReader reader(array.at(i), path(key) + u'[' + QString::number(i) + u']', m_problem);
            T item;
            if (reader.ok())
                fromJson(reader, item);
            out.append(std::move(item));
        }
    }

    template<typename T> void map(QStringView key, QHash<QString, T> &out) const
    {
        const QJsonValue value = field(key);
        if (value.isNull() || value.isUndefined())
            return;
        if (!value.isObject())
            return fail(key, QStringLiteral("expected an object"));
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end() && ok(); ++it) {
            JsonReader reader(it.value(), path(key) + u'.' + it.key(), m_problem);
            T item;
            if (reader.ok())
                fromJson(reader, item);
            out.insert(it.key(), std::move(item));
        }
    }

private:
    QJsonValue field(QStringView key) const { return m_object.value(key); }

    QJsonObject m_object;
    QString m_path;
    QString &m_problem;
};

// Dates travel as ISO 8601 in UTC with milliseconds; an unset date travels as null.
QJsonValue timeToJson(const QDateTime &time);
QJsonObject stringMapToJson(const QHash<QString, QString> &map);

// Decodes `value` into `out`; the problem with its path ("result.id: expected a string") if it
// does not fit.
template<typename T> std::optional<QString> decodeJson(const QJsonValue &value, T &out, const QString &path)
{
    QString problem;
    JsonReader reader(value, path, problem);
    if (reader.ok())
        fromJson(reader, out);
    if (problem.isEmpty())
        return std::nullopt;
    return problem;
}

} // namespace flotilla::external
