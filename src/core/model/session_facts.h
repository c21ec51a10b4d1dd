#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace flotilla {

// The canonical, persisted facts about a session. Everything a person sees as "status" is
// derived from these by deriveDisplayStatus(); the status itself is never stored, so it can
// never disagree with the facts.

enum class SessionKind { Worker, Orchestrator };

enum class SessionState { NotStarted, Working, Idle, NeedsInput, Stuck, Detecting, Done, Terminated };

enum class SessionReason {
    SpawnRequested,
    AgentAcknowledged,
    TaskInProgress,
    PrCreated,
    PrClosedWaitingDecision,
    FixingCi,
    ResolvingReviewComments,
    AwaitingUserInput,
    AwaitingExternalReview,
    ResearchComplete,
    MergedWaitingDecision,
    ManuallyKilled,
    PrMerged,
    AutoCleanup,
    RuntimeLost,
    AgentProcessExited,
    ProbeFailure,
    ErrorInProcess,
    BudgetExceeded,
};

enum class PrState { None, Open, Merged, Closed };

enum class PrReason {
    NotCreated,
    InProgress,
    CiFailing,
    ReviewPending,
    ChangesRequested,
    Approved,
    MergeReady,
    Merged,
    ClosedUnmerged,
    ClearedOnRestore,
};

// The pull request's checks and review as the SCM last reported them, kept apart from PrReason
// (which says what matters most) so views can show both badges at any time.
enum class PrCiState { None, Pending, Passing, Failing };
enum class PrReviewState { None, Pending, Approved, ChangesRequested };

enum class RuntimeState { Unknown, Alive, Exited, Missing, ProbeFailed };

enum class RuntimeReason {
    SpawnIncomplete,
    ProcessRunning,
    ProcessMissing,
    TmuxMissing,
    ManualKillRequested,
    PrMergedCleanup,
    AutoCleanup,
    ProbeError,
};

// What the agent is doing, as its plugin reads it (native session log, hooks, terminal).
enum class ActivityState { Unknown, Active, Ready, Idle, WaitingInput, Blocked, Exited };

struct PullRequestFacts
{
    PrState state = PrState::None;
    PrReason reason = PrReason::NotCreated;
    int number = 0;
    QString url;
    QString title;
    QString headSha;
    QString baseBranch;
    bool draft = false;
    PrCiState ci = PrCiState::None;
    PrReviewState review = PrReviewState::None;
    QDateTime lastObservedAt;
};

struct RuntimeFacts
{
    RuntimeState state = RuntimeState::Unknown;
    RuntimeReason reason = RuntimeReason::SpawnIncomplete;
    QString handle; // runtime-specific id (tmux session name, pid)
    QDateTime lastObservedAt;
};

struct ActivityFacts
{
    ActivityState state = ActivityState::Unknown;
    QDateTime at; // when the agent last showed this activity
};

struct CostFacts
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double usd = 0.0;
};

struct SessionRecord
{
    QString id;        // "{prefix}-{N}"
    QString projectId; // key in the config's projects map
    SessionKind kind = SessionKind::Worker;
    QString issueId;     // tracker id ("42", "INT-100"), empty for free-text prompts
    QString displayName; // issue title or prompt, cut to 80 characters
    QString branch;
    QString workspacePath;
    QString agent;    // agent plugin name
    QString identity; // who commits as this session (empty: the user's own git identity)
    QString summary;  // agent's own summary of its work

    SessionState state = SessionState::NotStarted;
    SessionReason reason = SessionReason::SpawnRequested;
    PullRequestFacts pr;
    RuntimeFacts runtime;
    ActivityFacts activity;
    CostFacts cost;
    std::optional<double> budgetUsd; // from config; exceeding it stops reactions and asks a person

    QDateTime createdAt;
    QDateTime startedAt; // the agent's last start (spawn or restore); grace periods count from it
    QDateTime lastTransitionAt;
    QDateTime completedAt;
    QDateTime terminatedAt;

    QJsonObject extra; // plugin-owned facts (agent session id, runtime data), persisted as JSON

    qint64 revision = 0; // bumped by every stored update; guards against lost updates
};

} // namespace flotilla
