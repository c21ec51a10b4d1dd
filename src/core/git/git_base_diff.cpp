#include "git_base_diff.h"

#include "git_handle.h"
#include "git_repository.h"

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct TreeDeleter
{
    void operator()(git_tree *tree) const { git_tree_free(tree); }
};
struct ObjectDeleter
{
    void operator()(git_object *object) const { git_object_free(object); }
};

Result<git_oid> resolveCommit(git_repository *repository, const QString &spec, const QString &workspace)
{
    git_object *raw = nullptr;
    if (const int code = git_revparse_single(&raw, repository, spec.toUtf8().constData()); code < 0)
        return gitError(u"cannot resolve %1"_s.arg(spec), code, workspace);
    std::unique_ptr<git_object, ObjectDeleter> object(raw);
    git_object *peeled = nullptr;
    if (const int code = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT); code < 0)
        return gitError(u"%1 is not a commit"_s.arg(spec), code, workspace);
    std::unique_ptr<git_object, ObjectDeleter> commit(peeled);
    return *git_object_id(commit.get());
}

} // namespace

void GitDiffDeleter::operator()(git_diff *diff) const
{
    git_diff_free(diff);
}

Result<GitDiffHandle> diffSinceBase(git_repository *repository, const QString &workspacePath, const QString &baseBranch,
                                    unsigned int diffFlags)
{
    auto head = resolveCommit(repository, u"HEAD"_s, workspacePath);
    if (!head)
        return head.error();
    auto base = resolveCommit(repository, u"refs/remotes/origin/"_s + baseBranch, workspacePath);
    if (!base)
        base = resolveCommit(repository, u"refs/heads/"_s + baseBranch, workspacePath);
    if (!base)
        return base.error();
    git_oid mergeBase;
    if (const int code = git_merge_base(&mergeBase, repository, &head.value(), &base.value()); code < 0)
        return gitError(u"no common history with %1"_s.arg(baseBranch), code, workspacePath);

    git_commit *rawCommit = nullptr;
    if (const int code = git_commit_lookup(&rawCommit, repository, &mergeBase); code < 0)
        return gitError(u"cannot read the merge base"_s, code, workspacePath);
    GitCommitHandle commit(rawCommit);
    git_tree *rawTree = nullptr;
    if (const int code = git_commit_tree(&rawTree, commit.get()); code < 0)
        return gitError(u"cannot read the merge base's tree"_s, code, workspacePath);
    std::unique_ptr<git_tree, TreeDeleter> tree(rawTree);

    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS | diffFlags;
    git_diff *rawDiff = nullptr;
    if (const int code = git_diff_tree_to_workdir_with_index(&rawDiff, repository, tree.get(), &options); code < 0)
        return gitError(u"cannot compare the workspace with its base"_s, code, workspacePath);
    return GitDiffHandle(rawDiff);
}

} // namespace flotilla
