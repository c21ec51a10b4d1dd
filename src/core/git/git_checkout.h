#pragma once

#include "util/result.h"

struct git_repository;

namespace flotilla {

// How a fresh working tree was filled.
enum class GitCheckoutKind {
    Direct,  // written straight from the object database, in parallel
    Libgit2, // libgit2's checkout, which applies attributes and filters
};

// Fills the working tree of `repository` (a linked worktree just added without a checkout, or a
// clone), which must hold nothing but git's own files yet, with the commit HEAD names, and
// writes the index to match, stat data included, so `git status` afterwards reads no file.
//
// libgit2's checkout evaluates attributes for every file, which makes it markedly slower than
// `git worktree add` on large trees. When nothing can change a file on its way out (no
// attributes anywhere, no line-ending conversion, only plain paths) the files are written
// directly instead; otherwise libgit2 does it.
Result<GitCheckoutKind> checkoutFreshWorkTree(git_repository *repository);

} // namespace flotilla
