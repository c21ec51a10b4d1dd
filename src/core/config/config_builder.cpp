#include "config_builder.h"

#include "duration.h"
#include "model/model_enums.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out << item.toString();
    return out;
}

std::optional<qint64> milliseconds(const QJsonObject &object, const QString &key)
{
    if (!object.contains(key))
        return std::nullopt;
    return qint64(object.value(key).toDouble());
}

std::optional<int> optionalInt(const QJsonObject &object, const QString &key)
{
    if (!object.contains(key))
        return std::nullopt;
    return object.value(key).toInt();
}

PluginBlock pluginBlock(const QJsonObject &object)
{
    return {object.value(u"plugin"_s).toString(), object.value(u"package"_s).toString(),
            object.value(u"path"_s).toString(), object};
}

AgentSettings agentSettings(const QJsonObject &object)
{
    static const QHash<QString, AgentSettings::Permissions> modes = {
        {u"permissionless"_s, AgentSettings::Permissions::Permissionless},
        {u"default"_s, AgentSettings::Permissions::Default},
        {u"auto-edit"_s, AgentSettings::Permissions::AutoEdit},
        {u"suggest"_s, AgentSettings::Permissions::Suggest},
    };
    AgentSettings settings;
    if (object.contains(u"permissions"_s))
        settings.permissions = modes.value(object.value(u"permissions"_s).toString());
    settings.model = object.value(u"model"_s).toString();
    settings.orchestratorModel = object.value(u"orchestratorModel"_s).toString();
    settings.opencodeSessionId = object.value(u"opencodeSessionId"_s).toString();
    settings.settings = object;
    return settings;
}

RoleOverride roleOverride(const QJsonObject &object)
{
    RoleOverride role;
    role.agent = object.value(u"agent"_s).toString();
    if (object.contains(u"agentConfig"_s))
        role.agentConfig = agentSettings(object.value(u"agentConfig"_s).toObject());
    role.enabled = object.value(u"enabled"_s).toBool(false);
    role.model = object.value(u"model"_s).toString();
    return role;
}

BacklogSettings backlogSettings(const QJsonValue &value)
{
    BacklogSettings backlog;
    if (!value.isObject())
        return backlog;
    const QJsonObject object = value.toObject();
    backlog.enabled = object.value(u"enabled"_s).toBool(true);
    backlog.label = object.value(u"label"_s).toString(backlog.label);
    backlog.inProgressLabel = object.value(u"inProgressLabel"_s).toString(backlog.inProgressLabel);
    backlog.maxConcurrent = object.value(u"maxConcurrent"_s).toInt(backlog.maxConcurrent);
    if (object.contains(u"pollInterval"_s))
        backlog.pollIntervalMs = qint64(object.value(u"pollInterval"_s).toDouble());
    if (object.value(u"onMerge"_s).toString() == u"verify"_s)
        backlog.onMerge = BacklogSettings::OnMerge::Verify;
    backlog.unverifiedLabel = object.value(u"unverifiedLabel"_s).toString(backlog.unverifiedLabel);
    backlog.verifiedLabel = object.value(u"verifiedLabel"_s).toString(backlog.verifiedLabel);
    backlog.verificationFailedLabel =
        object.value(u"verificationFailedLabel"_s).toString(backlog.verificationFailedLabel);
    if (object.contains(u"retryAfter"_s))
        backlog.retryAfterMs = qint64(object.value(u"retryAfter"_s).toDouble());
    return backlog;
}

SessionStrategy strategy(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text == u"delete"_s)
        return SessionStrategy::Delete;
    if (text == u"ignore"_s)
        return SessionStrategy::Ignore;
    return SessionStrategy::Reuse;
}

ScmSettings scmSettings(const QJsonObject &object)
{
    ScmSettings scm;
    scm.block = pluginBlock(object);
    if (object.contains(u"webhook"_s)) {
        const QJsonObject hook = object.value(u"webhook"_s).toObject();
        WebhookSettings webhook;
        webhook.enabled = hook.value(u"enabled"_s).toBool(true);
        webhook.path = hook.value(u"path"_s).toString();
        webhook.secretEnvVar = hook.value(u"secretEnvVar"_s).toString();
        webhook.secret = SecretReference::parse(hook.value(u"secret"_s).toString());
        webhook.signatureHeader = hook.value(u"signatureHeader"_s).toString();
        webhook.eventHeader = hook.value(u"eventHeader"_s).toString();
        webhook.deliveryHeader = hook.value(u"deliveryHeader"_s).toString();
        webhook.maxBodyBytes = milliseconds(hook, u"maxBodyBytes"_s);
        scm.webhook = webhook;
    }
    const QJsonObject ci = object.value(u"ci"_s).toObject();
    scm.ciCommand = ci.value(u"command"_s).toString();
    if (ci.contains(u"timeout"_s))
        scm.ciTimeoutMs = qint64(ci.value(u"timeout"_s).toDouble());
    if (ci.contains(u"maxLogBytes"_s))
        scm.ciMaxLogBytes = qint64(ci.value(u"maxLogBytes"_s).toDouble());
    return scm;
}

