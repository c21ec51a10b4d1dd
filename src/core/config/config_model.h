#pragma once

#include "config_diagnostic.h"
#include "model/event.h"
#include "secret_reference.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla {

// `{plugin | package | path, …}`: which implementation serves a slot and its own settings.
// `settings` holds the whole block, keys the core does not know included; secret values in
// it are reference text (`keychain:NAME`, `${VAR}`), resolved by the secrets module on use.
struct PluginBlock
{
    QString plugin;
    QString package;
    QString path;
    QJsonObject settings;

    bool isSet() const { return !plugin.isEmpty() || !package.isEmpty() || !path.isEmpty(); }
};

struct WebhookSettings
{
    bool enabled = true;
    QString path;
    QString secretEnvVar;
    SecretReference secret; // `keychain:NAME` or `${VAR}`; ahead of secretEnvVar
    QString signatureHeader;
    QString eventHeader;
    QString deliveryHeader;
    std::optional<qint64> maxBodyBytes;
};

struct ScmSettings
{
    PluginBlock block;
    std::optional<WebhookSettings> webhook;
    QString ciCommand; // scm `local`: `ci.command`
    qint64 ciTimeoutMs = 15 * 60 * 1000;
    qint64 ciMaxLogBytes = 5 * 1024 * 1024;
};

// A project's use of Ravi's secret vault: which secrets reach its agents at spawn.
struct RaviProjectSettings
{
    SecretReference vaultKey; // identity key (ravi_id_…) of the identity whose vault is read
    QStringList secrets;      // names to inject
    bool wholeVault = false;  // `secrets: ["*"]`: everything the vault holds
    // Ravi unreachable at spawn: stop the spawn (default), or spawn without the secrets.
    bool continueWhenUnreachable = false;
    // Who the project's agents are: `create` gives each session its own Ravi identity (named
    // after the session), `pool` hands out one of `identityPool` (identity uuids); empty: none.
    QString identity;
    QStringList identityPool;

    bool enabled() const { return wholeVault || !secrets.isEmpty(); }
};

struct AgentSettings
{
    enum class Permissions { Permissionless, Default, AutoEdit, Suggest };

    std::optional<Permissions> permissions; // unset only in role overrides
    QString model;
    QString orchestratorModel;
    QString opencodeSessionId;
    QJsonObject settings; // the whole block, unknown keys included
};

struct RoleOverride
{
    QString agent; // empty: not overridden
    std::optional<AgentSettings> agentConfig;
    bool enabled = false; // orchestrator: start and keep one for the project
    QString model;        // empty: agentConfig's (orchestratorModel for the orchestrator)
};

// Issues labelled for agents start sessions by themselves (`backlog:`).
struct BacklogSettings
{
    enum class OnMerge { Close, Verify };

    bool enabled = false; // the block is present
    QString label = QStringLiteral("agent:backlog");
    QString inProgressLabel = QStringLiteral("agent:in-progress");
    int maxConcurrent = 5;
    qint64 pollIntervalMs = 60000;
    OnMerge onMerge = OnMerge::Close;
    QString unverifiedLabel = QStringLiteral("merged-unverified");
    QString verifiedLabel = QStringLiteral("verified");
    QString verificationFailedLabel = QStringLiteral("verification-failed");
    // An issue whose session failed waits this long in the backlog before it is tried again.
    qint64 retryAfterMs = 60LL * 60 * 1000;
};

// One reaction after merging built-in → global → project, field by field.
struct ReactionSettings
{
    enum class Action { SendToAgent, Notify, AutoMerge };
    enum class OnReject { Nothing, Kill, ClosePr };

    QString key;
    bool automatic = true;
    Action action = Action::Notify;
    QString message;
    std::optional<Priority> priority; // unset: urgent on escalation, the event's own otherwise
    std::optional<int> retries;
    std::optional<int> escalateAfterAttempts;
    std::optional<qint64> escalateAfterMs;
    std::optional<qint64> thresholdMs;
    bool includeSummary = false;
    std::optional<qint64> cooldownMs;
    std::optional<qint64> renagAfterMs;
    OnReject onReject = OnReject::Nothing;
    QString mergeMethod = QStringLiteral("squash");
};

