#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

class Database;

// A pull request of a repository without a hosting service: a branch pushed to the project's
// origin, and this record of it.
struct LocalPullRequest
{
    enum class State { Open, Merged, Closed };

    QString projectId;
    int number = 0;
    QString branch;
    QString base;
    QString title;
    State state = State::Open;
    QString headSha;
    QString mergeSha; // the commit the merge made on the base, once merged
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime closedAt;
};

// One CI run of the configured command on one head of a pull request.
struct LocalCiRun
{
    enum class Status { Pending, Running, Passed, Failed };

    QString projectId;
    int prNumber = 0;
    QString headSha;
    Status status = Status::Pending;
    QString reason;  // why it failed, in a sentence ("exit code 2", "stopped after 15 min")
    QString excerpt; // the failing part of the log
    QString logPath;
    qint64 logBytes = 0;
    bool logTruncated = false;
    QDateTime queuedAt;
    QDateTime startedAt;
    QDateTime finishedAt;
};

// What a person said about a pull request: a verdict, an optional summary and line comments.
struct LocalReviewInput
{
    enum class Verdict { Approved, ChangesRequested, Commented };
    struct LineComment
    {
        QString path;
        int line = 0;
        QString body;
    };

    Verdict verdict = Verdict::Commented;
    QString author;
    QString headSha; // the head the person looked at
    QString summary;
    QList<LineComment> comments;
};

// One stored piece of a review: its summary (no path) or one of its line comments. Each line
// comment is its own thread, resolvable on its own.
struct LocalReviewNote
{
    qint64 id = 0;
    int reviewId = 0;
    LocalReviewInput::Verdict verdict = LocalReviewInput::Verdict::Commented;
    QString author;
    QString headSha;
    QString path;
    int line = 0;
    QString body;
    bool resolved = false;
    QDateTime createdAt;
};

// The records behind the `local` SCM, in Flotilla's own database.
class LocalScmStore final
{
public:
    explicit LocalScmStore(Database &database);
    LocalScmStore(const LocalScmStore &) = delete;
    LocalScmStore &operator=(const LocalScmStore &) = delete;

    // Opens a pull request for `branch` with the project's next number, or returns the one
    // already open for it (two callers racing get the same one).
    Result<LocalPullRequest> open(const QString &projectId, const QString &branch, const QString &base,
                                  const QString &title, const QString &headSha);
    Result<std::optional<LocalPullRequest>> openFor(const QString &projectId, const QString &branch) const;
    Result<std::optional<LocalPullRequest>> get(const QString &projectId, int number) const;
    // The newest pull request of `branch` in any state (a merged one stays visible).
    Result<std::optional<LocalPullRequest>> latestFor(const QString &projectId, const QString &branch) const;
    Result<QList<LocalPullRequest>> list(const QString &projectId) const;
    Result<void> setHead(const QString &projectId, int number, const QString &headSha);
    // Ends an open pull request as merged (with the commit the merge made) or closed.
    Result<void> finish(const QString &projectId, int number, LocalPullRequest::State state,
                        const QString &mergeSha = {});

    // Queues a run for this head unless one exists; true when it was queued now.
    Result<bool> queueCi(const QString &projectId, int prNumber, const QString &headSha);
    Result<void> ciStarted(const QString &projectId, int prNumber, const QString &headSha, const QString &logPath);
    // Records how a run ended (status Passed or Failed with its reason, excerpt and log size).
    Result<void> ciFinished(const LocalCiRun &run);
    Result<std::optional<LocalCiRun>> ciRun(const QString &projectId, int prNumber, const QString &headSha) const;
    // Runs that were queued or running when the process stopped.
    Result<QList<LocalCiRun>> unfinishedCi() const;

    // Stores a review with its comments in one transaction; returns the review's id.
    Result<int> addReview(const QString &projectId, int prNumber, const LocalReviewInput &review);
    // Every note of the pull request, oldest first.
    Result<QList<LocalReviewNote>> reviewNotes(const QString &projectId, int prNumber) const;
    // Marks a line comment resolved; false when there is no such comment.
    Result<bool> resolveComment(const QString &projectId, qint64 noteId);

private:
    Database &m_database;
};

QString localPrStateName(LocalPullRequest::State state);
QString localCiStatusName(LocalCiRun::Status status);
QString localVerdictName(LocalReviewInput::Verdict verdict);

} // namespace flotilla
