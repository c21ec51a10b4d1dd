#pragma once

#include "util/result.h"

#include <QString>

#include <memory>

struct git_diff;
struct git_repository;

namespace flotilla {

struct GitDiffDeleter
{
    void operator()(git_diff *diff) const;
};
using GitDiffHandle = std::unique_ptr<git_diff, GitDiffDeleter>;

// What a workspace changes relative to where it left its base: committed, staged, unstaged and
// untracked changes since the merge base of HEAD and `baseBranch` ("origin/<base>", else the
// local branch). `diffFlags` are libgit2's git_diff_option_t flags, added to the untracked ones.
// Reads through libgit2 only, so it never takes the index lock an agent's own git commands need.
Result<GitDiffHandle> diffSinceBase(git_repository *repository, const QString &workspacePath, const QString &baseBranch,
                                    unsigned int diffFlags = 0);

} // namespace flotilla
