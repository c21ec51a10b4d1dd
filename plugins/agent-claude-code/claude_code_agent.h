#pragma once

#include "agent_options.h"
#include "plugin/agent_plugin.h"
#include "terminal_classifier.h"

namespace flotilla {

// Claude Code (`claude`). The prompt is typed in after launch, since `claude -p` would answer
// once and exit. Activity, summary and cost come from Claude's own session logs; restore
// resumes the same conversation with `claude --resume <uuid>`. Permissions: permissionless
// skips every prompt, auto-edit accepts file edits and asks for commands, default and suggest
// keep Claude's own prompts.
//
// Settings: permissions, model, readyThresholdMs, pricing (see AgentOptions).
class ClaudeCodeAgent final : public AgentPlugin
{
public:
    static PriceTable defaultPrices(); // Claude Sonnet list prices

    explicit ClaudeCodeAgent(const PluginSettings &settings);

    QString name() const override { return QStringLiteral("claude-code"); }
    Availability detect() const override;

    QString processName() const override { return QStringLiteral("claude"); }
    Result<AgentLaunch> launch(const AgentLaunchContext &context) const override;
    ActivityReading activityFromTerminal(const QString &lastLines, const QDateTime &now) const override
    {
        return terminalActivity(lastLines, now);
    }
    Async<ActivityReading> readActivity(const SessionRecord &session) override;
    Async<AgentSessionInfo> sessionInfo(const SessionRecord &session) override;
    std::optional<QStringList> restoreCommand(const SessionRecord &session) const override;

private:
    Result<AgentOptions> m_options;
};

} // namespace flotilla
