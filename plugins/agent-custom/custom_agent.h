#pragma once

#include "agent_options.h"
#include "command_template.h"
#include "plugin/agent_plugin.h"
#include "terminal_classifier.h"

namespace flotilla {

// Any agent CLI, described in the configuration.
//
// Settings:
//   command      required template, e.g. `my-agent --model {model} --file {prompt_file} -- {prompt}`;
//                placeholders {prompt} (always one argument), {prompt_file} and
//                {system_prompt_file} (private files holding the texts), {model}, {permissions},
//                {session_id}, {workspace}. With {prompt} or {prompt_file} the prompt is part of
//                the launch; without, it is typed in after launch.
//   processName  the agent's process name (default: the program's file name)
//   restore      optional template resuming a conversation: {session_id}, {agent_session_id},
//                {workspace}, {model}; used only when every placeholder has a value
//   activityLog  optional path of a Claude Code-format JSONL log the agent writes ({session_id},
//                {workspace}; relative to the workspace); without it activity is unavailable
//   permissions, model, readyThresholdMs, pricing (see AgentOptions)
class CustomAgent final : public AgentPlugin
{
public:
    static const QStringList &launchPlaceholders();
    static const QStringList &restorePlaceholders();

    explicit CustomAgent(const PluginSettings &settings);

    QString name() const override { return QStringLiteral("custom"); }
    Availability detect() const override;

    QString processName() const override;
    Result<AgentLaunch> launch(const AgentLaunchContext &context) const override;
    ActivityReading activityFromTerminal(const QString &lastLines, const QDateTime &now) const override
    {
        return terminalActivity(lastLines, now);
    }
    Async<ActivityReading> readActivity(const SessionRecord &session) override;
    Async<AgentSessionInfo> sessionInfo(const SessionRecord &session) override;
    std::optional<QStringList> restoreCommand(const SessionRecord &session) const override;

private:
    // The first problem with the settings, if any.
    std::optional<Error> problem() const;
    Result<QString> activityLogFor(const SessionRecord &session) const;

    Result<AgentOptions> m_options;
    Result<CommandTemplate> m_command;
    std::optional<Result<CommandTemplate>> m_restore;
    QString m_processName;
    QString m_activityLog;
};

} // namespace flotilla
