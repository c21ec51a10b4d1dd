#include "isolated_environment.h"
#include "opencode_agent.h"

#include "util/app_paths.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flotilla;

class TestOpenCodeAgent : public QObject
{
    Q_OBJECT

private:
    test::IsolatedEnvironment m_env;

    SessionRecord session() const
    {
        SessionRecord record;
        record.id = u"app-5"_s;
        record.workspacePath = m_env.workDir();
        return record;
    }

    AgentLaunchContext context(const QString &permissions, const QString &model = {},
                               const QString &systemPrompt = {}) const
    {
        AgentLaunchContext launch;
        launch.session = session();
        launch.prompt = u"Fix issue 5"_s;
        launch.systemPrompt = systemPrompt;
        launch.model = model;
        launch.permissions = permissions;
        return launch;
    }

    static QJsonObject readConfig(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

private slots:
    void launchWithModelAndPrompt()
    {
        OpenCodeAgent agent({});
        const auto launch = agent.launch(context(u"default"_s, u"anthropic/claude-sonnet-4"_s));
        QVERIFY2(launch.ok(), launch.ok() ? "" : qPrintable(launch.error().toString()));
        QCOMPARE(launch->command, (QStringList{u"opencode"_s, u"--model"_s, u"anthropic/claude-sonnet-4"_s,
                                               u"--prompt"_s, u"Fix issue 5"_s}));
        QCOMPARE(launch->promptDelivery, AgentLaunch::PromptDelivery::Inline);
        // "default" leaves OpenCode's own permissions and there are no instructions: no config.
        QVERIFY(launch->environment.isEmpty());
        QCOMPARE(agent.name(), u"opencode"_s);
        QCOMPARE(agent.processName(), u"opencode"_s);
    }

    void permissionsAndInstructionsGoInAPrivateConfig_data()
    {
        QTest::addColumn<QString>("permissions");
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("bash");
        QTest::newRow("permissionless") << u"permissionless"_s << u"allow"_s << u"allow"_s;
        QTest::newRow("auto-edit") << u"auto-edit"_s << u"allow"_s << u"ask"_s;
        QTest::newRow("suggest") << u"suggest"_s << u"ask"_s << u"ask"_s;
        QTest::newRow("default") << u"default"_s << QString() << QString();
    }

    void permissionsAndInstructionsGoInAPrivateConfig()
    {
        QFETCH(QString, permissions);
        QFETCH(QString, edit);
        QFETCH(QString, bash);
        const auto launch = OpenCodeAgent({}).launch(context(permissions, {}, u"Keep it small."_s));
        QVERIFY(launch.ok());
        const QString configPath = launch->environment.value(u"OPENCODE_CONFIG"_s);
        QCOMPARE(configPath, AppPaths::dataDir() + u"/prompts/app-5/opencode.json"_s);
        QCOMPARE(QFileInfo(configPath).permissions() & 0x0077, QFileDevice::Permissions());
        const QJsonObject config = readConfig(configPath);
        const QJsonObject permission = config.value(u"permission"_s).toObject();
        QCOMPARE(permission.value(u"edit"_s).toString(), edit);
        QCOMPARE(permission.value(u"bash"_s).toString(), bash);
        const QString instructions = config.value(u"instructions"_s).toArray().at(0).toString();
        QCOMPARE(instructions, AppPaths::dataDir() + u"/prompts/app-5/system-prompt.md"_s);
        QFile file(instructions);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("Keep it small."));
        QVERIFY(!launch->command.join(u' ').contains(u"Keep it small"_s));
    }

    void activityIsHonestlyUnavailable()
    {
        OpenCodeAgent agent({});
        auto future = agent.readActivity(session());
        QVERIFY(future.isFinished());
        QCOMPARE(future.result()->confidence, ActivityReading::Confidence::Unavailable);
        QCOMPARE(future.result()->state, ActivityState::Unknown);
    }

    void sessionIdForLaunchAndRestore()
    {
        OpenCodeAgent none({});
        QVERIFY(!none.restoreCommand(session()));

        OpenCodeAgent configured({{u"opencodeSessionId"_s, u"ses_abc123"_s}, {u"model"_s, u"m"_s}});
        QCOMPARE(configured.launch(context(u"default"_s))->command.mid(0, 3),
                 (QStringList{u"opencode"_s, u"--session"_s, u"ses_abc123"_s}));
        QCOMPARE(configured.restoreCommand(session()),
                 (QStringList{u"opencode"_s, u"--session"_s, u"ses_abc123"_s, u"--model"_s, u"m"_s}));
        SessionRecord recorded = session();
        recorded.extra.insert(u"agentSessionId"_s, u"ses_own"_s);
        QCOMPARE(configured.restoreCommand(recorded)->at(2), u"ses_own"_s);
        QCOMPARE(configured.sessionInfo(recorded).result()->agentSessionId, u"ses_own"_s);

        OpenCodeAgent bad({{u"opencodeSessionId"_s, u"ses; rm"_s}});
        QVERIFY(!bad.detect().available);
        QVERIFY(!bad.restoreCommand(session()));
    }
};

QTEST_GUILESS_MAIN(TestOpenCodeAgent)
#include "tst_agent_opencode.moc"
