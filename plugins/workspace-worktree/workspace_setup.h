#pragma once

#include "util/result.h"

#include <QString>
#include <QStringList>

#include <chrono>

namespace flotilla {

// The steps that turn a fresh checkout into a session's workspace: links to files of the main
// checkout that git does not carry (.env, local settings), then the project's setup commands.
// Blocking: run only on a worker thread.
class WorkspaceSetup final
{
public:
    // Fails for an absolute path or one with a ".." segment, before anything is created.
    static Result<void> checkSymlinks(const QStringList &symlinks);

    // Links <repository>/<entry> at <workspace>/<entry> for each entry, replacing what the
    // checkout has there.
    static Result<void> applySymlinks(const QStringList &symlinks, const QString &repository, const QString &workspace);

    // Runs each command with the platform shell in `workspace`, in order, stopping at the first
    // that fails or outlives `timeout`. All output is appended to `logFile`; an error carries
    // the command, its exit code and the end of its output.
    static Result<void> runPostCreate(const QStringList &commands, const QString &workspace, const QString &logFile,
                                      std::chrono::milliseconds timeout);
};

} // namespace flotilla
