#include "reaction_keys.h"

using namespace Qt::StringLiterals;

namespace flotilla {

MergeMethod mergeMethodFromName(const QString &name)
{
    if (name == u"merge"_s)
        return MergeMethod::Merge;
    if (name == u"rebase"_s)
        return MergeMethod::Rebase;
    return MergeMethod::Squash;
}

QString reactionKeyForStatus(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::CiFailed:
        return QString::fromLatin1(reaction::CiFailed);
    case DisplayStatus::ChangesRequested:
        return QString::fromLatin1(reaction::ChangesRequested);
    case DisplayStatus::Mergeable:
        return QString::fromLatin1(reaction::ApprovedAndGreen);
    case DisplayStatus::Stuck:
        return QString::fromLatin1(reaction::AgentStuck);
    case DisplayStatus::NeedsInput:
        return QString::fromLatin1(reaction::AgentNeedsInput);
    case DisplayStatus::Killed:
    case DisplayStatus::Terminated:
    case DisplayStatus::Errored:
        return QString::fromLatin1(reaction::AgentExited);
    case DisplayStatus::BudgetExceeded:
        return QString::fromLatin1(reaction::BudgetExceeded);
    default:
        return {};
    }
}

QString eventTypeForStatus(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::Spawning:
        return u"session.spawning"_s;
    case DisplayStatus::Working:
        return u"session.working"_s;
    case DisplayStatus::Idle:
        return u"session.idle"_s;
    case DisplayStatus::PrOpen:
        return u"pr.created"_s;
    case DisplayStatus::CiFailed:
        return u"ci.failing"_s;
    case DisplayStatus::ReviewPending:
        return u"review.pending"_s;
    case DisplayStatus::ChangesRequested:
        return u"review.changes_requested"_s;
    case DisplayStatus::Approved:
        return u"review.approved"_s;
    case DisplayStatus::Mergeable:
        return u"merge.ready"_s;
    case DisplayStatus::Merged:
        return u"merge.completed"_s;
    case DisplayStatus::NeedsInput:
        return u"session.needs_input"_s;
    case DisplayStatus::Stuck:
        return u"session.stuck"_s;
    case DisplayStatus::Detecting:
        return u"session.detecting"_s;
    case DisplayStatus::BudgetExceeded:
        return u"session.budget_exceeded"_s;
    case DisplayStatus::Errored:
        return u"session.errored"_s;
    case DisplayStatus::Killed:
        return u"session.killed"_s;
    case DisplayStatus::Cleanup:
        return u"session.cleanup"_s;
    case DisplayStatus::Terminated:
        return u"session.terminated"_s;
    case DisplayStatus::Done:
        return u"session.done"_s;
    }
    return u"session.changed"_s;
}

Priority priorityForStatus(DisplayStatus status)
{
    switch (status) {
    case DisplayStatus::NeedsInput:
    case DisplayStatus::Stuck:
    case DisplayStatus::Errored:
    case DisplayStatus::BudgetExceeded:
        return Priority::Urgent;
    case DisplayStatus::Approved:
    case DisplayStatus::Mergeable:
    case DisplayStatus::Merged:
        return Priority::Action;
    case DisplayStatus::CiFailed:
    case DisplayStatus::ChangesRequested:
        return Priority::Warning;
    default:
        return Priority::Info;
    }
}

} // namespace flotilla
