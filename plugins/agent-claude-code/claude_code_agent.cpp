#include "claude_code_agent.h"

#include "claude_session_log.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QStringList baseCommand(AgentOptions::Permissions permissions, const QString &model)
{
    QStringList command{u"claude"_s};
    if (permissions == AgentOptions::Permissions::Permissionless)
        command << u"--dangerously-skip-permissions"_s;
    else if (permissions == AgentOptions::Permissions::AutoEdit)
        command << u"--permission-mode"_s << u"acceptEdits"_s;
    if (!model.isEmpty())
        command << u"--model"_s << model;
    return command;
}

bool isConversationId(const QString &id)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_-]+$"_s);
    return plain.match(id).hasMatch();
}

} // namespace

PriceTable ClaudeCodeAgent::defaultPrices()
{
    return PriceTable{3.0, 15.0, 0.30, 3.75};
}

ClaudeCodeAgent::ClaudeCodeAgent(const PluginSettings &settings)
    : m_options(AgentOptions::fromSettings(settings, defaultPrices()))
{}

Availability ClaudeCodeAgent::detect() const
{
    if (!m_options)
        return Availability::missing(m_options.error().toString(), u"fix the claude-code agent settings"_s);
    if (QStandardPaths::findExecutable(u"claude"_s).isEmpty())
        return Availability::missing(u"claude not found"_s,
                                     u"install Claude Code: npm install -g @anthropic-ai/claude-code"_s);
    return Availability::ok();
}

Result<AgentLaunch> ClaudeCodeAgent::launch(const AgentLaunchContext &context) const
{
    auto permissions = AgentOptions::permissionsFrom(context.permissions);
    if (!permissions)
        return permissions.error();
    AgentLaunch launch;
    launch.command = baseCommand(permissions.value(), context.model);
    if (!context.systemPrompt.isEmpty())
        launch.command << u"--append-system-prompt"_s << context.systemPrompt;
    // Claude refuses to start inside another Claude Code session unless this is cleared.
    launch.environment.insert(u"CLAUDECODE"_s, QString());
    launch.promptDelivery = AgentLaunch::PromptDelivery::AfterLaunch;
    launch.prompt = context.prompt;
    return launch;
}

Async<ActivityReading> ClaudeCodeAgent::readActivity(const SessionRecord &session)
{
    if (!m_options)
        return failed<ActivityReading>(m_options.error());
    const ActivityDecay decay = m_options->decay;
    const QString workspace = session.workspacePath;
    return QtConcurrent::run([decay, workspace]() -> Result<ActivityReading> {
        const QString log = ClaudeSessionLog::newestLog(workspace);
        if (log.isEmpty())
            return ActivityDecay::unavailable(
                u"no Claude Code session log for %1 under ~/.claude/projects"_s.arg(workspace));
        return ClaudeSessionLog::activity(log, decay, QDateTime::currentDateTimeUtc());
    });
}

Async<AgentSessionInfo> ClaudeCodeAgent::sessionInfo(const SessionRecord &session)
{
    if (!m_options)
        return failed<AgentSessionInfo>(m_options.error());
    const PriceTable prices = m_options->prices;
    const QString workspace = session.workspacePath;
    return QtConcurrent::run([prices, workspace]() -> Result<AgentSessionInfo> {
        const QString log = ClaudeSessionLog::newestLog(workspace);
        if (log.isEmpty())
            return AgentSessionInfo{};
        return ClaudeSessionLog::info(log, prices);
    });
}

std::optional<QStringList> ClaudeCodeAgent::restoreCommand(const SessionRecord &session) const
{
    if (!m_options)
        return std::nullopt;
    QString id = session.extra.value(u"agentSessionId"_s).toString();
    if (id.isEmpty())
        id = QFileInfo(ClaudeSessionLog::newestLog(session.workspacePath)).completeBaseName();
    if (id.isEmpty() || !isConversationId(id))
        return std::nullopt;
    return baseCommand(m_options->permissions, m_options->model) << u"--resume"_s << id;
}

} // namespace flotilla
