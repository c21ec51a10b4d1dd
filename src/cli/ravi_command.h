#pragma once

#include <QStringList>

#include <functional>

namespace flotilla {

// `flo ravi login|set-key|status`: the Ravi management key, kept in the OS keychain (item
// "ravi"), where Flotilla looks for it when the configuration names no other. Needs no running
// Flotilla. The key is never an argument: `set-key` reads it from standard input.
void runRaviCommand(const QStringList &arguments, const std::function<void(int)> &finished);

} // namespace flotilla
