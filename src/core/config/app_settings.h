#pragma once

#include "util/result.h"

#include <QString>

namespace YAML {
class Node;
}

namespace flotilla {

// The settings the running instance itself needs before any project is loaded: where the
// local API listens. Defaults are embedded so the app runs with no file at all.
struct AppSettings
{
    static constexpr int kDefaultPort = 3000;

    int port = kDefaultPort;
    QString configFile; // empty when running on the embedded defaults

    // Reads the top-level keys it owns from a parsed config; other keys belong to the project
    // configuration and are left alone here.
    static Result<AppSettings> fromYaml(const YAML::Node &root, const QString &file);
    // Locates (see ConfigLocator), parses and reads the configuration.
    static Result<AppSettings> load(const QString &explicitPath, const QString &workingDir);
};

// Parses a TCP port given on a command line or in the environment ("0" picks a free port).
Result<int> parsePort(const QString &text, const QString &context);

} // namespace flotilla
