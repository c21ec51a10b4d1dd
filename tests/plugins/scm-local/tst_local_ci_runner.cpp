#include "ci_log_excerpt.h"
#include "isolated_environment.h"
#include "local_ci_runner.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Runs git and answers its trimmed output; empty when it failed.
QString git(const QString &workingDirectory, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.start(u"git"_s, QStringList{u"-c"_s, u"user.name=Test"_s, u"-c"_s, u"user.email=test@example.com"_s,
                                        u"-c"_s, u"init.defaultBranch=main"_s, u"-c"_s, u"commit.gpgsign=false"_s}
                                + arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning() << "git" << arguments << "failed:" << process.readAllStandardError();
        return {};
    }
    const QString output = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    return output.isEmpty() ? u"ok"_s : output;
}

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

// Processes (not zombies) whose environment holds `marker`: the runner hands its own
// environment to the command, so everything the command started carries it.
QList<qint64> processesWithMarker(const QByteArray &marker)
{
    QList<qint64> found;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric || pid == QCoreApplication::applicationPid())
            continue;
        if (!readFile(u"/proc/%1/environ"_s.arg(pid)).split('\0').contains(marker))
            continue;
        const QByteArray stat = readFile(u"/proc/%1/stat"_s.arg(pid));
        const qsizetype end = stat.lastIndexOf(')');
        if (end >= 0 && stat.mid(end + 2, 1) != "Z")
            found.append(pid);
    }
    return found;
}

