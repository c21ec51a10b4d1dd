#include "app_settings.h"

#include "config_loader.h"
#include "config_locator.h"

#include <QFileInfo>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Warnings and problems confined to one degraded project do not stop the instance; any other
// error does, with its file:line:column.
Result<AppSettings> fromLoaded(const LoadedConfig &loaded, const QString &file)
{
    if (const std::optional<ConfigDiagnostic> fatal = loaded.firstFatalError())
        return fatal->toError();
    AppSettings settings;
    settings.port = loaded.config.port;
    settings.configFile = file;
    return settings;
}

} // namespace

Result<int> parsePort(const QString &text, const QString &context)
{
    bool ok = false;
    const int port = text.trimmed().toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return makeError(u"config.port"_s, u"\"%1\" is not a TCP port (0-65535)"_s.arg(text), context);
    return port;
}

Result<AppSettings> AppSettings::fromYaml(const YAML::Node &root, const QString &file)
{
    return fromLoaded(ConfigLoader::loadDocument(root, file), file);
}

Result<AppSettings> AppSettings::load(const QString &explicitPath, const QString &workingDir)
{
    const ConfigLocator::Found found = ConfigLocator::locate(explicitPath, workingDir);
    if (found.path.isEmpty())
        return AppSettings{};
    if (!QFileInfo(found.path).isFile())
        return makeError(u"config.missing"_s,
                         u"the configuration file does not exist (named by %1)"_s.arg(found.origin), found.path);
    return fromLoaded(ConfigLoader::loadFile(found.path), found.path);
}

} // namespace flotilla
