#pragma once

#include "agent_options.h"
#include "plugin/agent_plugin.h"
#include "terminal_classifier.h"

namespace flotilla {

// Aider (`aider`). `--message` would answer once and exit, so the prompt is typed in after
// launch; the system prompt is given as a read-only context file (`--read`). Aider keeps no
// structured log: activity is read from when it last wrote `.aider.chat.history.md` in the
// workspace (recent write: working; older: ready, then idle), the summary from the first
// request in that history. No cost (Aider does not record it) and no resume.
//
// Settings: permissions, model, readyThresholdMs (see AgentOptions).
class AiderAgent final : public AgentPlugin
{
public:
    static constexpr auto kChatHistory = "/.aider.chat.history.md";

    explicit AiderAgent(const PluginSettings &settings);

    QString name() const override { return QStringLiteral("aider"); }
    Availability detect() const override;

    QString processName() const override { return QStringLiteral("aider"); }
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
