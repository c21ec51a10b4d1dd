#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace flotilla::fakes {

// The world the fake GitHub answers from. Tests build and mutate it through FakeGithubState's
// methods so every change moves `updated_at` the way GitHub does; the structs are plain data.

struct GhActor
{
    QString login;
    bool bot = false; // REST user.type "Bot", GraphQL author.__typename "Bot"
};

struct GhReview
{
    qint64 id = 0; // assigned by the state
    GhActor author;
    QString state; // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    QString body;
    QDateTime submittedAt; // defaults to the state's clock
    QString commitId;      // defaults to the PR's head sha
};

struct GhThreadComment
{
    qint64 databaseId = 0; // assigned by the state
    GhActor author;
    QString body;
    QDateTime createdAt; // defaults to the state's clock
};

struct GhReviewThread
{
    QString id;          // node id, assigned by the state ("PRRT_…")
    qint64 reviewId = 0; // the review the thread was opened in, assigned by the state
    bool isResolved = false;
    bool isOutdated = false;
    QString path;
    int line = 0;
    QList<GhThreadComment> comments;
};

struct GhPullRequest
{
    int number = 0; // assigned by the state (shared with issues, like GitHub)
    QString title;
    QString body;
    GhActor author{QStringLiteral("octocat"), false};
    QString state = QStringLiteral("open"); // open, closed, merged
    bool draft = false;
    QString headRef;
    QString headSha;
    QString baseRef = QStringLiteral("main");
    QString baseSha = QStringLiteral("0000000000000000000000000000000000000b05");
    // Final mergeability once GitHub has computed it: true, false or null (std::nullopt).
    std::optional<bool> mergeable = true;
    // How many more reads answer "still computing" (REST null, GraphQL UNKNOWN) before `mergeable`.
    int mergeableComputingReads = 0;
    QString mergeStateStatus = QStringLiteral("CLEAN"); // CLEAN, UNSTABLE, BLOCKED, BEHIND, DIRTY, …
    QString reviewDecision;                             // empty = null (no review required)
    int additions = 0;
    int deletions = 0;
    int changedFiles = 0;
    QStringList labels;
    QStringList assignees;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime closedAt;
    QDateTime mergedAt;
    QString mergeCommitSha;
    QList<GhReview> reviews;
    QList<GhReviewThread> threads;
};

struct GhAnnotation
{
    QString path;
    int startLine = 0;
    int endLine = 0;
    QString level = QStringLiteral("failure"); // notice, warning, failure
    QString title;
    QString message;
};

struct GhCheckRun
{
    qint64 id = 0; // assigned by the state unless set (Actions: equals the job id)
    QString name;
    QString status = QStringLiteral("completed"); // queued, in_progress, completed, …
    QString conclusion;                           // empty while not completed
    QString appSlug = QStringLiteral("github-actions");
    qint64 workflowRunId = 0; // non-zero for Actions check runs
    qint64 checkSuiteId = 0;  // assigned by the state (the workflow run's suite for Actions)
    qint64 jobId = 0;         // with workflowRunId builds details_url …/actions/runs/{run}/job/{job}
    QString detailsUrl;       // used as is when not an Actions run
    QString outputTitle;
    QString outputSummary;
    QString outputText;
    bool required = false; // GraphQL isRequired: branch protection requires this check
    QDateTime startedAt;
    QDateTime completedAt;
    QList<GhAnnotation> annotations;
};

struct GhStep
{
    int number = 0;
    QString name;
    QString status = QStringLiteral("completed");
    QString conclusion;
    QDateTime startedAt;
    QDateTime completedAt;
};

struct GhJob
{
    qint64 id = 0; // assigned by the state unless set
    QString name;
    QString status = QStringLiteral("completed");
    QString conclusion;
    QDateTime startedAt;
    QDateTime completedAt;
    QList<GhStep> steps;
    QString log; // plain text served through the signed log URL
};

struct GhWorkflowRun
{
    qint64 id = 0; // assigned by the state unless set
    QString name;
    QString headSha;
    QString headBranch;
    QString event = QStringLiteral("pull_request");
    QString status = QStringLiteral("completed");
    QString conclusion;
    int runAttempt = 1;
    int runNumber = 1;
    qint64 checkSuiteId = 0;
    QList<GhJob> jobs;
};

struct GhCommitStatus
{
    qint64 id = 0;
    QString context;
    QString state; // error, failure, pending, success
    QString targetUrl;
    QString description;
    bool required = false;
    QDateTime createdAt;
};

