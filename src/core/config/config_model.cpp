#include "config_model.h"

#include "model/model_enums.h"

using namespace Qt::StringLiterals;

namespace flotilla {

QStringList Config::credentialVariables() const
{
    QStringList names;
    const auto add = [&names](const SecretReference &reference) {
        if (reference.kind == SecretReference::Kind::Environment && !reference.name.isEmpty())
            names << reference.name;
    };
    add(raviApiKey);
    // Read for the management key when ravi.apiKey is not set.
    names << u"RAVI_API_KEY"_s;
    for (const ProjectConfig &candidate : projects) {
        add(candidate.ravi.vaultKey);
        if (candidate.scm.webhook) {
            add(candidate.scm.webhook->secret);
            if (!candidate.scm.webhook->secretEnvVar.isEmpty())
                names << candidate.scm.webhook->secretEnvVar;
        }
    }
    // Notifiers' own secrets (a Ravi key, a webhook URL with its token) are Flotilla's too.
    for (const NotifierConfig &notifier : notifiers) {
        const QJsonObject &settings = notifier.block.settings;
        for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
            if (it.value().isString() && looksLikeSecretKey(it.key()))
                add(SecretReference::parse(it.value().toString()));
        }
    }
    names.removeDuplicates();
    return names;
}

const ProjectConfig *Config::project(const QString &id) const
{
    for (const ProjectConfig &candidate : projects) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

std::optional<ReactionSettings> Config::reaction(const QString &projectId, const QString &key) const
{
    if (const ProjectConfig *owner = project(projectId); owner && owner->reactions.contains(key))
        return owner->reactions.value(key);
    if (reactions.contains(key))
        return reactions.value(key);
    return std::nullopt;
}

QString Config::workerAgent(const QString &projectId, const QString &requested) const
{
    if (!requested.isEmpty())
        return requested;
    if (const ProjectConfig *owner = project(projectId)) {
        if (!owner->worker.agent.isEmpty())
            return owner->worker.agent;
        if (!owner->agent.isEmpty())
            return owner->agent;
    }
    return defaultWorkerAgent.isEmpty() ? defaultAgent : defaultWorkerAgent;
}

QString Config::orchestratorAgent(const QString &projectId) const
{
    if (const ProjectConfig *owner = project(projectId)) {
        if (!owner->orchestrator.agent.isEmpty())
            return owner->orchestrator.agent;
        if (!owner->agent.isEmpty())
            return owner->agent;
    }
    return defaultOrchestratorAgent.isEmpty() ? defaultAgent : defaultOrchestratorAgent;
}

AgentSettings Config::agentSettings(const QString &projectId, bool orchestrator) const
{
    const ProjectConfig *owner = project(projectId);
    if (!owner)
        return AgentSettings{AgentSettings::Permissions::Permissionless, {}, {}, {}, {}};
    AgentSettings merged = owner->agentConfig;
    const RoleOverride &role = orchestrator ? owner->orchestrator : owner->worker;
    // `orchestrator.model` is the shorter spelling of the role's orchestratorModel.
    if (orchestrator && !role.model.isEmpty())
        merged.orchestratorModel = role.model;
    if (!role.agentConfig)
        return merged;
    const AgentSettings &over = *role.agentConfig;
    if (over.permissions)
        merged.permissions = over.permissions;
    if (!over.model.isEmpty())
        merged.model = over.model;
    if (!over.orchestratorModel.isEmpty())
        merged.orchestratorModel = over.orchestratorModel;
    if (!over.opencodeSessionId.isEmpty())
        merged.opencodeSessionId = over.opencodeSessionId;
    for (auto it = over.settings.constBegin(); it != over.settings.constEnd(); ++it)
        merged.settings.insert(it.key(), it.value());
    if (orchestrator && !role.model.isEmpty())
        merged.orchestratorModel = role.model;
    return merged;
}

QStringList Config::notifiersFor(Priority priority) const
{
    const QString name = enumName(priority);
    if (notificationRouting.contains(name))
        return notificationRouting.value(name);
    return defaultNotifiers;
}

} // namespace flotilla
