#pragma once

#include "util/result.h"

#include <QString>

#include <memory>

struct git_commit;
struct git_reference;
struct git_remote;
struct git_repository;
struct git_worktree;

namespace flotilla {

// Owning libgit2 handles for code that works with the raw API (worktrees, fetches, branches).
// Each repository handle also holds one libgit2 initialisation, so the library stays up exactly
// as long as something uses it, on whichever thread opened it.
struct GitHandleDeleter
{
    void operator()(git_repository *repository) const;
    void operator()(git_reference *reference) const;
    void operator()(git_remote *remote) const;
    void operator()(git_worktree *worktree) const;
    void operator()(git_commit *commit) const;
};

using GitRepositoryHandle = std::unique_ptr<git_repository, GitHandleDeleter>;
using GitReferenceHandle = std::unique_ptr<git_reference, GitHandleDeleter>;
using GitRemoteHandle = std::unique_ptr<git_remote, GitHandleDeleter>;
using GitWorktreeHandle = std::unique_ptr<git_worktree, GitHandleDeleter>;
using GitCommitHandle = std::unique_ptr<git_commit, GitHandleDeleter>;

// Opens exactly `path` (a working tree, a linked worktree or a bare repository), without walking up.
Result<GitRepositoryHandle> openGitRepository(const QString &path);

// The repository's shared git folder (the main `.git` also for a linked worktree), cleaned.
QString gitCommonDir(git_repository *repository);
// The working tree folder, cleaned; empty for a bare repository.
QString gitWorkDir(git_repository *repository);

} // namespace flotilla
