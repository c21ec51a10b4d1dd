#pragma once

#include "git_handle.h"
#include "git_remote.h"
#include "util/result.h"

#include <QString>

struct git_repository;

namespace flotilla {

// What a pull request needs to know about a branch, against its base.
struct GitBranchFacts
{
    bool exists = false;
    QString headSha;
    QString baseSha;
    int ahead = 0;          // commits on the branch that the base lacks
    int behind = 0;         // commits on the base that the branch lacks
    QString title;          // summary of the branch's first commit past the base
    bool conflicts = false; // merging the branch into the base would conflict
};

enum class GitMergeStyle { Merge, Squash };

struct GitMergeRequest
{
    QString branch;
    QString base;
    QString expectedHeadSha; // refuse when the branch moved since it was reviewed
    GitMergeStyle style = GitMergeStyle::Squash;
    QString message;
};

// A bare copy of a remote's branches (refs/heads/* mirror the remote's, pruned), so a project
// whose origin is a plain git remote can have pull requests: Flotilla reads branches there,
// tests merges there, and merges there before pushing the base back. Creates the mirror on
// first use and follows the origin's URL when it changes.
Result<GitRepositoryHandle> syncGitMirror(const QString &mirrorPath, const QString &originUrl,
                                          const GitFetchCredentials &credentials);

Result<GitBranchFacts> gitBranchFacts(git_repository *mirror, const QString &branch, const QString &base);

// Merges (or squashes) the branch into the base in the mirror and pushes the base to the
// mirror's origin; the push only fast-forwards, so a base that moved meanwhile is never
// overwritten. Returns the new base commit. Conflicts fail with code "git.merge_conflicts".
Result<QString> mergeInGitMirror(git_repository *mirror, const GitMergeRequest &request,
                                 const GitFetchCredentials &credentials);

} // namespace flotilla
