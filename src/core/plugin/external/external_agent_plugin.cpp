#include "external_agent_plugin.h"

#include "external_json.h"
#include "external_model_json.h"
#include "external_templates.h"

using namespace Qt::StringLiterals;

namespace flotilla {

ExternalAgentPlugin::ExternalAgentPlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{
    m_caller.process().start();
}

QString ExternalAgentPlugin::processName() const
{
    return m_caller.process().declarations().value(u"processName").toString(name());
}

Result<AgentLaunch> ExternalAgentPlugin::launch(const AgentLaunchContext &context) const
{
    const ExternalPluginProcess &process = m_caller.process();
    if (!process.isReady())
        return makeError(
            u"plugin.not_ready"_s,
            u"the agent plugin %1 has not finished starting, so its launch command is not known yet"_s.arg(name()),
            name());
    AgentLaunch declared;
    if (auto problem = external::decodeJson(process.declarations().value(u"launch"), declared, u"launch"_s))
        return ExternalPluginCaller::malformed(name(), u"initialize"_s, *problem);

    external::TemplateValues values = external::sessionValues(context.session);
    values.insert(u"prompt"_s, context.prompt);
    values.insert(u"systemPrompt"_s, context.systemPrompt);
    values.insert(u"model"_s, context.model);
    values.insert(u"permissions"_s, context.permissions);

    AgentLaunch launch;
    launch.command = external::expandArguments(declared.command, values);
    for (auto it = declared.environment.cbegin(); it != declared.environment.cend(); ++it)
        launch.environment.insert(it.key(), external::expandTemplate(it.value(), values));
    launch.promptDelivery = declared.promptDelivery;
    if (launch.promptDelivery == AgentLaunch::PromptDelivery::AfterLaunch)
        launch.prompt = context.prompt;
    return launch;
}

Async<ActivityReading> ExternalAgentPlugin::readActivity(const SessionRecord &session)
{
    return m_caller.call<ActivityReading>(u"agent.readActivity"_s, {{u"session"_s, external::toJson(session)}});
}

Async<AgentSessionInfo> ExternalAgentPlugin::sessionInfo(const SessionRecord &session)
{
    return m_caller.call<AgentSessionInfo>(u"agent.sessionInfo"_s, {{u"session"_s, external::toJson(session)}});
}

std::optional<QStringList> ExternalAgentPlugin::restoreCommand(const SessionRecord &session) const
{
    QStringList declared;
    for (const QJsonValue &argument : m_caller.process().declarations().value(u"restoreCommand").toArray())
        declared << argument.toString();
    const external::TemplateValues values = external::sessionValues(session);
    // A template whose placeholders are not all known (no agent session id yet) cannot resume.
    if (declared.isEmpty() || !external::allPlaceholdersFilled(declared, values))
        return std::nullopt;
    return external::expandArguments(declared, values);
}

} // namespace flotilla
