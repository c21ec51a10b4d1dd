// Runs tests/e2e/board.cjs (playwright-core driving Debian's Chromium) against a real
// `flotilla --headless` with three fake agents in tmux, and reports what the browser saw.
#include "headless_instance.h"
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
    QProcessEnvironment m_environment;
    std::unique_ptr<HeadlessInstance> m_instance;

    ProcessResult run(const QStringList &arguments) { return flo(*m_env, arguments, m_environment); }

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
        const QString repo = m_env->workDir() + u"/shop"_s;
        QVERIFY(makeRepositoryWithOrigin(*m_env, repo));
        m_environment = m_env->processEnvironment();
        m_environment.insert(u"TMUX_TMPDIR"_s, m_env->root());
        m_environment.insert(u"HOME"_s, m_env->root() + u"/home"_s);
        m_environment.insert(u"FAKE_AGENT_THINK_MS"_s, u"50"_s);
        m_environment.insert(u"FAKE_AGENT_RECORD"_s, m_env->root() + u"/received.jsonl"_s);
        m_environment.remove(u"TMUX"_s);
        QVERIFY(QDir().mkpath(m_env->root() + u"/home"_s));
        const QString config = m_env->workDir() + u"/flotilla.yaml"_s;
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: custom\nprojects:\n  shop:\n    path: "
                   + repo.toUtf8() + "\n    sessionPrefix: shop\n    agentConfig:\n      command: \"python3 "
                   + QByteArray(FLOTILLA_FAKE_AGENT) + "\"\n");
        file.close();
        m_instance = std::make_unique<HeadlessInstance>(*m_env, QStringList{u"--config"_s, config, u"--port"_s, u"0"_s},
                                                        m_environment);
        QVERIFY2(m_instance->waitForPort() > 0, qPrintable(m_instance->readOut()));
    }

    void cleanupTestCase()
    {
        m_instance.reset();
        if (m_env)
            runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"kill-server"_s}, m_environment);
    }

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

        QProcessEnvironment environment = m_environment;
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
