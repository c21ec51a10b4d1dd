#include "custom_agent.h"

#include "claude_session_log.h"
#include "prompt_files.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Result<CommandTemplate> commandFrom(const PluginSettings &settings)
{
    const QString text = settings.value(u"command"_s).toString();
    if (text.trimmed().isEmpty())
        return makeError(u"agent.no_command"_s,
                         u"the custom agent needs a command, e.g. `my-agent --model {model} -- {prompt}`"_s,
                         u"command"_s);
    return CommandTemplate::parse(text, CustomAgent::launchPlaceholders());
}

std::optional<Result<CommandTemplate>> restoreFrom(const PluginSettings &settings)
{
    const QString text = settings.value(u"restore"_s).toString();
    if (text.trimmed().isEmpty())
        return std::nullopt;
    return CommandTemplate::parse(text, CustomAgent::restorePlaceholders());
}

} // namespace

const QStringList &CustomAgent::launchPlaceholders()
{
    static const QStringList names{u"prompt"_s,      u"prompt_file"_s, u"system_prompt_file"_s, u"model"_s,
                                   u"permissions"_s, u"session_id"_s,  u"workspace"_s};
    return names;
}

const QStringList &CustomAgent::restorePlaceholders()
{
    static const QStringList names{u"session_id"_s, u"agent_session_id"_s, u"workspace"_s, u"model"_s};
    return names;
}

CustomAgent::CustomAgent(const PluginSettings &settings)
    : m_options(AgentOptions::fromSettings(settings, PriceTable{})), m_command(commandFrom(settings)),
      m_restore(restoreFrom(settings)), m_processName(settings.value(u"processName"_s).toString()),
      m_activityLog(settings.value(u"activityLog"_s).toString())
{
    if (m_processName.isEmpty() && m_command)
        m_processName = QFileInfo(m_command->arguments().constFirst()).fileName();
}

std::optional<Error> CustomAgent::problem() const
{
    if (!m_options)
        return m_options.error();
    if (!m_command)
        return m_command.error();
    if (m_restore && !*m_restore)
        return m_restore->error();
    if (!m_activityLog.isEmpty()) {
        if (auto log = CommandTemplate::expandText(m_activityLog, {{u"session_id"_s, {}}, {u"workspace"_s, {}}}); !log)
            return log.error();
    }
    return std::nullopt;
}

Availability CustomAgent::detect() const
{
    if (const auto error = problem())
        return Availability::missing(error->toString(), u"fix the custom agent's settings"_s);
    const QString program = m_command->arguments().constFirst();
    const bool found =
        program.contains(u'/') ? QFileInfo(program).isExecutable() : !QStandardPaths::findExecutable(program).isEmpty();
    if (!found)
        return Availability::missing(u"%1 not found"_s.arg(program),
                                     u"install it, or give its full path in the custom agent's command"_s);
    return Availability::ok();
}

QString CustomAgent::processName() const
{
    return m_processName;
}

Result<AgentLaunch> CustomAgent::launch(const AgentLaunchContext &context) const
{
    if (const auto error = problem())
        return *error;
    QHash<QString, QString> values{
        {u"prompt"_s, context.prompt},
        {u"model"_s, context.model},
        {u"permissions"_s, context.permissions},
        {u"session_id"_s, context.session.id},
        {u"workspace"_s, context.session.workspacePath},
    };
    const QList<std::pair<QString, std::pair<QString, QString>>> files = {
        {u"prompt_file"_s, {u"prompt.md"_s, context.prompt}},
        {u"system_prompt_file"_s, {u"system-prompt.md"_s, context.systemPrompt}},
    };
    for (const auto &[placeholder, file] : files) {
        if (!m_command->uses(placeholder))
            continue;
        auto path = PromptFiles::write(context.session.id, file.first, file.second);
        if (!path)
            return path.error();
        values.insert(placeholder, path.value());
    }
    auto command = m_command->expand(values);
    if (!command)
        return command.error();

    AgentLaunch launch;
    launch.command = command.value();
    if (m_command->uses(u"prompt"_s) || m_command->uses(u"prompt_file"_s)) {
        launch.promptDelivery = AgentLaunch::PromptDelivery::Inline;
    } else {
        launch.promptDelivery = AgentLaunch::PromptDelivery::AfterLaunch;
        launch.prompt = context.prompt;
    }
    return launch;
}

Result<QString> CustomAgent::activityLogFor(const SessionRecord &session) const
{
    auto path = CommandTemplate::expandText(m_activityLog,
                                            {{u"session_id"_s, session.id}, {u"workspace"_s, session.workspacePath}});
    if (!path)
        return path.error();
    return QDir::isAbsolutePath(path.value()) ? path.value() : QDir(session.workspacePath).filePath(path.value());
}

Async<ActivityReading> CustomAgent::readActivity(const SessionRecord &session)
{
    if (!m_options)
        return failed<ActivityReading>(m_options.error());
    if (m_activityLog.isEmpty())
        return ready(Result<ActivityReading>(
            ActivityDecay::unavailable(u"the custom agent has no activityLog setting; the runtime decides"_s)));
    auto log = activityLogFor(session);
    if (!log)
        return failed<ActivityReading>(log.error());
    const ActivityDecay decay = m_options->decay;
    return QtConcurrent::run([decay, path = log.value()]() -> Result<ActivityReading> {
        if (!QFileInfo::exists(path))
            return ActivityDecay::unavailable(u"no activity log at %1 yet"_s.arg(path));
        return ClaudeSessionLog::activity(path, decay, QDateTime::currentDateTimeUtc());
    });
}

Async<AgentSessionInfo> CustomAgent::sessionInfo(const SessionRecord &session)
{
    if (!m_options)
        return failed<AgentSessionInfo>(m_options.error());
    if (m_activityLog.isEmpty())
        return ready(Result<AgentSessionInfo>(AgentSessionInfo{}));
    auto log = activityLogFor(session);
    if (!log)
        return failed<AgentSessionInfo>(log.error());
    const PriceTable prices = m_options->prices;
    return QtConcurrent::run([prices, path = log.value()]() -> Result<AgentSessionInfo> {
        if (!QFileInfo::exists(path))
            return AgentSessionInfo{};
        return ClaudeSessionLog::info(path, prices);
    });
}

std::optional<QStringList> CustomAgent::restoreCommand(const SessionRecord &session) const
{
    if (!m_restore || !*m_restore || !m_options)
        return std::nullopt;
    QHash<QString, QString> values{
        {u"session_id"_s, session.id},
        {u"workspace"_s, session.workspacePath},
        {u"model"_s, m_options->model},
    };
    if (const QString agentSession = session.extra.value(u"agentSessionId"_s).toString(); !agentSession.isEmpty())
        values.insert(u"agent_session_id"_s, agentSession);
    // Without the conversation id the template asks for, there is nothing to resume.
    auto command = m_restore->value().expand(values);
    if (!command)
        return std::nullopt;
    return command.value();
}

} // namespace flotilla
