// `flo start`: brings up a headless instance when none answers, and leaves a running one alone.
#include "headless_instance.h"
#include "isolated_environment.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestFloStart final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    QProcessEnvironment m_environment;
    qint64 m_started = 0;

    ProcessResult run(const QStringList &arguments) { return flo(*m_env, arguments, m_environment); }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        const QString config = m_env->workDir() + u"/flotilla.yaml"_s;
        QVERIFY(QDir().mkpath(m_env->workDir()));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("defaults:\n  runtime: process\nprojects: {}\n");
        file.close();
        m_environment = m_env->processEnvironment();
        m_environment.insert(u"FLOTILLA_CONFIG"_s, config);
        m_environment.insert(u"FLOTILLA_PORT"_s, u"0"_s);
    }

    void cleanupTestCase()
    {
        if (m_started > 0)
            ::kill(static_cast<pid_t>(m_started), SIGTERM);
    }

    void anInstanceThatCannotStartIsReportedWithItsOwnWords()
    {
        QProcessEnvironment broken = m_environment;
        broken.insert(u"FLOTILLA_PORT"_s, u"not-a-port"_s);
        const ProcessResult started = flo(*m_env, {u"start"_s}, broken);
        QVERIFY(started.exitCode != 0);
        // Noticed as an exit (not as a start-up timeout), with the instance's own reason.
        QVERIFY2(started.err.contains(u"stopped at start"_s) && started.err.contains(u"FLOTILLA_PORT"_s),
                 qPrintable(started.err));
    }

    void startsAHeadlessInstanceWhenNoneRuns()
    {
        const ProcessResult before = run({u"status"_s});
        QVERIFY2(before.exitCode != 0, qPrintable(before.out));

        const ProcessResult started = run({u"start"_s, u"--json"_s});
        QVERIFY2(started.exitCode == 0, qPrintable(started.err));
        const QJsonObject answer = QJsonDocument::fromJson(started.out.toUtf8()).object();
        // Only the answer: the instance's own output goes to its log, not through flo.
        QVERIFY2(answer.value(u"started"_s).toBool(), qPrintable(started.out + started.err));
        m_started = answer.value(u"pid"_s).toInteger();
        QVERIFY(m_started > 0);
        QVERIFY(answer.value(u"api"_s).toString().startsWith(u"http://127.0.0.1:"_s));

        const ProcessResult status = run({u"status"_s, u"--json"_s});
        QVERIFY2(status.exitCode == 0, qPrintable(status.err));
    }

    void leavesARunningInstanceAlone()
    {
        QVERIFY(m_started > 0);
        const ProcessResult again = run({u"start"_s, u"--json"_s});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        const QJsonObject answer = QJsonDocument::fromJson(again.out.toUtf8()).object();
        QCOMPARE(answer.value(u"started"_s).toBool(), false);

        const ProcessResult text = run({u"start"_s});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.startsWith(u"Flotilla is already running on http://127.0.0.1:"_s), qPrintable(text.out));
        QCOMPARE(::kill(static_cast<pid_t>(m_started), 0), 0); // still the one process
    }
};

QTEST_GUILESS_MAIN(TestFloStart)
#include "tst_flo_start.moc"
