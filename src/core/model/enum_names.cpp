#include "model_enums.h"

namespace flotilla {

const std::array<std::pair<SessionKind, const char *>, 2> EnumNames<SessionKind>::table = {{
    {SessionKind::Worker, "worker"},
    {SessionKind::Orchestrator, "orchestrator"},
}};

const std::array<std::pair<SessionState, const char *>, 8> EnumNames<SessionState>::table = {{
    {SessionState::NotStarted, "not_started"},
    {SessionState::Working, "working"},
    {SessionState::Idle, "idle"},
    {SessionState::NeedsInput, "needs_input"},
    {SessionState::Stuck, "stuck"},
    {SessionState::Detecting, "detecting"},
    {SessionState::Done, "done"},
    {SessionState::Terminated, "terminated"},
}};

const std::array<std::pair<SessionReason, const char *>, 19> EnumNames<SessionReason>::table = {{
    {SessionReason::SpawnRequested, "spawn_requested"},
    {SessionReason::AgentAcknowledged, "agent_acknowledged"},
    {SessionReason::TaskInProgress, "task_in_progress"},
    {SessionReason::PrCreated, "pr_created"},
    {SessionReason::PrClosedWaitingDecision, "pr_closed_waiting_decision"},
    {SessionReason::FixingCi, "fixing_ci"},
    {SessionReason::ResolvingReviewComments, "resolving_review_comments"},
    {SessionReason::AwaitingUserInput, "awaiting_user_input"},
    {SessionReason::AwaitingExternalReview, "awaiting_external_review"},
    {SessionReason::ResearchComplete, "research_complete"},
    {SessionReason::MergedWaitingDecision, "merged_waiting_decision"},
    {SessionReason::ManuallyKilled, "manually_killed"},
    {SessionReason::PrMerged, "pr_merged"},
    {SessionReason::AutoCleanup, "auto_cleanup"},
    {SessionReason::RuntimeLost, "runtime_lost"},
    {SessionReason::AgentProcessExited, "agent_process_exited"},
    {SessionReason::ProbeFailure, "probe_failure"},
    {SessionReason::ErrorInProcess, "error_in_process"},
    {SessionReason::BudgetExceeded, "budget_exceeded"},
}};

const std::array<std::pair<PrState, const char *>, 4> EnumNames<PrState>::table = {{
    {PrState::None, "none"},
    {PrState::Open, "open"},
    {PrState::Merged, "merged"},
    {PrState::Closed, "closed"},
}};

const std::array<std::pair<PrReason, const char *>, 10> EnumNames<PrReason>::table = {{
    {PrReason::NotCreated, "not_created"},
    {PrReason::InProgress, "in_progress"},
    {PrReason::CiFailing, "ci_failing"},
    {PrReason::ReviewPending, "review_pending"},
    {PrReason::ChangesRequested, "changes_requested"},
    {PrReason::Approved, "approved"},
    {PrReason::MergeReady, "merge_ready"},
    {PrReason::Merged, "merged"},
    {PrReason::ClosedUnmerged, "closed_unmerged"},
    {PrReason::ClearedOnRestore, "cleared_on_restore"},
}};

const std::array<std::pair<PrCiState, const char *>, 4> EnumNames<PrCiState>::table = {{
    {PrCiState::None, "none"},
    {PrCiState::Pending, "pending"},
    {PrCiState::Passing, "passing"},
    {PrCiState::Failing, "failing"},
}};

const std::array<std::pair<PrReviewState, const char *>, 4> EnumNames<PrReviewState>::table = {{
    {PrReviewState::None, "none"},
    {PrReviewState::Pending, "pending"},
    {PrReviewState::Approved, "approved"},
    {PrReviewState::ChangesRequested, "changes_requested"},
}};

const std::array<std::pair<RuntimeState, const char *>, 5> EnumNames<RuntimeState>::table = {{
    {RuntimeState::Unknown, "unknown"},
    {RuntimeState::Alive, "alive"},
    {RuntimeState::Exited, "exited"},
    {RuntimeState::Missing, "missing"},
    {RuntimeState::ProbeFailed, "probe_failed"},
}};

const std::array<std::pair<RuntimeReason, const char *>, 8> EnumNames<RuntimeReason>::table = {{
    {RuntimeReason::SpawnIncomplete, "spawn_incomplete"},
    {RuntimeReason::ProcessRunning, "process_running"},
    {RuntimeReason::ProcessMissing, "process_missing"},
    {RuntimeReason::TmuxMissing, "tmux_missing"},
    {RuntimeReason::ManualKillRequested, "manual_kill_requested"},
    {RuntimeReason::PrMergedCleanup, "pr_merged_cleanup"},
    {RuntimeReason::AutoCleanup, "auto_cleanup"},
    {RuntimeReason::ProbeError, "probe_error"},
}};

const std::array<std::pair<ActivityState, const char *>, 7> EnumNames<ActivityState>::table = {{
    {ActivityState::Unknown, "unknown"},
    {ActivityState::Active, "active"},
    {ActivityState::Ready, "ready"},
    {ActivityState::Idle, "idle"},
    {ActivityState::WaitingInput, "waiting_input"},
    {ActivityState::Blocked, "blocked"},
    {ActivityState::Exited, "exited"},
}};

const std::array<std::pair<DisplayStatus, const char *>, 19> EnumNames<DisplayStatus>::table = {{
    {DisplayStatus::Spawning, "spawning"},
    {DisplayStatus::Working, "working"},
    {DisplayStatus::Idle, "idle"},
    {DisplayStatus::PrOpen, "pr_open"},
    {DisplayStatus::CiFailed, "ci_failed"},
    {DisplayStatus::ChangesRequested, "changes_requested"},
    {DisplayStatus::ReviewPending, "review_pending"},
    {DisplayStatus::Approved, "approved"},
    {DisplayStatus::Mergeable, "mergeable"},
    {DisplayStatus::Merged, "merged"},
    {DisplayStatus::NeedsInput, "needs_input"},
    {DisplayStatus::Stuck, "stuck"},
    {DisplayStatus::Detecting, "detecting"},
    {DisplayStatus::BudgetExceeded, "budget_exceeded"},
    {DisplayStatus::Errored, "errored"},
    {DisplayStatus::Killed, "killed"},
    {DisplayStatus::Cleanup, "cleanup"},
    {DisplayStatus::Terminated, "terminated"},
    {DisplayStatus::Done, "done"},
}};

const std::array<std::pair<Priority, const char *>, 4> EnumNames<Priority>::table = {{
    {Priority::Urgent, "urgent"},
    {Priority::Action, "action"},
    {Priority::Warning, "warning"},
    {Priority::Info, "info"},
}};

Priority inferPriority(const QString &eventType)
{
    const QString type = eventType.toLower();
    if (type.contains(u"stuck") || type.contains(u"needs_input") || type.contains(u"errored")
        || type.contains(u"budget"))
        return Priority::Urgent;
    if (type.startsWith(u"summary."))
        return Priority::Info;
    if (type.contains(u"approved") || type.contains(u"ready") || type.contains(u"merged")
        || type.contains(u"completed"))
        return Priority::Action;
    if (type.contains(u"fail") || type.contains(u"changes_requested") || type.contains(u"conflicts"))
        return Priority::Warning;
    return Priority::Info;
}

} // namespace flotilla
