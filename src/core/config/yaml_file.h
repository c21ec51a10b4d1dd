#pragma once

#include "util/result.h"

#include <QString>

#include <yaml-cpp/yaml.h>

namespace flotilla {

// Reads a YAML file into a yaml-cpp node. yaml-cpp reports errors by exception; they stop
// here and come back as an Error whose context is "file:line:column", so no exception crosses
// the config boundary.
Result<YAML::Node> loadYamlFile(const QString &path);
Result<YAML::Node> parseYaml(const QByteArray &text, const QString &nameForErrors);

// "file:line:column" for a node (yaml-cpp counts from 0, people from 1).
QString yamlLocation(const QString &file, const YAML::Mark &mark);

} // namespace flotilla
