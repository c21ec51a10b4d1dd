#include "command_template.h"
#include "custom_agent.h"
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

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class TestCustomAgent : public QObject
{
    Q_OBJECT

private:
    test::IsolatedEnvironment m_env;

    SessionRecord session() const
    {
        SessionRecord record;
        record.id = u"app-3"_s;
        record.workspacePath = m_env.workDir();
        return record;
    }

    AgentLaunchContext context() const
    {
        AgentLaunchContext launch;
        launch.session = session();
        launch.prompt = u"Fix it: don't \"break\" $HOME {model}"_s;
        launch.systemPrompt = u"Be careful."_s;
        launch.model = u"big-model"_s;
        launch.permissions = u"default"_s;
        return launch;
    }

private slots:
    void splitsLikeAShell_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << u"agent  run\t--fast"_s << QStringList{u"agent"_s, u"run"_s, u"--fast"_s};
        QTest::newRow("single quotes") << u"agent 'two words' 'it''s'"_s
                                       << QStringList{u"agent"_s, u"two words"_s, u"its"_s};
        QTest::newRow("double quotes") << u"agent \"a \\\"b\\\" \\$c \\d\""_s
                                       << QStringList{u"agent"_s, u"a \"b\" $c \\d"_s};
        QTest::newRow("backslash") << u"agent a\\ b"_s << QStringList{u"agent"_s, u"a b"_s};
        QTest::newRow("empty argument") << u"agent '' x"_s << QStringList{u"agent"_s, QString(), u"x"_s};
        QTest::newRow("glued") << u"agent --opt='a b'c"_s << QStringList{u"agent"_s, u"--opt=a bc"_s};
        QTest::newRow("no expansion") << u"agent $HOME `id` ~ *"_s
                                      << QStringList{u"agent"_s, u"$HOME"_s, u"`id`"_s, u"~"_s, u"*"_s};
    }

    void splitsLikeAShell()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        const auto parsed = CommandTemplate::parse(text, {});
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().toString()));
        QCOMPARE(parsed->arguments(), words);
    }

    void badTemplates()
    {
        QCOMPARE(CommandTemplate::parse(u"agent 'open"_s, {}).error().code, u"agent.bad_command"_s);
        QVERIFY(CommandTemplate::parse(u"agent \"open"_s, {}).error().message.contains(u"double"_s));
        QVERIFY(!CommandTemplate::parse(u"agent \\"_s, {}).ok());
        QVERIFY(!CommandTemplate::parse(u"   "_s, {}).ok());
        const auto unknown = CommandTemplate::parse(u"agent {promt} --x {file} {prompt}"_s, {u"prompt"_s});
        QCOMPARE(unknown.error().code, u"agent.unknown_placeholder"_s);
        QVERIFY(unknown.error().message.contains(u"{file}, {promt}"_s));
        QVERIFY(unknown.error().message.contains(u"{prompt}"_s));
        // JSON-looking braces are not placeholders.
        QVERIFY(CommandTemplate::parse(u"agent '{\"a\": 1}'"_s, {}).ok());
    }

    void launchSubstitutesPlaceholders()
    {
        CustomAgent agent({{u"command"_s, u"my-agent --model {model} --file {prompt_file} --system "
                                          u"{system_prompt_file} --id=s-{session_id} -- {prompt}"_s}});
        const auto launch = agent.launch(context());
        QVERIFY2(launch.ok(), launch.ok() ? "" : qPrintable(launch.error().toString()));
        const QString folder = AppPaths::dataDir() + u"/prompts/app-3"_s;
        QCOMPARE(launch->command, (QStringList{u"my-agent"_s, u"--model"_s, u"big-model"_s, u"--file"_s,
                                               folder + u"/prompt.md"_s, u"--system"_s, folder + u"/system-prompt.md"_s,
                                               u"--id=s-app-3"_s, u"--"_s, context().prompt}));
        QCOMPARE(launch->promptDelivery, AgentLaunch::PromptDelivery::Inline);
        QVERIFY(launch->prompt.isEmpty());
        QCOMPARE(readAll(folder + u"/prompt.md"_s), context().prompt);
        QCOMPARE(readAll(folder + u"/system-prompt.md"_s), u"Be careful."_s);
        QCOMPARE(QFileInfo(folder + u"/prompt.md"_s).permissions() & 0x0077, QFileDevice::Permissions());
        QCOMPARE(agent.processName(), u"my-agent"_s);
        QCOMPARE(agent.name(), u"custom"_s);
    }

    void promptFileAloneIsInline()
    {
        const auto launch = CustomAgent({{u"command"_s, u"/opt/bin/agent --in {prompt_file}"_s}}).launch(context());
        QCOMPARE(launch->promptDelivery, AgentLaunch::PromptDelivery::Inline);
    }

    void withoutPromptPlaceholderThePromptIsTypedLater()
    {
        CustomAgent agent({{u"command"_s, u"agent --model {model}"_s}, {u"processName"_s, u"agent-bin"_s}});
        const auto launch = agent.launch(context());
        QCOMPARE(launch->command, (QStringList{u"agent"_s, u"--model"_s, u"big-model"_s}));
        QCOMPARE(launch->promptDelivery, AgentLaunch::PromptDelivery::AfterLaunch);
        QCOMPARE(launch->prompt, context().prompt);
        QCOMPARE(agent.processName(), u"agent-bin"_s);
    }

    void environmentNeverReachesTheCommand()
    {
        qputenv("FLOTILLA_TEST_SECRET", "s3cr3t-value");
        CustomAgent agent({{u"command"_s, u"agent --token $FLOTILLA_TEST_SECRET \"$FLOTILLA_TEST_SECRET\""_s}});
        const auto launch = agent.launch(context());
        qunsetenv("FLOTILLA_TEST_SECRET");
        QVERIFY(launch.ok());
        QVERIFY(!launch->command.join(u' ').contains(u"s3cr3t"_s));
        QVERIFY(launch->environment.isEmpty());
    }

    void unknownPlaceholderIsAnError()
    {
        CustomAgent agent({{u"command"_s, u"agent --key {api_key} {prompt}"_s}});
        const auto launch = agent.launch(context());
        QCOMPARE(launch.error().code, u"agent.unknown_placeholder"_s);
        QVERIFY(launch.error().message.contains(u"{api_key}"_s));
        QVERIFY(!agent.detect().available);
        QVERIFY(agent.detect().problem.contains(u"{api_key}"_s));
        QCOMPARE(CustomAgent({}).launch(context()).error().code, u"agent.no_command"_s);
    }

    void detectFindsTheProgram()
    {
        QVERIFY(CustomAgent({{u"command"_s, u"sh -c true"_s}}).detect().available);
        const Availability missing = CustomAgent({{u"command"_s, u"no-such-agent-xyz {prompt}"_s}}).detect();
        QVERIFY(!missing.available);
        QVERIFY(missing.problem.contains(u"no-such-agent-xyz"_s));
    }

    void restoreTemplate()
    {
        CustomAgent agent({{u"command"_s, u"agent {prompt}"_s},
                           {u"model"_s, u"m1"_s},
                           {u"restore"_s, u"agent --resume {agent_session_id} --model {model} --tag {session_id}"_s}});
        QVERIFY(!agent.restoreCommand(session()));
        SessionRecord known = session();
        known.extra.insert(u"agentSessionId"_s, u"conv-9"_s);
        QCOMPARE(agent.restoreCommand(known),
                 (QStringList{u"agent"_s, u"--resume"_s, u"conv-9"_s, u"--model"_s, u"m1"_s, u"--tag"_s, u"app-3"_s}));
        QVERIFY(!CustomAgent({{u"command"_s, u"agent"_s}}).restoreCommand(known));
        CustomAgent badRestore({{u"command"_s, u"agent"_s}, {u"restore"_s, u"agent {prompt}"_s}});
        QVERIFY(!badRestore.detect().available);
        QVERIFY(!badRestore.restoreCommand(known));
    }

    void activityUnavailableWithoutALog()
    {
        const auto reading = wait(CustomAgent({{u"command"_s, u"agent"_s}}).readActivity(session()));
        QVERIFY(reading.ok());
        QCOMPARE(reading->confidence, ActivityReading::Confidence::Unavailable);
        QCOMPARE(reading->state, ActivityState::Unknown);
    }

    void activityFromAClaudeFormatLog()
    {
        CustomAgent badLog({{u"command"_s, u"agent"_s}, {u"activityLog"_s, u"{home}/log.jsonl"_s}});
        QVERIFY(badLog.detect().problem.contains(u"{home}"_s));
        QCOMPARE(wait(badLog.readActivity(session())).error().code, u"agent.unknown_placeholder"_s);

        CustomAgent agent({{u"command"_s, u"agent"_s},
                           {u"activityLog"_s, u".agent/{session_id}.jsonl"_s},
                           {u"pricing"_s, QJsonObject{{u"inputPerMTok"_s, 1.0}}}});
        QCOMPARE(wait(agent.readActivity(session()))->confidence, ActivityReading::Confidence::Unavailable);

        QDir().mkpath(m_env.workDir() + u"/.agent"_s);
        QFile log(m_env.workDir() + u"/.agent/app-3.jsonl"_s);
        QVERIFY(log.open(QIODevice::WriteOnly));
        const QJsonObject usage{{u"input_tokens"_s, 2'000'000}, {u"output_tokens"_s, 0}};
        const QJsonObject entry{
            {u"type"_s, u"permission_request"_s},
            {u"sessionId"_s, u"conv-1"_s},
            {u"timestamp"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {u"message"_s, QJsonObject{{u"id"_s, u"m"_s}, {u"usage"_s, usage}}},
        };
        log.write(QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n');
        log.close();

        const auto reading = wait(agent.readActivity(session()));
        QCOMPARE(reading->state, ActivityState::WaitingInput);
        QCOMPARE(reading->source, ActivityReading::Source::Native);
        const auto info = wait(agent.sessionInfo(session()));
        QCOMPARE(info->agentSessionId, u"conv-1"_s);
        QCOMPARE(info->cost.usd, 2.0);
    }
};

QTEST_GUILESS_MAIN(TestCustomAgent)
#include "tst_agent_custom.moc"
