// `flotilla --demo`: the sandboxed demo fleet runs the whole loop with the shipped demo agent,
// in a real headless instance with real tmux and git, driven only through `flo`.
#include "headless_instance.h"
#include "isolated_environment.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestDemo final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    QProcessEnvironment m_environment;

    ProcessResult run(const QStringList &arguments) { return flo(*m_env, arguments, m_environment); }

    QString demoRoot() const { return m_environment.value(u"XDG_DATA_HOME"_s) + u"/flotilla/demo"_s; }

    QJsonArray sessions()
    {
        const ProcessResult listed = run({u"session"_s, u"ls"_s, u"--all"_s, u"--json"_s});
        return QJsonDocument::fromJson(listed.out.toUtf8()).object().value(u"sessions"_s).toArray();
    }

    // Waits until every demo session satisfies `done`; says where they stopped otherwise.
    bool allSessions(const std::function<bool(const QJsonObject &)> &done, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        QJsonArray latest;
        while (clock.elapsed() < timeoutMs) {
            latest = sessions();
            if (latest.size() == 3
                && std::all_of(latest.cbegin(), latest.cend(), [&](const QJsonValue &v) { return done(v.toObject()); }))
                return true;
            QTest::qWait(500);
        }
        qWarning("sessions: %s", QJsonDocument(latest).toJson(QJsonDocument::Compact).constData());
        return false;
    }

    static QJsonObject pr(const QJsonObject &session) { return session.value(u"pr"_s).toObject(); }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_environment = m_env->processEnvironment();
        m_environment.insert(u"TMUX_TMPDIR"_s, m_env->root());
        m_environment.insert(u"HOME"_s, m_env->root() + u"/home"_s);
        m_environment.remove(u"TMUX"_s);
        m_environment.remove(u"FLOTILLA_CONFIG"_s);
        QVERIFY(QDir().mkpath(m_env->root() + u"/home"_s));
    }

    void cleanupTestCase()
    {
        if (m_env)
            runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"kill-server"_s}, m_environment);
    }

    void theDemoFleetGoesThroughTheWholeLoop()
    {
        HeadlessInstance instance(*m_env, {u"--demo"_s, u"--port"_s, u"0"_s}, m_environment);
        QVERIFY2(instance.waitForPort() > 0, qPrintable(instance.readOut()));
        QVERIFY(QFileInfo::exists(demoRoot() + u"/shop/.flotilla/issues/LOCAL-1.md"_s));
        // Its state stays in the sandbox: no database in the user's own data folder.
        QVERIFY(QFileInfo::exists(demoRoot() + u"/data/flotilla.db"_s));
        QVERIFY(!QFileInfo::exists(m_environment.value(u"XDG_DATA_HOME"_s) + u"/flotilla/flotilla.db"_s));

        // Every agent's first change breaks the tests; the CI failure goes back to it, it fixes
        // it, and its pull request waits for a person.
        QElapsedTimer clock;
        clock.start();
        ProcessResult sent;
        while (clock.elapsed() < 240000) {
            sent = run({u"events"_s, u"--type"_s, u"reaction.sent"_s, u"--limit"_s, u"50"_s});
            if (sent.out.count(u"ci-failed"_s) >= 3)
                break;
            QTest::qWait(500);
        }
        QVERIFY2(sent.out.count(u"ci-failed"_s) >= 3, qPrintable(sent.out + sent.err));
        QVERIFY(allSessions(
            [](const QJsonObject &s) {
                return pr(s).value(u"state"_s).toString() == u"open"_s
                       && pr(s).value(u"reason"_s).toString() == u"review_pending"_s;
            },
            120000));

        for (const QJsonValue &session : sessions()) {
            const QString id = session.toObject().value(u"id"_s).toString();
            const ProcessResult approved = run({u"review"_s, u"approve"_s, id});
            QVERIFY2(approved.exitCode == 0, qPrintable(approved.err));
        }
        QVERIFY(allSessions([](const QJsonObject &s) { return pr(s).value(u"state"_s).toString() == u"merged"_s; },
                            120000));
        const ProcessResult log =
            runProcess(u"git"_s, {u"log"_s, u"--format=%s"_s, u"main"_s}, m_environment, demoRoot() + u"/shop.git"_s);
        QCOMPARE(log.out.count(u"(#"_s), 3); // three squashed pull requests on the origin's main
    }

    void resetStartsAfresh()
    {
        QVERIFY(QFileInfo::exists(demoRoot() + u"/data/flotilla.db"_s));
        // An agent of the old demo still running in its sandbox, and a tmux session of the
        // user's own elsewhere on the same server.
        const auto tmux = [this](const QStringList &arguments) {
            return runProcess(u"tmux"_s, QStringList{u"-L"_s, u"flotilla"_s} + arguments, m_environment);
        };
        QCOMPARE(
            tmux({u"new-session"_s, u"-d"_s, u"-s"_s, u"demo-9"_s, u"-c"_s, demoRoot() + u"/shop"_s, u"sleep 600"_s})
                .exitCode,
            0);
        QCOMPARE(tmux({u"new-session"_s, u"-d"_s, u"-s"_s, u"mine"_s, u"-c"_s, m_env->root(), u"sleep 600"_s}).exitCode,
                 0);

        HeadlessInstance instance(*m_env, {u"--demo"_s, u"--reset"_s, u"--port"_s, u"0"_s}, m_environment);
        QVERIFY2(instance.waitForPort() > 0, qPrintable(instance.readOut()));
        QTRY_VERIFY_WITH_TIMEOUT(tmux({u"has-session"_s, u"-t"_s, u"=demo-9"_s}).exitCode != 0, 20000);
        QCOMPARE(tmux({u"has-session"_s, u"-t"_s, u"=mine"_s}).exitCode, 0);
        // The new demo's agents start once the old ones are gone.
        QVERIFY(allSessions(
            [](const QJsonObject &s) {
                const QString status = s.value(u"status"_s).toString();
                return !QStringList{u"spawning"_s, u"errored"_s, u"killed"_s, u"terminated"_s}.contains(status);
            },
            60000));
        const ProcessResult log =
            runProcess(u"git"_s, {u"log"_s, u"--format=%s"_s, u"main"_s}, m_environment, demoRoot() + u"/shop.git"_s);
        QCOMPARE(log.out.trimmed(), u"Start the demo shop"_s);
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
