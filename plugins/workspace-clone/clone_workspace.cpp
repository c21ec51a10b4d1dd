#include "clone_workspace.h"

#include "git/git_branch.h"
#include "git/git_handle.h"
#include "git/git_remote.h"
#include "git/git_shared_clone.h"
#include "workspace_jobs.h"
#include "workspace_paths.h"
#include "workspace_setup.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kRemote = u"origin"_s;

Error workspaceError(const Error &cause, const QString &code)
{
    return makeError(code, cause.message, cause.context);
}

// Gives the new clone its branch and checks it out. The clone only has what the main checkout
// knew, so it tracks origin's branch whenever the main checkout saw one.
Result<void> checkOutSessionBranch(const QString &path, const QString &branch, const GitBranchPlan &plan)
{
    auto opened = openGitRepository(path);
    if (!opened)
        return opened.error();
    git_repository *clone = opened->get();
    const QString tracked = kRemote + u'/' + branch;
    auto remoteCommit = gitReferenceCommit(clone, u"refs/remotes/"_s + tracked);
    if (!remoteCommit)
        return remoteCommit.error();
    const QString upstream = remoteCommit->isEmpty() ? QString() : tracked;
    if (auto created = createGitBranch(clone, branch, plan.commitId, upstream); !created)
        return created;
    return checkoutGitBranch(clone, branch);
}

Result<WorkspaceInfo> makeClone(const WorkspaceRequest &request, const WorkspaceSettings &settings, bool restoring)
{
    const WorkspacePaths paths(settings.root);
    auto planned = paths.workspaceFor(request);
    if (!planned)
        return planned.error();
    const QString path = planned.value();
    if (auto valid = WorkspaceSetup::checkSymlinks(request.symlinks); !valid)
        return valid.error();
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink()) {
        if (restoring && isGitClone(path))
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
        return makeError(u"workspace.repository"_s,
                         u"the project's repository is bare; clones are made from a checkout"_s,
                         request.repositoryPath);

    Result<void> made;
    GitBranchPlan plan;
    {
        const auto lock = WorkspaceJobs::lockRepository(gitCommonDir(repository));
        auto url = gitRemoteUrl(repository, kRemote);
        if (!url)
            return workspaceError(url.error(), u"workspace.repository"_s);
        // Fetched into the main checkout, so the objects land where every clone borrows them from.
        // Offline or unreachable is not a failure: the session starts from what is here.
        if (!url->isEmpty())
            (void)gitFetchBranches(repository, kRemote, {request.baseBranch, request.branch},
                                   GitFetchCredentials{settings.token});
        auto branchPlan = planGitBranch(repository, request.branch, request.baseBranch, kRemote, !restoring);
        if (!branchPlan)
            return workspaceError(branchPlan.error(), branchPlan.error().code == u"git.branch_missing"_s
                                                          ? u"workspace.branch_missing"_s
                                                          : u"workspace.branch"_s);
        plan = branchPlan.value();
        // Without an origin the main checkout itself is where the session's branch is pushed.
        const QString originUrl = url->isEmpty() ? mainCheckout : url.value();
        QDir().mkpath(QFileInfo(path).path());
        made = createSharedGitClone(repository, path, originUrl, kRemote);
    }
    if (made)
        made = checkOutSessionBranch(path, request.branch, plan);
    if (made)
        made = WorkspaceSetup::applySymlinks(request.symlinks, mainCheckout, path);
    if (made)
        made = WorkspaceSetup::runPostCreate(request.postCreate, path, path + u"/.git/post-create.log"_s,
                                             settings.postCreateTimeout);
    if (!made) {
        (void)WorkspacePaths::removeTree(path);
        const Error &error = made.error();
        return error.code.startsWith(u"workspace."_s) ? error : workspaceError(error, u"workspace.clone"_s);
    }
    return WorkspaceInfo{path, request.branch};
}

Result<void> removeClone(const QString &path, const QString &root)
{
    if (auto allowed = WorkspacePaths(root).checkRemovable(path); !allowed)
        return allowed.error();
    return WorkspacePaths::removeTree(QDir::cleanPath(QDir(path).absolutePath()));
}

} // namespace

CloneWorkspace::CloneWorkspace(const PluginSettings &settings)
    : m_settings(WorkspaceSettings::read(settings, u"clones"_s))
{}

QString CloneWorkspace::name() const
{
    return u"clone"_s;
}

Async<WorkspaceInfo> CloneWorkspace::create(const WorkspaceRequest &request)
{
    return QtConcurrent::run(WorkspaceJobs::pool(), makeClone, request, m_settings, false);
}

Async<void> CloneWorkspace::destroy(const QString &path)
{
    return QtConcurrent::run(WorkspaceJobs::pool(), removeClone, path, m_settings.root);
}

bool CloneWorkspace::exists(const QString &path) const
{
    return isGitClone(path);
}

Async<WorkspaceInfo> CloneWorkspace::restore(const WorkspaceRequest &request)
{
    return QtConcurrent::run(WorkspaceJobs::pool(), makeClone, request, m_settings, true);
}

} // namespace flotilla
