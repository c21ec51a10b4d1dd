#include "app_settings.h"

#include "config_locator.h"
#include "yaml_file.h"

#include <QFileInfo>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace flotilla {

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
    AppSettings settings;
    settings.configFile = file;
    if (!root || root.IsNull())
        return settings; // an empty file means "all defaults"
    if (!root.IsMap())
        return makeError(u"config.shape"_s, u"the configuration must be a mapping of keys to values"_s,
                         yamlLocation(file, root.Mark()));

    if (const YAML::Node port = root["port"]) {
        const QString where = yamlLocation(file, port.Mark());
        if (!port.IsScalar())
            return makeError(u"config.port"_s, u"port: expected a number from 1 to 65535"_s, where);
        bool ok = false;
        const int value = QString::fromStdString(port.Scalar()).toInt(&ok);
        if (!ok || value < 1 || value > 65535)
            return makeError(u"config.port"_s,
                             u"port: \"%1\" is not a TCP port (1-65535)"_s.arg(QString::fromStdString(port.Scalar())),
                             where);
        settings.port = value;
    }
    return settings;
}

Result<AppSettings> AppSettings::load(const QString &explicitPath, const QString &workingDir)
{
    const ConfigLocator::Found found = ConfigLocator::locate(explicitPath, workingDir);
    if (found.path.isEmpty())
        return AppSettings{};
    if (!QFileInfo(found.path).isFile())
        return makeError(u"config.missing"_s,
                         u"the configuration file does not exist (named by %1)"_s.arg(found.origin), found.path);
    auto document = loadYamlFile(found.path);
    if (!document)
        return document.error();
    return fromYaml(document.value(), found.path);
}

} // namespace flotilla
