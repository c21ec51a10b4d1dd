#include "workspace_paths.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

bool isPlainName(const QString &name)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9._-]+$"_s);
    return plain.match(name).hasMatch() && name != u"."_s && name != u".."_s;
}

// The real location of `path`, resolving symbolic links in the part that exists, so a link
// somewhere above cannot make an outside folder look as if it were under the root.
QString resolved(const QString &path)
{
    QString existing = QDir::cleanPath(QDir(path).absolutePath());
    QString rest;
    while (!QFileInfo::exists(existing)) {
        const QFileInfo info(existing);
        if (info.path() == existing)
            break;
        rest = rest.isEmpty() ? info.fileName() : info.fileName() + u'/' + rest;
        existing = info.path();
    }
    const QString canonical = QFileInfo(existing).canonicalFilePath();
    const QString base = canonical.isEmpty() ? existing : canonical;
    return rest.isEmpty() ? base : QDir::cleanPath(base + u'/' + rest);
}

} // namespace

Result<QString> WorkspacePaths::workspaceFor(const WorkspaceRequest &request) const
{
    if (!isPlainName(request.projectId) || !isPlainName(request.sessionId))
        return makeError(
            u"workspace.invalid_request"_s,
            u"project id \"%1\" and session id \"%2\" must be non-empty plain names (letters, digits, . _ -)"_s.arg(
                request.projectId, request.sessionId));
    if (request.branch.isEmpty())
        return makeError(u"workspace.invalid_request"_s, u"the session has no branch name"_s, request.sessionId);
    if (request.repositoryPath.isEmpty())
        return makeError(u"workspace.invalid_request"_s, u"the project has no repository path"_s, request.projectId);
    return QDir::cleanPath(m_root + u'/' + request.projectId + u'/' + request.sessionId);
}

Result<void> WorkspacePaths::checkRemovable(const QString &path) const
{
    const QString absolute = QDir::cleanPath(QDir(path).absolutePath());
    const QFileInfo info(absolute);
    const QString inside = resolved(info.path()) + u'/' + info.fileName();
    const QString root = resolved(m_root);
    // Exactly <root>/<project>/<session>: never the root, a project's folder or anything outside.
    if (path.isEmpty() || !inside.startsWith(root + u'/')
        || inside.mid(root.size() + 1).split(u'/', Qt::SkipEmptyParts).size() != 2)
        return makeError(u"workspace.outside_root"_s,
                         u"refusing to remove a folder that is not a workspace managed in %1"_s.arg(m_root), path);
    if (info.isSymLink())
        return makeError(u"workspace.outside_root"_s, u"refusing to remove a symbolic link as a workspace"_s, path);
    return {};
}

Result<void> WorkspacePaths::removeTree(const QString &path)
{
    // QDir::removeRecursively removes symbolic links as entries and never descends into them,
    // which matters because workspaces link files of the main checkout.
    if (QFileInfo::exists(path) && !QDir(path).removeRecursively())
        return makeError(u"workspace.remove_failed"_s, u"could not delete every file of the workspace"_s, path);
    return {};
}

} // namespace flotilla
