#include "display_status.h"

namespace flotilla {

namespace {

bool overBudget(const SessionRecord &session)
{
    return session.budgetUsd && *session.budgetUsd > 0 && session.cost.usd > *session.budgetUsd;
}

DisplayStatus terminatedStatus(SessionReason reason)
{
    switch (reason) {
    case SessionReason::ManuallyKilled:
    case SessionReason::RuntimeLost:
        return DisplayStatus::Killed;
    case SessionReason::AutoCleanup:
    case SessionReason::PrMerged:
        return DisplayStatus::Cleanup;
    case SessionReason::ErrorInProcess:
    case SessionReason::ProbeFailure:
        return DisplayStatus::Errored;
    default:
        return DisplayStatus::Terminated;
    }
}

DisplayStatus openPrStatus(PrReason reason)
{
    switch (reason) {
    case PrReason::CiFailing:
        return DisplayStatus::CiFailed;
    case PrReason::ChangesRequested:
        return DisplayStatus::ChangesRequested;
    case PrReason::ReviewPending:
        return DisplayStatus::ReviewPending;
    case PrReason::Approved:
        return DisplayStatus::Approved;
    case PrReason::MergeReady:
        return DisplayStatus::Mergeable;
    default:
        return DisplayStatus::PrOpen;
    }
}

} // namespace

DisplayStatus deriveDisplayStatus(const SessionRecord &session)
{
    switch (session.state) {
    case SessionState::NotStarted:
        return DisplayStatus::Spawning;
    case SessionState::Terminated:
        return terminatedStatus(session.reason);
    case SessionState::Done:
        return DisplayStatus::Done;
    case SessionState::NeedsInput:
        return DisplayStatus::NeedsInput;
    case SessionState::Stuck:
        return DisplayStatus::Stuck;
    case SessionState::Detecting:
        return DisplayStatus::Detecting;
    case SessionState::Working:
    case SessionState::Idle:
        break;
    }
    if (overBudget(session) || session.reason == SessionReason::BudgetExceeded)
        return DisplayStatus::BudgetExceeded;
    if (session.pr.state == PrState::Merged)
        return DisplayStatus::Merged;
    if (session.pr.state == PrState::Open)
        return openPrStatus(session.pr.reason);
    return session.state == SessionState::Idle ? DisplayStatus::Idle : DisplayStatus::Working;
}

bool isTerminal(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::Killed:
    case DisplayStatus::Terminated:
    case DisplayStatus::Done:
    case DisplayStatus::Cleanup:
    case DisplayStatus::Errored:
    case DisplayStatus::Merged:
        return true;
    default:
        return false;
    }
}

bool needsAttention(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::CiFailed:
    case DisplayStatus::ChangesRequested:
    case DisplayStatus::Mergeable:
    case DisplayStatus::Approved:
    case DisplayStatus::NeedsInput:
    case DisplayStatus::Stuck:
    case DisplayStatus::BudgetExceeded:
    case DisplayStatus::Errored:
        return true;
    default:
        return false;
    }
}

} // namespace flotilla
