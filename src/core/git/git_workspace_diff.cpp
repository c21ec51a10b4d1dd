#include "git_workspace_diff.h"

#include "git_base_diff.h"
#include "git_handle.h"
#include "git_repository.h"

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct PatchDeleter
{
    void operator()(git_patch *patch) const { git_patch_free(patch); }
};

DiffFile::Status statusOf(git_delta_t status)
{
    switch (status) {
    case GIT_DELTA_ADDED:
        return DiffFile::Status::Added;
    case GIT_DELTA_DELETED:
        return DiffFile::Status::Deleted;
    case GIT_DELTA_RENAMED:
        return DiffFile::Status::Renamed;
    case GIT_DELTA_COPIED:
        return DiffFile::Status::Copied;
    case GIT_DELTA_TYPECHANGE:
        return DiffFile::Status::TypeChanged;
    case GIT_DELTA_UNTRACKED:
        return DiffFile::Status::Untracked;
    default:
        return DiffFile::Status::Modified;
    }
}

QString lineText(const git_diff_line *line)
{
    qsizetype length = qsizetype(line->content_len);
    while (length > 0 && (line->content[length - 1] == '\n' || line->content[length - 1] == '\r'))
        --length;
    return QString::fromUtf8(line->content, length);
}

Result<void> readHunks(git_patch *patch, const DiffLimits &limits, DiffFile &file, const QString &workspace)
{
    size_t context = 0;
    size_t additions = 0;
    size_t deletions = 0;
    git_patch_line_stats(&context, &additions, &deletions, patch);
    file.additions = int(additions);
    file.deletions = int(deletions);
    if (context + additions + deletions > size_t(limits.maxLinesPerFile)) {
        file.tooLarge = true;
        return {};
    }
    const size_t hunkCount = git_patch_num_hunks(patch);
    for (size_t h = 0; h < hunkCount; ++h) {
        const git_diff_hunk *rawHunk = nullptr;
        size_t lineCount = 0;
        if (const int code = git_patch_get_hunk(&rawHunk, &lineCount, patch, h); code < 0)
            return gitError(u"cannot read a hunk of %1"_s.arg(file.path()), code, workspace);
        DiffHunk hunk;
        hunk.header = QString::fromUtf8(rawHunk->header, qsizetype(rawHunk->header_len)).trimmed();
        hunk.oldStart = rawHunk->old_start;
        hunk.oldLines = rawHunk->old_lines;
        hunk.newStart = rawHunk->new_start;
        hunk.newLines = rawHunk->new_lines;
        hunk.lines.reserve(qsizetype(lineCount));
        for (size_t l = 0; l < lineCount; ++l) {
            const git_diff_line *rawLine = nullptr;
            if (const int code = git_patch_get_line_in_hunk(&rawLine, patch, h, l); code < 0)
                return gitError(u"cannot read a line of %1"_s.arg(file.path()), code, workspace);
            DiffLine line;
            switch (rawLine->origin) {
            case GIT_DIFF_LINE_ADDITION:
                line.kind = DiffLine::Kind::Added;
                break;
            case GIT_DIFF_LINE_DELETION:
                line.kind = DiffLine::Kind::Removed;
                break;
            case GIT_DIFF_LINE_CONTEXT_EOFNL:
            case GIT_DIFF_LINE_ADD_EOFNL:
            case GIT_DIFF_LINE_DEL_EOFNL:
                line.kind = DiffLine::Kind::NoNewlineAtEnd;
                break;
            default:
                line.kind = DiffLine::Kind::Context;
            }
            line.oldLine = std::max(0, rawLine->old_lineno);
            line.newLine = std::max(0, rawLine->new_lineno);
            line.text = line.kind == DiffLine::Kind::NoNewlineAtEnd ? QString() : lineText(rawLine);
            hunk.lines << line;
        }
        file.hunks << hunk;
    }
    return {};
}

} // namespace

Result<WorkspaceDiff> workspaceDiff(const QString &workspacePath, const QString &baseBranch, DiffLimits limits)
{
    auto opened = openGitRepository(workspacePath);
    if (!opened)
        return opened.error();
    auto diff = diffSinceBase(opened.value().get(), workspacePath, baseBranch, GIT_DIFF_SHOW_UNTRACKED_CONTENT);
    if (!diff)
        return diff.error();
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
    if (const int code = git_diff_find_similar(diff.value().get(), &find); code < 0)
        return gitError(u"cannot detect renamed files"_s, code, workspacePath);

    WorkspaceDiff result;
    result.baseBranch = baseBranch;
    const size_t count = git_diff_num_deltas(diff.value().get());
    for (size_t i = 0; i < count; ++i) {
        if (result.files.size() >= limits.maxFiles) {
            result.filesLeftOut = int(count - i);
            break;
        }
        const git_diff_delta *delta = git_diff_get_delta(diff.value().get(), i);
        DiffFile file;
        file.status = statusOf(delta->status);
        file.similarity = int(delta->similarity);
        if (delta->old_file.path && file.status != DiffFile::Status::Added
            && file.status != DiffFile::Status::Untracked)
            file.oldPath = QString::fromUtf8(delta->old_file.path);
        if (delta->new_file.path && file.status != DiffFile::Status::Deleted)
            file.newPath = QString::fromUtf8(delta->new_file.path);
        if (qint64(std::max(delta->old_file.size, delta->new_file.size)) > limits.maxFileBytes) {
            file.tooLarge = true;
            result.files << file;
            continue;
        }
        git_patch *rawPatch = nullptr;
        if (const int code = git_patch_from_diff(&rawPatch, diff.value().get(), i); code < 0)
            return gitError(u"cannot compare %1"_s.arg(file.path()), code, workspacePath);
        std::unique_ptr<git_patch, PatchDeleter> patch(rawPatch);
        // The binary flag is known once the content was looked at, i.e. after the patch.
        const git_diff_delta *examined = git_patch_get_delta(patch.get());
        if (examined->flags & GIT_DIFF_FLAG_BINARY) {
            file.binary = true;
            result.files << file;
            continue;
        }
        if (auto read = readHunks(patch.get(), limits, file, workspacePath); !read)
            return read.error();
        result.additions += file.additions;
        result.deletions += file.deletions;
        result.files << file;
    }
    return result;
}

} // namespace flotilla
