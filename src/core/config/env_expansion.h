#pragma once

#include "util/result.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace flotilla {

// Reads one environment variable; nullopt when it is not set. The loader takes this as a
// parameter so tests and the fuzzer decide what the "environment" holds.
using EnvironmentLookup = std::function<std::optional<QString>(const QString &name)>;

// The process environment.
EnvironmentLookup processEnvironment();

// Expands `${VAR}` and `${VAR:-default}` (the default applies when VAR is unset or empty, as in
// sh). `$${` stands for a literal `${`. An unset variable without a default is an error
// (code config.env) whose message names the variable.
Result<QString> expandEnvironment(const QString &text, const EnvironmentLookup &environment);

// The variables `${…}` in `text` refers to, in order of appearance.
QStringList referencedVariables(const QString &text);

} // namespace flotilla
