#pragma once

#include "plugin/workspace_plugin.h"
#include "workspace_settings.h"

namespace flotilla {

// One linked git worktree per session at <root>/<projectId>/<sessionId>, made with libgit2 on a
// worker thread. Settings: "root" (default <data dir>/worktrees), "token" (https fetches),
// "postCreateTimeoutMs" (default ten minutes per command).
class WorktreeWorkspace final : public WorkspacePlugin
{
public:
    explicit WorktreeWorkspace(const PluginSettings &settings);

    QString name() const override;
    Async<WorkspaceInfo> create(const WorkspaceRequest &request) override;
    // Removes the files and the worktree entry; the branch stays, holding the session's work.
    Async<void> destroy(const QString &path) override;
    bool exists(const QString &path) const override;
    // Checks the session's existing branch (local, else origin's) out again.
    Async<WorkspaceInfo> restore(const WorkspaceRequest &request) override;

private:
    WorkspaceSettings m_settings;
};

} // namespace flotilla
