#include "worktree_workspace.h"

#include "git/git_branch.h"
#include "git/git_checkout.h"
#include "git/git_handle.h"
#include "git/git_remote.h"
#include "git/git_worktree.h"
#include "workspace_jobs.h"
#include "workspace_paths.h"
#include "workspace_setup.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kRemote = u"origin"_s;
// Written in each project's folder under the root: which repository its worktrees belong to,
// so a worktree whose folder someone already deleted can still be pruned from that repository.
const QString kRepositoryMarker = u".repository"_s;

Error workspaceError(const Error &cause, const QString &code)
{
    return makeError(code, cause.message, cause.context);
}

void rememberRepository(const QString &projectFolder, const QString &commonDir)
{
    QFile marker(projectFolder + u'/' + kRepositoryMarker);
    if (marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
        marker.write(commonDir.toUtf8());
}

QString rememberedRepository(const QString &projectFolder)
{
    QFile marker(projectFolder + u'/' + kRepositoryMarker);
    return marker.open(QIODevice::ReadOnly) ? QString::fromUtf8(marker.readAll()).trimmed() : QString();
}

// Removes what a failed create or restore made: the folder, the worktree entry and, when this
// call created it, the branch.
void undoWorktree(git_repository *repository, const QString &name, const QString &path, const QString &branch,
                  bool branchCreated)
{
    const auto lock = WorkspaceJobs::lockRepository(gitCommonDir(repository));
    (void)WorkspacePaths::removeTree(path);
    (void)pruneGitWorktree(repository, name);
    if (branchCreated)
        (void)deleteGitBranch(repository, branch);
}

Result<void> fillWorktree(const QString &path)
{
    auto worktree = openGitRepository(path);
    if (!worktree)
        return worktree.error();
    if (auto filled = checkoutFreshWorkTree(worktree->get()); !filled)
        return filled.error();
    return {};
}

Result<WorkspaceInfo> makeWorktree(const WorkspaceRequest &request, const WorkspaceSettings &settings, bool restoring)
{
    const WorkspacePaths paths(settings.root);
    auto planned = paths.workspaceFor(request);
    if (!planned)
        return planned.error();
    const QString path = planned.value();
    if (auto valid = WorkspaceSetup::checkSymlinks(request.symlinks); !valid)
        return valid.error();
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink()) {
        if (restoring && isGitWorktree(path))
            return WorkspaceInfo{path, request.branch};
        return makeError(u"workspace.exists"_s,
                         u"a folder already exists where the workspace would go; remove it or pick another session"_s,
                         path);
    }

    auto opened = openGitRepository(request.repositoryPath);
    if (!opened)
        return workspaceError(opened.error(), u"workspace.repository"_s);
    git_repository *repository = opened->get();
    const QString mainCheckout = gitWorkDir(repository);
    if (mainCheckout.isEmpty())
        return makeError(u"workspace.repository"_s, u"the project's repository is bare; worktrees need a checkout"_s,
                         request.repositoryPath);
    const QString commonDir = gitCommonDir(repository);

    bool branchCreated = false;
    {
        auto lock = WorkspaceJobs::lockRepository(commonDir);
        auto url = gitRemoteUrl(repository, kRemote);
        if (url && !url->isEmpty()) {
            // Offline or unreachable is not a failure: the session starts from what is here.
            (void)gitFetchBranches(repository, kRemote, {request.baseBranch, request.branch},
                                   GitFetchCredentials{settings.token});
        }
        auto plan = planGitBranch(repository, request.branch, request.baseBranch, kRemote, !restoring);
        if (!plan)
            return workspaceError(plan.error(), plan.error().code == u"git.branch_missing"_s
                                                    ? u"workspace.branch_missing"_s
                                                    : u"workspace.branch"_s);
        if (plan->source != GitBranchPlan::Source::Local) {
            if (auto created = createGitBranch(repository, request.branch, plan->commitId, plan->upstream); !created)
                return workspaceError(created.error(), u"workspace.branch"_s);
            branchCreated = true;
        }
        const QString projectFolder = QFileInfo(path).path();
        QDir().mkpath(projectFolder);
        rememberRepository(projectFolder, commonDir);
        if (auto added = addGitWorktree(repository, request.sessionId, path, request.branch); !added) {
            lock.unlock();
            undoWorktree(repository, request.sessionId, path, request.branch, branchCreated);
            return workspaceError(added.error(), u"workspace.worktree"_s);
        }
    }

    // Writing the files only touches the new folder and its own index, so other sessions of the
    // repository may fetch, branch and add worktrees meanwhile.
    Result<void> prepared = fillWorktree(path);
    if (!prepared) {
        undoWorktree(repository, request.sessionId, path, request.branch, branchCreated);
        return workspaceError(prepared.error(), u"workspace.checkout"_s);
    }
    const QString log = commonDir + u"/worktrees/"_s + request.sessionId + u"/post-create.log"_s;
    prepared = WorkspaceSetup::applySymlinks(request.symlinks, mainCheckout, path);
    if (prepared)
        prepared = WorkspaceSetup::runPostCreate(request.postCreate, path, log, settings.postCreateTimeout);
    if (!prepared) {
        undoWorktree(repository, request.sessionId, path, request.branch, branchCreated);
        return prepared.error();
    }
    return WorkspaceInfo{path, request.branch};
}

