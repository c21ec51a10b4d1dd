#pragma once

#include "session_facts.h"

#include <QString>

namespace flotilla {

// What a person sees for a session. Derived, never stored (see deriveDisplayStatus).
enum class DisplayStatus {
    Spawning,
    Working,
    Idle,
    PrOpen,
    CiFailed,
    ChangesRequested,
    ReviewPending,
    Approved,
    Mergeable,
    Merged,
    NeedsInput,
    Stuck,
    Detecting,
    BudgetExceeded,
    Errored,
    Killed,
    Cleanup,
    Terminated,
    Done,
};

// The one pure function from canonical facts to display status; first matching rule wins:
//   not_started                                  → spawning
//   terminated: manually_killed | runtime_lost   → killed
//   terminated: auto_cleanup | pr_merged         → cleanup
//   terminated: error_in_process | probe_failure → errored
//   terminated: other                            → terminated
//   done                                         → done
//   needs_input / stuck / detecting              → same name
//   cost above the session's budget              → budget_exceeded
//   PR merged                                    → merged
//   PR open: ci_failing / changes_requested / review_pending / approved / merge_ready / other
//            → ci_failed / changes_requested / review_pending / approved / mergeable / pr_open
//   working / idle                               → working / idle
DisplayStatus deriveDisplayStatus(const SessionRecord &session);

bool isTerminal(DisplayStatus status);
// Statuses in which a person or a reaction has something to do.
bool needsAttention(DisplayStatus status);

} // namespace flotilla
