#pragma once

#include "external_plugin_caller.h"
#include "plugin/agent_plugin.h"

namespace flotilla {

// The agent slot served by an external command. readActivity and sessionInfo are calls; the
// synchronous processName(), launch() and restoreCommand() expand what the plugin declared in
// its `initialize` answer (`processName`, `launch`, `restoreCommand`), so the plugin is started
// as soon as the adapter exists.
class ExternalAgentPlugin final : public AgentPlugin
{
public:
    ExternalAgentPlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    QString processName() const override;
    Result<AgentLaunch> launch(const AgentLaunchContext &context) const override;
    Async<ActivityReading> readActivity(const SessionRecord &session) override;
    Async<AgentSessionInfo> sessionInfo(const SessionRecord &session) override;
    std::optional<QStringList> restoreCommand(const SessionRecord &session) const override;

private:
    ExternalPluginCaller m_caller;
};

} // namespace flotilla
