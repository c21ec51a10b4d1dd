#pragma once

#include "agent_options.h"
#include "plugin/agent_plugin.h"
#include "terminal_classifier.h"

namespace flotilla {

// OpenAI Codex CLI (`codex`). The prompt goes on the command line after `--`; the system
// prompt is handed over as a private file (`model_instructions_file`). Activity and token
// totals come from Codex's rollout logs; restore resumes the thread with `codex resume <id>`.
//
// Settings: permissions, model, readyThresholdMs, pricing (see AgentOptions).
class CodexAgent final : public AgentPlugin
{
public:
    static PriceTable defaultPrices();

    explicit CodexAgent(const PluginSettings &settings);

    QString name() const override { return QStringLiteral("codex"); }
    Availability detect() const override;

    QString processName() const override { return QStringLiteral("codex"); }
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
