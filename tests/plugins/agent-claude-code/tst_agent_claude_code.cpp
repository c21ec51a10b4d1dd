#include "claude_code_agent.h"
#include "claude_session_log.h"
#include "isolated_environment.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
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

QString iso(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject entry(const QString &type, int ageSeconds, QJsonObject extra = {})
{
    extra.insert(u"type"_s, type);
    extra.insert(u"timestamp"_s, iso(QDateTime::currentDateTimeUtc().addSecs(-ageSeconds)));
    return extra;
}

QJsonObject userText(const QString &text, int ageSeconds = 100)
{
    return entry(u"user"_s, ageSeconds, {{u"message"_s, QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, text}}}});
}

QJsonObject assistantUsage(const QString &id, qint64 in, qint64 out, qint64 cacheRead, qint64 cacheWrite)
{
    const QJsonObject usage{{u"input_tokens"_s, in},
                            {u"output_tokens"_s, out},
                            {u"cache_read_input_tokens"_s, cacheRead},
                            {u"cache_creation_input_tokens"_s, cacheWrite}};
    return entry(u"assistant"_s, 50,
                 {{u"message"_s, QJsonObject{{u"id"_s, id}, {u"role"_s, u"assistant"_s}, {u"usage"_s, usage}}}});
}

} // namespace

class TestClaudeCodeAgent : public QObject
{
    Q_OBJECT

private:
    test::IsolatedEnvironment m_env;
    QByteArray m_savedHome;
    QString m_workspace;
    int m_counter = 0;

    QString projectFolder() const
    {
        QString encoded = m_workspace;
        return QDir::homePath() + u"/.claude/projects/"_s + encoded.replace(u'/', u'-').replace(u'.', u'-');
    }

    QString writeLog(const QString &name, const QList<QJsonObject> &entries, int mtimeAgeSeconds = 0,
                     const QByteArray &prefix = {})
    {
        QDir().mkpath(projectFolder());
        const QString path = projectFolder() + u'/' + name;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(prefix);
        for (const QJsonObject &object : entries)
            file.write(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
        file.flush();
        file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-mtimeAgeSeconds), QFileDevice::FileModificationTime);
        return path;
    }

    SessionRecord session() const
    {
        SessionRecord record;
        record.id = u"app-1"_s;
        record.workspacePath = m_workspace;
        record.agent = u"claude-code"_s;
        return record;
    }

    AgentLaunchContext context(const QString &permissions, const QString &model = {}) const
    {
        AgentLaunchContext launch;
        launch.session = session();
        launch.prompt = u"Fix issue 42"_s;
        launch.systemPrompt = u"Follow the rules."_s;
        launch.model = model;
        launch.permissions = permissions;
        return launch;
    }

