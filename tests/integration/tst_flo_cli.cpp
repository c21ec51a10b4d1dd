#include "fake_agent_fleet.h"
#include "isolated_environment.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

// `flo` against a real `flotilla --headless` running agents in tmux: the verbs a person
// and scripts use, their output and exit codes.
class TestFloCli final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<FakeAgentFleet> m_fleet;

    ProcessResult run(const QStringList &arguments) { return m_fleet->flo(arguments); }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_fleet = std::make_unique<FakeAgentFleet>(*m_env, QStringLiteral(FLOTILLA_FAKE_AGENT));
        const QString problem = m_fleet->start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase() { m_fleet.reset(); }

    void spawnsSendsListsAndKills()
    {
        const auto spawned = run({u"spawn"_s, u"shop"_s, u"--prompt"_s, u"Add a cart"_s});
        QVERIFY2(spawned.exitCode == 0, qPrintable(spawned.err));
        QCOMPARE(spawned.out, u"SESSION=shop-1\n"_s);

        QFile longText(m_env->root() + u"/long.txt"_s);
        QVERIFY(longText.open(QIODevice::WriteOnly));
        for (int i = 0; i < 50; ++i)
            longText.write("a longer instruction line " + QByteArray::number(i) + "\n");
        longText.close();
        QCOMPARE(run({u"send"_s, u"shop-1"_s, u"run"_s, u"the"_s, u"tests"_s}).exitCode, 0);
        const auto fromFile = run({u"send"_s, u"shop-1"_s, u"-f"_s, longText.fileName()});
        QVERIFY2(fromFile.exitCode == 0, qPrintable(fromFile.err));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QFile record(m_fleet->recordFile());
                return record.open(QIODevice::ReadOnly) && record.readAll().contains("a longer instruction line 49");
            }(),
            20000);

        const auto listed = run({u"session"_s, u"ls"_s, u"--json"_s});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray sessions =
            QJsonDocument::fromJson(listed.out.toUtf8()).object().value(u"sessions"_s).toArray();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.first().toObject().value(u"branch"_s).toString(), u"session/shop-1"_s);
        const auto table = run({u"session"_s, u"ls"_s});
        QVERIFY(table.out.startsWith(u"SESSION"_s));
        QVERIFY(table.out.contains(u"shop-1"_s));

        const auto events = run({u"events"_s, u"-s"_s, u"shop-1"_s});
        QCOMPARE(events.exitCode, 0);
        QVERIFY(events.out.contains(u"session.spawned"_s));
        QVERIFY(events.out.contains(u"session.message_sent"_s));
        QCOMPARE(run({u"decisions"_s}).out, u"no decisions are waiting\n"_s);
        // Project shop keeps no pull requests: nothing to merge, and flo says why.
        const auto merge = run({u"session"_s, u"merge"_s, u"shop-1"_s});
        QVERIFY(merge.exitCode != 0);
        QVERIFY2(merge.err.contains(u"project shop has no SCM"_s), qPrintable(merge.err));

        QCOMPARE(run({u"session"_s, u"kill"_s, u"shop-1"_s, u"--why"_s, u"test over"_s}).exitCode, 0);
        const auto after = run({u"session"_s, u"ls"_s});
        QCOMPARE(after.out, u"no sessions\n"_s);
        QVERIFY(after.err.contains(u"1 finished sessions hidden"_s));
    }

    void printsADashboardSignInLink()
    {
        const auto printed = run({u"dashboard"_s, u"--print"_s});
        QVERIFY2(printed.exitCode == 0, qPrintable(printed.err));
        const QUrl link(printed.out.trimmed());
        QCOMPARE(link.host(), u"127.0.0.1"_s);
        QCOMPARE(link.path(), u"/login"_s);
        QVERIFY(link.query().startsWith(u"code="_s));
        const auto second = run({u"dashboard"_s, u"--json"_s});
        QCOMPARE(second.exitCode, 0);
        const QString url = QJsonDocument::fromJson(second.out.toUtf8()).object().value(u"url"_s).toString();
        QVERIFY(url.startsWith(u"http://127.0.0.1:"_s) && url != link.toString()); // a fresh code each time
        // The link signs a browser in once.
        const QByteArray request = "GET " + link.path().toUtf8() + '?' + link.query().toUtf8() + " HTTP/1.1\r\nHost: "
                                   + link.authority().toUtf8() + "\r\nConnection: close\r\n\r\n";
        const auto first = rawHttp(quint16(link.port()), request);
        QCOMPARE(first.status, 303);
        QVERIFY(first.header("Set-Cookie").startsWith("flotilla_dashboard="));
        QCOMPARE(rawHttp(quint16(link.port()), request).status, 401);
        QCOMPARE(run({u"dashboard"_s, u"extra"_s}).exitCode, 2);
    }

    void explainsMistakes()
    {
        const auto unknown = run({u"spawn"_s, u"shpo"_s, u"--prompt"_s, u"x"_s});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(u"did you mean \"shop\""_s), qPrintable(unknown.err));
        const auto usage = run({u"spawn"_s});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains(u"usage: flo spawn"_s));
        const auto badOption = run({u"session"_s, u"ls"_s, u"--colour"_s});
        QCOMPARE(badOption.exitCode, 2);
        QVERIFY(badOption.err.contains(u"unknown option --colour"_s));
        const auto missing = run({u"send"_s, u"shop-9"_s, u"hello"_s});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(u"shop-9"_s));
        const auto jsonError = run({u"send"_s, u"shop-9"_s, u"hello"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(jsonError.out.toUtf8())
                     .object()
                     .value(u"error"_s)
                     .toObject()
                     .value(u"code"_s)
                     .toString(),
                 u"api.session.not_found"_s);
    }
};

QTEST_GUILESS_MAIN(TestFloCli)
#include "tst_flo_cli.moc"
