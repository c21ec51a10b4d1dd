#pragma once

#include "config/env_expansion.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QString>

namespace flotilla::test {

inline QString writeConfigFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    return QFileInfo(path).absoluteFilePath();
}

// Sets (or, with a null value, unsets) environment variables for one test and restores them,
// for the variables IsolatedEnvironment does not cover: HOME and the reference tool's.
class ScopedVariables final
{
public:
    ScopedVariables() = default;
    ~ScopedVariables()
    {
        for (auto it = m_saved.cbegin(); it != m_saved.cend(); ++it) {
            if (it.value().isNull())
                qunsetenv(it.key().constData());
            else
                qputenv(it.key().constData(), it.value());
        }
    }
    ScopedVariables(const ScopedVariables &) = delete;
    ScopedVariables &operator=(const ScopedVariables &) = delete;

    void set(const QByteArray &name, const QString &value)
    {
        remember(name);
        if (value.isNull())
            qunsetenv(name.constData());
        else
            qputenv(name.constData(), value.toLocal8Bit());
    }

    // A private HOME and none of the reference tool's variables, so the real user's files
    // never take part.
    void isolateFrom(const QString &root)
    {
        QDir().mkpath(root + QStringLiteral("/home"));
        set("HOME", root + QStringLiteral("/home"));
        set("AO_CONFIG_PATH", QString());
        set("AO_GLOBAL_CONFIG", QString());
    }

private:
    void remember(const QByteArray &name)
    {
        if (!m_saved.contains(name))
            m_saved.insert(name, qgetenv(name.constData()));
    }

    QHash<QByteArray, QByteArray> m_saved;
};

// An "environment" holding exactly `values`.
inline EnvironmentLookup fixedEnvironment(const QHash<QString, QString> &values)
{
    return [values](const QString &name) -> std::optional<QString> {
        if (!values.contains(name))
            return std::nullopt;
        return values.value(name);
    };
}

} // namespace flotilla::test
