#pragma once

#include "util/result.h"

#include <QString>

struct git_repository;

namespace flotilla {

// Creates a repository at `path` (which must not exist) that borrows every object of `source`
// through objects/info/alternates, as `git clone --reference` does, so it costs no copy of the
// history. Its `origin` points at `originUrl`, and it starts out knowing what `source` knows of
// its own `sourceRemote` (refs/remotes/<sourceRemote>/* become refs/remotes/origin/*).
// The borrowed objects must stay in `source`: pruning them there (after deleting a branch that
// only the clone still uses) would break the clone, exactly as with `--reference`.
Result<void> createSharedGitClone(git_repository *source, const QString &path, const QString &originUrl,
                                  const QString &sourceRemote);

// Points HEAD at refs/heads/<branch> and writes its files into the working tree, which must be
// empty apart from git's own folder (a clone that was just created).
Result<void> checkoutGitBranch(git_repository *repository, const QString &branch);

// Whether `path` is the top of an ordinary (not bare, not linked) working tree with its own .git folder.
bool isGitClone(const QString &path);

} // namespace flotilla