ProjectConfig project(const QString &id, const QJsonObject &object, const QMap<QString, ReactionSettings> &global)
{
    ProjectConfig p;
    p.id = id;
    p.name = object.value(u"name"_s).toString(id);
    p.repo = object.value(u"repo"_s).toString();
    p.path = object.value(u"path"_s).toString();
    p.defaultBranch = object.value(u"defaultBranch"_s).toString(u"main"_s);
    p.sessionPrefix = object.value(u"sessionPrefix"_s).toString();
    p.runtime = object.value(u"runtime"_s).toString();
    p.agent = object.value(u"agent"_s).toString();
    p.workspace = object.value(u"workspace"_s).toString();
    p.tracker = pluginBlock(object.value(u"tracker"_s).toObject());
    p.scm = scmSettings(object.value(u"scm"_s).toObject());
    const QJsonObject ravi = object.value(u"ravi"_s).toObject();
    p.ravi.vaultKey = SecretReference::parse(ravi.value(u"vaultKey"_s).toString());
    for (const QString &name : strings(ravi.value(u"secrets"_s))) {
        if (name == u"*"_s)
            p.ravi.wholeVault = true;
        else
            p.ravi.secrets << name;
    }
    p.ravi.continueWhenUnreachable = ravi.value(u"onUnreachable"_s).toString() == u"continue"_s;
    p.ravi.identity = ravi.value(u"identity"_s).toString();
    p.ravi.identityPool = strings(ravi.value(u"identityPool"_s));
    p.symlinks = strings(object.value(u"symlinks"_s));
    p.postCreate = strings(object.value(u"postCreate"_s));
    p.agentConfig = agentSettings(object.value(u"agentConfig"_s).toObject());
    p.orchestrator = roleOverride(object.value(u"orchestrator"_s).toObject());
    p.worker = roleOverride(object.value(u"worker"_s).toObject());
    p.reactions = global;
    const QJsonObject reactions = object.value(u"reactions"_s).toObject();
    for (auto it = reactions.constBegin(); it != reactions.constEnd(); ++it)
        p.reactions.insert(it.key(), buildReaction(it.key(), it.value().toObject()));
    p.agentRules = object.value(u"agentRules"_s).toString();
    p.agentRulesFile = object.value(u"agentRulesFile"_s).toString();
    p.orchestratorRules = object.value(u"orchestratorRules"_s).toString();
    p.orchestratorSessionStrategy = strategy(object.value(u"orchestratorSessionStrategy"_s));
    p.opencodeIssueSessionStrategy = strategy(object.value(u"opencodeIssueSessionStrategy"_s));
    if (const QJsonObject budget = object.value(u"budget"_s).toObject(); budget.contains(u"usd"_s))
        p.budgetUsd = budget.value(u"usd"_s).toDouble();
    p.decomposer = object.value(u"decomposer"_s).toObject();
    p.backlog = backlogSettings(object.value(u"backlog"_s));
    return p;
}

QMap<QString, QStringList> routing(const QJsonObject &object)
{
    QMap<QString, QStringList> out;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        out.insert(it.key(), strings(it.value()));
    return out;
}

} // namespace

ReactionSettings buildReaction(const QString &key, const QJsonObject &entry)
{
    ReactionSettings reaction;
    reaction.key = key;
    reaction.automatic = entry.value(u"auto"_s).toBool(true);
    const QString action = entry.value(u"action"_s).toString();
    if (action == u"send-to-agent"_s)
        reaction.action = ReactionSettings::Action::SendToAgent;
    else if (action == u"auto-merge"_s)
        reaction.action = ReactionSettings::Action::AutoMerge;
    reaction.message = entry.value(u"message"_s).toString();
    if (entry.contains(u"priority"_s))
        reaction.priority = enumFromName<Priority>(entry.value(u"priority"_s).toString());
    reaction.retries = optionalInt(entry, u"retries"_s);
    const QJsonValue escalate = entry.value(u"escalateAfter"_s);
    if (escalate.isDouble())
        reaction.escalateAfterAttempts = escalate.toInt();
    else if (escalate.isString())
        reaction.escalateAfterMs = parseDuration(escalate.toString());
    reaction.thresholdMs = milliseconds(entry, u"threshold"_s);
    reaction.includeSummary = entry.value(u"includeSummary"_s).toBool(false);
    reaction.cooldownMs = milliseconds(entry, u"cooldown"_s);
    reaction.renagAfterMs = milliseconds(entry, u"renagAfter"_s);
    const QString onReject = entry.value(u"onReject"_s).toString();
    if (onReject == u"kill"_s)
        reaction.onReject = ReactionSettings::OnReject::Kill;
    else if (onReject == u"close-pr"_s)
        reaction.onReject = ReactionSettings::OnReject::ClosePr;
    reaction.mergeMethod = entry.value(u"mergeMethod"_s).toString(u"squash"_s);
    return reaction;
}