enum class SessionStrategy { Reuse, Delete, Ignore };

struct ProjectConfig
{
    QString id;
    QString name;
    QString repo;
    QString path; // absolute, `~` expanded
    QString defaultBranch = QStringLiteral("main");
    QString sessionPrefix;
    QString runtime; // empty: defaults.runtime
    QString agent;   // empty: see Config::workerAgent
    QString workspace;
    PluginBlock tracker; // inferred from `repo` when not configured
    ScmSettings scm;
    RaviProjectSettings ravi;
    QStringList symlinks;
    QStringList postCreate;
    AgentSettings agentConfig;
    RoleOverride orchestrator;
    RoleOverride worker;
    QMap<QString, ReactionSettings> reactions; // every key with an effective entry
    QString agentRules;
    QString agentRulesFile;
    QString orchestratorRules;
    SessionStrategy orchestratorSessionStrategy = SessionStrategy::Reuse;
    SessionStrategy opencodeIssueSessionStrategy = SessionStrategy::Reuse;
    std::optional<double> budgetUsd;
    QJsonObject decomposer;
    BacklogSettings backlog;

    // Global shape: the project's own file, and whether it failed to load (its problems are
    // in LoadedConfig::diagnostics with this project's id).
    QString localFile;
    bool degraded = false;
};

struct PluginDeclaration
{
    QString name;
    QString source;
    QString package;
    QString version;
    QString path;
    bool enabled = true;
};

struct NotifierConfig
{
    QString name;
    PluginBlock block;
};

struct Config
{
    int port = 3000;
    std::optional<int> terminalPort;
    std::optional<int> directTerminalPort;
    qint64 readyThresholdMs = 300000;
    bool preventIdleSleep = false;
    bool autoCleanupOnMerge = true;
    qint64 mergeCleanupIdleGraceMs = 300000;
    std::optional<qint64> pollIntervalMs; // lifecycle.pollInterval; unset: the fleet's own default
    QString defaultRuntime = QStringLiteral("tmux");
    QString defaultAgent = QStringLiteral("claude-code");
    QString defaultWorkspace = QStringLiteral("worktree");
    QString defaultTerminal = QStringLiteral("emulator"); // opens a session for a person
    QStringList defaultNotifiers;
    QString defaultOrchestratorAgent;
    QString defaultWorkerAgent;
    QList<PluginDeclaration> plugins;
    QString attentionZones = QStringLiteral("simple");
    QList<ProjectConfig> projects; // in file order
    QMap<QString, NotifierConfig> notifiers;
    QMap<QString, QStringList> notificationRouting; // priority name → notifier names
    QMap<QString, QStringList> decisionRouting;
    QMap<QString, ReactionSettings> reactions; // built-in merged with the global entries
    SecretReference raviApiKey;
    QString raviBaseUrl;

    const ProjectConfig *project(const QString &id) const;
    // The effective reaction for `key` in `projectId` (empty id: the global one); nullopt for
    // keys that are inert unless configured (report-*) or unknown.
    std::optional<ReactionSettings> reaction(const QString &projectId, const QString &key) const;
    // Environment variables that hold Flotilla's own credentials (the Ravi keys, RAVI_API_KEY
    // included, webhook signing secrets and notifiers' secrets named as `${VAR}`): agents never
    // inherit them.
    QStringList credentialVariables() const;
    // Agent for a new worker: `--agent` > project worker.agent > project agent >
    // defaults.worker.agent > defaults.agent.
    QString workerAgent(const QString &projectId, const QString &requested = QString()) const;
    // Agent for the orchestrator: project orchestrator.agent > project agent >
    // defaults.orchestrator.agent > defaults.agent.
    QString orchestratorAgent(const QString &projectId) const;
    // Agent settings for a role: the project's agentConfig with the role's keys over it.
    AgentSettings agentSettings(const QString &projectId, bool orchestrator) const;
    // Notifier names for an event of `priority`: notificationRouting, else defaults.notifiers.
    QStringList notifiersFor(Priority priority) const;
};

} // namespace flotilla