private slots:
    void initTestCase()
    {
        m_savedHome = qgetenv("HOME");
        qputenv("HOME", m_env.root().toLocal8Bit());
        QCOMPARE(QDir::homePath(), m_env.root());
    }

    void cleanupTestCase() { qputenv("HOME", m_savedHome); }

    void init()
    {
        // A fresh workspace per test, with a dot in its name as worktree folders often have.
        m_workspace = m_env.workDir() + u"/repo.wt-%1"_s.arg(++m_counter);
        QDir().mkpath(m_workspace);
    }

    void identity()
    {
        ClaudeCodeAgent agent({});
        QCOMPARE(agent.name(), u"claude-code"_s);
        QCOMPARE(agent.processName(), u"claude"_s);
        QCOMPARE(agent.slot(), PluginSlot::Agent);
    }

    void launchPerPermissionsAndModel_data()
    {
        QTest::addColumn<QString>("permissions");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QStringList>("command");
        const QStringList system{u"--append-system-prompt"_s, u"Follow the rules."_s};
        QTest::newRow("permissionless") << u"permissionless"_s << QString()
                                        << (QStringList{u"claude"_s, u"--dangerously-skip-permissions"_s} + system);
        QTest::newRow("permissionless with model")
            << u"permissionless"_s << u"opus"_s
            << (QStringList{u"claude"_s, u"--dangerously-skip-permissions"_s, u"--model"_s, u"opus"_s} + system);
        QTest::newRow("auto-edit") << u"auto-edit"_s << QString()
                                   << (QStringList{u"claude"_s, u"--permission-mode"_s, u"acceptEdits"_s} + system);
        QTest::newRow("default") << u"default"_s << QString() << (QStringList{u"claude"_s} + system);
        QTest::newRow("suggest with model")
            << u"suggest"_s << u"sonnet"_s << (QStringList{u"claude"_s, u"--model"_s, u"sonnet"_s} + system);
    }

    void launchPerPermissionsAndModel()
    {
        QFETCH(QString, permissions);
        QFETCH(QString, model);
        QFETCH(QStringList, command);
        const auto launch = ClaudeCodeAgent({}).launch(context(permissions, model));
        QVERIFY2(launch.ok(), launch.ok() ? "" : qPrintable(launch.error().toString()));
        QCOMPARE(launch->command, command);
        QCOMPARE(launch->promptDelivery, AgentLaunch::PromptDelivery::AfterLaunch);
        QCOMPARE(launch->prompt, u"Fix issue 42"_s);
        QVERIFY(!launch->command.join(u' ').contains(u"Fix issue 42"_s));
        QCOMPARE(launch->environment.keys(), QStringList{u"CLAUDECODE"_s});
        QVERIFY(launch->environment.value(u"CLAUDECODE"_s).isEmpty());
    }

    void launchWithoutSystemPromptAndBadPermissions()
    {
        AgentLaunchContext bare = context(u"default"_s);
        bare.systemPrompt.clear();
        QCOMPARE(ClaudeCodeAgent({}).launch(bare)->command, QStringList{u"claude"_s});
        QCOMPARE(ClaudeCodeAgent({}).launch(context(u"yolo"_s)).error().code, u"agent.bad_permissions"_s);
    }

    void entryTypeToState_data()
    {
        QTest::addColumn<QJsonObject>("last");
        QTest::addColumn<int>("state");
        QTest::newRow("user") << entry(u"user"_s, 5) << int(ActivityState::Active);
        QTest::newRow("tool_use") << entry(u"tool_use"_s, 5) << int(ActivityState::Active);
        QTest::newRow("progress") << entry(u"progress"_s, 5) << int(ActivityState::Active);
        QTest::newRow("assistant") << entry(u"assistant"_s, 5) << int(ActivityState::Ready);
        const QJsonObject toolCall{{u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"tool_use"_s}}}}};
        QTest::newRow("assistant calling a tool")
            << entry(u"assistant"_s, 5, {{u"message"_s, toolCall}}) << int(ActivityState::Active);
        QTest::newRow("system") << entry(u"system"_s, 5) << int(ActivityState::Ready);
        QTest::newRow("summary") << entry(u"summary"_s, 5) << int(ActivityState::Ready);
        QTest::newRow("result") << entry(u"result"_s, 5) << int(ActivityState::Ready);
        QTest::newRow("permission_request") << entry(u"permission_request"_s, 5) << int(ActivityState::WaitingInput);
        QTest::newRow("old permission_request")
            << entry(u"permission_request"_s, 3600) << int(ActivityState::WaitingInput);
        QTest::newRow("error") << entry(u"error"_s, 5) << int(ActivityState::Blocked);
    }

    void entryTypeToState()
    {
        QFETCH(QJsonObject, last);
        QFETCH(int, state);
        writeLog(u"11111111-2222-3333-4444-555555555555.jsonl"_s, {entry(u"system"_s, 4000), last});
        const auto reading = wait(ClaudeCodeAgent({}).readActivity(session()));
        QVERIFY2(reading.ok(), reading.ok() ? "" : qPrintable(reading.error().toString()));
        QCOMPARE(int(reading->state), state);
        QCOMPARE(reading->source, ActivityReading::Source::Native);
        QVERIFY(reading->at.isValid());
        QVERIFY(reading->evidence.contains(last.value(u"type"_s).toString()));
    }

    void bookkeepingEntriesAreSkipped()
    {
        writeLog(u"a.jsonl"_s, {entry(u"user"_s, 3), entry(u"file-history-snapshot"_s, 1)});
        QCOMPARE(wait(ClaudeCodeAgent({}).readActivity(session()))->state, ActivityState::Active);
    }

    void ageDecay_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("age");
        QTest::addColumn<int>("threshold");
        QTest::addColumn<int>("state");
        QTest::newRow("user 10 s") << u"user"_s << 10 << 0 << int(ActivityState::Active);
        QTest::newRow("user 60 s") << u"user"_s << 60 << 0 << int(ActivityState::Ready);
        QTest::newRow("user 10 min") << u"user"_s << 600 << 0 << int(ActivityState::Idle);
        QTest::newRow("assistant 4 min") << u"assistant"_s << 240 << 0 << int(ActivityState::Ready);
        QTest::newRow("assistant 6 min") << u"assistant"_s << 360 << 0 << int(ActivityState::Idle);
        QTest::newRow("assistant 90 s, 1 min threshold") << u"assistant"_s << 90 << 60000 << int(ActivityState::Idle);
    }

    void ageDecay()
    {
        QFETCH(QString, type);
        QFETCH(int, age);
        QFETCH(int, threshold);
        QFETCH(int, state);
        writeLog(u"a.jsonl"_s, {entry(type, age)});
        PluginSettings settings;
        if (threshold > 0)
            settings.insert(u"readyThresholdMs"_s, threshold);
        const auto reading = wait(ClaudeCodeAgent(settings).readActivity(session()));
        QVERIFY(reading.ok());
        QCOMPARE(int(reading->state), state);
        QCOMPARE(reading->at.secsTo(QDateTime::currentDateTimeUtc()) / 5, age / 5);
    }

    void newestLogChosenAndSubAgentsSkipped()
    {
        writeLog(u"00000000-0000-0000-0000-000000000001.jsonl"_s, {entry(u"error"_s, 5)}, 120);
        const QString newest = writeLog(u"00000000-0000-0000-0000-000000000002.jsonl"_s, {entry(u"user"_s, 5)}, 60);
        writeLog(u"agent-1234.jsonl"_s, {entry(u"permission_request"_s, 1)}, 0);
        QCOMPARE(ClaudeSessionLog::newestLog(m_workspace), newest);
        const auto reading = wait(ClaudeCodeAgent({}).readActivity(session()));
        QCOMPARE(reading->state, ActivityState::Active);
        QVERIFY(reading->evidence.contains(u"000000000002"_s));
    }

    void noLogIsUnavailable()
    {
        const auto reading = wait(ClaudeCodeAgent({}).readActivity(session()));
        QVERIFY(reading.ok());
        QCOMPARE(reading->confidence, ActivityReading::Confidence::Unavailable);
        QCOMPARE(reading->state, ActivityState::Unknown);
        QVERIFY(!reading->at.isValid());
        const auto info = wait(ClaudeCodeAgent({}).sessionInfo(session()));
        QVERIFY(info.ok());
        QVERIFY(info->agentSessionId.isEmpty());
    }

    void hugeLogIsReadFromItsTail()
    {
        QByteArray old;
        const QByteArray filler =
            QJsonDocument(entry(u"user"_s, 7200, {{u"costUSD"_s, 100.0}, {u"pad"_s, QString(2000, u'z')}}))
                .toJson(QJsonDocument::Compact)
            + '\n';
        while (old.size() < 2 * 1024 * 1024)
            old += filler;
        QList<QJsonObject> recent;
        for (int i = 0; i < 150; ++i)
            recent << entry(u"progress"_s, 20, {{u"pad"_s, QString(1000, u'p')}});
        recent << entry(u"assistant"_s, 2, {{u"costUSD"_s, 0.5}}) << entry(u"permission_request"_s, 1);
        writeLog(u"big.jsonl"_s, recent, 0, old);

        QElapsedTimer clock;
        clock.start();
        const auto reading = wait(ClaudeCodeAgent({}).readActivity(session()));
        const auto info = wait(ClaudeCodeAgent({}).sessionInfo(session()));
        QVERIFY(clock.elapsed() < 2000);
        QCOMPARE(reading->state, ActivityState::WaitingInput);
        // Only the last 128 KB count: the old entries' recorded 100 USD each are outside it.
        QVERIFY(info->cost.usd >= 0.5 && info->cost.usd < 100.0);
    }

    void oversizedLastEntryIsStillRead()
    {
        // A last entry larger than the usual window (a big tool result) gets a wider look.
        writeLog(u"o.jsonl"_s, {entry(u"user"_s, 2), entry(u"error"_s, 1, {{u"pad"_s, QString(300 * 1024, u'e')}})});
        const auto reading = wait(ClaudeCodeAgent({}).readActivity(session()));
        QCOMPARE(reading->state, ActivityState::Blocked);
    }

    void summaryEntryWins()
    {
        writeLog(u"s.jsonl"_s,
                 {userText(u"Please fix the login bug"_s), entry(u"summary"_s, 10, {{u"summary"_s, u"Old"_s}}),
                  entry(u"summary"_s, 5, {{u"summary"_s, u"Login bug fixed"_s}})});
        const auto info = wait(ClaudeCodeAgent({}).sessionInfo(session()));
        QCOMPARE(info->summary, u"Login bug fixed"_s);
        QVERIFY(!info->summaryIsFallback);
    }

    void summaryFallsBackToTheFirstRequest()
    {
        const QString longText = u"Please   fix the login bug "_s + QString(200, u'x');
        QJsonObject meta = userText(u"Caveat: generated by a local command"_s);
        meta.insert(u"isMeta"_s, true);
        const QJsonObject toolResult = entry(
            u"user"_s, 90,
            {{u"message"_s, QJsonObject{{u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"tool_result"_s}}}}}}});
        const QJsonObject blocks = entry(
            u"user"_s, 80,
            {{u"message"_s,
              QJsonObject{{u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, longText}}}}}}});
        writeLog(u"f.jsonl"_s, {meta, toolResult, blocks, userText(u"second request"_s)});
        const auto info = wait(ClaudeCodeAgent({}).sessionInfo(session()));
        QVERIFY(info->summaryIsFallback);
        QCOMPARE(info->summary.size(), 120);
        QVERIFY(info->summary.startsWith(u"Please fix the login bug xxx"_s));
    }

    void costFromRecordedUsd()
    {
        writeLog(u"c.jsonl"_s,
                 {entry(u"assistant"_s, 9, {{u"costUSD"_s, 0.5}}), entry(u"assistant"_s, 8, {{u"costUSD"_s, 0.25}}),
                  assistantUsage(u"msg_1"_s, 1000, 1000, 0, 0)});
        const auto info = wait(ClaudeCodeAgent({}).sessionInfo(session()));
        QCOMPARE(info->cost.usd, 0.75);
        QCOMPARE(info->cost.inputTokens, 1000);
        QCOMPARE(info->cost.outputTokens, 1000);
    }

    void costFromTokens()
    {
        // The same message logged once per content block counts once.
        writeLog(u"t.jsonl"_s, {assistantUsage(u"msg_1"_s, 1'000'000, 100'000, 0, 0),
                                assistantUsage(u"msg_1"_s, 1'000'000, 100'000, 0, 0),
                                assistantUsage(u"msg_2"_s, 0, 0, 1'000'000, 1'000'000)});
        const auto info = wait(ClaudeCodeAgent({}).sessionInfo(session()));
        QCOMPARE(info->cost.inputTokens, 3'000'000);
        QCOMPARE(info->cost.outputTokens, 100'000);
        QCOMPARE(info->cost.usd, 3.0 + 1.5 + 0.30 + 3.75);
        QCOMPARE(info->agentSessionId, u"t"_s);
    }

    void priceOverrideFromSettings()
    {
        writeLog(u"p.jsonl"_s, {assistantUsage(u"m"_s, 1'000'000, 1'000'000, 0, 0)});
        const PluginSettings settings{{u"pricing"_s, QJsonObject{{u"inputPerMTok"_s, 1.0}, {u"outputPerMTok"_s, 5.0}}}};
        QCOMPARE(wait(ClaudeCodeAgent(settings).sessionInfo(session()))->cost.usd, 6.0);

        ClaudeCodeAgent broken({{u"pricing"_s, QJsonObject{{u"inputPerMTok"_s, u"free"_s}}}});
        QVERIFY(!broken.detect().available);
        QVERIFY(broken.detect().problem.contains(u"inputPerMTok"_s));
        QCOMPARE(wait(broken.sessionInfo(session())).error().code, u"agent.bad_pricing"_s);
    }

    void restoreCommandUsesTheConversationId()
    {
        const QString uuid = u"6f1c2a9e-0b7d-4c3e-9a51-2d8f4e7b1c00"_s;
        writeLog(uuid + u".jsonl"_s, {userText(u"hello"_s)});
        ClaudeCodeAgent agent({{u"permissions"_s, u"permissionless"_s}, {u"model"_s, u"opus"_s}});

        // The id sessionInfo reports is what the core keeps in the session's extra facts.
        const auto info = wait(agent.sessionInfo(session()));
        QCOMPARE(info->agentSessionId, uuid);

        SessionRecord known = session();
        known.extra.insert(u"agentSessionId"_s, u"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"_s);
        QCOMPARE(agent.restoreCommand(known),
                 (QStringList{u"claude"_s, u"--dangerously-skip-permissions"_s, u"--model"_s, u"opus"_s, u"--resume"_s,
                              u"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"_s}));
        // Without a recorded id, the newest log of the workspace names the conversation.
        QCOMPARE(ClaudeCodeAgent({{u"permissions"_s, u"default"_s}}).restoreCommand(session()),
                 (QStringList{u"claude"_s, u"--resume"_s, uuid}));

        SessionRecord elsewhere = session();
        elsewhere.workspacePath = m_env.workDir() + u"/nothing-here"_s;
        QVERIFY(!agent.restoreCommand(elsewhere));
        elsewhere.extra.insert(u"agentSessionId"_s, u"x; rm -rf /"_s);
        QVERIFY(!agent.restoreCommand(elsewhere));
    }
};

QTEST_GUILESS_MAIN(TestClaudeCodeAgent)
#include "tst_agent_claude_code.moc"
