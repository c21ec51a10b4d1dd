#include "app_paths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flotilla {

QString AppPaths::applicationName()
{
    return u"flotilla"_s;
}

namespace {

QString &dataDirOverride()
{
    static QString path;
    return path;
}

} // namespace

// Built from the generic locations, not App*Location, so every binary (flotilla, flo, the
// tests) resolves the same folders whatever its own application name.
QString AppPaths::dataDir()
{
    if (!dataDirOverride().isEmpty())
        return dataDirOverride();
    return defaultDataDir();
}

QString AppPaths::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/"_s + applicationName();
}

void AppPaths::setDataDir(const QString &path)
{
    dataDirOverride() = path;
}

QString AppPaths::configDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/"_s + applicationName();
}

QString AppPaths::runtimeDir()
{
    // RuntimeLocation is shared by every program of the user; keep ours in a subfolder.
    QString base = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (base.isEmpty())
        base = QDir::tempPath();
    return base + u"/"_s + applicationName();
}

QString AppPaths::databaseFile()
{
    return dataDir() + u"/flotilla.db"_s;
}

QString AppPaths::headlessLogFile()
{
    return dataDir() + u"/headless.log"_s;
}

QString AppPaths::apiTokenFile()
{
    return configDir() + u"/api-token"_s;
}

QString AppPaths::instanceFile()
{
    return runtimeDir() + u"/instance.json"_s;
}

QString AppPaths::instanceLockFile()
{
    return runtimeDir() + u"/instance.lock"_s;
}

QString AppPaths::instanceSocketName()
{
#ifdef Q_OS_WIN
    // Named pipes live in one global namespace: make the name unique per user and data dir.
    const QByteArray key = (qEnvironmentVariable("USERNAME") + dataDir()).toUtf8();
    return u"flotilla-"_s
           + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
#else
    return runtimeDir() + u"/instance.sock"_s;
#endif
}

bool AppPaths::ensurePrivateDir(const QString &dir)
{
    if (!QDir().mkpath(dir))
        return false;
    return QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

} // namespace flotilla
