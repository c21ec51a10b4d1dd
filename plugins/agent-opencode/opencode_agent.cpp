#include "opencode_agent.h"

#include "prompt_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// OpenCode's own permission settings for each mode; "default" leaves OpenCode's defaults.
QJsonObject permissionBlock(AgentOptions::Permissions permissions)
{
    switch (permissions) {
    case AgentOptions::Permissions::Permissionless:
        return {{u"edit"_s, u"allow"_s}, {u"bash"_s, u"allow"_s}, {u"webfetch"_s, u"allow"_s}};
    case AgentOptions::Permissions::AutoEdit:
        return {{u"edit"_s, u"allow"_s}, {u"bash"_s, u"ask"_s}, {u"webfetch"_s, u"ask"_s}};
    case AgentOptions::Permissions::Suggest:
        return {{u"edit"_s, u"ask"_s}, {u"bash"_s, u"ask"_s}, {u"webfetch"_s, u"ask"_s}};
    case AgentOptions::Permissions::Default:
        break;
    }
    return {};
}

bool isSessionId(const QString &id)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_-]+$"_s);
    return plain.match(id).hasMatch();
}

} // namespace

OpenCodeAgent::OpenCodeAgent(const PluginSettings &settings)
    : m_options(AgentOptions::fromSettings(settings, PriceTable{})),
      m_sessionId(settings.value(u"opencodeSessionId"_s).toString())
{}

Availability OpenCodeAgent::detect() const
{
    if (!m_options)
        return Availability::missing(m_options.error().toString(), u"fix the opencode agent settings"_s);
    if (!m_sessionId.isEmpty() && !isSessionId(m_sessionId))
        return Availability::missing(u"opencodeSessionId \"%1\" is not an OpenCode session id"_s.arg(m_sessionId),
                                     u"copy the id from `opencode session list`"_s);
    if (QStandardPaths::findExecutable(u"opencode"_s).isEmpty())
        return Availability::missing(u"opencode not found"_s, u"install OpenCode: npm install -g opencode-ai"_s);
    return Availability::ok();
}

QString OpenCodeAgent::sessionIdFor(const SessionRecord &session) const
{
    const QString recorded = session.extra.value(u"agentSessionId"_s).toString();
    const QString id = recorded.isEmpty() ? m_sessionId : recorded;
    return isSessionId(id) ? id : QString();
}

Result<AgentLaunch> OpenCodeAgent::launch(const AgentLaunchContext &context) const
{
    auto permissions = AgentOptions::permissionsFrom(context.permissions);
    if (!permissions)
        return permissions.error();
    AgentLaunch launch;
    launch.command = {u"opencode"_s};
    if (const QString session = sessionIdFor(context.session); !session.isEmpty())
        launch.command << u"--session"_s << session;
    if (!context.model.isEmpty())
        launch.command << u"--model"_s << context.model;
    if (!context.prompt.isEmpty())
        launch.command << u"--prompt"_s << context.prompt;
    launch.promptDelivery = AgentLaunch::PromptDelivery::Inline;

    QJsonObject config{{u"$schema"_s, u"https://opencode.ai/config.json"_s}};
    if (const QJsonObject permission = permissionBlock(permissions.value()); !permission.isEmpty())
        config.insert(u"permission"_s, permission);
    if (!context.systemPrompt.isEmpty()) {
        auto instructions = PromptFiles::write(context.session.id, u"system-prompt.md"_s, context.systemPrompt);
        if (!instructions)
            return instructions.error();
        config.insert(u"instructions"_s, QJsonArray{instructions.value()});
    }
    if (config.size() > 1) {
        auto file = PromptFiles::write(context.session.id, u"opencode.json"_s,
                                       QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Indented)));
        if (!file)
            return file.error();
        launch.environment.insert(u"OPENCODE_CONFIG"_s, file.value());
    }
    return launch;
}

Async<ActivityReading> OpenCodeAgent::readActivity(const SessionRecord &)
{
    return ready(Result<ActivityReading>(
        ActivityDecay::unavailable(u"Flotilla does not read OpenCode's session store; the runtime decides"_s)));
}

Async<AgentSessionInfo> OpenCodeAgent::sessionInfo(const SessionRecord &session)
{
    AgentSessionInfo info;
    info.agentSessionId = sessionIdFor(session);
    return ready(Result<AgentSessionInfo>(info));
}

std::optional<QStringList> OpenCodeAgent::restoreCommand(const SessionRecord &session) const
{
    const QString id = sessionIdFor(session);
    if (!m_options || id.isEmpty())
        return std::nullopt;
    QStringList command{u"opencode"_s, u"--session"_s, id};
    if (!m_options->model.isEmpty())
        command << u"--model"_s << m_options->model;
    return command;
}

} // namespace flotilla
