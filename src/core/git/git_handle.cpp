#include "git_handle.h"

#include "git_repository.h"
#include "git_runtime.h"

#include <QCoreApplication>

#include <QDir>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

void GitHandleDeleter::operator()(git_repository *repository) const
{
    git_repository_free(repository);
    git_libgit2_shutdown();
}

void GitHandleDeleter::operator()(git_reference *reference) const
{
    git_reference_free(reference);
}

void GitHandleDeleter::operator()(git_remote *remote) const
{
    git_remote_free(remote);
}

void GitHandleDeleter::operator()(git_worktree *worktree) const
{
    git_worktree_free(worktree);
}

void GitHandleDeleter::operator()(git_commit *commit) const
{
    git_commit_free(commit);
}

Result<GitRepositoryHandle> openGitRepository(const QString &path)
{
    git_libgit2_init(); // balanced by the deleter, or below on failure
    // Like git itself, trust the object database when reading it: re-hashing every blob on
    // each read makes checking out a large tree markedly slower than `git worktree add`.
    // Objects that come over the network are still verified by the fetch.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_repository *repository = nullptr;
    const QByteArray native = QDir::toNativeSeparators(path).toUtf8();
    if (const int rc = git_repository_open_ext(&repository, native.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc < 0) {
        Error error = gitError(u"cannot open git repository"_s, rc, path);
        git_libgit2_shutdown();
        return error;
    }
    return GitRepositoryHandle(repository);
}

QString gitCommonDir(git_repository *repository)
{
    return QDir::cleanPath(QString::fromUtf8(git_repository_commondir(repository)));
}

QString gitWorkDir(git_repository *repository)
{
    const char *workdir = git_repository_workdir(repository);
    return workdir ? QDir::cleanPath(QString::fromUtf8(workdir)) : QString();
}

} // namespace flotilla

// Registered here, beside the handles, so every program that uses them takes the runtime on its
// main thread.
namespace {
void holdGitRuntimeAtStartup()
{
    flotilla::holdGitRuntime();
}
} // namespace
Q_COREAPP_STARTUP_FUNCTION(holdGitRuntimeAtStartup)
