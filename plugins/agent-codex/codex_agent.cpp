#include "codex_agent.h"

#include "codex_rollout.h"
#include "prompt_files.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QStringList baseCommand(AgentOptions::Permissions permissions, const QString &model)
{
    QStringList command{u"codex"_s, u"-c"_s, u"check_for_update_on_startup=false"_s};
    switch (permissions) {
    case AgentOptions::Permissions::Permissionless:
        command << u"--dangerously-bypass-approvals-and-sandbox"_s;
        break;
    case AgentOptions::Permissions::AutoEdit:
        command << u"--ask-for-approval"_s << u"never"_s;
        break;
    case AgentOptions::Permissions::Suggest:
        command << u"--ask-for-approval"_s << u"untrusted"_s;
        break;
    case AgentOptions::Permissions::Default:
        break;
    }
    if (!model.isEmpty()) {
        command << u"--model"_s << model;
        // Reasoning models do their best work with high effort.
        static const QRegularExpression reasoning(u"^o[34](?:$|-)"_s);
        if (reasoning.match(model).hasMatch())
            command << u"-c"_s << u"model_reasoning_effort=high"_s;
    }
    return command;
}

// `-c key=value` parses value as TOML; a quoted basic string keeps any path intact.
QString tomlString(QString text)
{
    return u'"' + text.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s) + u'"';
}

bool isThreadId(const QString &id)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_-]+$"_s);
    return plain.match(id).hasMatch();
}

} // namespace

PriceTable CodexAgent::defaultPrices()
{
    return PriceTable{2.50, 10.0, 0.625, 0.0};
}

CodexAgent::CodexAgent(const PluginSettings &settings)
    : m_options(AgentOptions::fromSettings(settings, defaultPrices()))
{}

Availability CodexAgent::detect() const
{
    if (!m_options)
        return Availability::missing(m_options.error().toString(), u"fix the codex agent settings"_s);
    if (QStandardPaths::findExecutable(u"codex"_s).isEmpty())
        return Availability::missing(u"codex not found"_s, u"install the Codex CLI: npm install -g @openai/codex"_s);
    return Availability::ok();
}

Result<AgentLaunch> CodexAgent::launch(const AgentLaunchContext &context) const
{
    auto permissions = AgentOptions::permissionsFrom(context.permissions);
    if (!permissions)
        return permissions.error();
    AgentLaunch launch;
    launch.command = baseCommand(permissions.value(), context.model);
    if (!context.systemPrompt.isEmpty()) {
        auto file = PromptFiles::write(context.session.id, u"system-prompt.md"_s, context.systemPrompt);
        if (!file)
            return file.error();
        launch.command << u"-c"_s << u"model_instructions_file="_s + tomlString(file.value());
    }
    launch.environment.insert(u"CODEX_DISABLE_UPDATE_CHECK"_s, u"1"_s);
    if (!context.prompt.isEmpty())
        launch.command << u"--"_s << context.prompt;
    launch.promptDelivery = AgentLaunch::PromptDelivery::Inline;
    return launch;
}

Async<ActivityReading> CodexAgent::readActivity(const SessionRecord &session)
{
    if (!m_options)
        return failed<ActivityReading>(m_options.error());
    const ActivityDecay decay = m_options->decay;
    const QString workspace = session.workspacePath;
    return QtConcurrent::run([decay, workspace]() -> Result<ActivityReading> {
        const QString rollout = CodexRollout::find(workspace);
        if (rollout.isEmpty())
            return ActivityDecay::unavailable(u"no Codex rollout for %1 under ~/.codex/sessions"_s.arg(workspace));
        return CodexRollout::activity(rollout, decay, QDateTime::currentDateTimeUtc());
    });
}

Async<AgentSessionInfo> CodexAgent::sessionInfo(const SessionRecord &session)
{
    if (!m_options)
        return failed<AgentSessionInfo>(m_options.error());
    const PriceTable prices = m_options->prices;
    const QString workspace = session.workspacePath;
    return QtConcurrent::run([prices, workspace]() -> Result<AgentSessionInfo> {
        const QString rollout = CodexRollout::find(workspace);
        if (rollout.isEmpty())
            return AgentSessionInfo{};
        return CodexRollout::info(rollout, prices);
    });
}

std::optional<QStringList> CodexAgent::restoreCommand(const SessionRecord &session) const
{
    if (!m_options)
        return std::nullopt;
    QString id = session.extra.value(u"agentSessionId"_s).toString();
    if (id.isEmpty())
        id = CodexRollout::threadId(CodexRollout::find(session.workspacePath));
    if (id.isEmpty() || !isThreadId(id))
        return std::nullopt;
    return baseCommand(m_options->permissions, m_options->model) << u"resume"_s << id;
}

} // namespace flotilla
