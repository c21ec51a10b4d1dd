#include "config_locator.h"

#include "util/app_paths.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace flotilla {

ConfigLocator::Found ConfigLocator::locate(const QString &explicitPath, const QString &workingDir)
{
    // An explicitly named file is returned even if missing, so the caller reports it by name
    // instead of silently falling back to the defaults.
    if (!explicitPath.isEmpty())
        return {QFileInfo(explicitPath).absoluteFilePath(), u"--config"_s};
    const QString fromEnv = qEnvironmentVariable("FLOTILLA_CONFIG");
    if (!fromEnv.isEmpty())
        return {QFileInfo(fromEnv).absoluteFilePath(), u"FLOTILLA_CONFIG"_s};

    static const QStringList kRepoNames = {u"flotilla.yaml"_s, u"flotilla.yml"_s, u"agent-orchestrator.yaml"_s,
                                           u"agent-orchestrator.yml"_s};
    QDir dir(workingDir.isEmpty() ? QDir::currentPath() : workingDir);
    while (true) {
        for (const QString &name : kRepoNames) {
            const QFileInfo candidate(dir.filePath(name));
            if (candidate.isFile())
                return {candidate.absoluteFilePath(), u"found above the working directory"_s};
        }
        if (!dir.cdUp())
            break;
    }

    const QFileInfo user(AppPaths::configDir() + u"/flotilla.yaml"_s);
    if (user.isFile())
        return {user.absoluteFilePath(), u"user configuration"_s};
    return {};
}

} // namespace flotilla
