#pragma once

#include "util/result.h"

#include <QString>

struct git_repository;

namespace flotilla {

// Where a session's branch comes from, decided before anything is written.
struct GitBranchPlan
{
    enum class Source {
        Local,        // refs/heads/<branch> exists: use it as it is
        Remote,       // only <remote>/<branch> exists: create the branch there, tracking it
        StartingPoint // neither: create the branch from the base branch
    };
    Source source = Source::Local;
    QString commitId;   // the commit the branch is (or will be) at
    QString upstream;   // "<remote>/<branch>" for Source::Remote, else empty
    QString startingAt; // the reference the commit was read from, for messages
};

// Looks `branch` up locally, then on `remote`; when `allowNew`, falls back to <remote>/<base>,
// then the local <base>, then HEAD as the starting point of a new branch.
Result<GitBranchPlan> planGitBranch(git_repository *repository, const QString &branch, const QString &baseBranch,
                                    const QString &remote, bool allowNew);

// The commit a full reference name ("refs/remotes/origin/main") points at; empty when it does not exist.
Result<QString> gitReferenceCommit(git_repository *repository, const QString &referenceName);

// Creates refs/heads/<branch> at `commitId` (which must not exist yet), optionally tracking `upstream`.
Result<void> createGitBranch(git_repository *repository, const QString &branch, const QString &commitId,
                             const QString &upstream);
// Deletes refs/heads/<branch> and its configuration; a branch that is gone already is fine.
Result<void> deleteGitBranch(git_repository *repository, const QString &branch);

} // namespace flotilla
