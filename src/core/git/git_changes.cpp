#include "git_changes.h"

#include "git_handle.h"
#include "git_repository.h"

#include <git2.h>

#include <QSet>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct TreeDeleter
{
    void operator()(git_tree *tree) const { git_tree_free(tree); }
};
struct DiffDeleter
{
    void operator()(git_diff *diff) const { git_diff_free(diff); }
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

Result<QStringList> changedFilesSinceBase(const QString &workspacePath, const QString &baseBranch)
{
    auto opened = openGitRepository(workspacePath);
    if (!opened)
        return opened.error();
    git_repository *repository = opened.value().get();

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
    options.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
    git_diff *rawDiff = nullptr;
    if (const int code = git_diff_tree_to_workdir_with_index(&rawDiff, repository, tree.get(), &options); code < 0)
        return gitError(u"cannot compare the workspace with its base"_s, code, workspacePath);
    std::unique_ptr<git_diff, DiffDeleter> diff(rawDiff);

    QSet<QString> files;
    const size_t count = git_diff_num_deltas(diff.get());
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
        if (delta->old_file.path)
            files.insert(QString::fromUtf8(delta->old_file.path));
        if (delta->new_file.path)
            files.insert(QString::fromUtf8(delta->new_file.path));
    }
    QStringList sorted(files.cbegin(), files.cend());
    sorted.sort();
    return sorted;
}

} // namespace flotilla