Config buildConfig(const QJsonObject &tree, const QStringList &projectOrder)
{
    Config config;
    config.port = tree.value(u"port"_s).toInt(config.port);
    if (tree.contains(u"terminalPort"_s))
        config.terminalPort = tree.value(u"terminalPort"_s).toInt();
    if (tree.contains(u"directTerminalPort"_s))
        config.directTerminalPort = tree.value(u"directTerminalPort"_s).toInt();
    config.readyThresholdMs = qint64(tree.value(u"readyThresholdMs"_s).toDouble(double(config.readyThresholdMs)));
    config.preventIdleSleep = tree.value(u"power"_s).toObject().value(u"preventIdleSleep"_s).toBool();
    const QJsonObject lifecycle = tree.value(u"lifecycle"_s).toObject();
    config.autoCleanupOnMerge = lifecycle.value(u"autoCleanupOnMerge"_s).toBool(true);
    config.mergeCleanupIdleGraceMs =
        qint64(lifecycle.value(u"mergeCleanupIdleGraceMs"_s).toDouble(double(config.mergeCleanupIdleGraceMs)));
    if (lifecycle.contains(u"pollInterval"_s))
        config.pollIntervalMs = qint64(lifecycle.value(u"pollInterval"_s).toDouble());

    const QJsonObject defaults = tree.value(u"defaults"_s).toObject();
    config.defaultRuntime = defaults.value(u"runtime"_s).toString(config.defaultRuntime);
    config.defaultAgent = defaults.value(u"agent"_s).toString(config.defaultAgent);
    config.defaultWorkspace = defaults.value(u"workspace"_s).toString(config.defaultWorkspace);
    config.defaultTerminal = defaults.value(u"terminal"_s).toString(config.defaultTerminal);
    config.defaultNotifiers = strings(defaults.value(u"notifiers"_s));
    config.defaultOrchestratorAgent = defaults.value(u"orchestrator"_s).toObject().value(u"agent"_s).toString();
    config.defaultWorkerAgent = defaults.value(u"worker"_s).toObject().value(u"agent"_s).toString();

    for (const QJsonValue &item : tree.value(u"plugins"_s).toArray()) {
        const QJsonObject plugin = item.toObject();
        config.plugins << PluginDeclaration{
            plugin.value(u"name"_s).toString(),    plugin.value(u"source"_s).toString(),
            plugin.value(u"package"_s).toString(), plugin.value(u"version"_s).toString(),
            plugin.value(u"path"_s).toString(),    plugin.value(u"enabled"_s).toBool(true)};
    }
    config.attentionZones =
        tree.value(u"dashboard"_s).toObject().value(u"attentionZones"_s).toString(config.attentionZones);

    const QJsonObject notifiers = tree.value(u"notifiers"_s).toObject();
    for (auto it = notifiers.constBegin(); it != notifiers.constEnd(); ++it)
        config.notifiers.insert(it.key(), NotifierConfig{it.key(), pluginBlock(it.value().toObject())});
    config.notificationRouting = routing(tree.value(u"notificationRouting"_s).toObject());
    config.decisionRouting = routing(tree.value(u"decisionRouting"_s).toObject());

    const QJsonObject reactions = tree.value(u"reactions"_s).toObject();
    for (auto it = reactions.constBegin(); it != reactions.constEnd(); ++it)
        config.reactions.insert(it.key(), buildReaction(it.key(), it.value().toObject()));

    const QJsonObject ravi = tree.value(u"ravi"_s).toObject();
    config.raviApiKey = SecretReference::parse(ravi.value(u"apiKey"_s).toString());
    config.raviBaseUrl = ravi.value(u"baseUrl"_s).toString();

    const QJsonObject projects = tree.value(u"projects"_s).toObject();
    QStringList ids = projectOrder;
    for (auto it = projects.constBegin(); it != projects.constEnd(); ++it) {
        if (!ids.contains(it.key()))
            ids << it.key();
    }
    for (const QString &id : std::as_const(ids)) {
        if (projects.contains(id))
            config.projects << project(id, projects.value(id).toObject(), config.reactions);
    }
    return config;
}

} // namespace flotilla
