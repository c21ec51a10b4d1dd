#pragma once

#include "git_tree_listing.h"
#include "util/result.h"

#include <QString>

#include <git2/index.h>

#include <vector>

namespace flotilla {

// Writes a listed tree into `workTree`, which must hold nothing but git's own files yet, straight
// from the object database of the repository at `repositoryPath`, several files at once. No file
// is ever written through a link: links are made last, files are created exclusively and never
// followed. Returns one index entry per file, link and submodule, stat data included, pointing
// into `listing`'s paths. With `symlinks` false (a file system without them, as git's
// core.symlinks says) a link becomes a small file holding its target, as git does.
// POSIX only; elsewhere libgit2's checkout does the work.
Result<std::vector<git_index_entry>> writeGitTree(const QString &repositoryPath, const QString &workTree,
                                                  const GitTreeListing &listing, bool symlinks);

} // namespace flotilla