Result<void> pruneEntry(const QString &commonDir, const QString &name)
{
    auto opened = openGitRepository(commonDir);
    if (!opened)
        return workspaceError(opened.error(), u"workspace.repository"_s);
    const auto lock = WorkspaceJobs::lockRepository(commonDir);
    if (auto pruned = pruneGitWorktree(opened->get(), name); !pruned)
        return workspaceError(pruned.error(), u"workspace.remove_failed"_s);
    return {};
}

Result<void> removeWorktree(const QString &path, const QString &root)
{
    const WorkspacePaths paths(root);
    if (auto allowed = paths.checkRemovable(path); !allowed)
        return allowed.error();
    const QString absolute = QDir::cleanPath(QDir(path).absolutePath());
    const QFileInfo info(absolute);
    if (!info.exists()) {
        const QString commonDir = rememberedRepository(info.path());
        return commonDir.isEmpty() ? Result<void>() : pruneEntry(commonDir, info.fileName());
    }
    auto located = locateGitWorktree(absolute);
    if (auto removed = WorkspacePaths::removeTree(absolute); !removed)
        return removed;
    if (!located) {
        // Not (or no longer) a worktree, e.g. its entry was pruned by hand: the folder was
        // all there was; an entry named after it in the project's repository may still go.
        const QString commonDir = rememberedRepository(info.path());
        return commonDir.isEmpty() ? Result<void>() : pruneEntry(commonDir, info.fileName());
    }
    return pruneEntry(located->commonDir, located->name);
}

} // namespace

WorktreeWorkspace::WorktreeWorkspace(const PluginSettings &settings)
    : m_settings(WorkspaceSettings::read(settings, u"worktrees"_s))
{}

QString WorktreeWorkspace::name() const
{
    return u"worktree"_s;
}

Async<WorkspaceInfo> WorktreeWorkspace::create(const WorkspaceRequest &request)
{
    return QtConcurrent::run(WorkspaceJobs::pool(), makeWorktree, request, m_settings, false);
}

Async<void> WorktreeWorkspace::destroy(const QString &path)
{
    return QtConcurrent::run(WorkspaceJobs::pool(), removeWorktree, path, m_settings.root);
}

bool WorktreeWorkspace::exists(const QString &path) const
{
    return isGitWorktree(path);
}

Async<WorkspaceInfo> WorktreeWorkspace::restore(const WorkspaceRequest &request)
{
    return QtConcurrent::run(WorkspaceJobs::pool(), makeWorktree, request, m_settings, true);
}

} // namespace flotilla
