#include "builtin_plugins.h"

#include "clone_workspace.h"
#include "plugin/plugin_registry.h"
#include "worktree_workspace.h"

using namespace Qt::StringLiterals;

namespace flotilla {

Result<void> registerBuiltinPlugins(PluginRegistry &registry)
{
    // Each built-in, by slot and the name the configuration uses for it.
    const QList<Result<void>> added = {
        registry.add<WorkspacePlugin, WorktreeWorkspace>(u"worktree"_s, u"a git worktree per session (libgit2)"_s),
        registry.add<WorkspacePlugin, CloneWorkspace>(u"clone"_s,
                                                      u"a clone per session sharing the main checkout's objects"_s),
    };
    for (const Result<void> &result : added) {
        if (!result)
            return result.error();
    }
    return {};
}

} // namespace flotilla
