#include "config_schema.h"

using namespace Qt::StringLiterals;

namespace flotilla::configschema {

namespace {

using Type = SchemaNode::Type;

SchemaNode priorityLists(const QString &name, const QString &description)
{
    QList<SchemaNode> children;
    for (const QString &priority : priorities())
        children << listKey(priority, u"Notifier names for %1 events."_s.arg(priority),
                            scalarKey(QString(), Type::String, u"A `notifiers` entry or a notifier type."_s));
    return objectKey(name, description, children);
}

SchemaNode defaultsBlock()
{
    const SchemaNode agent = scalarKey(u"agent"_s, Type::String, u"Agent plugin for sessions."_s)
                                 .oneOf(agents(), u"agent"_s)
                                 .withPluginNames();
    return objectKey(
               u"defaults"_s, u"Plugins used by projects that do not choose their own."_s,
               {scalarKey(u"runtime"_s, Type::String, u"Runtime plugin that runs agents."_s)
                    .oneOf(runtimes(), u"runtime"_s)
                    .withPluginNames()
                    .withDefault(u"tmux"_s),
                agent.withDefault(u"claude-code"_s),
                scalarKey(u"workspace"_s, Type::String, u"Workspace plugin that gives each session its checkout."_s)
                    .oneOf(workspaces(), u"workspace"_s)
                    .withPluginNames()
                    .withDefault(u"worktree"_s),
                scalarKey(u"terminal"_s, Type::String, u"Terminal plugin that opens a session for a person."_s)
                    .oneOf(terminals(), u"terminal"_s)
                    .withPluginNames()
                    .withDefault(u"emulator"_s),
                listKey(u"notifiers"_s, u"Notifiers for priorities that `notificationRouting` does not route."_s,
                        scalarKey(QString(), Type::String, u"A `notifiers` entry or a notifier type."_s))
                    .withDefault(QJsonArray())
                    .withNote(u"`[]`; `[composio, desktop]` in the global file"_s),
                objectKey(u"orchestrator"_s, u"Defaults for orchestrator sessions."_s,
                          {scalarKey(u"agent"_s, Type::String, u"Agent for orchestrator sessions."_s)
                               .oneOf(agents(), u"agent"_s)
                               .withPluginNames()}),
                objectKey(u"worker"_s, u"Defaults for worker sessions."_s,
                          {scalarKey(u"agent"_s, Type::String, u"Agent for worker sessions."_s)
                               .oneOf(agents(), u"agent"_s)
                               .withPluginNames()})})
        .asAlwaysPresent();
}

QList<SchemaNode> operationalKeys()
{
    const auto port = [](const QString &name, const QString &description) {
        return scalarKey(name, Type::Integer, description).withRange(1, 65535);
    };
    QList<SchemaNode> keys{
        scalarKey(u"$schema"_s, Type::String, u"Editor JSON Schema location; accepted and ignored."_s),
        port(u"port"_s, u"Port of the local API and dashboard on 127.0.0.1."_s).withDefault(3000),
        port(u"terminalPort"_s, u"Port of the terminal WebSocket; a free one is picked when unset."_s),
        port(u"directTerminalPort"_s, u"Port of the direct terminal WebSocket; picked with terminalPort."_s),
        scalarKey(u"readyThresholdMs"_s, Type::Duration,
                  u"An agent that finished its turn counts as idle after this."_s)
            .withRange(0, std::nullopt)
            .withDefault(300000),
        objectKey(u"power"_s, u"Power management while sessions run."_s,
                  {scalarKey(u"preventIdleSleep"_s, Type::Boolean, u"Keep the machine awake while sessions work."_s)
                       .withNote(u"true on macOS, false elsewhere"_s)})
            .asAlwaysPresent(),
        objectKey(u"lifecycle"_s, u"Session lifecycle settings."_s,
                  {scalarKey(u"autoCleanupOnMerge"_s, Type::Boolean,
                             u"Remove a session's runtime and worktree once its pull request merged."_s)
                       .withDefault(true),
                   scalarKey(u"mergeCleanupIdleGraceMs"_s, Type::Duration,
                             u"How long a merged session's agent may stay busy before cleanup anyway (0, or at "
                             u"least 10s)."_s)
                       .withZeroOrMinimum(10000)
                       .withDefault(300000),
                   scalarKey(u"pollInterval"_s, Type::Duration,
                             u"How often every project's sessions, pull requests and CI are checked."_s)
                       .withRange(1000, 3600000)
                       .withNote(u"30s; 2s for the demo fleet"_s)})
            .asAlwaysPresent(),
        defaultsBlock(),
        listKey(u"plugins"_s, u"Third-party plugins to load."_s,
                objectKey(
                    QString(), u"One plugin."_s,
                    {scalarKey(u"name"_s, Type::String, u"The plugin's name, as projects refer to it."_s).asRequired(),
                     scalarKey(u"source"_s, Type::String, u"Where the plugin comes from."_s)
                         .oneOf({u"registry"_s, u"npm"_s, u"local"_s}, u"plugin source"_s),
                     scalarKey(u"package"_s, Type::String, u"Package name."_s),
                     scalarKey(u"version"_s, Type::String, u"Package version."_s),
                     scalarKey(u"path"_s, Type::String, u"Local path of the plugin."_s),
                     scalarKey(u"enabled"_s, Type::Boolean, u"Load it."_s).withDefault(true)}))
            .withDefault(QJsonArray()),
        objectKey(u"dashboard"_s, u"Web dashboard settings."_s,
                  {scalarKey(u"attentionZones"_s, Type::String, u"How the board groups sessions that need a person."_s)
                       .oneOf({u"simple"_s, u"detailed"_s}, u"attention zone layout"_s)
                       .withDefault(u"simple"_s)})
            .asAlwaysPresent(),
        mapKey(u"notifiers"_s, u"Named notifier instances."_s, notifier()).withDefault(QJsonObject()),
        priorityLists(u"notificationRouting"_s, u"Which notifiers hear events of each priority."_s)
            .withNote(u"`{}`; in the global file urgent/action → [desktop, composio], warning/info → [composio]"_s),
        objectKey(
            u"ravi"_s, u"Ravi: email/SMS notifications with replies, and its secret store."_s,
            {scalarKey(u"apiKey"_s, Type::String, u"Ravi API key (a `keychain:` or `${VAR}` reference)."_s).asSecret(),
             scalarKey(u"baseUrl"_s, Type::String, u"Ravi API base URL."_s)}),
        priorityLists(u"decisionRouting"_s, u"Which notifiers carry questions for a person, per priority."_s),
    };
    return keys;
}

SchemaNode reactionsBlock()
{
    QList<SchemaNode> entries;
    for (const QString &key : reactionKeys())
        entries << reactionEntry().renamed(key);
    return objectKey(u"reactions"_s, u"What happens on each event; merged field by field over the built-ins."_s,
                     entries);
}

SchemaNode buildTopLevel()
{
    QList<SchemaNode> keys = operationalKeys();
    keys << mapKey(u"projects"_s, u"The projects, by id ([a-zA-Z0-9_-]+)."_s, project()).matching(u"^[a-zA-Z0-9_-]+$"_s)
         << reactionsBlock();
    return objectKey(QString(), u"Flotilla configuration."_s, keys);
}

SchemaNode buildFlat()
{
    QList<SchemaNode> keys = operationalKeys();
    for (const SchemaNode &key : project().children)
        keys << (key.required ? key.withoutRequired() : key); // identity may come from the registry
    keys << scalarKey(u"decomposer"_s, Type::Any, u"Task decomposition settings; passed through."_s);
    return objectKey(QString(), u"Flotilla configuration for one project."_s, keys);
}

SchemaNode buildProjectLocal()
{
    SchemaNode node = project();
    node.children << scalarKey(u"decomposer"_s, Type::Any, u"Task decomposition settings; passed through."_s);
    for (SchemaNode &key : node.children)
        key = key.withoutRequired(); // identity comes from the registry
    return node;
}

} // namespace

QStringList agents()
{
    return {u"claude-code"_s, u"codex"_s, u"aider"_s, u"opencode"_s, u"cursor"_s, u"custom"_s};
}

QStringList runtimes()
{
    return {u"tmux"_s, u"process"_s};
}

QStringList terminals()
{
    return {u"emulator"_s};
}

QStringList workspaces()
{
    return {u"worktree"_s, u"clone"_s};
}

QStringList trackers()
{
    return {u"github"_s, u"linear"_s, u"gitlab"_s, u"local"_s};
}

QStringList scms()
{
    return {u"github"_s, u"gitlab"_s, u"local"_s};
}

QStringList notifierTypes()
{
    return {u"desktop"_s, u"slack"_s, u"discord"_s, u"webhook"_s, u"ntfy"_s, u"ravi"_s, u"composio"_s, u"openclaw"_s};
}

QStringList priorities()
{
    return {u"urgent"_s, u"action"_s, u"warning"_s, u"info"_s};
}

const SchemaNode &topLevel()
{
    static const SchemaNode node = buildTopLevel();
    return node;
}

const SchemaNode &flatLocal()
{
    static const SchemaNode node = buildFlat();
    return node;
}

const SchemaNode &projectLocal()
{
    static const SchemaNode node = buildProjectLocal();
    return node;
}

QStringList identityKeys()
{
    return {u"repo"_s, u"path"_s, u"defaultBranch"_s, u"sessionPrefix"_s};
}

QJsonArray globalDefaultNotifiers()
{
    return {u"composio"_s, u"desktop"_s};
}

QJsonObject globalDefaultRouting()
{
    return {{u"urgent"_s, QJsonArray{u"desktop"_s, u"composio"_s}},
            {u"action"_s, QJsonArray{u"desktop"_s, u"composio"_s}},
            {u"warning"_s, QJsonArray{u"composio"_s}},
            {u"info"_s, QJsonArray{u"composio"_s}}};
}

const SchemaNode *nodeAt(const SchemaNode &root, const QStringList &path)
{
    const SchemaNode *node = &root;
    for (const QString &segment : path) {
        if (node->type == SchemaNode::Type::Object)
            node = node->child(segment);
        else if ((node->type == SchemaNode::Type::Map || node->type == SchemaNode::Type::List) && node->element)
            node = node->element.get();
        else
            return nullptr;
        if (!node)
            return nullptr;
    }
    return node;
}

} // namespace flotilla::configschema
