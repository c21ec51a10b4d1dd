#pragma once

#include "agent_options.h"
#include "plugin/agent_plugin.h"
#include "terminal_classifier.h"

namespace flotilla {

// OpenCode (`opencode`). The prompt goes on the command line (`--prompt`); the system prompt
// and the permission mode go into a private configuration file named by OPENCODE_CONFIG.
// OpenCode keeps its sessions in its own database, which Flotilla does not read: activity is
// reported unavailable (the lifecycle then relies on the runtime) and there is no summary or
// cost. A session id given in the settings ("opencodeSessionId") or recorded for the session
// ("agentSessionId") is resumed with `--session <id>`.
//
// Settings: permissions, model, opencodeSessionId (see AgentOptions).
class OpenCodeAgent final : public AgentPlugin
{
public:
    explicit OpenCodeAgent(const PluginSettings &settings);

    QString name() const override { return QStringLiteral("opencode"); }
    Availability detect() const override;

    QString processName() const override { return QStringLiteral("opencode"); }
    Result<AgentLaunch> launch(const AgentLaunchContext &context) const override;
    ActivityReading activityFromTerminal(const QString &lastLines, const QDateTime &now) const override
    {
        return terminalActivity(lastLines, now);
    }
    Async<ActivityReading> readActivity(const SessionRecord &session) override;
    Async<AgentSessionInfo> sessionInfo(const SessionRecord &session) override;
    std::optional<QStringList> restoreCommand(const SessionRecord &session) const override;

private:
    QString sessionIdFor(const SessionRecord &session) const;

    Result<AgentOptions> m_options;
    QString m_sessionId;
};

} // namespace flotilla
