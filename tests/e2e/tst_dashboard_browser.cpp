// Runs tests/e2e/board.cjs (playwright-core driving Debian's Chromium) against a real
// `flotilla --headless` with three fake agents in tmux, and reports what the browser saw.
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
        const auto link = run({u"dashboard"_s, u"--print"_s});
        QVERIFY2(link.exitCode == 0, qPrintable(link.err));
        const QUrl url(link.out.trimmed());
        QFile tokenFile(AppPaths::apiTokenFile());
        QVERIFY2(tokenFile.open(QIODevice::ReadOnly), qPrintable(tokenFile.fileName()));

        QProcessEnvironment environment = m_fleet->environment();
        environment.insert(u"FLOTILLA_BASE"_s, u"http://%1:%2"_s.arg(url.host()).arg(url.port()));
        environment.insert(u"FLOTILLA_LINK"_s, url.toString());
        environment.insert(u"FLOTILLA_TOKEN"_s, QString::fromLatin1(tokenFile.readAll().trimmed()));
        environment.insert(u"FLOTILLA_SESSIONS"_s, sessions.join(u','));
        environment.insert(u"ARTIFACTS"_s, IsolatedEnvironment::artifactsDir());
        environment.insert(u"CHROMIUM"_s, QStandardPaths::findExecutable(u"chromium"_s));
        QProcess browser;
        browser.setProcessEnvironment(environment);
        browser.setProcessChannelMode(QProcess::MergedChannels);
        browser.start(u"node"_s, {QStringLiteral(FLOTILLA_E2E_DIR) + u"/board.cjs"_s});
        QVERIFY(browser.waitForStarted(10000));
        QVERIFY2(browser.waitForFinished(180000), "the browser test did not finish in 3 minutes");
        const QString output = QString::fromUtf8(browser.readAll());
        qInfo().noquote() << output.trimmed();
        QVERIFY2(browser.exitStatus() == QProcess::NormalExit && browser.exitCode() == 0, qPrintable(output));
        QVERIFY(output.contains(u"ok - a message sent from the page reaches the agent"_s));
        QVERIFY(!output.contains(u"not ok"_s));
    }
};

QTEST_GUILESS_MAIN(TestDashboardBrowser)
#include "tst_dashboard_browser.moc"
