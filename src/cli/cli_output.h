#pragma once

#include "util/result.h"

#include <QJsonObject>
#include <QString>

namespace flotilla {

// flo's output: results to stdout (for pipes and --json), diagnostics to stderr.
void printOut(const QString &text);
void printErr(const QString &text);
void printJson(const QJsonObject &object);

// Prints the error (as JSON on stdout too when `json`) and returns flo's exit code for it:
// 3 when no Flotilla runs, 2 for bad usage, 1 otherwise.
int reportError(const Error &error, bool json);

} // namespace flotilla
