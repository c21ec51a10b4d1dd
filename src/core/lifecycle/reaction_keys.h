#pragma once

#include "model/display_status.h"
#include "model/event.h"
#include "plugin/scm_plugin.h"

#include <QString>

namespace flotilla {

// The reaction keys of the configuration (`reactions:`), the reference tool's plus Flotilla's.
namespace reaction {
inline constexpr auto CiFailed = "ci-failed";
inline constexpr auto ChangesRequested = "changes-requested";
inline constexpr auto BugbotComments = "bugbot-comments";
inline constexpr auto MergeConflicts = "merge-conflicts";
inline constexpr auto ApprovedAndGreen = "approved-and-green";
inline constexpr auto AgentStuck = "agent-stuck";
inline constexpr auto AgentNeedsInput = "agent-needs-input";
inline constexpr auto AgentExited = "agent-exited";
inline constexpr auto AgentIdle = "agent-idle";
inline constexpr auto PrClosed = "pr-closed";
inline constexpr auto AllComplete = "all-complete";
inline constexpr auto BudgetExceeded = "budget-exceeded";
inline constexpr auto ConflictRisk = "conflict-risk";
} // namespace reaction

// A reaction key as the configuration spells it.
inline QString reactionKey(const char *name)
{
    return QString::fromLatin1(name);
}

// `mergeMethod` of auto-merge and merge decisions: "merge", "rebase", else squash.
MergeMethod mergeMethodFromName(const QString &name);

// The reaction that entering `status` triggers, or empty when none does.
QString reactionKeyForStatus(DisplayStatus status);

// The event recorded when a session enters `status` ("ci.failing"), and its default priority.
QString eventTypeForStatus(DisplayStatus status);
Priority priorityForStatus(DisplayStatus status);

} // namespace flotilla
