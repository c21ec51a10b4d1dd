#pragma once

#include "util/result.h"

#include <QString>

struct git_repository;

namespace flotilla {

// Where a linked worktree's administrative files live in the repository it belongs to.
struct GitWorktreeLocation
{
    QString commonDir; // the main repository's git folder
    QString name;      // the entry under <commonDir>/worktrees
};

// Adds the linked worktree `name` at `path` (which must not exist) on `branch`, without writing
// its files yet: checkoutFreshWorkTree() does that, and needs no lock on the repository while it
// does. A leftover entry of the same name whose folder is gone is pruned first.
Result<void> addGitWorktree(git_repository *repository, const QString &name, const QString &path,
                            const QString &branch);

// Forgets the worktree entry `name` once its folder is gone. Missing entries are fine; an entry
// whose folder still exists, or that is locked, is left alone and reported.
Result<void> pruneGitWorktree(git_repository *repository, const QString &name);

// The repository and entry behind the linked worktree checked out at `path`.
Result<GitWorktreeLocation> locateGitWorktree(const QString &path);

// Whether `path` is the top of a linked worktree whose repository still knows it.
bool isGitWorktree(const QString &path);

} // namespace flotilla
