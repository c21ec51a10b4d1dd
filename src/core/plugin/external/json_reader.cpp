#include "json_reader.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla::external {

JsonReader::JsonReader(const QJsonValue &value, QString path, QString &problem)
    : m_object(value.toObject()), m_path(std::move(path)), m_problem(problem)
{
    if (!value.isObject() && m_problem.isEmpty())
        m_problem = m_path + u": expected an object"_s;
}

void JsonReader::fail(QStringView key, const QString &expectation) const
{
    if (m_problem.isEmpty())
        m_problem = path(key) + u": "_s + expectation;
}

QString JsonReader::string(QStringView key) const
{
    const QJsonValue value = field(key);
    if (value.isString())
        return value.toString();
    if (!value.isNull() && !value.isUndefined())
        fail(key, u"expected a string"_s);
    return QString();
}

QString JsonReader::requiredString(QStringView key) const
{
    const QJsonValue value = field(key);
    if (!value.isString() || value.toString().isEmpty()) {
        fail(key, u"expected a non-empty string"_s);
        return QString();
    }
    return value.toString();
}

bool JsonReader::boolean(QStringView key) const
{
    const QJsonValue value = field(key);
    if (value.isBool())
        return value.toBool();
    if (!value.isNull() && !value.isUndefined())
        fail(key, u"expected true or false"_s);
    return false;
}

qint64 JsonReader::integer(QStringView key) const
{
    const QJsonValue value = field(key);
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::floor(number) == number && std::abs(number) < 9.0e15)
            return static_cast<qint64>(number);
    }
    if (!value.isNull() && !value.isUndefined())
        fail(key, u"expected an integer"_s);
    return 0;
}

double JsonReader::number(QStringView key) const
{
    const QJsonValue value = field(key);
    if (value.isDouble())
        return value.toDouble();
    if (!value.isNull() && !value.isUndefined())
        fail(key, u"expected a number"_s);
    return 0.0;
}

QDateTime JsonReader::time(QStringView key) const
{
    const QString text = string(key);
    if (text.isEmpty())
        return QDateTime();
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        fail(key, u"expected an ISO 8601 date and time"_s);
    return time;
}

QStringList JsonReader::strings(QStringView key) const
{
    const QJsonValue value = field(key);
    if (value.isNull() || value.isUndefined())
        return {};
    QStringList result;
    const QJsonArray array = value.toArray();
    bool allStrings = value.isArray();
    for (const QJsonValue &item : array) {
        allStrings = allStrings && item.isString();
        result << item.toString();
    }
    if (!allStrings)
        fail(key, u"expected an array of strings"_s);
    return result;
}

QJsonObject JsonReader::object(QStringView key) const
{
    const QJsonValue value = field(key);
    if (!value.isObject() && !value.isNull() && !value.isUndefined())
        fail(key, u"expected an object"_s);
    return value.toObject();
}

QHash<QString, QString> JsonReader::stringMap(QStringView key) const
{
    QHash<QString, QString> result;
    const QJsonObject map = object(key);
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it.value().isString()) {
            fail(key, u"expected an object of strings"_s);
            return {};
        }
        result.insert(it.key(), it.value().toString());
    }
    return result;
}

QJsonValue timeToJson(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject stringMapToJson(const QHash<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.begin(); it != map.end(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace flotilla::external
