#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace flotilla::external {

// Values that must never appear in a log line: secrets from a plugin's settings and every
// environment value exchanged with it (runtime launches, spawn hooks). Whatever a plugin
// writes to stderr passes through here before it is logged or quoted in an error.
class LogRedactor final
{
public:
    // Shorter values are not treated as secrets: none is that short, and replacing every
    // "1" or "on" would make logs unreadable.
    static constexpr qsizetype kMinimumLength = 4;

    void addSecret(const QString &value);
    void addEnvironment(const QHash<QString, QString> &environment);
    // Values under keys that name a secret (token, secret, password, credential, *key), at any depth.
    void addSettings(const QJsonObject &settings);

    QString redact(QString text) const;

private:
    QStringList m_secrets; // longest first, so a secret containing another is hidden whole
};

} // namespace flotilla::external
