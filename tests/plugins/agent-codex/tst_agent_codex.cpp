#include "codex_agent.h"
#include "codex_rollout.h"
#include "isolated_environment.h"

#include "util/app_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
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

QJsonObject rolloutEvent(const QString &outer, const QString &type, int ageSeconds, QJsonObject payload = {})
{
    payload.insert(u"type"_s, type);
    return {{u"timestamp"_s, QDateTime::currentDateTimeUtc().addSecs(-ageSeconds).toString(Qt::ISODateWithMs)},
            {u"type"_s, outer},
            {u"payload"_s, payload}};
}

QJsonObject meta(const QString &id, const QString &cwd)
{
    return {{u"timestamp"_s, QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODateWithMs)},
            {u"type"_s, u"session_meta"_s},
            {u"payload"_s, QJsonObject{{u"id"_s, id}, {u"cwd"_s, cwd}, {u"instructions"_s, QString(5000, u'i')}}}};
}

} // namespace

class TestCodexAgent : public QObject
{
    Q_OBJECT

private:
    test::IsolatedEnvironment m_env;
    QByteArray m_savedHome;
    QString m_workspace;
    int m_counter = 0;

    QString writeRollout(const QString &day, const QString &id, const QString &cwd, const QList<QJsonObject> &events,
                         int mtimeAgeSeconds = 0)
    {
        const QString folder = CodexRollout::sessionsRoot() + u'/' + day;
        QDir().mkpath(folder);
        const QString path = folder + u"/rollout-2026-01-01T10-00-00-"_s + id + u".jsonl"_s;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(QJsonDocument(meta(id, cwd)).toJson(QJsonDocument::Compact) + '\n');
        for (const QJsonObject &object : events)
            file.write(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
        file.flush();
        file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-mtimeAgeSeconds), QFileDevice::FileModificationTime);
        return path;
    }

    SessionRecord session() const
    {
        SessionRecord record;
        record.id = u"app-2"_s;
        record.workspacePath = m_workspace;
        return record;
    }

    AgentLaunchContext context(const QString &permissions, const QString &model = {}) const
    {
        AgentLaunchContext launch;
        launch.session = session();
        launch.prompt = u"Fix issue 7: \"quotes\" and $HOME stay literal"_s;
        launch.model = model;
        launch.permissions = permissions;
        return launch;
    }

