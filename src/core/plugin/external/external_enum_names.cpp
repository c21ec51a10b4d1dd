#include "external_enum_names.h"

namespace flotilla {

const std::array<std::pair<Issue::State, const char *>, 4> EnumNames<Issue::State>::table = {{
    {Issue::State::Open, "open"},
    {Issue::State::InProgress, "in_progress"},
    {Issue::State::Closed, "closed"},
    {Issue::State::Cancelled, "cancelled"},
}};

const std::array<std::pair<CiCheck::Status, const char *>, 5> EnumNames<CiCheck::Status>::table = {{
    {CiCheck::Status::Pending, "pending"},
    {CiCheck::Status::Running, "running"},
    {CiCheck::Status::Passed, "passed"},
    {CiCheck::Status::Failed, "failed"},
    {CiCheck::Status::Skipped, "skipped"},
}};

const std::array<std::pair<PrSnapshot::CiStatus, const char *>, 4> EnumNames<PrSnapshot::CiStatus>::table = {{
    {PrSnapshot::CiStatus::None, "none"},
    {PrSnapshot::CiStatus::Pending, "pending"},
    {PrSnapshot::CiStatus::Passing, "passing"},
    {PrSnapshot::CiStatus::Failing, "failing"},
}};

const std::array<std::pair<PrSnapshot::ReviewDecision, const char *>, 4> EnumNames<PrSnapshot::ReviewDecision>::table =
    {{
        {PrSnapshot::ReviewDecision::None, "none"},
        {PrSnapshot::ReviewDecision::Pending, "pending"},
        {PrSnapshot::ReviewDecision::Approved, "approved"},
        {PrSnapshot::ReviewDecision::ChangesRequested, "changes_requested"},
    }};

const std::array<std::pair<MergeMethod, const char *>, 3> EnumNames<MergeMethod>::table = {{
    {MergeMethod::Merge, "merge"},
    {MergeMethod::Squash, "squash"},
    {MergeMethod::Rebase, "rebase"},
}};

const std::array<std::pair<ActivityReading::Confidence, const char *>, 4>
    EnumNames<ActivityReading::Confidence>::table = {{
        {ActivityReading::Confidence::Valid, "valid"},
        {ActivityReading::Confidence::Stale, "stale"},
        {ActivityReading::Confidence::Unavailable, "unavailable"},
        {ActivityReading::Confidence::ProbeFailure, "probe_failure"},
    }};

const std::array<std::pair<ActivityReading::Source, const char *>, 5> EnumNames<ActivityReading::Source>::table = {{
    {ActivityReading::Source::Native, "native"},
    {ActivityReading::Source::Hook, "hook"},
    {ActivityReading::Source::Terminal, "terminal"},
    {ActivityReading::Source::Runtime, "runtime"},
    {ActivityReading::Source::None, "none"},
}};

const std::array<std::pair<AgentLaunch::PromptDelivery, const char *>, 2>
    EnumNames<AgentLaunch::PromptDelivery>::table = {{
        {AgentLaunch::PromptDelivery::Inline, "inline"},
        {AgentLaunch::PromptDelivery::AfterLaunch, "after_launch"},
    }};

const std::array<std::pair<Decision::State, const char *>, 4> EnumNames<Decision::State>::table = {{
    {Decision::State::Pending, "pending"},
    {Decision::State::Answered, "answered"},
    {Decision::State::Expired, "expired"},
    {Decision::State::Cancelled, "cancelled"},
}};

std::optional<PluginSlot> slotFromName(QStringView name)
{
    for (PluginSlot slot : {PluginSlot::Runtime, PluginSlot::Agent, PluginSlot::Workspace, PluginSlot::Tracker,
                            PluginSlot::Scm, PluginSlot::Notifier, PluginSlot::Terminal, PluginSlot::Lifecycle}) {
        if (name == slotName(slot))
            return slot;
    }
    return std::nullopt;
}

} // namespace flotilla
