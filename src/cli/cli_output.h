#pragma once

#include "util/result.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace flotilla {

// flo's output: results to stdout (for pipes and --json), diagnostics to stderr.
void printOut(const QString &text);
void printErr(const QString &text);
void printJson(const QJsonObject &object);

// Prints the error (as JSON on stdout too when `json`) and returns flo's exit code for it:
// 3 when no Flotilla runs, 2 for bad usage, 1 otherwise.
int reportError(const Error &error, bool json);

// The answer handler of a read or change: the error reported, the JSON printed with --json, or
// `human` printing it for people and returning the exit code.
std::function<void(Result<QJsonObject>)> printed(bool json, const std::function<void(int)> &finished,
                                                 const std::function<int(const QJsonObject &)> &human);

} // namespace flotilla
