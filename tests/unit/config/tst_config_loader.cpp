#include "config/config_loader.h"
#include "config/duration.h"
#include "config/effective_config.h"
#include "config/session_prefix.h"
#include "config_test_support.h"
#include "isolated_environment.h"

#include <QJsonArray>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

// A configuration as the reference tool's users write it (its documented example, trimmed).
const QByteArray kReferenceConfig = R"(# yaml-language-server: $schema=https://example.invalid/ao.schema.json
$schema: https://raw.githubusercontent.com/ComposioHQ/agent-orchestrator/main/schema/config.schema.json
port: 3000
readyThresholdMs: 300000
defaults:
  runtime: tmux
  agent: claude-code
  workspace: worktree
  notifiers: [desktop]
projects:
  my-app:
    name: My App
    repo: acme/my-app
    path: ~/code/my-app
    defaultBranch: develop
    sessionPrefix: app
    tracker:
      plugin: linear
      teamId: "abc-123"
    symlinks: [.env, .claude]
    postCreate:
      - pnpm install
    agentConfig:
      permissions: skip
      model: opus
    agentRules: |
      Always run the tests before pushing.
    orchestratorSessionStrategy: kill-previous
    reactions:
      approved-and-green:
        auto: true
        action: auto-merge
  agent-orchestrator:
    repo: ComposioHQ/agent-orchestrator
    path: ~/code/agent-orchestrator
    scm:
      plugin: github
      webhook:
        path: /api/webhooks/github
        secretEnvVar: GITHUB_WEBHOOK_SECRET
notifiers:
  slack:
    plugin: slack
    webhookUrl: ${SLACK_WEBHOOK_URL}
    channel: "#agents"
notificationRouting:
  urgent: [desktop, slack]
  action: [desktop, slack]
  warning: [slack]
  info: [slack]
reactions:
  ci-failed:
    auto: true
    action: send-to-agent
    retries: 2
    escalateAfter: 2
  changes-requested:
    auto: true
    action: send-to-agent
    escalateAfter: 30m
  agent-stuck:
    threshold: 10m
)";

ConfigLoader::Options noRegistry(const QHash<QString, QString> &environment = {})
{
    ConfigLoader::Options options;
    options.environment = fixedEnvironment(environment);
    options.globalRegistry = QString();
    return options;
}

LoadedConfig loadText(const QByteArray &text, const QHash<QString, QString> &environment = {})
{
    return ConfigLoader::loadText(text, u"flotilla.yaml"_s, std::nullopt, noRegistry(environment));
}

QStringList lines(const QList<ConfigDiagnostic> &diagnostics)
{
    QStringList out;
    for (const ConfigDiagnostic &diagnostic : diagnostics)
        out << diagnostic.toString();
    return out;
}

} // namespace

class TestConfigLoader final : public QObject
{
    Q_OBJECT

private slots:
    void loadsAReferenceToolConfigUnchanged()
    {
        test::IsolatedEnvironment env;
        ScopedVariables variables;
        variables.isolateFrom(env.root());
        const QString file = writeConfigFile(env.workDir() + u"/agent-orchestrator.yaml"_s, kReferenceConfig);
        const LoadedConfig loaded = ConfigLoader::loadFile(file, noRegistry());
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(lines(loaded.diagnostics).join(u'\n')));
        QCOMPARE(loaded.shape, ConfigShape::Wrapped);

        const Config &config = loaded.config;
        QCOMPARE(config.port, 3000);
        QCOMPARE(config.readyThresholdMs, 300000);
        QCOMPARE(config.autoCleanupOnMerge, true);
        QCOMPARE(config.mergeCleanupIdleGraceMs, 300000);
        QVERIFY(!config.pollIntervalMs); // the fleet's own default
        QCOMPARE(config.attentionZones, u"simple"_s);
        QCOMPARE(config.defaultRuntime, u"tmux"_s);
        QCOMPARE(config.defaultWorkspace, u"worktree"_s);
        QCOMPARE(config.defaultNotifiers, QStringList{u"desktop"_s});
        QCOMPARE(config.notifiersFor(Priority::Warning), QStringList{u"slack"_s});

        QCOMPARE(config.projects.size(), 2);
        const ProjectConfig &app = config.projects.at(0);
        QCOMPARE(app.id, u"my-app"_s);
        QCOMPARE(app.name, u"My App"_s);
        QCOMPARE(app.path, env.root() + u"/home/code/my-app"_s);
        QCOMPARE(app.defaultBranch, u"develop"_s);
        QCOMPARE(app.sessionPrefix, u"app"_s);
        QCOMPARE(app.tracker.plugin, u"linear"_s);
        QCOMPARE(app.tracker.settings.value(u"teamId"_s).toString(), u"abc-123"_s);
        QCOMPARE(app.scm.block.plugin, u"github"_s); // inferred from repo
        QCOMPARE(app.symlinks, (QStringList{u".env"_s, u".claude"_s}));
        QCOMPARE(app.postCreate, QStringList{u"pnpm install"_s});
        QCOMPARE(app.agentConfig.permissions, AgentSettings::Permissions::Permissionless); // skip
        QCOMPARE(app.agentConfig.model, u"opus"_s);
        QCOMPARE(app.agentRules, u"Always run the tests before pushing.\n"_s);
        QCOMPARE(app.orchestratorSessionStrategy, SessionStrategy::Delete);
        QCOMPARE(app.opencodeIssueSessionStrategy, SessionStrategy::Reuse);
        QCOMPARE(app.reactions.value(u"approved-and-green"_s).action, ReactionSettings::Action::AutoMerge);
        QCOMPARE(app.reactions.value(u"approved-and-green"_s).automatic, true);

