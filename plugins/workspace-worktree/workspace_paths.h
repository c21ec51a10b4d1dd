#pragma once

#include "plugin/workspace_plugin.h"

#include <QString>

namespace flotilla {

// Where a managed workspace lives, and the guard that keeps removals inside the managed root.
class WorkspacePaths final
{
public:
    explicit WorkspacePaths(QString root) : m_root(std::move(root)) {}

    const QString &root() const { return m_root; }

    // <root>/<projectId>/<sessionId>, after checking the request names a session and a branch
    // with ids that are plain folder names.
    Result<QString> workspaceFor(const WorkspaceRequest &request) const;

    // Succeeds only for a workspace folder (<root>/<projectId>/<sessionId>) inside the root (following symbolic links
    // in its parents) that is not itself a symbolic link: the only paths the plugins ever delete.
    Result<void> checkRemovable(const QString &path) const;

    // Deletes `path` and everything under it without following symbolic links out of it.
    static Result<void> removeTree(const QString &path);

private:
    QString m_root;
};

} // namespace flotilla
