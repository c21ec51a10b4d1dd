#include "log_redactor.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::external {

namespace {

bool namesSecret(const QString &key)
{
    const QString lower = key.toLower();
    for (const auto word : {u"token", u"secret", u"password", u"passwd", u"credential", u"apikey", u"api_key"}) {
        if (lower.contains(word))
            return true;
    }
    return lower.endsWith(u"key");
}

void collect(const QJsonValue &value, bool secret, LogRedactor &redactor)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collect(it.value(), secret || namesSecret(it.key()), redactor);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            collect(item, secret, redactor);
    } else if (secret && value.isString()) {
        redactor.addSecret(value.toString());
    }
}

} // namespace

void LogRedactor::addSecret(const QString &value)
{
    if (value.size() < kMinimumLength || m_secrets.contains(value))
        return;
    const auto position = std::lower_bound(m_secrets.begin(), m_secrets.end(), value,
                                           [](const QString &a, const QString &b) { return a.size() > b.size(); });
    m_secrets.insert(position, value);
}

void LogRedactor::addEnvironment(const QHash<QString, QString> &environment)
{
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        addSecret(it.value());
}

void LogRedactor::addSettings(const QJsonObject &settings)
{
    collect(settings, false, *this);
}

QString LogRedactor::redact(QString text) const
{
    for (const QString &secret : m_secrets)
        text.replace(secret, u"[redacted]"_s);
    return text;
}

} // namespace flotilla::external
