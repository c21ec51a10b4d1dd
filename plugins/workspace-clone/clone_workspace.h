#pragma once

#include "plugin/workspace_plugin.h"
#include "workspace_settings.h"

namespace flotilla {

// One full clone per session at <root>/<projectId>/<sessionId> that borrows the main checkout's
// objects (like `git clone --reference`) and pushes to the main checkout's origin. For projects
// whose tools do not cope with linked worktrees. Settings: "root" (default <data dir>/clones),
// "token" (https fetches), "postCreateTimeoutMs" (default ten minutes per command).
class CloneWorkspace final : public WorkspacePlugin
{
public:
    explicit CloneWorkspace(const PluginSettings &settings);

    QString name() const override;
    Async<WorkspaceInfo> create(const WorkspaceRequest &request) override;
    // Deletes the clone; what the session pushed stays on the remote.
    Async<void> destroy(const QString &path) override;
    bool exists(const QString &path) const override;
    // Clones again on the session's branch as the main checkout knows it (local, else origin's).
    Async<WorkspaceInfo> restore(const WorkspaceRequest &request) override;

private:
    WorkspaceSettings m_settings;
};

} // namespace flotilla
