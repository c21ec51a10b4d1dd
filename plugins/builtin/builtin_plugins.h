#pragma once

#include "util/result.h"

namespace flotilla {

class PluginRegistry;

// Adds every plugin built into this program to `registry`: one explicit call at start-up, so
// what exists is visible in one place and nothing registers itself behind the program's back.
Result<void> registerBuiltinPlugins(PluginRegistry &registry);

} // namespace flotilla
