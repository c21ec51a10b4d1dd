#include "aider_agent.h"
#include "isolated_environment.h"

#include "util/app_paths.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

template<typename T> Result<T> wait(Async<T> future)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished())
        return makeError(u"test.timeout"_s, u"no answer within 10 s"_s);
    return future.result();
}

} // namespace

class TestAiderAgent : public QObject
{
    Q_OBJECT

private:
    test::IsolatedEnvironment m_env;

    SessionRecord session() const
    {
        SessionRecord record;
        record.id = u"app-4"_s;
        record.workspacePath = m_env.workDir();
        return record;
    }

    AgentLaunchContext context(const QString &permissions, const QString &model = {},
                               const QString &systemPrompt = {}) const
    {
        AgentLaunchContext launch;
        launch.session = session();
        launch.prompt = u"Fix issue 3"_s;
        launch.systemPrompt = systemPrompt;
        launch.model = model;
        launch.permissions = permissions;
        return launch;
    }

    void writeHistory(const QByteArray &text, int ageSeconds)
    {
        QFile file(m_env.workDir() + u"/.aider.chat.history.md"_s);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
        QVERIFY(file.flush());
        QVERIFY(
            file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-ageSeconds), QFileDevice::FileModificationTime));
    }

private slots:
    void init() { QFile::remove(m_env.workDir() + u"/.aider.chat.history.md"_s); }

    void launchPerPermissionsAndModel_data()
    {
        QTest::addColumn<QString>("permissions");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QStringList>("command");
        QTest::newRow("permissionless") << u"permissionless"_s << QString()
                                        << QStringList{u"aider"_s, u"--yes-always"_s};
        QTest::newRow("permissionless with model")
            << u"permissionless"_s << u"sonnet"_s
            << QStringList{u"aider"_s, u"--yes-always"_s, u"--model"_s, u"sonnet"_s};
        QTest::newRow("default") << u"default"_s << QString() << QStringList{u"aider"_s};
        QTest::newRow("suggest with model")
            << u"suggest"_s << u"gpt-4o"_s << QStringList{u"aider"_s, u"--model"_s, u"gpt-4o"_s};
    }

    void launchPerPermissionsAndModel()
    {
        QFETCH(QString, permissions);
        QFETCH(QString, model);
        QFETCH(QStringList, command);
        AiderAgent agent({});
        const auto launch = agent.launch(context(permissions, model));
        QVERIFY2(launch.ok(), launch.ok() ? "" : qPrintable(launch.error().toString()));
        QCOMPARE(launch->command, command);
        QCOMPARE(launch->promptDelivery, AgentLaunch::PromptDelivery::AfterLaunch);
        QCOMPARE(launch->prompt, u"Fix issue 3"_s);
        QCOMPARE(agent.name(), u"aider"_s);
        QCOMPARE(agent.processName(), u"aider"_s);
    }

    void systemPromptIsAReadOnlyFile()
    {
        const auto launch = AiderAgent({}).launch(context(u"default"_s, {}, u"House rules"_s));
        const QString path = AppPaths::dataDir() + u"/prompts/app-4/system-prompt.md"_s;
        QCOMPARE(launch->command, (QStringList{u"aider"_s, u"--read"_s, path}));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("House rules"));
    }

    void activityFromTheChatHistory()
    {
        AiderAgent agent({});
        QCOMPARE(wait(agent.readActivity(session()))->confidence, ActivityReading::Confidence::Unavailable);

        writeHistory("# aider chat started at 2026-01-01\n\n#### Fix   the\tlogin bug\n\nSure.\n#### next\n", 5);
        auto reading = wait(agent.readActivity(session()));
        QCOMPARE(reading->state, ActivityState::Active);
        QCOMPARE(reading->source, ActivityReading::Source::Native);
        writeHistory("#### Fix the login bug\n", 120);
        QCOMPARE(wait(agent.readActivity(session()))->state, ActivityState::Ready);
        writeHistory("#### Fix the login bug\n", 1200);
        QCOMPARE(wait(agent.readActivity(session()))->state, ActivityState::Idle);
    }

    void summaryFromTheFirstRequestAndNoResume()
    {
        AiderAgent agent({});
        QVERIFY(wait(agent.sessionInfo(session()))->summary.isEmpty());
        writeHistory("# aider chat started\n\n#### Fix   the\tlogin bug\n\nSure.\n#### next\n", 5);
        const auto info = wait(agent.sessionInfo(session()));
        QCOMPARE(info->summary, u"Fix the login bug"_s);
        QVERIFY(info->summaryIsFallback);
        QCOMPARE(info->cost.usd, 0.0);
        QVERIFY(!agent.restoreCommand(session()));
    }
};

QTEST_GUILESS_MAIN(TestAiderAgent)
#include "tst_agent_aider.moc"
