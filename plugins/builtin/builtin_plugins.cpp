#include "builtin_plugins.h"

#include "plugin/plugin_registry.h"

using namespace Qt::StringLiterals;

namespace flotilla {

Result<void> registerBuiltinPlugins([[maybe_unused]] PluginRegistry &registry)
{
    // Each built-in, by slot and the name the configuration uses for it.
    const QList<Result<void>> added = {
    };
    for (const Result<void> &result : added) {
        if (!result)
            return result.error();
    }
    return {};
}

} // namespace flotilla