        const ProjectConfig &ao = config.projects.at(1);
        QCOMPARE(ao.name, u"agent-orchestrator"_s);
        QCOMPARE(ao.defaultBranch, u"main"_s);
        QCOMPARE(ao.sessionPrefix, u"ao"_s);
        QCOMPARE(ao.tracker.plugin, u"github"_s);
        QVERIFY(ao.scm.webhook.has_value());
        QCOMPARE(ao.scm.webhook->enabled, true);
        QCOMPARE(ao.scm.webhook->secretEnvVar, u"GITHUB_WEBHOOK_SECRET"_s);

        const auto stuck = config.reaction(u"my-app"_s, u"agent-stuck"_s);
        QVERIFY(stuck.has_value());
        QCOMPARE(stuck->thresholdMs, 600000);
        QCOMPARE(stuck->priority, Priority::Urgent);
        const auto changes = config.reaction(u"my-app"_s, u"changes-requested"_s);
        QCOMPARE(changes->escalateAfterMs, 30 * 60 * 1000);
        QVERIFY(!changes->escalateAfterAttempts.has_value());
        QCOMPARE(config.reaction(u"my-app"_s, u"ci-failed"_s)->escalateAfterAttempts, 2);
        QCOMPARE(config.notifiers.value(u"slack"_s).block.settings.value(u"webhookUrl"_s).toString(),
                 u"${SLACK_WEBHOOK_URL}"_s);
        QVERIFY(!loaded.tree.contains(u"$schema"_s));
    }

    void runsOnDefaultsWithoutAFile()
    {
        const LoadedConfig loaded = ConfigLoader::defaults(noRegistry());
        QVERIFY(loaded.diagnostics.isEmpty());
        QCOMPARE(loaded.shape, ConfigShape::None);
        QCOMPARE(loaded.config.port, 3000);
        QCOMPARE(loaded.config.defaultAgent, u"claude-code"_s);
        QVERIFY(loaded.config.reaction(QString(), u"ci-failed"_s).has_value());
        const LoadedConfig empty = loadText(QByteArray(""));
        QVERIFY(empty.diagnostics.isEmpty());
        QCOMPARE(empty.shape, ConfigShape::Flat);
        QVERIFY(empty.config.projects.isEmpty());
    }

    void flatFileTakesItsIdentityFromTheGlobalRegistry()
    {
        test::IsolatedEnvironment env;
        ScopedVariables variables;
        variables.isolateFrom(env.root());
        const QString registry = writeConfigFile(env.root() + u"/global.yaml"_s, "port: 3200\n"
                                                                                 "projects:\n"
                                                                                 "  shop:\n"
                                                                                 "    repo: acme/shop\n"
                                                                                 "    path: "_ba
                                                                                     + env.workDir().toUtf8()
                                                                                     + "/shop\n"
                                                                                       "    sessionPrefix: sp\n");
        variables.set("AO_GLOBAL_CONFIG", registry);
        const QString flat = writeConfigFile(env.workDir() + u"/shop/flotilla.yaml"_s, "agent: codex\n"
                                                                                       "repo: other/repo\n"
                                                                                       "reactions:\n"
                                                                                       "  ci-failed:\n"
                                                                                       "    retries: 5\n");
        ConfigLoader::Options options;
        options.environment = fixedEnvironment({});
        const LoadedConfig loaded = ConfigLoader::loadFile(flat, options);
        QCOMPARE(loaded.shape, ConfigShape::Flat);
        QCOMPARE(lines(loaded.diagnostics),
                 QStringList{flat
                             + u":2:7: warning: repo: ignored: the global registry entry \"shop\" sets the "
                               u"project's identity (change it in the global registry instead)"_s});
        QCOMPARE(loaded.config.port, 3200);
        QCOMPARE(loaded.config.projects.size(), 1);
        const ProjectConfig &shop = loaded.config.projects.first();
        QCOMPARE(shop.id, u"shop"_s);
        QCOMPARE(shop.repo, u"acme/shop"_s);
        QCOMPARE(shop.sessionPrefix, u"sp"_s);
        QCOMPARE(shop.agent, u"codex"_s);
        const auto ci = loaded.config.reaction(u"shop"_s, u"ci-failed"_s);
        QCOMPARE(ci->retries, 5);
        QCOMPARE(ci->action, ReactionSettings::Action::SendToAgent);
    }

    void flatFileInAnUnregisteredFolderNamesTheProjectAfterIt()
    {
        test::IsolatedEnvironment env;
        const QString flat =
            writeConfigFile(env.workDir() + u"/integrator/flotilla.yaml"_s, "agent: aider\nport: 3300\n");
        const LoadedConfig loaded = ConfigLoader::loadFile(flat, noRegistry());
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(lines(loaded.diagnostics).join(u'\n')));
        QCOMPARE(loaded.config.port, 3300);
        QCOMPARE(loaded.config.projects.size(), 1);
        QCOMPARE(loaded.config.projects.first().id, u"integrator"_s);
        QCOMPARE(loaded.config.projects.first().sessionPrefix, u"int"_s);
        QCOMPARE(loaded.config.projects.first().path, env.workDir() + u"/integrator"_s);
        QCOMPARE(loaded.config.workerAgent(u"integrator"_s), u"aider"_s);
    }

    void globalRegistryMergesProjectFilesAndDegradesInvalidOnes()
    {
        test::IsolatedEnvironment env;
        ScopedVariables variables;
        variables.isolateFrom(env.root());
        const QByteArray work = env.workDir().toUtf8();
        const QString registry = writeConfigFile(env.root() + u"/registry/config.yaml"_s, "projects:\n"
                                                                                          "  alpha:\n"
                                                                                          "    path: "
                                                                                              + work
                                                                                              + "/alpha\n"
                                                                                                "  beta:\n"
                                                                                                "    path: "
                                                                                              + work + "/beta\n");
        variables.set("AO_GLOBAL_CONFIG", registry);
        writeConfigFile(env.workDir() + u"/alpha/flotilla.yaml"_s, "agent: codex\npostCreate: [make]\n");
        const QString broken =
            writeConfigFile(env.workDir() + u"/beta/agent-orchestrator.yaml"_s, "agent: claud\nworkspace: clone\n");

        ConfigLoader::Options options;
        options.environment = fixedEnvironment({});
        const LoadedConfig loaded = ConfigLoader::loadFile(registry, options);
        QCOMPARE(loaded.shape, ConfigShape::Global);
        QCOMPARE(lines(loaded.errors()), QStringList{broken
                                                     + u":1:8: error: agent: unknown agent \"claud\" (did you "
                                                       u"mean \"claude-code\"?)"_s});
        QCOMPARE(loaded.errors().first().projectId, u"beta"_s);
        QVERIFY(!loaded.firstFatalError().has_value());

        QCOMPARE(loaded.config.projects.size(), 2);
        const ProjectConfig *alpha = loaded.config.project(u"alpha"_s);
        QCOMPARE(alpha->agent, u"codex"_s);
        QCOMPARE(alpha->postCreate, QStringList{u"make"_s});
        QVERIFY(!alpha->degraded);
        const ProjectConfig *beta = loaded.config.project(u"beta"_s);
        QVERIFY(beta->degraded);
        QCOMPARE(beta->localFile, broken);
        QCOMPARE(beta->workspace, QString()); // nothing of the broken file applies

        // The reference tool's global-file defaults.
        QCOMPARE(loaded.config.defaultNotifiers, (QStringList{u"composio"_s, u"desktop"_s}));
        QCOMPARE(loaded.config.notifiersFor(Priority::Urgent), (QStringList{u"desktop"_s, u"composio"_s}));
        QCOMPARE(loaded.config.notifiersFor(Priority::Info), QStringList{u"composio"_s});
    }

    void reactionOverridesMergeFieldByFieldAtBothLevels()
    {
        const LoadedConfig loaded = loadText("reactions:\n"
                                             "  ci-failed:\n"
                                             "    retries: 3\n"
                                             "  changes-requested:\n"
                                             "    cooldown: 5m\n"
                                             "    renagAfter: 1h\n"
                                             "  report-stale:\n"
                                             "    priority: warning\n"
                                             "projects:\n"
                                             "  one:\n"
                                             "    path: /src/one\n"
                                             "    reactions:\n"
                                             "      ci-failed:\n"
                                             "        message: Fix it.\n"
                                             "      agent-stuck:\n"
                                             "        priority: warning\n"
                                             "  two:\n"
                                             "    path: /src/two\n");
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(lines(loaded.diagnostics).join(u'\n')));
        const Config &config = loaded.config;

        const auto global = config.reaction(QString(), u"ci-failed"_s);
        QCOMPARE(global->action, ReactionSettings::Action::SendToAgent);
        QCOMPARE(global->retries, 3);
        QCOMPARE(global->escalateAfterAttempts, 2);
        QVERIFY(global->message.startsWith(u"CI is failing"_s));

        const auto one = config.reaction(u"one"_s, u"ci-failed"_s);
        QCOMPARE(one->action, ReactionSettings::Action::SendToAgent);
        QCOMPARE(one->retries, 3);
        QCOMPARE(one->message, u"Fix it."_s);
        const auto stuck = config.reaction(u"one"_s, u"agent-stuck"_s);
        QCOMPARE(stuck->priority, Priority::Warning);
        QCOMPARE(stuck->thresholdMs, 600000);
        QCOMPARE(stuck->action, ReactionSettings::Action::Notify);

        const auto two = config.reaction(u"two"_s, u"ci-failed"_s);
        QCOMPARE(two->retries, 3);
        QVERIFY(two->message.startsWith(u"CI is failing"_s));

        const auto changes = config.reaction(u"two"_s, u"changes-requested"_s);
        QCOMPARE(changes->cooldownMs, 5 * 60 * 1000);
        QCOMPARE(changes->renagAfterMs, 60 * 60 * 1000);
        QCOMPARE(changes->escalateAfterMs, 30 * 60 * 1000);

        QVERIFY(!config.reaction(u"two"_s, u"report-no-acknowledge"_s).has_value());
        const auto stale = config.reaction(u"two"_s, u"report-stale"_s);
        QCOMPARE(stale->action, ReactionSettings::Action::Notify);
        QCOMPARE(stale->priority, Priority::Warning);
        QCOMPARE(config.reaction(u"two"_s, u"budget-exceeded"_s)->priority, Priority::Urgent);
        QCOMPARE(config.reaction(u"two"_s, u"conflict-risk"_s)->priority, Priority::Warning);
    }

    void expandsEnvironmentVariables()
    {
        const LoadedConfig loaded =
            loadText("port: ${PORT:-3300}\n"
                     "projects:\n"
                     "  shop:\n"
                     "    path: ${SRC}/shop\n"
                     "    name: ${NAME:-Shop}\n"
                     "    defaultBranch: ${BRANCH}\n"
                     "    agentRules: keep $${LITERAL} as written\n"
                     "    repo: ${MISSING_REPO}\n",
                     {{u"SRC"_s, u"/src"_s}, {u"BRANCH"_s, u"develop"_s}, {u"NAME"_s, QString()}});
        QCOMPARE(lines(loaded.diagnostics),
                 QStringList{u"flotilla.yaml:8:11: error: projects.shop.repo: environment variable MISSING_REPO is "
                             u"not set (set MISSING_REPO, or give a default: ${MISSING_REPO:-value})"_s});
        const ProjectConfig &shop = loaded.config.projects.first();
        QCOMPARE(loaded.config.port, 3300);
        QCOMPARE(shop.path, u"/src/shop"_s);
        QCOMPARE(shop.name, u"Shop"_s); // empty counts as unset for :-
        QCOMPARE(shop.defaultBranch, u"develop"_s);
        QCOMPARE(shop.agentRules, u"keep ${LITERAL} as written"_s);
        QCOMPARE(shop.repo, QString());
    }

    void keepsSecretsAsReferencesAndRedactsThem()
    {
        const LoadedConfig loaded =
            loadText("ravi:\n"
                     "  apiKey: keychain:ravi-api\n"
                     "notifiers:\n"
                     "  hook:\n"
                     "    plugin: webhook\n"
                     "    url: ${HOOK_URL}\n"
                     "    token: written-in-clear\n"
                     "    apiToken: ${TOKEN}\n"
                     "    headers:\n"
                     "      Authorization: Bearer ${TOKEN}\n"
                     "projects:\n"
                     "  shop:\n"
                     "    path: /src/shop\n"
                     "    tracker:\n"
                     "      plugin: linear\n"
                     "      apiKey: ravi:linear-key\n",
                     {{u"HOOK_URL"_s, u"https://hooks.invalid/T0SECRET"_s}, {u"TOKEN"_s, u"tok-SECRET"_s}});
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(lines(loaded.diagnostics).join(u'\n')));
        QCOMPARE(loaded.config.raviApiKey.kind, SecretReference::Kind::Keychain);
        QCOMPARE(loaded.config.raviApiKey.name, u"ravi-api"_s);
        const QJsonObject hook = loaded.config.notifiers.value(u"hook"_s).block.settings;
        QCOMPARE(hook.value(u"url"_s).toString(), u"${HOOK_URL}"_s);
        QCOMPARE(SecretReference::parse(hook.value(u"url"_s).toString())
                     .resolveFromEnvironment(fixedEnvironment({{u"HOOK_URL"_s, u"https://x.invalid"_s}}))
                     .value(),
                 u"https://x.invalid"_s);

        const QJsonObject shown = redactedTree(loaded.tree);
        const QJsonObject shownHook = shown.value(u"notifiers"_s).toObject().value(u"hook"_s).toObject();
        QCOMPARE(shownHook.value(u"url"_s).toString(), u"<from $HOOK_URL>"_s);
        QCOMPARE(shownHook.value(u"token"_s).toString(), u"<redacted>"_s);
        QCOMPARE(shownHook.value(u"apiToken"_s).toString(), u"<from $TOKEN>"_s);
        QCOMPARE(shownHook.value(u"headers"_s).toObject().value(u"Authorization"_s).toString(), u"<from $TOKEN>"_s);
        QCOMPARE(shown.value(u"ravi"_s).toObject().value(u"apiKey"_s).toString(), u"keychain:ravi-api"_s);

        const QString yaml = effectiveYaml(shown);
        QVERIFY(yaml.contains(u"ravi:linear-key"_s));
        for (const QString &secret : {u"T0SECRET"_s, u"tok-SECRET"_s, u"written-in-clear"_s})
            QVERIFY2(!yaml.contains(secret), qPrintable(secret));
    }

    void reportsEveryErrorKindAtItsPosition_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const QByteArray project = "projects:\n  shop:\n    path: /src/shop\n";
        QTest::newRow("unknown agent") << project + "    agent: claud\n"
                                       << u"flotilla.yaml:4:12: error: projects.shop.agent: unknown agent \"claud\" "
                                          u"(did you mean \"claude-code\"?)"_s;
        QTest::newRow("unknown runtime") << QByteArray("defaults:\n  runtime: tmx\n")
                                         << u"flotilla.yaml:2:12: error: defaults.runtime: unknown runtime \"tmx\" "
                                            u"(did you mean \"tmux\"?)"_s;
        QTest::newRow("enum far off") << QByteArray("dashboard:\n  attentionZones: fancy\n")
                                      << u"flotilla.yaml:2:19: error: dashboard.attentionZones: unknown attention zone "
                                         u"layout \"fancy\" (expected one of: simple, detailed)"_s;
        QTest::newRow("notifier type") << QByteArray("notifiers:\n  team:\n    plugin: slak\n")
                                       << u"flotilla.yaml:3:13: error: notifiers.team.plugin: unknown notifier type "
                                          u"\"slak\" (did you mean \"slack\"?)"_s;
        QTest::newRow("strategy") << project + "    orchestratorSessionStrategy: kill-prev\n"
                                  << u"flotilla.yaml:4:34: error: projects.shop.orchestratorSessionStrategy: unknown "
                                     u"session strategy \"kill-prev\" (did you mean \"kill-previous\"?)"_s;
        QTest::newRow("ravi secret name")
            << project + "    ravi:\n      secrets: [STRIPE_KEY, stripe-key]\n"
            << u"flotilla.yaml:5:29: error: projects.shop.ravi.secrets[1]: \"stripe-key\" is not valid (Ravi secret "
               u"names are upper case: A–Z, 0–9 and _, starting with a letter)"_s;
        QTest::newRow("not a number") << QByteArray("port: lots\n")
                                      << u"flotilla.yaml:1:7: error: port: expected a whole number, got \"lots\" "
                                         u"(write digits only, e.g. 3)"_s;
        QTest::newRow("out of range") << QByteArray("port: 70000\n")
                                      << u"flotilla.yaml:1:7: error: port: 70000 is out of range (use 1-65535)"_s;
        QTest::newRow("grace period") << QByteArray("lifecycle:\n  mergeCleanupIdleGraceMs: 5s\n")
                                      << u"flotilla.yaml:2:28: error: lifecycle.mergeCleanupIdleGraceMs: 5s is out of "
                                         u"range (use 0 or at least 10000)"_s;
        QTest::newRow("poll interval") << QByteArray("lifecycle:\n  pollInterval: 100ms\n")
                                       << u"flotilla.yaml:2:17: error: lifecycle.pollInterval: 100ms is out of range "
                                          u"(use 1000-3600000)"_s;
        QTest::newRow("boolean") << QByteArray("lifecycle:\n  autoCleanupOnMerge: maybe\n")
                                 << u"flotilla.yaml:2:23: error: lifecycle.autoCleanupOnMerge: expected true or false, "
                                    u"got \"maybe\" (write true or false)"_s;
        QTest::newRow("duration") << QByteArray("readyThresholdMs: soon\n")
                                  << u"flotilla.yaml:1:19: error: readyThresholdMs: expected a duration, got \"soon\" "
                                     u"(use a number of milliseconds or a value like \"500ms\", \"30s\", \"15m\", "
                                     u"\"2h\")"_s;
        QTest::newRow("list") << project + "    symlinks: .env\n"
                              << u"flotilla.yaml:4:15: error: projects.shop.symlinks: expected a list, got \".env\" "
                                 u"(write one item per line, each starting with \"- \")"_s;
        QTest::newRow("mapping") << QByteArray("defaults: tmux\n")
                                 << u"flotilla.yaml:1:11: error: defaults: expected a mapping of keys to values, got "
                                    u"\"tmux\" (indent the keys below defaults)"_s;
        QTest::newRow("required") << QByteArray("projects:\n  shop:\n    repo: acme/shop\n")
                                  << u"flotilla.yaml:3:5: error: projects.shop: missing required key \"path\" (add "
                                     u"path: …)"_s;
        QTest::newRow("project id") << QByteArray("projects:\n  my shop:\n    path: /src\n")
                                    << u"flotilla.yaml:2:3: error: projects.my shop: \"my shop\" is not a valid id "
                                       u"(use only letters, digits, \"-\" and \"_\")"_s;
        QTest::newRow("prefix pattern") << project + "    sessionPrefix: a.b\n"
                                        << u"flotilla.yaml:4:20: error: projects.shop.sessionPrefix: \"a.b\" is not "
                                           u"valid (use only letters, digits, \"-\" and \"_\")"_s;
        QTest::newRow("symlink") << project + "    symlinks:\n      - ../outside\n"
                                 << u"flotilla.yaml:5:9: error: projects.shop.symlinks[0]: \"../outside\" is not "
                                    u"inside the repository (use a relative path without \"..\", e.g. .env)"_s;
        QTest::newRow("secret reference") << QByteArray("ravi:\n  apiKey: \"keychain:\"\n")
                                          << u"flotilla.yaml:2:11: error: ravi.apiKey: malformed secret reference "
                                             u"(write keychain:NAME or ravi:NAME, NAME made of letters, digits, . _ - "
                                             u"/)"_s;
        QTest::newRow("notifier source") << QByteArray("notifiers:\n  team:\n    channel: x\n")
                                         << u"flotilla.yaml:3:5: error: notifiers.team: needs plugin, package or path "
                                            u"(add plugin: one of desktop, slack, discord, webhook, ntfy, ravi, "
                                            u"composio, openclaw)"_s;
        QTest::newRow("duplicate key") << QByteArray("port: 3000\nport: 3001\n")
                                       << u"flotilla.yaml:2:1: error: port: the key appears twice (keep one of "
                                          u"them)"_s;
        QTest::newRow("syntax") << QByteArray("port: 3000\nprojects:\n  shop: [unclosed\n")
                                << u"flotilla.yaml:4:1: error: end of sequence flow not found (fix the YAML syntax "
                                   u"here)"_s;
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n")
                                       << u"flotilla.yaml:1:1: error: the configuration must be a mapping of keys to "
                                          u"values (write key: value lines, e.g. port: 3000)"_s;
    }

    void reportsEveryErrorKindAtItsPosition()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const LoadedConfig loaded = loadText(content);
        QCOMPARE(lines(loaded.errors()), QStringList{expected});
    }

    void collectsAllErrorsNotJustTheFirst()
    {
        const LoadedConfig loaded = loadText("port: lots\n"
                                             "defaults:\n"
                                             "  agent: gpt\n"
                                             "projects:\n"
                                             "  shop:\n"
                                             "    path: /src/shop\n"
                                             "    runtime: docker\n"
                                             "    symlinks: [/etc/passwd]\n");
        QCOMPARE(loaded.errors().size(), 4);
        QCOMPARE(loaded.errors().at(3).location.line, 8);
        // Rejected values fall back to their defaults.
        QCOMPARE(loaded.config.port, 3000);
        QCOMPARE(loaded.config.defaultAgent, u"claude-code"_s);
    }

    void warnsAboutUnknownKeysWithSuggestions()
    {
        const LoadedConfig loaded = loadText("portt: 3000\n"
                                             "zzz: 1\n"
                                             "projects:\n"
                                             "  shop:\n"
                                             "    path: /src/shop\n"
                                             "    agentconfig: {}\n"
                                             "    agentConfig:\n"
                                             "      sandbox: strict\n"
                                             "    tracker:\n"
                                             "      plugin: github\n"
                                             "      labels: [agent]\n"
                                             "reactions:\n"
                                             "  ci-failed:\n"
                                             "    retry: 3\n");
        QVERIFY(loaded.errors().isEmpty());
        const QStringList warnings = lines(loaded.warnings());
        QCOMPARE(warnings.size(), 4);
        QCOMPARE(warnings.at(0), u"flotilla.yaml:1:1: warning: portt: unknown key, ignored (did you mean \"port\"?)"_s);
        QVERIFY2(warnings.at(1).startsWith(u"flotilla.yaml:2:1: warning: zzz: unknown key, ignored (keys allowed "
                                           u"here: $schema, port, "_s),
                 qPrintable(warnings.at(1)));
        QCOMPARE(warnings.at(2), u"flotilla.yaml:6:5: warning: projects.shop.agentconfig: unknown key, ignored (did "
                                 u"you mean \"agentConfig\"?)"_s);
        QCOMPARE(warnings.at(3), u"flotilla.yaml:14:5: warning: reactions.ci-failed.retry: unknown key, ignored (did "
                                 u"you mean \"retries\"?)"_s);
        // Plugin blocks keep keys the schema does not know.
        const ProjectConfig &shop = loaded.config.projects.first();
        QCOMPARE(shop.agentConfig.settings.value(u"sandbox"_s).toString(), u"strict"_s);
        QCOMPARE(shop.tracker.settings.value(u"labels"_s).toArray().first().toString(), u"agent"_s);
    }

    void derivesSessionPrefixes_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("kebab") << u"agent-orchestrator"_s << u"ao"_s;
        QTest::newRow("camel") << u"PyTorch"_s << u"pt"_s;
        QTest::newRow("plain") << u"integrator"_s << u"int"_s;
        QTest::newRow("short") << u"web"_s << u"web"_s;
        QTest::newRow("four") << u"shop"_s << u"shop"_s;
        QTest::newRow("snake") << u"data_pipeline_v2"_s << u"dpv"_s;
    }

    void derivesSessionPrefixes()
    {
        QFETCH(QString, folder);
        QFETCH(QString, prefix);
        QCOMPARE(deriveSessionPrefix(folder), prefix);
        const LoadedConfig loaded = loadText("projects:\n  p:\n    path: /src/" + folder.toUtf8() + "\n");
        QCOMPARE(loaded.config.projects.first().sessionPrefix, prefix);
    }

    void rejectsDuplicateSessionPrefixes()
    {
        const LoadedConfig loaded = loadText("projects:\n"
                                             "  orchestrator:\n"
                                             "    path: /src/agent-orchestrator\n"
                                             "  tools:\n"
                                             "    path: /src/tools\n"
                                             "    sessionPrefix: ao\n"
                                             "  web:\n"
                                             "    path: /a/web\n"
                                             "  web2:\n"
                                             "    path: /b/web\n");
        QCOMPARE(lines(loaded.errors()),
                 (QStringList{u"flotilla.yaml:6:20: error: projects.tools.sessionPrefix: session prefix \"ao\" is "
                              u"already used by project \"orchestrator\" (give one of them its own sessionPrefix)"_s,
                              u"flotilla.yaml:10:5: error: projects.web2.sessionPrefix: session prefix \"web\" is "
                              u"already used by project \"web\" (give one of them its own sessionPrefix)"_s}));
    }

    void validatesSymlinks_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("accepted");
        QTest::newRow(".env") << u".env"_s << true;
        QTest::newRow("nested") << u"config/local.yml"_s << true;
        QTest::newRow("dotted name") << u"a..b"_s << true;
        QTest::newRow("absolute") << u"/etc/passwd"_s << false;
        QTest::newRow("parent") << u"../secrets"_s << false;
        QTest::newRow("parent inside") << u"a/../../b"_s << false;
        QTest::newRow("home") << u"~/.ssh"_s << false;
    }

    void validatesSymlinks()
    {
        QFETCH(QString, path);
        QFETCH(bool, accepted);
        const LoadedConfig loaded =
            loadText("projects:\n  shop:\n    path: /src/shop\n    symlinks: [\"" + path.toUtf8() + "\"]\n");
        QCOMPARE(loaded.errors().isEmpty(), accepted);
        QCOMPARE(loaded.config.projects.first().symlinks.contains(path), accepted);
    }

    void parsesDurations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("milliseconds");
        QTest::newRow("plain number") << u"300000"_s << qint64(300000);
        QTest::newRow("ms") << u"500ms"_s << qint64(500);
        QTest::newRow("s") << u"30s"_s << qint64(30000);
        QTest::newRow("m") << u"15m"_s << qint64(900000);
        QTest::newRow("h") << u"2h"_s << qint64(7200000);
        QTest::newRow("spaced") << u"10 m"_s << qint64(600000);
        QTest::newRow("fraction") << u"1.5h"_s << qint64(-1);
        QTest::newRow("negative") << u"-5s"_s << qint64(-1);
        QTest::newRow("unit only") << u"m"_s << qint64(-1);
        QTest::newRow("days") << u"2d"_s << qint64(-1);
    }

    void parsesDurations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, milliseconds);
        const std::optional<qint64> parsed = parseDuration(text);
        QCOMPARE(parsed.value_or(-1), milliseconds);
        if (milliseconds >= 0)
            QCOMPARE(parseDuration(formatDuration(milliseconds)), milliseconds);
    }

    void readsEscalateAfterAsCountOrDuration()
    {
        // With `projects:` the file is wrapped and `reactions` is the global block.
        const LoadedConfig loaded = loadText("projects: {}\n"
                                             "reactions:\n"
                                             "  ci-failed:\n    escalateAfter: 3\n"
                                             "  merge-conflicts:\n    escalateAfter: 45s\n");
        QVERIFY(loaded.diagnostics.isEmpty());
        QCOMPARE(loaded.config.reaction(QString(), u"ci-failed"_s)->escalateAfterAttempts, 3);
        QVERIFY(!loaded.config.reaction(QString(), u"ci-failed"_s)->escalateAfterMs.has_value());
        QCOMPARE(loaded.config.reaction(QString(), u"merge-conflicts"_s)->escalateAfterMs, 45000);
        QVERIFY(!loaded.config.reaction(QString(), u"merge-conflicts"_s)->escalateAfterAttempts.has_value());
    }

    void resolvesTheAgentPerRole()
    {
        const LoadedConfig loaded = loadText("defaults:\n"
                                             "  agent: codex\n"
                                             "  worker:\n    agent: aider\n"
                                             "  orchestrator:\n    agent: opencode\n"
                                             "projects:\n"
                                             "  plain:\n    path: /src/plain\n"
                                             "  own:\n    path: /src/own\n    agent: cursor\n"
                                             "  roles:\n    path: /src/roles\n    agent: cursor\n"
                                             "    worker:\n      agent: custom\n"
                                             "      agentConfig:\n        model: fast\n"
                                             "    agentConfig:\n      permissions: suggest\n      model: slow\n");
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(lines(loaded.diagnostics).join(u'\n')));
        const Config &config = loaded.config;
        QCOMPARE(config.workerAgent(u"roles"_s, u"claude-code"_s), u"claude-code"_s);
        QCOMPARE(config.workerAgent(u"roles"_s), u"custom"_s);
        QCOMPARE(config.workerAgent(u"own"_s), u"cursor"_s);
        QCOMPARE(config.workerAgent(u"plain"_s), u"aider"_s);
        QCOMPARE(config.orchestratorAgent(u"plain"_s), u"opencode"_s);
        QCOMPARE(config.orchestratorAgent(u"own"_s), u"cursor"_s);
        const AgentSettings worker = config.agentSettings(u"roles"_s, false);
        QCOMPARE(worker.model, u"fast"_s);
        QCOMPARE(worker.permissions, AgentSettings::Permissions::Suggest); // inherited, not reset
        QCOMPARE(config.agentSettings(u"roles"_s, true).model, u"slow"_s);

        const LoadedConfig bare = loadText("defaults:\n  agent: codex\nprojects:\n  p:\n    path: /src/p\n");
        QCOMPARE(bare.config.workerAgent(u"p"_s), u"codex"_s);
        QCOMPARE(bare.config.orchestratorAgent(u"p"_s), u"codex"_s);
    }

    void readsTheOrchestratorAndTheBacklog()
    {
        const LoadedConfig loaded = loadText("projects:\n"
                                             "  shop:\n    path: /src/shop\n"
                                             "    orchestrator:\n      enabled: true\n      agent: codex\n"
                                             "      model: big\n"
                                             "    orchestratorRules: Split work by folder.\n"
                                             "    backlog:\n      maxConcurrent: 2\n      pollInterval: 30s\n"
                                             "      onMerge: verify\n      retryAfter: 10m\n"
                                             "  plain:\n    path: /src/plain\n");
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(lines(loaded.diagnostics).join(u'\n')));
        const ProjectConfig *shop = loaded.config.project(u"shop"_s);
        QVERIFY(shop->orchestrator.enabled);
        QCOMPARE(loaded.config.orchestratorAgent(u"shop"_s), u"codex"_s);
        QCOMPARE(loaded.config.agentSettings(u"shop"_s, true).orchestratorModel, u"big"_s);
        QCOMPARE(shop->orchestratorRules, u"Split work by folder."_s);
        QVERIFY(shop->backlog.enabled);
        QCOMPARE(shop->backlog.label, u"agent:backlog"_s);
        QCOMPARE(shop->backlog.maxConcurrent, 2);
        QCOMPARE(shop->backlog.pollIntervalMs, 30000);
        QCOMPARE(shop->backlog.onMerge, BacklogSettings::OnMerge::Verify);
        QCOMPARE(shop->backlog.retryAfterMs, 600000);
        const ProjectConfig *plain = loaded.config.project(u"plain"_s);
        QVERIFY(!plain->orchestrator.enabled);
        QVERIFY(!plain->backlog.enabled);

        const LoadedConfig bad = loadText("projects:\n  shop:\n    path: /src/shop\n"
                                          "    backlog:\n      maxConcurrent: 0\n      onMerge: delete\n");
        const QString errors = lines(bad.diagnostics).join(u'\n');
        QVERIFY2(errors.contains(u"projects.shop.backlog.maxConcurrent"_s), qPrintable(errors));
        QVERIFY2(errors.contains(u"projects.shop.backlog.onMerge"_s), qPrintable(errors));
    }

    void acceptsFlotillaAdditions()
    {
        const LoadedConfig loaded =
            loadText("lifecycle:\n  pollInterval: 5s\n"
                     "decisionRouting:\n  urgent: [phone]\n"
                     "notifiers:\n  phone:\n    plugin: ravi\n    phone: \"+15550100\"\n"
                     "ravi:\n  apiKey: ${RAVI_KEY}\n  baseUrl: https://ravi.invalid\n"
                     "projects:\n"
                     "  shop:\n"
                     "    path: /src/shop\n"
                     "    budget:\n      usd: 25.5\n"
                     "    ravi:\n      vaultKey: ${SHOP_VAULT_KEY}\n      secrets: [STRIPE_KEY]\n"
                     "      onUnreachable: continue\n"
                     "    scm:\n"
                     "      plugin: local\n"
                     "      ci:\n        command: make check\n        timeout: 20m\n"
                     "      runner: fast\n");
        QVERIFY2(loaded.diagnostics.isEmpty(), qPrintable(lines(loaded.diagnostics).join(u'\n')));
        const ProjectConfig &shop = loaded.config.projects.first();
        QCOMPARE(loaded.config.pollIntervalMs, std::optional<qint64>(5000));
        QCOMPARE(shop.budgetUsd, 25.5);
        QCOMPARE(shop.scm.block.plugin, u"local"_s);
        QCOMPARE(shop.scm.ciCommand, u"make check"_s);
        QCOMPARE(shop.scm.ciTimeoutMs, 20 * 60 * 1000);
        QCOMPARE(shop.scm.block.settings.value(u"runner"_s).toString(), u"fast"_s);
        QCOMPARE(loaded.config.decisionRouting.value(u"urgent"_s), QStringList{u"phone"_s});
        QCOMPARE(loaded.config.raviApiKey.kind, SecretReference::Kind::Environment);
        QCOMPARE(shop.ravi.secrets, QStringList{u"STRIPE_KEY"_s});
        QVERIFY(shop.ravi.continueWhenUnreachable);
        QVERIFY(!shop.ravi.wholeVault);
        // Flotilla's own credentials never reach an agent's environment.
        QCOMPARE(loaded.config.credentialVariables(),
                 (QStringList{u"RAVI_KEY"_s, u"RAVI_API_KEY"_s, u"SHOP_VAULT_KEY"_s}));
        QCOMPARE(loaded.config.raviApiKey.redacted(), u"<from $RAVI_KEY>"_s);
        QCOMPARE(loaded.config.raviBaseUrl, u"https://ravi.invalid"_s);
        // A routed name that is neither a notifier nor a type is worth a warning.
        const LoadedConfig typo = loadText("notificationRouting:\n  urgent: [deskop]\n");
        QCOMPARE(lines(typo.warnings()),
                 QStringList{u"flotilla.yaml:2:12: warning: notificationRouting.urgent[0]: \"deskop\" is neither a "
                             u"configured notifier nor a notifier type (did you mean \"desktop\"?)"_s});
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "tst_config_loader.moc"
