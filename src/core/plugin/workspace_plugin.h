#pragma once

#include "plugin_common.h"

#include <QStringList>

namespace flotilla {

struct WorkspaceRequest
{
    QString projectId;
    QString repositoryPath; // the project's main checkout
    QString sessionId;
    QString branch;
    QString baseBranch;
    QStringList symlinks;   // repo-relative paths linked into the workspace
    QStringList postCreate; // shell commands run in the new workspace
};

struct WorkspaceInfo
{
    QString path;
    QString branch;
};

class WorkspacePlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Workspace;
    PluginSlot slot() const final { return kSlot; }

    virtual Async<WorkspaceInfo> create(const WorkspaceRequest &request) = 0;
    virtual Async<void> destroy(const QString &path) = 0;
    virtual bool exists(const QString &path) const = 0;
    // Re-creates a workspace whose folder is gone from its branch (for restore).
    virtual Async<WorkspaceInfo> restore(const WorkspaceRequest &request) = 0;
};

} // namespace flotilla
