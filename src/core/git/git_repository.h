#pragma once

#include "util/result.h"

#include <QString>

#include <memory>

struct git_repository;

namespace flotilla {

// A libgit2 repository handle. Opening goes through libgit2 directly (no git process), so it
// never takes the index lock and costs no fork; errors come back as Result with libgit2's text.
class GitRepository final
{
public:
    // Opens the repository that contains `path` (walking up like `git` does).
    static Result<GitRepository> discover(const QString &path);
    // Opens exactly `path` (a working tree or a bare repository).
    static Result<GitRepository> open(const QString &path);

    GitRepository(GitRepository &&) noexcept = default;
    GitRepository &operator=(GitRepository &&) noexcept = default;
    ~GitRepository();

    bool isBare() const;
    QString gitDir() const;
    QString workDir() const; // empty for a bare repository

    // The checked-out branch's short name; empty when HEAD is detached or unborn.
    Result<QString> headBranch() const;
    // Full hex id of the commit HEAD points at.
    Result<QString> headCommitId() const;
    // Summary line of the HEAD commit.
    Result<QString> headSummary() const;

private:
    struct Deleter
    {
        void operator()(git_repository *repository) const;
    };
    explicit GitRepository(git_repository *repository);

    std::unique_ptr<git_repository, Deleter> m_repository;
};

// The version of the libgit2 this build runs with ("1.5.1").
QString libgit2Version();

// The message of libgit2's last error on this thread, prefixed by `what`.
Error gitError(const QString &what, int code, const QString &context = {});

} // namespace flotilla
