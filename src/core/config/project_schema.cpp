#include "config_schema.h"

using namespace Qt::StringLiterals;

namespace flotilla::configschema {

namespace {

using Type = SchemaNode::Type;

SchemaNode text(const QString &name, const QString &description)
{
    return scalarKey(name, Type::String, description);
}

// `{plugin | package | path, …}`: which implementation serves a slot, plus its own keys.
QList<SchemaNode> pluginSource(const QStringList &builtins, const QString &noun)
{
    return {text(u"plugin"_s, u"Built-in or declared plugin name."_s).oneOf(builtins, noun).withPluginNames(),
            text(u"package"_s, u"External plugin package."_s), text(u"path"_s, u"External plugin path."_s)};
}

SchemaNode trackerBlock()
{
    QList<SchemaNode> keys = pluginSource(trackers(), u"tracker"_s);
    keys << text(u"teamId"_s, u"Linear team id."_s) << text(u"host"_s, u"Self-hosted GitLab host."_s)
         << text(u"apiKey"_s, u"API key (a `keychain:`, `ravi:` or `${VAR}` reference)."_s).asSecret()
         << text(u"directory"_s, u"Folder of issue files (local tracker)."_s);
    return objectKey(u"tracker"_s, u"Issue tracker; inferred from `repo` when absent."_s, keys).withOpenKeys();
}

SchemaNode scmBlock()
{
    QList<SchemaNode> keys = pluginSource(scms(), u"scm"_s);
    keys << text(u"host"_s, u"Self-hosted GitLab host."_s)
         << objectKey(
                u"webhook"_s, u"Receive SCM webhooks for immediate checks."_s,
                {scalarKey(u"enabled"_s, Type::Boolean, u"Accept webhooks."_s).withDefault(true),
                 text(u"path"_s, u"URL path the webhook is posted to."_s),
                 text(u"secretEnvVar"_s, u"Environment variable holding the signing secret."_s),
                 text(u"secret"_s, u"Signing secret, used ahead of `secretEnvVar` (`ravi:` cannot sign webhooks)."_s)
                     .asSecret(),
                 text(u"signatureHeader"_s, u"Header carrying the signature."_s),
                 text(u"eventHeader"_s, u"Header carrying the event name."_s),
                 text(u"deliveryHeader"_s, u"Header carrying the delivery id."_s),
                 scalarKey(u"maxBodyBytes"_s, Type::Integer, u"Largest accepted body."_s).withRange(1, std::nullopt)})
         << objectKey(u"ci"_s, u"Local CI (scm plugin `local`)."_s,
                      {text(u"command"_s,
                            u"Shell command run in a clean checkout of each new pull request head; exit 0 means "
                            "green."_s),
                       scalarKey(u"timeout"_s, Type::Duration, u"Kill the command after this long."_s)
                           .withRange(1, std::nullopt)
                           .withDefault(15 * 60 * 1000),
                       scalarKey(u"maxLogBytes"_s, Type::Integer, u"Keep at most this much of each CI log."_s)
                           .withRange(1024, std::nullopt)
                           .withDefault(5 * 1024 * 1024)});
    return objectKey(u"scm"_s, u"Source control host; inferred from `repo` when absent."_s, keys).withOpenKeys();
}

SchemaNode raviBlock()
{
    return objectKey(
        u"ravi"_s, u"Secrets from Ravi's vault, injected into this project's agents at spawn."_s,
        {text(u"vaultKey"_s, u"Identity key (`ravi_id_…`) of the identity whose vault holds the project's secrets: a "
                             "`keychain:` or `${VAR}` reference."_s)
             .asSecret(),
         listKey(u"secrets"_s,
                 u"Names of the secrets each agent gets in its environment; `*` gives it the whole vault."_s,
                 text(QString(), u"A secret name: A–Z, 0–9 and _, starting with a letter."_s)
                     .matching(u"^([A-Z][A-Z0-9_]*|\\*)$"_s,
                               u"Ravi secret names are upper case: A–Z, 0–9 and _, starting with a letter"_s)),
         text(u"onUnreachable"_s, u"When Ravi cannot be reached at spawn: `fail` stops the spawn; `continue` spawns "
                                  "without the secrets and logs a warning."_s)
             .oneOf({u"fail"_s, u"continue"_s}, u"policy"_s)
             .withDefault(u"fail"_s),
         text(u"identity"_s, u"Each session's own Ravi identity, whose name and address sign its commits: `create` "
                             "makes one per session (named after it; needs `ravi.apiKey`), `pool` hands out one of "
                             "`identityPool`."_s)
             .oneOf({u"create"_s, u"pool"_s}, u"identity mode"_s),
         listKey(u"identityPool"_s, u"Identity uuids handed out to sessions with `identity: pool`."_s,
                 text(QString(), u"A Ravi identity uuid."_s))});
}

SchemaNode agentConfigBlock()
{
    return objectKey(
               u"agentConfig"_s, u"Settings handed to the agent plugin; unknown keys pass through."_s,
               {text(u"permissions"_s, u"How much the agent may do without asking."_s)
                    .oneOf({u"permissionless"_s, u"default"_s, u"auto-edit"_s, u"suggest"_s}, u"permission mode"_s)
                    .withAlias(u"skip"_s, u"permissionless"_s)
                    .withDefault(u"permissionless"_s),
                text(u"model"_s, u"Model for worker sessions."_s),
                text(u"orchestratorModel"_s, u"Model for the orchestrator session."_s),
                text(u"opencodeSessionId"_s, u"OpenCode session to reuse."_s)})
        .withOpenKeys()
        .asAlwaysPresent();
}

SchemaNode roleBlock(const QString &role)
{
    QList<SchemaNode> keys{
        text(u"agent"_s, u"Agent for %1 sessions."_s.arg(role)).oneOf(agents(), u"agent"_s).withPluginNames(),
        agentConfigBlock().withoutDefaults()};
    if (role == u"orchestrator"_s)
        keys << scalarKey(u"enabled"_s, Type::Boolean,
                          u"Keep one orchestrator session for this project: started with Flotilla, adopted again "
                          "after a restart."_s)
                    .withDefault(false)
             << text(u"model"_s, u"Model for the orchestrator (over `agentConfig.orchestratorModel`)."_s);
    return objectKey(role, u"Overrides for %1 sessions of this project."_s.arg(role), keys);
}

SchemaNode backlogBlock()
{
    return objectKey(
        u"backlog"_s,
        u"Issues carrying `label` are claimed and spawned by themselves, at most `maxConcurrent` at a time."_s,
        {scalarKey(u"enabled"_s, Type::Boolean, u"Claim labelled issues."_s).withDefault(true),
         text(u"label"_s, u"Label that puts an issue in the backlog (local issue files carry labels too)."_s)
             .withDefault(u"agent:backlog"_s),
         text(u"inProgressLabel"_s, u"Label a claimed issue gets instead."_s).withDefault(u"agent:in-progress"_s),
         scalarKey(u"maxConcurrent"_s, Type::Integer, u"Most backlog sessions running at once."_s)
             .withRange(1, 100)
             .withDefault(5),
         scalarKey(u"pollInterval"_s, Type::Duration, u"How often the tracker is read."_s)
             .withRange(1000, std::nullopt)
             .withDefault(60000),
         text(u"onMerge"_s, u"When the pull request merges: `close` the issue, or `verify`: label it "
                            "`unverifiedLabel` for `flo verify`."_s)
             .oneOf({u"close"_s, u"verify"_s}, u"merge action"_s)
             .withDefault(u"close"_s),
         text(u"unverifiedLabel"_s, u"Label of merged issues waiting for verification."_s)
             .withDefault(u"merged-unverified"_s),
         text(u"verifiedLabel"_s, u"Label `flo verify` puts on a verified issue."_s).withDefault(u"verified"_s),
         text(u"verificationFailedLabel"_s, u"Label `flo verify --fail` puts on an issue."_s)
             .withDefault(u"verification-failed"_s),
         scalarKey(u"retryAfter"_s, Type::Duration,
                   u"An issue whose session failed waits this long before it is claimed again."_s)
             .withRange(0, std::nullopt)
             .withDefault(3600000)});
}

SchemaNode sessionStrategy(const QString &name, const QString &description)
{
    return text(name, description)
        .oneOf({u"reuse"_s, u"delete"_s, u"ignore"_s}, u"session strategy"_s)
        .withDefault(u"reuse"_s);
}

SchemaNode buildProject()
{
    QList<SchemaNode> reactionEntries;
    for (const QString &key : reactionKeys())
        reactionEntries << reactionEntry().renamed(key);

    return objectKey(
        QString(), u"One project."_s,
        {text(u"name"_s, u"Display name."_s).withNote(u"the project id"_s),
         text(u"repo"_s, u"`owner/repo` (or `group/subgroup/repo`); without it PR and CI features are off."_s),
         text(u"path"_s, u"Local clone; `~` is expanded, relative paths are relative to the file."_s).asRequired(),
         text(u"defaultBranch"_s, u"Branch pull requests target."_s).withDefault(u"main"_s),
         text(u"sessionPrefix"_s, u"Prefix of session ids ([a-zA-Z0-9_-]+); must be unique."_s)
             .matching(u"^[a-zA-Z0-9_-]+$"_s)
             .withNote(u"derived from the folder name"_s),
         text(u"runtime"_s, u"Runtime plugin for this project."_s).oneOf(runtimes(), u"runtime"_s).withPluginNames(),
         text(u"agent"_s, u"Agent plugin for this project."_s).oneOf(agents(), u"agent"_s).withPluginNames(),
         text(u"workspace"_s, u"Workspace plugin for this project."_s)
             .oneOf(workspaces(), u"workspace"_s)
             .withPluginNames(),
         trackerBlock(),
         scmBlock(),
         raviBlock(),
         listKey(u"symlinks"_s, u"Repository paths linked into each worktree (no absolute paths, no `..`)."_s,
                 text(QString(), u"A path inside the repository."_s).asRelativePath())
             .withDefault(QJsonArray()),
         listKey(u"postCreate"_s, u"Shell commands run with `sh -c` in each new worktree."_s,
                 text(QString(), u"A shell command."_s))
             .withDefault(QJsonArray()),
         agentConfigBlock(),
         roleBlock(u"orchestrator"_s),
         roleBlock(u"worker"_s),
         objectKey(u"reactions"_s, u"This project's reaction overrides, merged field by field."_s, reactionEntries),
         text(u"agentRules"_s, u"Text appended to every worker prompt."_s),
         text(u"agentRulesFile"_s, u"File whose text is appended to every worker prompt."_s),
         text(u"orchestratorRules"_s, u"Rules appended to the orchestrator's instructions."_s),
         sessionStrategy(u"orchestratorSessionStrategy"_s,
                         u"When the project's last orchestrator has finished: `reuse` brings it back (its "
                         "conversation resumed); `delete` and `ignore` start a new one. A live one is always "
                         "adopted, never replaced."_s)
             .withAlias(u"delete-new"_s, u"delete"_s)
             .withAlias(u"kill-previous"_s, u"delete"_s)
             .withAlias(u"ignore-new"_s, u"ignore"_s),
         sessionStrategy(u"opencodeIssueSessionStrategy"_s, u"Reuse of OpenCode sessions per issue."_s),
         objectKey(u"budget"_s, u"Spending limit; crossing it raises `budget-exceeded`."_s,
                   {scalarKey(u"usd"_s, Type::Number, u"Limit in US dollars."_s).withRange(0, std::nullopt)}),
         backlogBlock()});
}

SchemaNode buildNotifier()
{
    QList<SchemaNode> keys = pluginSource(notifierTypes(), u"notifier type"_s);
    keys << scalarKey(u"sound"_s, Type::Boolean, u"desktop: play a sound."_s)
         << text(u"webhookUrl"_s, u"slack, discord: incoming webhook URL."_s).asSecret()
         << text(u"channel"_s, u"slack: channel."_s) << text(u"username"_s, u"slack, discord: sender name."_s)
         << text(u"avatarUrl"_s, u"discord: avatar."_s) << text(u"threadId"_s, u"discord: thread."_s)
         << text(u"url"_s, u"webhook, openclaw, ntfy: target URL."_s).asSecret()
         << mapKey(u"headers"_s, u"webhook: extra HTTP headers."_s, text(QString(), u"Header value."_s).asSecret())
         << scalarKey(u"retries"_s, Type::Integer, u"Delivery attempts after the first."_s).withRange(0, 20)
         << scalarKey(u"retryDelayMs"_s, Type::Duration, u"First retry delay; doubles each time."_s)
         << text(u"composioApiKey"_s, u"composio: API key (else COMPOSIO_API_KEY)."_s).asSecret()
         << text(u"defaultApp"_s, u"composio: app."_s).oneOf({u"slack"_s, u"discord"_s, u"gmail"_s}, u"composio app"_s)
         << text(u"channelName"_s, u"composio: channel name."_s) << text(u"channelId"_s, u"composio: channel id."_s)
         << text(u"emailTo"_s, u"composio, ravi: email recipient."_s)
         << text(u"token"_s, u"openclaw, ntfy: access token."_s).asSecret()
         << text(u"secret"_s, u"webhook: key that signs each request (X-Flotilla-Signature)."_s).asSecret()
         << scalarKey(u"rateLimitPerMinute"_s, Type::Integer, u"slack, discord, webhook, ntfy: most sends a minute."_s)
                .withRange(1, 600)
                .withNote(u"30"_s)
         << scalarKey(u"dedupeWindow"_s, Type::Duration,
                      u"slack, discord, webhook, ntfy: the same notification is not sent twice within this."_s)
                .withNote(u"10m"_s)
         << text(u"sessionKeyPrefix"_s, u"openclaw: session key prefix."_s)
         << text(u"wakeMode"_s, u"openclaw: when the gateway wakes."_s)
                .oneOf({u"now"_s, u"next-heartbeat"_s}, u"wake mode"_s)
         << text(u"topic"_s, u"ntfy: topic."_s) << text(u"phone"_s, u"ravi: SMS recipient."_s)
         << text(u"ravi_api_key"_s, u"ravi: key escalations are sent with (else RAVI_API_KEY, then the keychain)."_s)
                .asSecret()
         << text(u"escalation_email"_s, u"ravi: who is asked; only replies from this address count."_s)
         << text(u"escalation_sms"_s, u"ravi: SMS number asked too, E.164."_s)
         << scalarKey(u"poll_interval_seconds"_s, Type::Integer, u"ravi: how often replies are read."_s)
                .withRange(1, 3600)
                .withNote(u"30"_s)
         << scalarKey(u"acknowledge"_s, Type::Boolean, u"ravi: reply to say what became of an answer."_s)
                .withNote(u"true"_s)
         << text(u"identity_name"_s, u"ravi: identity created to send as when the key is a management key."_s)
         << text(u"baseUrl"_s, u"ravi: API address (else ravi.baseUrl)."_s);
    return objectKey(QString(), u"One notifier: `plugin` (or `package`/`path`) and its keys."_s, keys).withOpenKeys();
}

} // namespace

const SchemaNode &project()
{
    static const SchemaNode node = buildProject().sharedAs(u"project"_s);
    return node;
}

const SchemaNode &notifier()
{
    static const SchemaNode node = buildNotifier().sharedAs(u"notifier"_s);
    return node;
}

} // namespace flotilla::configschema
