// Runs the browser scripts in tests/e2e (playwright-core driving Debian's Chromium) against a
// real `flotilla --headless` whose agents are fake agents in tmux, and reports what they saw:
// board.cjs the board, a session's page and the refusals; desk.cjs spawning from the tracker,
// the pull request panel, merging, decisions and the audit log; orchestrator.cjs the projects'
// orchestrators pinned on the board, started and talked to from it.
#include "fake_agent_fleet.h"
#include "isolated_environment.h"
#include "util/app_paths.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestDashboardBrowser final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<FakeAgentFleet> m_fleet;

    ProcessResult run(const QStringList &arguments) { return m_fleet->flo(arguments); }

private slots:
    void initTestCase()
    {
        const QString e2e = QStringLiteral(FLOTILLA_E2E_DIR);
        QVERIFY2(QFile::exists(e2e + u"/node_modules/playwright-core/package.json"_s),
                 "playwright-core is missing: run scripts/install-deps");
        QVERIFY2(!QStandardPaths::findExecutable(u"node"_s).isEmpty(), "node is missing: run scripts/install-deps");
        QVERIFY2(!QStandardPaths::findExecutable(u"chromium"_s).isEmpty(),
                 "chromium is missing: run scripts/install-deps");

        m_env = std::make_unique<IsolatedEnvironment>();
        m_fleet = std::make_unique<FakeAgentFleet>(*m_env, QStringLiteral(FLOTILLA_FAKE_AGENT));
        const QString problem = m_fleet->start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase() { m_fleet.reset(); }

    void theBoardInChromium()
    {
        QStringList sessions;
        for (const QString &task : {u"Add a cart"_s, u"Add a wish list"_s, u"Add gift cards"_s}) {
            const auto spawned = run({u"spawn"_s, u"shop"_s, u"--prompt"_s, task});
            QVERIFY2(spawned.exitCode == 0, qPrintable(spawned.err));
            sessions << spawned.out.trimmed().section(u'=', 1);
        }
        const QString output = runScript(u"board.cjs"_s, {{u"FLOTILLA_SESSIONS"_s, sessions.join(u',')}});
        QVERIFY(output.contains(u"ok - a message sent from the page reaches the agent"_s));
    }

    void theOtherPagesInChromium()
    {
        const QString output = runScript(u"desk.cjs"_s, {{u"DESK_ORIGIN"_s, m_fleet->deskOrigin()}});
        QVERIFY(output.contains(u"ok - approving the merge decision merges the pull request"_s));
    }

    void theOrchestratorInChromium()
    {
        const QString output = runScript(u"orchestrator.cjs"_s, {});
        QVERIFY(output.contains(u"ok - the orchestrator is the first card on the board"_s));
        QVERIFY(output.contains(u"ok - a message typed in the orchestrator's chat reaches its agent"_s));
        QVERIFY(output.contains(u"ok - after a reload the conversation is read back from the log"_s));
    }

private:
    // Runs tests/e2e/`script` with a fresh sign-in link; fails the test on "not ok".
    QString runScript(const QString &script, const QList<std::pair<QString, QString>> &extra)
    {
        const auto link = run({u"dashboard"_s, u"--print"_s});
        if (link.exitCode != 0) {
            QTest::qFail(qPrintable(link.err), __FILE__, __LINE__);
            return {};
        }
        const QUrl url(link.out.trimmed());
        QFile tokenFile(AppPaths::apiTokenFile());
        if (!tokenFile.open(QIODevice::ReadOnly)) {
            QTest::qFail(qPrintable(tokenFile.fileName()), __FILE__, __LINE__);
            return {};
        }
        QProcessEnvironment environment = m_fleet->environment();
        environment.insert(u"FLOTILLA_BASE"_s, u"http://%1:%2"_s.arg(url.host()).arg(url.port()));
        environment.insert(u"FLOTILLA_LINK"_s, url.toString());
        environment.insert(u"FLOTILLA_TOKEN"_s, QString::fromLatin1(tokenFile.readAll().trimmed()));
        environment.insert(u"ARTIFACTS"_s, IsolatedEnvironment::artifactsDir());
        environment.insert(u"CHROMIUM"_s, QStandardPaths::findExecutable(u"chromium"_s));
        for (const auto &[name, value] : extra)
            environment.insert(name, value);
        QProcess browser;
        browser.setProcessEnvironment(environment);
        browser.setProcessChannelMode(QProcess::MergedChannels);
        browser.start(u"node"_s, {QStringLiteral(FLOTILLA_E2E_DIR) + u'/' + script});
        if (!browser.waitForStarted(10000) || !browser.waitForFinished(240000)) {
            browser.kill();
            browser.waitForFinished(5000);
            const QString output = QString::fromUtf8(browser.readAll());
            QTest::qFail(qPrintable(script + u" did not finish in 4 minutes:\n"_s + output), __FILE__, __LINE__);
            return {};
        }
        const QString output = QString::fromUtf8(browser.readAll());
        qInfo().noquote() << output.trimmed();
        if (browser.exitStatus() != QProcess::NormalExit || browser.exitCode() != 0 || output.contains(u"not ok"_s))
            QTest::qFail(qPrintable(output + u"\nflotilla said:\n"_s + m_fleet->instanceOutput()), __FILE__, __LINE__);
        return output;
    }
};

QTEST_GUILESS_MAIN(TestDashboardBrowser)
#include "tst_dashboard_browser.moc"
