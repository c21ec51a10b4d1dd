#pragma once

#include "model/session_facts.h"
#include "plugin_common.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace flotilla {

struct AgentLaunchContext
{
    SessionRecord session;
    QString prompt;       // the full task prompt
    QString systemPrompt; // rules and tool instructions
    QString model;
    QString permissions; // "permissionless", "default", "auto-edit", "suggest"
    PluginSettings settings;
};

struct AgentLaunch
{
    enum class PromptDelivery { Inline, AfterLaunch };

    QStringList command;
    QHash<QString, QString> environment;
    PromptDelivery promptDelivery = PromptDelivery::AfterLaunch;
    QString prompt; // sent after launch when promptDelivery is AfterLaunch
};

struct ActivityReading
{
    enum class Confidence { Valid, Stale, Unavailable, ProbeFailure };
    enum class Source { Native, Hook, Terminal, Runtime, None };

    ActivityState state = ActivityState::Unknown;
    QDateTime at;
    Confidence confidence = Confidence::Unavailable;
    Source source = Source::None;
    QString evidence; // for people: why we think so
};

struct AgentSessionInfo
{
    QString summary;
    bool summaryIsFallback = false;
    QString agentSessionId; // for restore (claude --resume <id>)
    CostFacts cost;
};

class AgentPlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Agent;
    PluginSlot slot() const final { return kSlot; }

    virtual QString processName() const = 0;
    virtual Result<AgentLaunch> launch(const AgentLaunchContext &context) const = 0;
    virtual Async<ActivityReading> readActivity(const SessionRecord &session) = 0;
    virtual Async<AgentSessionInfo> sessionInfo(const SessionRecord &session) = 0;
    // The fallback when the agent's own records say nothing: what its last lines of terminal
    // output show (a bare prompt, a permission question). Unavailable unless the plugin knows
    // its agent's screen.
    virtual ActivityReading activityFromTerminal(const QString &lastLines, const QDateTime &now) const
    {
        Q_UNUSED(lastLines)
        ActivityReading reading;
        reading.at = now;
        return reading;
    }
    // Command that resumes the agent's own conversation, if it can.
    virtual std::optional<QStringList> restoreCommand(const SessionRecord &session) const = 0;
};

} // namespace flotilla
