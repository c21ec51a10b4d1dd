#include "git_worktree.h"

#include "git_handle.h"
#include "git_repository.h"

#include <QDir>
#include <QFileInfo>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// GIT_ENOTFOUND when there is no entry called `name` (git_worktree_lookup itself does not say
// "not found" apart from other failures).
int lookupWorktree(GitWorktreeHandle &out, git_repository *repository, const QString &name)
{
    git_strarray names = {nullptr, 0};
    if (const int rc = git_worktree_list(&names, repository); rc < 0)
        return rc;
    const QByteArray native = name.toUtf8();
    bool listed = false;
    for (size_t i = 0; i < names.count && !listed; ++i)
        listed = native == names.strings[i];
    git_strarray_dispose(&names);
    if (!listed)
        return GIT_ENOTFOUND;
    git_worktree *raw = nullptr;
    const int rc = git_worktree_lookup(&raw, repository, native.constData());
    out.reset(raw);
    return rc;
}

} // namespace

Result<void> addGitWorktree(git_repository *repository, const QString &name, const QString &path, const QString &branch)
{
    if (auto pruned = pruneGitWorktree(repository, name); !pruned)
        return makeError(u"git.worktree_exists"_s,
                         u"a worktree called %1 is still registered: %2"_s.arg(name, pruned.error().message),
                         gitCommonDir(repository));

    git_reference *raw = nullptr;
    const QByteArray branchName = branch.toUtf8();
    if (const int rc = git_branch_lookup(&raw, repository, branchName.constData(), GIT_BRANCH_LOCAL); rc < 0)
        return gitError(u"cannot find branch %1"_s.arg(branch), rc, gitCommonDir(repository));
    const GitReferenceHandle reference(raw);

    git_worktree_add_options options;
    git_worktree_add_options_init(&options, GIT_WORKTREE_ADD_OPTIONS_VERSION);
    options.ref = raw;
    options.checkout_options.checkout_strategy = GIT_CHECKOUT_NONE;
    git_worktree *added = nullptr;
    const QByteArray nativeName = name.toUtf8();
    const QByteArray nativePath = QDir::toNativeSeparators(path).toUtf8();
    if (const int rc = git_worktree_add(&added, repository, nativeName.constData(), nativePath.constData(), &options);
        rc < 0)
        return gitError(u"cannot add a worktree for branch %1"_s.arg(branch), rc, path);
    git_worktree_free(added);
    return {};
}

Result<void> pruneGitWorktree(git_repository *repository, const QString &name)
{
    GitWorktreeHandle worktree;
    const int rc = lookupWorktree(worktree, repository, name);
    if (rc == GIT_ENOTFOUND)
        return {};
    if (rc < 0)
        return gitError(u"cannot read worktree %1"_s.arg(name), rc, gitCommonDir(repository));

    git_worktree_prune_options options;
    git_worktree_prune_options_init(&options, GIT_WORKTREE_PRUNE_OPTIONS_VERSION);
    // Without GIT_WORKTREE_PRUNE_VALID libgit2 only prunes entries whose folder is gone, which is
    // exactly the promise: metadata of a working tree that still exists is never dropped here.
    if (git_worktree_is_prunable(worktree.get(), &options) != 1)
        return makeError(u"git.worktree_in_use"_s, u"worktree %1 still exists or is locked"_s.arg(name),
                         QString::fromUtf8(git_worktree_path(worktree.get())));
    if (const int pruned = git_worktree_prune(worktree.get(), &options); pruned < 0)
        return gitError(u"cannot prune worktree %1"_s.arg(name), pruned, gitCommonDir(repository));
    return {};
}

Result<GitWorktreeLocation> locateGitWorktree(const QString &path)
{
    auto opened = openGitRepository(path);
    if (!opened)
        return opened.error();
    git_repository *repository = opened->get();
    if (git_repository_is_worktree(repository) != 1)
        return makeError(u"git.not_worktree"_s, u"the folder is not a linked git worktree"_s, path);
    // A linked worktree's git folder is <commonDir>/worktrees/<name>.
    const QString gitDir = QDir::cleanPath(QString::fromUtf8(git_repository_path(repository)));
    return GitWorktreeLocation{gitCommonDir(repository), QFileInfo(gitDir).fileName()};
}

bool isGitWorktree(const QString &path)
{
    if (!QFileInfo(path + u"/.git"_s).isFile())
        return false;
    auto opened = openGitRepository(path);
    return opened && git_repository_is_worktree(opened->get()) == 1;
}

} // namespace flotilla
