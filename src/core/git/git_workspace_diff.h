#pragma once

#include "util/result.h"

#include <QList>
#include <QString>

namespace flotilla {

struct DiffLine
{
    enum class Kind { Context, Added, Removed, NoNewlineAtEnd };

    Kind kind = Kind::Context;
    int oldLine = 0; // 0 where the line has no number on that side
    int newLine = 0;
    QString text; // without its line break
};

struct DiffHunk
{
    QString header; // "@@ -10,7 +10,8 @@ void parse()"
    int oldStart = 0;
    int oldLines = 0;
    int newStart = 0;
    int newLines = 0;
    QList<DiffLine> lines;
};

struct DiffFile
{
    enum class Status { Added, Deleted, Modified, Renamed, Copied, TypeChanged, Untracked };

    QString oldPath;
    QString newPath;
    Status status = Status::Modified;
    int similarity = 0; // renames and copies, percent
    bool binary = false;
    // Larger than the limits: listed with its status, its lines not read.
    bool tooLarge = false;
    int additions = 0;
    int deletions = 0;
    QList<DiffHunk> hunks;

    QString path() const { return newPath.isEmpty() ? oldPath : newPath; }
};

struct WorkspaceDiff
{
    QString baseBranch;
    QList<DiffFile> files;
    int additions = 0;
    int deletions = 0;
    int filesLeftOut = 0; // past DiffLimits::maxFiles
};

struct DiffLimits
{
    qint64 maxFileBytes = 4 * 1024 * 1024;
    int maxLinesPerFile = 20000;
    int maxFiles = 3000;
};

// A workspace's changes against where it left its base (see diffSinceBase) as files of hunks
// of lines, renames detected, untracked files included. Binary files and files over the limits
// are listed without their lines. Blocking: call it off the event loop's thread.
Result<WorkspaceDiff> workspaceDiff(const QString &workspacePath, const QString &baseBranch, DiffLimits limits = {});

} // namespace flotilla