private slots:
    void initTestCase()
    {
        m_savedHome = qgetenv("HOME");
        qputenv("HOME", m_env.root().toLocal8Bit());
    }

    void cleanupTestCase() { qputenv("HOME", m_savedHome); }

    void init()
    {
        QDir(CodexRollout::sessionsRoot()).removeRecursively();
        m_workspace = m_env.workDir() + u"/codex-%1"_s.arg(++m_counter);
        QDir().mkpath(m_workspace);
    }

    void launchPerPermissionsAndModel_data()
    {
        QTest::addColumn<QString>("permissions");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QStringList>("flags");
        QTest::newRow("permissionless") << u"permissionless"_s << QString()
                                        << QStringList{u"--dangerously-bypass-approvals-and-sandbox"_s};
        QTest::newRow("auto-edit") << u"auto-edit"_s << QString() << QStringList{u"--ask-for-approval"_s, u"never"_s};
        QTest::newRow("suggest with model")
            << u"suggest"_s << u"gpt-5-codex"_s
            << QStringList{u"--ask-for-approval"_s, u"untrusted"_s, u"--model"_s, u"gpt-5-codex"_s};
        QTest::newRow("default, reasoning model")
            << u"default"_s << u"o3"_s << QStringList{u"--model"_s, u"o3"_s, u"-c"_s, u"model_reasoning_effort=high"_s};
    }

    void launchPerPermissionsAndModel()
    {
        QFETCH(QString, permissions);
        QFETCH(QString, model);
        QFETCH(QStringList, flags);
        const auto launch = CodexAgent({}).launch(context(permissions, model));
        QVERIFY2(launch.ok(), launch.ok() ? "" : qPrintable(launch.error().toString()));
        const QStringList expected = QStringList{u"codex"_s, u"-c"_s, u"check_for_update_on_startup=false"_s} + flags
                                     + QStringList{u"--"_s, context(permissions).prompt};
        QCOMPARE(launch->command, expected);
        QCOMPARE(launch->promptDelivery, AgentLaunch::PromptDelivery::Inline);
        QCOMPARE(launch->environment.value(u"CODEX_DISABLE_UPDATE_CHECK"_s), u"1"_s);
    }

    void systemPromptGoesThroughAPrivateFile()
    {
        AgentLaunchContext withRules = context(u"permissionless"_s);
        withRules.systemPrompt = u"Never push to main."_s;
        const auto launch = CodexAgent({}).launch(withRules);
        QVERIFY(launch.ok());
        const QString path = AppPaths::dataDir() + u"/prompts/app-2/system-prompt.md"_s;
        const qsizetype at = launch->command.indexOf(u"model_instructions_file=\""_s + path + u'"');
        QVERIFY(at > 0);
        QCOMPARE(launch->command.at(at - 1), u"-c"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("Never push to main."));
        QCOMPARE(QFileInfo(path).permissions() & 0x0077, QFileDevice::Permissions());
        QVERIFY(!launch->command.join(u' ').contains(u"Never push"_s));
    }

    void rolloutMatchedByWorkingDirectory()
    {
        const QString other = m_env.workDir() + u"/someone-else"_s;
        writeRollout(u"2026/01/02"_s, u"thread-other"_s, other, {rolloutEvent(u"event_msg"_s, u"task_started"_s, 1)},
                     0);
        const QString mine = writeRollout(u"2026/01/01"_s, u"thread-mine"_s, m_workspace,
                                          {rolloutEvent(u"event_msg"_s, u"error"_s, 5)}, 30);
        writeRollout(u"2025/12/31"_s, u"thread-older"_s, m_workspace,
                     {rolloutEvent(u"event_msg"_s, u"task_started"_s, 5)}, 600);
        QCOMPARE(CodexRollout::find(m_workspace), mine);
        QCOMPARE(CodexRollout::threadId(mine), u"thread-mine"_s);
        const auto reading = wait(CodexAgent({}).readActivity(session()));
        QVERIFY(reading.ok());
        QCOMPARE(reading->state, ActivityState::Blocked);
        QCOMPARE(reading->source, ActivityReading::Source::Native);
    }

    void eventsToStates_data()
    {
        QTest::addColumn<QJsonObject>("last");
        QTest::addColumn<int>("state");
        QTest::newRow("approval") << rolloutEvent(u"event_msg"_s, u"exec_approval_request"_s, 400)
                                  << int(ActivityState::WaitingInput);
        QTest::newRow("patch approval") << rolloutEvent(u"event_msg"_s, u"apply_patch_approval_request"_s, 5)
                                        << int(ActivityState::WaitingInput);
        QTest::newRow("stream error") << rolloutEvent(u"event_msg"_s, u"stream_error"_s, 5)
                                      << int(ActivityState::Blocked);
        QTest::newRow("task started") << rolloutEvent(u"event_msg"_s, u"task_started"_s, 5)
                                      << int(ActivityState::Active);
        QTest::newRow("tool call") << rolloutEvent(u"response_item"_s, u"function_call"_s, 5)
                                   << int(ActivityState::Active);
        QTest::newRow("exec") << rolloutEvent(u"event_msg"_s, u"exec_command_end"_s, 5) << int(ActivityState::Active);
        QTest::newRow("tool call, older")
            << rolloutEvent(u"response_item"_s, u"function_call"_s, 120) << int(ActivityState::Ready);
        QTest::newRow("task complete") << rolloutEvent(u"event_msg"_s, u"task_complete"_s, 5)
                                       << int(ActivityState::Ready);
        QTest::newRow("agent message") << rolloutEvent(u"event_msg"_s, u"agent_message"_s, 5)
                                       << int(ActivityState::Ready);
        QTest::newRow("token count, old")
            << rolloutEvent(u"event_msg"_s, u"token_count"_s, 900) << int(ActivityState::Idle);
    }

    void eventsToStates()
    {
        QFETCH(QJsonObject, last);
        QFETCH(int, state);
        writeRollout(u"2026/01/01"_s, u"t"_s, m_workspace,
                     {rolloutEvent(u"event_msg"_s, u"task_started"_s, 1000), last});
        const auto reading = wait(CodexAgent({}).readActivity(session()));
        QCOMPARE(int(reading->state), state);
    }

    void noRolloutIsUnavailable()
    {
        const auto reading = wait(CodexAgent({}).readActivity(session()));
        QCOMPARE(reading->confidence, ActivityReading::Confidence::Unavailable);
        QVERIFY(!CodexAgent({}).restoreCommand(session()));
    }

    void costSummaryAndRestore()
    {
        const QJsonObject totals{{u"input_tokens"_s, 2'000'000},
                                 {u"cached_input_tokens"_s, 1'000'000},
                                 {u"output_tokens"_s, 300'000},
                                 {u"reasoning_output_tokens"_s, 100'000},
                                 {u"total_tokens"_s, 2'300'000}};
        const QJsonObject tokenCount = rolloutEvent(u"event_msg"_s, u"token_count"_s, 5,
                                                    {{u"info"_s, QJsonObject{{u"total_token_usage"_s, totals}}}});
        writeRollout(
            u"2026/01/01"_s, u"0199a1b2-c3d4"_s, m_workspace,
            {rolloutEvent(u"turn_context"_s, u"turn_context"_s, 10, {{u"model"_s, u"gpt-5-codex"_s}}),
             rolloutEvent(u"event_msg"_s, u"token_count"_s, 9,
                          {{u"info"_s, QJsonObject{{u"total_token_usage"_s, QJsonObject{{u"input_tokens"_s, 1}}}}}}),
             tokenCount});
        const auto info = wait(CodexAgent({}).sessionInfo(session()));
        QVERIFY(info.ok());
        QCOMPARE(info->summary, u"Codex session (gpt-5-codex)"_s);
        QVERIFY(info->summaryIsFallback);
        QCOMPARE(info->agentSessionId, u"0199a1b2-c3d4"_s);
        QCOMPARE(info->cost.inputTokens, 2'000'000);
        // Reasoning is part of output here (the total says so): 1M fresh in, 1M cached, 0.3M out.
        QCOMPARE(info->cost.outputTokens, 300'000);
        QCOMPARE(info->cost.usd, 2.50 + 0.625 + 3.0);

        const PluginSettings cheap{{u"pricing"_s, QJsonObject{{u"outputPerMTok"_s, 0}}}};
        QCOMPARE(wait(CodexAgent(cheap).sessionInfo(session()))->cost.usd, 2.50 + 0.625);

        CodexAgent agent({{u"permissions"_s, u"permissionless"_s}});
        QCOMPARE(agent.restoreCommand(session()),
                 (QStringList{u"codex"_s, u"-c"_s, u"check_for_update_on_startup=false"_s,
                              u"--dangerously-bypass-approvals-and-sandbox"_s, u"resume"_s, u"0199a1b2-c3d4"_s}));
        SessionRecord known = session();
        known.extra.insert(u"agentSessionId"_s, u"recorded-id"_s);
        QCOMPARE(agent.restoreCommand(known)->constLast(), u"recorded-id"_s);
    }

    void reasoningCountedApartIsAdded()
    {
        const QJsonObject totals{{u"input_tokens"_s, 0},
                                 {u"output_tokens"_s, 1'000'000},
                                 {u"reasoning_output_tokens"_s, 1'000'000},
                                 {u"total_tokens"_s, 2'000'000}};
        writeRollout(u"2026/01/01"_s, u"r"_s, m_workspace,
                     {rolloutEvent(u"event_msg"_s, u"token_count"_s, 5,
                                   {{u"info"_s, QJsonObject{{u"total_token_usage"_s, totals}}}})});
        const auto info = wait(CodexAgent({}).sessionInfo(session()));
        QCOMPARE(info->cost.outputTokens, 2'000'000);
        QCOMPARE(info->cost.usd, 20.0);
        QCOMPARE(info->summary, u"Codex session"_s);
    }
};

QTEST_GUILESS_MAIN(TestCodexAgent)
#include "tst_agent_codex.moc"