struct GhIssueComment
{
    qint64 id = 0;
    GhActor author;
    QString body;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct GhIssue
{
    int number = 0; // assigned by the state
    QString title;
    QString body;
    GhActor author{QStringLiteral("octocat"), false};
    QString state = QStringLiteral("open"); // open, closed
    QString stateReason;                    // completed, not_planned, reopened or empty
    QStringList labels;
    QStringList assignees;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime closedAt;
};

struct GhRepository
{
    QString owner;
    QString name;
    int nextNumber = 1;
    QMap<int, GhPullRequest> pulls;
    QMap<int, GhIssue> issues;
    QHash<int, QList<GhIssueComment>> conversation; // issue/PR number → comments
    QHash<QString, QList<GhCheckRun>> checkRuns;    // head sha → runs
    QHash<QString, QList<GhCommitStatus>> statuses; // sha → statuses
    QList<GhWorkflowRun> workflowRuns;
    QStringList branches;
};

// Holds every repository and a logical clock. The clock starts at a fixed instant and moves one
// second per mutation so timestamps, bodies and therefore ETags are the same on every run.
class FakeGithubState final
{
public:
    FakeGithubState();

    QString htmlBase() const { return m_htmlBase; }
    void setHtmlBase(const QString &base) { m_htmlBase = base; }
    QString viewerLogin() const { return m_viewerLogin; }
    void setViewerLogin(const QString &login) { m_viewerLogin = login; }

    QDateTime now() const { return m_clock; }
    void setNow(const QDateTime &utc) { m_clock = utc; }
    // Moves the clock and returns the new instant; every mutation calls it.
    QDateTime tick();

    GhRepository &addRepository(const QString &fullName);
    GhRepository *repository(const QString &fullName);
    const GhRepository *repository(const QString &fullName) const;
    QStringList repositoryNames() const { return m_repos.keys(); }

    // Pull requests. Numbers come from the repository's shared issue/PR counter.
    int addPullRequest(const QString &repo, GhPullRequest pr);
    GhPullRequest *pullRequest(const QString &repo, int number);
    const GhPullRequest *pullRequest(const QString &repo, int number) const;
    // Applies `change` and bumps updated_at (use for title, draft, mergeability, decision …).
    bool updatePullRequest(const QString &repo, int number, const std::function<void(GhPullRequest &)> &change);
    bool pushHead(const QString &repo, int number, const QString &sha);
    bool closePullRequest(const QString &repo, int number);
    bool mergePullRequest(const QString &repo, int number);
    qint64 addReview(const QString &repo, int number, GhReview review);
    QString addReviewThread(const QString &repo, int number, GhReviewThread thread);
    // Finds a thread by node id anywhere in the world.
    GhReviewThread *reviewThread(const QString &threadId, QString *repoOut = nullptr, int *numberOut = nullptr);
    bool resolveReviewThread(const QString &threadId, bool resolved);
    // Adds a reply to the thread holding `threadId`; returns the new comment id or 0.
    qint64 addThreadReply(const QString &threadId, const GhActor &author, const QString &body);
    // The thread containing the line comment `commentId` of PR `number`, or null.
    GhReviewThread *threadOfComment(const QString &repo, int number, qint64 commentId);

    // CI. Check runs and statuses hang off a commit sha; CI changes never touch updated_at.
    qint64 addCheckRun(const QString &repo, const QString &sha, GhCheckRun run);
    bool updateCheckRun(const QString &repo, qint64 checkRunId, const std::function<void(GhCheckRun &)> &change);
    void clearCheckRuns(const QString &repo, const QString &sha);
    const GhCheckRun *checkRun(const QString &repo, qint64 checkRunId) const;
    qint64 addWorkflowRun(const QString &repo, GhWorkflowRun run);
    const GhWorkflowRun *workflowRun(const QString &repo, qint64 runId) const;
    const GhJob *job(const QString &repo, qint64 jobId) const;
    bool setJobLog(const QString &repo, qint64 jobId, const QString &log);
    qint64 addCommitStatus(const QString &repo, const QString &sha, GhCommitStatus status);

    // Issues and conversation comments (which also live on PR numbers).
    int addIssue(const QString &repo, GhIssue issue);
    GhIssue *issue(const QString &repo, int number);
    const GhIssue *issue(const QString &repo, int number) const;
    bool updateIssue(const QString &repo, int number, const std::function<void(GhIssue &)> &change);
    qint64 addIssueComment(const QString &repo, int number, const GhActor &author, const QString &body);

    bool hasBranch(const QString &repo, const QString &branch) const;
    void addBranch(const QString &repo, const QString &branch);
    bool deleteBranch(const QString &repo, const QString &branch);

    // Mergeability as GitHub reports it right now; consumes one "computing" read when pending.
    std::optional<bool> readMergeable(GhPullRequest &pr);

    QString detailsUrl(const QString &repo, const GhCheckRun &run) const;
    QString pullHtmlUrl(const QString &repo, int number) const;

private:
    qint64 nextId() { return ++m_lastId; }
    void touchPull(GhPullRequest &pr);

    QMap<QString, GhRepository> m_repos;
    QDateTime m_clock;
    qint64 m_lastId = 1000;
    QString m_htmlBase = QStringLiteral("https://github.com");
    QString m_viewerLogin = QStringLiteral("flotilla-bot");
};

} // namespace flotilla::fakes
