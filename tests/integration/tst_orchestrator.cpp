// The orchestrator end to end: a real `flotilla --headless` whose project "desk" keeps an
// orchestrator, played by the fake agent CLI standing in for Claude Code in real tmux. It gets
// the versioned orchestrator prompt with the project's rules; the `flo` it runs from its own
// terminal spawns workers that join the fleet and is refused on another project's session,
// with both in the audit log under its name; and a restart of Flotilla adopts the same session
// instead of starting a second one or replacing it.
#include "fake_agent_fleet.h"
#include "isolated_environment.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QString kRules = u"Never start more than three workers."_s;

} // namespace

class TestOrchestrator final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<FakeAgentFleet> m_fleet;

    QJsonObject floJson(const QStringList &arguments)
    {
        const auto done = m_fleet->flo(arguments + QStringList{u"--json"_s});
        return QJsonDocument::fromJson(done.out.toUtf8()).object();
    }

    QList<QJsonObject> records()
    {
        QList<QJsonObject> all;
        QFile file(m_fleet->recordFile());
        if (file.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : file.readAll().split('\n')) {
                if (!line.trimmed().isEmpty())
                    all << QJsonDocument::fromJson(line).object();
            }
        }
        return all;
    }

    // Starts of the fake agent in `session`'s worktree.
    QList<QJsonObject> startsOf(const QString &session)
    {
        QList<QJsonObject> found;
        for (const QJsonObject &record : records()) {
            if (record.value(u"event"_s).toString() == u"start"_s
                && record.value(u"cwd"_s).toString().endsWith(u'/' + session))
                found << record;
        }
        return found;
    }

    QJsonObject orchestratorOf(const QString &project)
    {
        for (const QJsonValue &entry : floJson({u"orchestrator"_s, u"ls"_s}).value(u"orchestrators"_s).toArray()) {
            if (entry.toObject().value(u"project"_s).toString() == project)
                return entry.toObject().value(u"session"_s).toObject();
        }
        return {};
    }

    QJsonObject runRecord(const QString &line)
    {
        for (const QJsonObject &record : records()) {
            if (record.value(u"event"_s).toString() == u"run"_s && record.value(u"line"_s).toString() == line)
                return record;
        }
        return {};
    }

    QJsonArray events(const QString &project)
    {
        return floJson({u"events"_s, u"-p"_s, project, u"--limit"_s, u"500"_s}).value(u"events"_s).toArray();
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_fleet = std::make_unique<FakeAgentFleet>(*m_env, QStringLiteral(FLOTILLA_FAKE_AGENT));
        // Claude Code, as the fake agent: the orchestrator runs the real claude-code plugin.
        const QString bin = m_env->root() + u"/bin"_s;
        QVERIFY(QDir().mkpath(bin));
        QFile claude(bin + u"/claude"_s);
        QVERIFY(claude.open(QIODevice::WriteOnly));
        // Not exec'd: the process Flotilla looks for in the terminal is called claude.
        claude.write("#!/bin/sh\npython3 '" + QByteArray(FLOTILLA_FAKE_AGENT) + "' \"$@\"\n");
        claude.close();
        QVERIFY(claude.setPermissions(claude.permissions() | QFileDevice::ExeOwner));
        m_fleet->setVariable(u"PATH"_s, bin + u':' + m_fleet->environment().value(u"PATH"_s));
        m_fleet->extraDesk = "    orchestrator:\n      enabled: true\n      agent: claude-code\n"
                             "    orchestratorRules: \""
                             + kRules.toUtf8() + "\"\n";
        const QString started = m_fleet->start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void cleanupTestCase()
    {
        m_fleet.reset();
        m_env.reset();
    }

    void theOrchestratorGetsItsPromptAndDrivesWorkersInItsProjectOnly()
    {
        // Started with Flotilla because the configuration enables it.
        QString orchestrator;
        QTRY_VERIFY_WITH_TIMEOUT(!(orchestrator = orchestratorOf(u"desk"_s).value(u"id"_s).toString()).isEmpty(),
                                 30000);
        QCOMPARE(orchestrator, u"desk-orchestrator"_s);
        QVERIFY(orchestratorOf(u"shop"_s).isEmpty()); // not enabled there
        QTRY_COMPARE_WITH_TIMEOUT(startsOf(orchestrator).size(), 1, 30000);

        // The prompt: versioned, teaching the verbs, with the project's rules after it.
        const QString prompt = startsOf(orchestrator).first().value(u"appendSystemPrompt"_s).toString();
        QVERIFY(prompt.contains(u"flotilla-orchestrator-prompt version=1"_s));
        QVERIFY(prompt.contains(u"orchestrator of project Help desk (desk)"_s));
        for (const QString &verb :
             {u"flo spawn desk"_s, u"flo batch-spawn desk"_s, u"flo status --json"_s, u"flo send SESSION"_s,
              u"flo session kill SESSION"_s, u"flo decisions --json"_s, u"flo ask"_s})
            QVERIFY2(prompt.contains(verb), qPrintable(u"the prompt does not teach "_s + verb));
        QVERIFY(prompt.contains(u"## Rules of this project\n\n"_s + kRules));

        // A person's worker in the other project.
        const auto other = m_fleet->flo({u"spawn"_s, u"shop"_s, u"--prompt"_s, u"Tidy the README"_s});
        QCOMPARE(other.exitCode, 0);
        const QString shopWorker = other.out.trimmed().section(u'=', 1);
        QVERIFY(!shopWorker.isEmpty());

        // What the person asks of the orchestrator, it does with flo from its own terminal.
        const QString status = u"flo status --json"_s;
        const QString issues = u"flo issues -p desk --json"_s;
        const QString spawn = u"flo spawn desk --prompt 'Write the release notes'"_s;
        const QString foreignKill = u"flo session kill "_s + shopWorker;
        const QString foreignSend = u"flo send "_s + shopWorker + u" 'stop'"_s;
        const QString ask = u"flo ask 'Ship on Friday?' --options approve,reject"_s;
        const auto sent = m_fleet->flo({u"send"_s, orchestrator,
                                        u"RUN "_s + status + u"\nRUN "_s + issues + u"\nRUN "_s + spawn + u"\nRUN "_s
                                            + foreignKill + u"\nRUN "_s + foreignSend + u"\nRUN "_s + ask});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QTRY_VERIFY_WITH_TIMEOUT(!runRecord(ask).isEmpty(), 60000);

        const QJsonObject statusRun = runRecord(status);
        QCOMPARE(statusRun.value(u"exit"_s).toInt(), 0);
        const QJsonObject fleetView =
            QJsonDocument::fromJson(statusRun.value(u"stdout"_s).toString().toUtf8()).object();
        QVERIFY(fleetView.value(u"running"_s).toBool());
        for (const QJsonValue &session : fleetView.value(u"sessions"_s).toArray())
            QCOMPARE(session.toObject().value(u"project"_s).toString(), u"desk"_s); // its project only

        const QJsonObject issuesRun = runRecord(issues);
        QVERIFY2(issuesRun.value(u"exit"_s).toInt() == 0, qPrintable(issuesRun.value(u"stderr"_s).toString()));
        QVERIFY(issuesRun.value(u"stdout"_s).toString().contains(u"\"DESK-1\""_s));

        const QJsonObject spawnRun = runRecord(spawn);
        QVERIFY2(spawnRun.value(u"exit"_s).toInt() == 0, qPrintable(spawnRun.value(u"stderr"_s).toString()));
        const QString worker = spawnRun.value(u"stdout"_s).toString().trimmed().section(u"SESSION="_s, 1).trimmed();
        QVERIFY(worker.startsWith(u"desk-"_s));
        // The worker is in the fleet, as a worker of desk, working on the task.
        const QJsonObject workerJson = floJson({u"session"_s, u"ls"_s, u"-p"_s, u"desk"_s});
        bool listed = false;
        for (const QJsonValue &session : workerJson.value(u"sessions"_s).toArray()) {
            if (session.toObject().value(u"id"_s).toString() == worker) {
                listed = true;
                QCOMPARE(session.toObject().value(u"kind"_s).toString(), u"worker"_s);
            }
        }
        QVERIFY(listed);
        QTRY_VERIFY_WITH_TIMEOUT(!startsOf(worker).isEmpty(), 30000);

        // Another project's session is out of its reach, and stays alive.
        const QJsonObject killRun = runRecord(foreignKill);
        QVERIFY(killRun.value(u"exit"_s).toInt() != 0);
        QVERIFY2(killRun.value(u"stderr"_s).toString().contains(u"cannot kill session "_s + shopWorker),
                 qPrintable(killRun.value(u"stderr"_s).toString()));
        QVERIFY(runRecord(foreignSend).value(u"exit"_s).toInt() != 0);
        const auto shopSession = floJson({u"session"_s, u"ls"_s, u"-p"_s, u"shop"_s}).value(u"sessions"_s).toArray();
        QCOMPARE(shopSession.size(), 1);
        QVERIFY(shopSession.first().toObject().value(u"status"_s).toString() != u"killed"_s);

        // Its question waits for the person, who answers; the answer reaches it.
        QCOMPARE(runRecord(ask).value(u"exit"_s).toInt(), 0);
        const QJsonArray decisions = floJson({u"decisions"_s, u"-s"_s, orchestrator}).value(u"decisions"_s).toArray();
        QCOMPARE(decisions.size(), 1);
        QCOMPARE(decisions.first().toObject().value(u"question"_s).toString(), u"Ship on Friday?"_s);
        const auto answered =
            m_fleet->flo({u"decide"_s, decisions.first().toObject().value(u"id"_s).toString(), u"approve"_s});
        QVERIFY2(answered.exitCode == 0, qPrintable(answered.err));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonObject &record : records()) {
                    if (record.value(u"text"_s).toString() == u"approve"_s)
                        return true;
                }
                return false;
            }(),
            30000);

        // The audit log says what it did and what it was refused, under its name.
        const QString actor = u"orchestrator:"_s + orchestrator;
        bool spawnLogged = false;
        for (const QJsonValue &value : events(u"desk"_s)) {
            const QJsonObject event = value.toObject();
            if (event.value(u"type"_s).toString() == u"session.spawn_started"_s
                && event.value(u"session"_s).toString() == worker)
                spawnLogged = event.value(u"actor"_s).toString() == actor;
        }
        QVERIFY(spawnLogged);
        int refusals = 0;
        for (const QJsonValue &value : events(u"desk"_s)) {
            const QJsonObject event = value.toObject();
            if (event.value(u"type"_s).toString() == u"api.refused"_s && event.value(u"actor"_s).toString() == actor)
                ++refusals;
        }
        QCOMPARE(refusals, 2);
    }

    void aRestartAdoptsTheSameOrchestrator()
    {
        const QString before = orchestratorOf(u"desk"_s).value(u"id"_s).toString();
        QCOMPARE(before, u"desk-orchestrator"_s);
        const int startsBefore = int(startsOf(before).size());

        // Killed as a crash would; the agent keeps running in tmux. Then a clean stop and start.
        m_fleet->crash();
        QString restarted = m_fleet->restart();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonValue &value : events(u"desk"_s)) {
                    if (value.toObject().value(u"type"_s).toString() == u"orchestrator.adopted"_s)
                        return true;
                }
                return false;
            }(),
            30000);
        // And once more, by asking for it as a person would.
        const auto start = m_fleet->flo({u"orchestrator"_s, u"start"_s, u"desk"_s});
        QVERIFY2(start.exitCode == 0, qPrintable(start.err));
        QVERIFY2(start.out.contains(u"desk-orchestrator adopted"_s), qPrintable(start.out));

        QCOMPARE(orchestratorOf(u"desk"_s).value(u"id"_s).toString(), before);
        QCOMPARE(int(startsOf(before).size()), startsBefore); // the agent was not started again
        int orchestrators = 0;
        for (const QJsonValue &session :
             floJson({u"session"_s, u"ls"_s, u"-p"_s, u"desk"_s, u"--all"_s}).value(u"sessions"_s).toArray())
            orchestrators += session.toObject().value(u"kind"_s).toString() == u"orchestrator"_s ? 1 : 0;
        QCOMPARE(orchestrators, 1);
        for (const QJsonValue &value : events(u"desk"_s)) {
            const QString type = value.toObject().value(u"type"_s).toString();
            QVERIFY2(type != u"orchestrator.started"_s || value.toObject().value(u"session"_s).toString() == before,
                     "a second orchestrator was started");
            QVERIFY2(type != u"orchestrator.replaced"_s, "the orchestrator was replaced");
        }
    }
};

QTEST_GUILESS_MAIN(TestOrchestrator)
#include "tst_orchestrator.moc"