qint64 peakMemoryKb()
{
    const QList<QByteArray> lines = readFile(u"/proc/self/status"_s).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

class TestLocalCiRunner final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_environment = std::make_unique<test::IsolatedEnvironment>();
        QVERIFY(m_environment->isValid());
        m_project = m_environment->workDir() + u"/project"_s;
        m_origin = m_environment->workDir() + u"/origin.git"_s;
        QVERIFY(QDir().mkpath(m_project));
        QVERIFY(!git(m_project, {u"init"_s, u"-q"_s}).isEmpty());
        QVERIFY(writeFile(m_project + u"/README"_s, "a project\n"));
        QVERIFY(!git(m_project, {u"add"_s, u"README"_s}).isEmpty());
        QVERIFY(!git(m_project, {u"commit"_s, u"-q"_s, u"-m"_s, u"first"_s}).isEmpty());
        QVERIFY(writeFile(m_project + u"/marker.txt"_s, "only in the second commit\n"));
        QVERIFY(!git(m_project, {u"add"_s, u"marker.txt"_s}).isEmpty());
        QVERIFY(!git(m_project, {u"commit"_s, u"-q"_s, u"-m"_s, u"second"_s}).isEmpty());
        m_secondSha = git(m_project, {u"rev-parse"_s, u"HEAD"_s});
        QCOMPARE(m_secondSha.size(), 40);
        QVERIFY(!git(m_project, {u"rm"_s, u"-q"_s, u"marker.txt"_s}).isEmpty());
        QVERIFY(!git(m_project, {u"commit"_s, u"-q"_s, u"-m"_s, u"third"_s}).isEmpty());
        m_headSha = git(m_project, {u"rev-parse"_s, u"HEAD"_s});
        QCOMPARE(m_headSha.size(), 40);
        QVERIFY(!git(m_environment->workDir(), {u"init"_s, u"-q"_s, u"--bare"_s, m_origin}).isEmpty());
        QVERIFY(!git(m_project, {u"push"_s, u"-q"_s, m_origin, u"main"_s}).isEmpty());
    }

    void cleanupTestCase() { m_environment.reset(); }

    void init()
    {
        m_marker = "FLOTILLA_CI_TEST_MARKER=" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        qputenv("FLOTILLA_CI_TEST_MARKER", m_marker.mid(m_marker.indexOf('=') + 1));
    }

    void cleanup()
    {
        qunsetenv("FLOTILLA_CI_TEST_MARKER");
        // Nothing a run started may outlive it, whatever the test checked.
        QVERIFY(waitUntil([this] { return processesWithMarker(m_marker).isEmpty(); }, 5000));
    }

    void passesAndWritesTheLog()
    {
        const CiJob job = makeJob(u"echo hello-ci; echo \"ci=$CI/$FLOTILLA_CI\"; read line || echo stdin-closed"_s);
        bool started = false;
        const CiRun run = runToEnd(job, 30000, &started);
        QCOMPARE(run.outcome, CiRun::Outcome::Passed);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.reason, u"exit code 0"_s);
        QVERIFY(started);
        const QByteArray log = readFile(job.logPath);
        QCOMPARE(log, QByteArray("hello-ci\nci=true/1\nstdin-closed\n"));
        QCOMPARE(run.logBytes, log.size());
        QVERIFY(!run.logTruncated);
        QVERIFY(run.excerpt.isEmpty());
        QVERIFY(run.durationMs >= 0);
        // The checkout is gone, the log stays.
        QVERIFY(QDir(job.workRoot).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    }

    void checksOutExactlyTheCommitInItsOwnFolder()
    {
        const CiJob job =
            makeJob(u"git rev-parse HEAD; cat marker.txt; pwd; git status --porcelain | wc -l"_s, m_secondSha);
        const CiRun run = runToEnd(job, 30000);
        QCOMPARE(run.outcome, CiRun::Outcome::Passed);
        const QStringList lines = QString::fromUtf8(readFile(job.logPath)).trimmed().split(u'\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(0), m_secondSha);
        QCOMPARE(lines.at(1), u"only in the second commit"_s);
        const QString folder = lines.at(2);
        QVERIFY2(folder.startsWith(QDir(job.workRoot).canonicalPath() + u'/'), qPrintable(folder));
        QVERIFY(!folder.startsWith(m_project));
        QCOMPARE(lines.at(3).trimmed(), u"0"_s);
        QVERIFY(!QDir(folder).exists());
        // The project's own checkout was not touched.
        QCOMPARE(git(m_project, {u"rev-parse"_s, u"HEAD"_s}), m_headSha);
        QVERIFY(!QFile::exists(m_project + u"/marker.txt"_s));
    }

    void acceptsAnAbbreviatedCommit()
    {
        const CiJob job = makeJob(u"git rev-parse HEAD"_s, m_secondSha.left(10));
        const CiRun run = runToEnd(job, 30000);
        QCOMPARE(run.outcome, CiRun::Outcome::Passed);
        QCOMPARE(readFile(job.logPath).trimmed(), m_secondSha.toUtf8());
    }

    void reportsAFailingCommand()
    {
        const CiJob job = makeJob(u"echo 'running tests'; for i in 1 2 3; do echo \"test_$i ok\"; done; "
                                  "echo 'FAIL: test_widget (tests.WidgetTest)'; echo 'AssertionError: 2 != 3'; "
                                  "echo 'Ran 4 tests'; exit 2"_s);
        const CiRun run = runToEnd(job, 30000);
        QCOMPARE(run.outcome, CiRun::Outcome::Failed);
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.reason, u"exit code 2"_s);
        QVERIFY(run.excerpt.contains(u"FAIL: test_widget (tests.WidgetTest)"_s));
        QVERIFY(run.excerpt.contains(u"AssertionError: 2 != 3"_s));
        QVERIFY(readFile(job.logPath).contains("test_3 ok\n"));
    }

    void stopsACommandThatRunsTooLong_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<qint64>("atLeastMs");
        QTest::newRow("sleep") << u"sleep 600"_s << qint64(1500);
        QTest::newRow("child keeps the pipe open") << u"sh -c \"sleep 600 & wait\""_s << qint64(1500);
        // Ignoring SIGTERM (inherited by the sleep) leaves it to the kill after the grace time.
        QTest::newRow("ignores SIGTERM") << u"trap '' TERM; sleep 600; sleep 600"_s
                                         << qint64(1500 + LocalCiRunner::kKillGraceMs);
    }

    void stopsACommandThatRunsTooLong()
    {
        QFETCH(QString, command);
        QFETCH(qint64, atLeastMs);
        CiJob job = makeJob(u"echo before the hang; "_s + command);
        job.timeoutMs = 1500;
        const CiRun run = runToEnd(job, 30000);
        QCOMPARE(run.outcome, CiRun::Outcome::TimedOut);
        QCOMPARE(run.reason, u"the command ran longer than 1.5 s and was stopped"_s);
        QCOMPARE(run.exitCode, -1);
        QVERIFY2(run.durationMs >= atLeastMs, qPrintable(QString::number(run.durationMs)));
        QVERIFY2(run.durationMs < atLeastMs + 10000, qPrintable(QString::number(run.durationMs)));
        QVERIFY(run.excerpt.contains(u"before the hang"_s));
        QVERIFY(processesEnd());
    }

    void endsWhatTheCommandLeftInTheBackground()
    {
        const CiJob job = makeJob(u"(sleep 600 &); echo done"_s);
        QElapsedTimer clock;
        clock.start();
        const CiRun run = runToEnd(job, 30000);
        QCOMPARE(run.outcome, CiRun::Outcome::Passed);
        QVERIFY(clock.elapsed() < 10000);
        QVERIFY(readFile(job.logPath).contains("done\n"));
        QVERIFY(processesEnd());
    }

    void capsAHugeLogWithoutHoldingIt()
    {
        CiJob job = makeJob(u"head -c 104857600 /dev/zero | tr '\\0' x; echo; echo 'error: the end'; exit 1"_s);
        job.logCapBytes = 1024 * 1024;
        const qint64 peakBefore = peakMemoryKb();
        QVERIFY(peakBefore > 0);
        const CiRun run = runToEnd(job, 120000);
        QCOMPARE(run.outcome, CiRun::Outcome::Failed);
        QVERIFY(run.logTruncated);
        QCOMPARE(run.logBytes, 104857600 + 1 + 15);
        const QByteArray log = readFile(job.logPath);
        const QByteArray expectedStart = QByteArray(1024 * 1024, 'x') + "\n[the log was capped at 1048576 bytes";
        QVERIFY(log.startsWith(expectedStart));
        QVERIFY(log.endsWith(" bytes of output were not written]\n"));
        QVERIFY(log.size() < 1024 * 1024 + 200);
        QVERIFY(run.excerpt.endsWith(u"error: the end"_s));
        QVERIFY(run.excerpt.toUtf8().size() <= CiLogExcerpt::kMaxBytes);
        const qint64 growthKb = peakMemoryKb() - peakBefore;
        QVERIFY2(growthKb < 50 * 1024, qPrintable(u"peak memory grew by %1 kB"_s.arg(growthKb)));
    }

    void reportsARemovedOrigin()
    {
        const QString removed = m_environment->workDir() + u"/removed.git"_s;
        QVERIFY(!git(m_environment->workDir(), {u"clone"_s, u"-q"_s, u"--bare"_s, m_origin, removed}).isEmpty());
        QVERIFY(QDir(removed).removeRecursively());
        CiJob job = makeJob(u"echo never"_s);
        job.originUrl = removed;
        bool started = false;
        const CiRun run = runToEnd(job, 30000, &started);
        QCOMPARE(run.outcome, CiRun::Outcome::Error);
        QVERIFY2(run.reason.startsWith(u"the project's origin %1 cannot be read: "_s.arg(removed)),
                 qPrintable(run.reason));
        QVERIFY(!started);
        QVERIFY(!QFile::exists(job.logPath));
        QVERIFY(QDir(job.workRoot).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    }

    void reportsAnUnknownCommit()
    {
        const QString unknown = u"0123456789abcdef0123456789abcdef01234567"_s;
        const CiJob job = makeJob(u"echo never"_s, unknown);
        const CiRun run = runToEnd(job, 30000);
        QCOMPARE(run.outcome, CiRun::Outcome::Error);
        QVERIFY2(run.reason.startsWith(
                     u"commit %1 is not on any branch or tag of the project's origin %2"_s.arg(unknown, m_origin)),
                 qPrintable(run.reason));
        QVERIFY(QDir(job.workRoot).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    }

    void cancelsARunningCommand()
    {
        const CiJob job = makeJob(u"sleep 600"_s);
        LocalCiRunner runner;
        std::optional<CiRun> result;
        connect(&runner, &LocalCiRunner::started, &runner, [&runner] { runner.cancel(); });
        connect(&runner, &LocalCiRunner::finished, &runner, [&result](const CiRun &run) { result = run; });
        QVERIFY(runner.start(job));
        QVERIFY(runner.isRunning());
        QVERIFY(!runner.start(job));
        QVERIFY(waitUntil([&result] { return result.has_value(); }, 30000));
        QCOMPARE(result->outcome, CiRun::Outcome::Error);
        QCOMPARE(result->reason, u"the run was cancelled"_s);
        QVERIFY(!runner.isRunning());
        QVERIFY(processesEnd());
        QVERIFY(QDir(job.workRoot).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    }

    void destroyingTheRunnerEndsItsRun_data()
    {
        QTest::addColumn<bool>("whileRunning");
        QTest::newRow("during the checkout") << false;
        QTest::newRow("while the command runs") << true;
    }

    void destroyingTheRunnerEndsItsRun()
    {
        QFETCH(bool, whileRunning);
        const CiJob job = makeJob(u"sleep 600"_s);
        auto runner = std::make_unique<LocalCiRunner>();
        bool started = false;
        connect(runner.get(), &LocalCiRunner::started, runner.get(), [&started] { started = true; });
        QVERIFY(runner->start(job));
        if (whileRunning)
            QVERIFY(waitUntil([&started] { return started; }, 30000));
        runner.reset();
        QVERIFY(processesEnd());
        QVERIFY(waitUntil(
            [&job] { return QDir(job.workRoot).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden); },
            10000));
    }

private:
    // A SIGKILL takes effect when the system next schedules the process, a moment after it was sent.
    bool processesEnd() const
    {
        return waitUntil([this] { return processesWithMarker(m_marker).isEmpty(); }, 3000);
    }

    CiJob makeJob(const QString &command, const QString &sha = {})
    {
        ++m_runs;
        CiJob job;
        job.originUrl = m_origin;
        job.headSha = sha.isEmpty() ? m_headSha : sha;
        job.command = command;
        job.timeoutMs = 60000;
        job.logPath = m_environment->root() + u"/logs/run-%1.log"_s.arg(m_runs);
        job.workRoot = m_environment->root() + u"/ci-%1"_s.arg(m_runs);
        return job;
    }

    static CiRun runToEnd(const CiJob &job, int timeoutMs, bool *started = nullptr)
    {
        LocalCiRunner runner;
        std::optional<CiRun> result;
        if (started)
            QObject::connect(&runner, &LocalCiRunner::started, &runner, [started] { *started = true; });
        QObject::connect(&runner, &LocalCiRunner::finished, &runner, [&result](const CiRun &run) { result = run; });
        if (!runner.start(job) || !waitUntil([&result] { return result.has_value(); }, timeoutMs)) {
            CiRun missing;
            missing.reason = u"no answer from the runner"_s;
            return missing;
        }
        return *result;
    }

    std::unique_ptr<test::IsolatedEnvironment> m_environment;
    QString m_project;
    QString m_origin;
    QString m_secondSha;
    QString m_headSha;
    QByteArray m_marker;
    int m_runs = 0;
};

QTEST_GUILESS_MAIN(TestLocalCiRunner)
#include "tst_local_ci_runner.moc"
