#pragma once

#include <QString>

namespace flotilla {

// flo's output: results to stdout (for pipes and --json), diagnostics to stderr.
void printOut(const QString &text);
void printErr(const QString &text);

} // namespace flotilla
