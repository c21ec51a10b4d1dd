#include "config_locator.h"

#include "util/app_paths.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QStringList &repoFileNames()
{
    static const QStringList names = {u"flotilla.yaml"_s, u"flotilla.yml"_s, u"agent-orchestrator.yaml"_s,
                                      u"agent-orchestrator.yml"_s};
    return names;
}

QStringList legacyFiles()
{
    const QString home = QDir::homePath();
    return {home + u"/.agent-orchestrator.yaml"_s, home + u"/.agent-orchestrator.yml"_s,
            home + u"/.config/agent-orchestrator/config.yaml"_s};
}

QString canonical(const QString &path)
{
    const QFileInfo info(path);
    const QString resolved = info.canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : resolved;
}

} // namespace

QStringList ConfigLocator::globalRegistryCandidates()
{
    QStringList candidates;
    if (const QString fromEnv = qEnvironmentVariable("AO_GLOBAL_CONFIG"); !fromEnv.isEmpty())
        candidates << QFileInfo(fromEnv).absoluteFilePath();
    if (const QString xdg = qEnvironmentVariable("XDG_CONFIG_HOME"); !xdg.isEmpty())
        candidates << QDir(xdg).filePath(u"agent-orchestrator/config.yaml"_s);
    candidates << QDir::homePath() + u"/.agent-orchestrator/config.yaml"_s;
    return candidates;
}

QString ConfigLocator::globalRegistryFile()
{
    for (const QString &candidate : globalRegistryCandidates()) {
        if (QFileInfo(candidate).isFile())
            return QFileInfo(candidate).absoluteFilePath();
    }
    return QString();
}

bool ConfigLocator::isGlobalRegistryLocation(const QString &path)
{
    const QString wanted = canonical(path);
    for (const QString &candidate : globalRegistryCandidates()) {
        if (canonical(candidate) == wanted)
            return true;
    }
    return false;
}

QString ConfigLocator::projectFileIn(const QString &folder)
{
    for (const QString &name : repoFileNames()) {
        const QFileInfo candidate(QDir(folder).filePath(name));
        if (candidate.isFile())
            return candidate.absoluteFilePath();
    }
    return QString();
}

ConfigLocator::Found ConfigLocator::locate(const QString &explicitPath, const QString &workingDir)
{
    // An explicitly named file is returned even if missing, so the caller reports it by name
    // instead of silently falling back to the defaults.
    if (!explicitPath.isEmpty())
        return {QFileInfo(explicitPath).absoluteFilePath(), u"--config"_s};
    const QString fromEnv = qEnvironmentVariable("FLOTILLA_CONFIG");
    if (!fromEnv.isEmpty())
        return {QFileInfo(fromEnv).absoluteFilePath(), u"FLOTILLA_CONFIG"_s};
    // The reference tool sets AO_CONFIG_PATH for its agents, so a stale value is ignored
    // rather than fatal.
    if (const QString aoPath = qEnvironmentVariable("AO_CONFIG_PATH"); !aoPath.isEmpty() && QFileInfo(aoPath).isFile())
        return {QFileInfo(aoPath).absoluteFilePath(), u"AO_CONFIG_PATH"_s};

    QDir dir(workingDir.isEmpty() ? QDir::currentPath() : workingDir);
    while (true) {
        if (const QString found = projectFileIn(dir.absolutePath()); !found.isEmpty())
            return {found, u"found above the working directory"_s};
        if (!dir.cdUp())
            break;
    }

    const QFileInfo user(AppPaths::configDir() + u"/flotilla.yaml"_s);
    if (user.isFile())
        return {user.absoluteFilePath(), u"user configuration"_s};
    if (const QString global = globalRegistryFile(); !global.isEmpty())
        return {global, u"global registry"_s};
    for (const QString &legacy : legacyFiles()) {
        if (QFileInfo(legacy).isFile())
            return {QFileInfo(legacy).absoluteFilePath(), u"legacy global configuration"_s};
    }
    return {};
}

} // namespace flotilla
