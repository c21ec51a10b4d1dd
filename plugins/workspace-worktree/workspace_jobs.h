#pragma once

#include <QString>

#include <mutex>

class QThreadPool;

namespace flotilla {

// Where the workspace plugins run their blocking work, and how they keep two jobs from writing
// to the same repository at once (libgit2 takes git's lock files and fails rather than waits).
class WorkspaceJobs final
{
public:
    // A pool of its own: setup commands may run for minutes and must not starve the global
    // pool that the rest of the application answers from.
    static QThreadPool *pool();

    // Held while a job changes refs, branches or worktree entries of the repository whose
    // shared git folder is `gitDir`.
    static std::unique_lock<std::mutex> lockRepository(const QString &gitDir);
};

} // namespace flotilla
