#include "git_seed.h"

#include "git_handle.h"
#include "git_repository.h"

#include <QDir>

#include <git2.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Result<GitRepositoryHandle> initRepository(const QString &path, const QString &branch, bool bare)
{
    git_repository_init_options options;
    git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    options.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT | (bare ? GIT_REPOSITORY_INIT_BARE : 0);
    const QByteArray head = branch.toUtf8();
    options.initial_head = head.constData();
    git_libgit2_init(); // handed to the handle's deleter
    git_repository *raw = nullptr;
    const QByteArray native = QDir::toNativeSeparators(path).toUtf8();
    if (const int rc = git_repository_init_ext(&raw, native.constData(), &options); rc < 0) {
        Error error = gitError(u"cannot create a repository"_s, rc, path);
        git_libgit2_shutdown();
        return error;
    }
    return GitRepositoryHandle(raw);
}

Result<void> commitEverything(git_repository *repository, const QString &message)
{
    git_index *rawIndex = nullptr;
    if (const int rc = git_repository_index(&rawIndex, repository); rc < 0)
        return gitError(u"cannot open the index"_s, rc);
    const std::unique_ptr<git_index, decltype(&git_index_free)> index(rawIndex, git_index_free);
    char everything[] = "*";
    char *patterns[] = {everything};
    const git_strarray all{patterns, 1};
    git_oid treeId;
    if (int rc = git_index_add_all(rawIndex, &all, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr);
        rc < 0 || (rc = git_index_write(rawIndex)) < 0 || (rc = git_index_write_tree(&treeId, rawIndex)) < 0)
        return gitError(u"cannot stage the files"_s, rc);
    git_tree *rawTree = nullptr;
    if (const int rc = git_tree_lookup(&rawTree, repository, &treeId); rc < 0)
        return gitError(u"cannot read the staged tree"_s, rc);
    const std::unique_ptr<git_tree, decltype(&git_tree_free)> tree(rawTree, git_tree_free);
    git_signature *rawSignature = nullptr;
    if (const int rc = git_signature_now(&rawSignature, "Flotilla", "flotilla@localhost"); rc < 0)
        return gitError(u"cannot sign the commit"_s, rc);
    const std::unique_ptr<git_signature, decltype(&git_signature_free)> signature(rawSignature, git_signature_free);
    const QByteArray text = message.toUtf8();
    git_oid commit;
    if (const int rc = git_commit_create(&commit, repository, "HEAD", rawSignature, rawSignature, nullptr,
                                         text.constData(), rawTree, 0, nullptr);
        rc < 0)
        return gitError(u"cannot commit"_s, rc);
    return {};
}

} // namespace

Result<void> seedGitRepository(const QString &checkout, const QString &origin, const QString &branch,
                               const QString &message)
{
    auto bare = initRepository(origin, branch, true);
    if (!bare)
        return bare.error();
    auto repository = initRepository(checkout, branch, false);
    if (!repository)
        return repository.error();
    if (auto committed = commitEverything(repository->get(), message); !committed)
        return committed;

    git_remote *rawRemote = nullptr;
    const QByteArray url = QDir::toNativeSeparators(origin).toUtf8();
    if (const int rc = git_remote_create(&rawRemote, repository->get(), "origin", url.constData()); rc < 0)
        return gitError(u"cannot add the remote origin"_s, rc, checkout);
    const GitRemoteHandle remote(rawRemote);
    QByteArray spec = u"refs/heads/%1:refs/heads/%1"_s.arg(branch).toUtf8();
    char *specs[] = {spec.data()};
    const git_strarray refspecs{specs, 1};
    git_push_options options;
    git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
    if (const int rc = git_remote_push(rawRemote, &refspecs, &options); rc < 0)
        return gitError(u"cannot push to the new origin"_s, rc, origin);
    // Track origin's branch, as a clone would.
    git_reference *local = nullptr;
    const QByteArray branchName = branch.toUtf8();
    if (git_branch_lookup(&local, repository->get(), branchName.constData(), GIT_BRANCH_LOCAL) == 0) {
        git_reference *tracking = nullptr;
        const QByteArray remoteRef = (u"refs/remotes/origin/"_s + branch).toUtf8();
        git_oid id = *git_reference_target(local);
        if (git_reference_create(&tracking, repository->get(), remoteRef.constData(), &id, 1, "seed") == 0)
            git_reference_free(tracking);
        const QByteArray upstream = (u"origin/"_s + branch).toUtf8();
        git_branch_set_upstream(local, upstream.constData());
        git_reference_free(local);
    }
    return {};
}

} // namespace flotilla
