#pragma once

#include "config_loader.h"

#include <QJsonObject>
#include <QString>

namespace flotilla {

// How the effective configuration is shown to people and programs (`flo config check`, the
// API's config check). Secrets never appear in clear: a secret field shows its reference
// (`keychain:slack`, `ravi:mail`), `<from $VAR>` when it comes from the environment, or
// `<redacted>` when the value was written into the file.
QJsonObject redactedTree(const QJsonObject &tree);

// The redacted tree as YAML, keys in schema order.
QString effectiveYaml(const QJsonObject &redacted);

QJsonObject diagnosticToJson(const ConfigDiagnostic &diagnostic);

// {file, origin, shape, errors[], warnings[], effective{…}} with the effective tree redacted.
QJsonObject checkReport(const LoadedConfig &loaded);

} // namespace flotilla
