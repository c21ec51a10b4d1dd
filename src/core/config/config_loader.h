#pragma once

#include "config_diagnostic.h"
#include "config_model.h"
#include "env_expansion.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace YAML {
class Node;
}

namespace flotilla {

// The three file shapes of the reference tool (plus "no file").
enum class ConfigShape {
    None,    // no file: built-in defaults
    Wrapped, // a repository file with `projects:`
    Flat,    // a repository file without `projects:`: one project's keys
    Global,  // the global registry: projects by identity, each merged with its own flat file
};
QString shapeName(ConfigShape shape);

struct LoadedConfig
{
    QString file; // empty when no file was found
    QString origin;
    ConfigShape shape = ConfigShape::None;
    Config config;
    // The effective configuration as JSON: defaults applied, reactions merged, secrets still
    // references. Render it with effective_config.h, which redacts.
    QJsonObject tree;
    QList<ConfigDiagnostic> diagnostics;

    QList<ConfigDiagnostic> errors() const;
    QList<ConfigDiagnostic> warnings() const;
    bool hasErrors() const { return !errors().isEmpty(); }
    // Errors outside degraded projects: the configuration as a whole cannot be used.
    std::optional<ConfigDiagnostic> firstFatalError() const;
};

struct ConfigLoadOptions
{
    EnvironmentLookup environment = processEnvironment();
    // The global registry a flat file takes its identity from: nullopt looks it up
    // (ConfigLocator::globalRegistryFile), an empty string means there is none.
    std::optional<QString> globalRegistry;
    // Global shape: merge each project's own file (off for the fuzzer, which must not read
    // files its input names).
    bool readProjectFiles = true;
};

// Loads the configuration. Never throws and never stops at the first problem: every error and
// warning ends up in LoadedConfig::diagnostics with its file:line:column.
class ConfigLoader final
{
public:
    using Options = ConfigLoadOptions;

    // Looks the file up (ConfigLocator) and loads it; built-in defaults when there is none.
    static LoadedConfig locateAndLoad(const QString &explicitPath, const QString &workingDir,
                                      const Options &options = Options());
    static LoadedConfig loadFile(const QString &path, const Options &options = Options());
    // `text` as if read from `fileName` (its folder anchors relative paths). The shape follows
    // from the content unless `shape` says otherwise.
    static LoadedConfig loadText(const QByteArray &text, const QString &fileName, std::optional<ConfigShape> shape,
                                 const Options &options = Options());
    // An already parsed document (AppSettings::fromYaml).
    static LoadedConfig loadDocument(const YAML::Node &root, const QString &fileName,
                                     const Options &options = Options());
    static LoadedConfig defaults(const Options &options = Options());
};

} // namespace flotilla
