#include "isolated_environment.h"
#include "process_runtime.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <functional>
#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

template<typename T> Result<T> wait(Async<T> future, int timeoutMs = 10000)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished())
        return makeError(u"test.timeout"_s, u"no answer within %1 ms"_s.arg(timeoutMs));
    if (future.resultCount() == 0)
        return makeError(u"test.cancelled"_s, u"the future was cancelled"_s);
    return future.result();
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000)
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

// Gone, or a zombie nobody reaps (orphans of a container whose init does not reap): either way
// the program no longer runs.
bool processEnded(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype end = line.lastIndexOf(')');
    return end < 0 || line.mid(end + 2, 1) == "Z";
}

QByteArray procFile(qint64 pid, const char *name)
{
    QFile file(u"/proc/%1/%2"_s.arg(pid).arg(QString::fromLatin1(name)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString errorText(const Error &error)
{
    return error.code + u": "_s + error.toString();
}

} // namespace

class TestProcessRuntime final : public QObject
{
    Q_OBJECT

private:
    RuntimeLaunch launch(const QString &id, QStringList command, QHash<QString, QString> environment = {}) const
    {
        return RuntimeLaunch{id, m_env->workDir(), std::move(command), std::move(environment)};
    }

    RuntimeHandle start(ProcessRuntime &runtime, const RuntimeLaunch &what)
    {
        auto created = wait(runtime.create(what));
        if (!created)
            qFatal("create failed: %s", qPrintable(errorText(created.error())));
        return created.value();
    }

    static qint64 pidOf(const RuntimeHandle &handle) { return handle.data.value(u"pid"_s).toInteger(); }

    static QString output(ProcessRuntime &runtime, const RuntimeHandle &handle, int lines)
    {
        auto read = wait(runtime.readOutput(handle, lines));
        return read ? read.value() : u"<%1>"_s.arg(errorText(read.error()));
    }

    static bool alive(ProcessRuntime &runtime, const RuntimeHandle &handle)
    {
        auto probed = wait(runtime.probe({handle}));
        return probed && probed->value(handle.id).alive;
    }

    // The first number the program printed after `label=`.
    static qint64 printedPid(ProcessRuntime &runtime, const RuntimeHandle &handle, const QString &label)
    {
        const QRegularExpression pattern(u"%1=(\\d+)"_s.arg(label));
        qint64 pid = 0;
        waitUntil([&] {
            const auto match = pattern.match(output(runtime, handle, 50));
            pid = match.hasMatch() ? match.captured(1).toLongLong() : 0;
            return pid > 0;
        });
        return pid;
    }

    std::unique_ptr<test::IsolatedEnvironment> m_env;

private slots:
    void init() { m_env = std::make_unique<test::IsolatedEnvironment>(); }
    void cleanup() { m_env.reset(); }

    void environmentReachesTheChildButNotItsArguments()
    {
        ProcessRuntime runtime({});
        const QString secret = u"s3cr3t-7f2c91"_s;
        const RuntimeHandle handle =
            start(runtime, launch(u"env-1"_s, {u"sh"_s, u"-c"_s, u"echo \"seen:$FLO_SECRET\"; exec sleep 30"_s},
                                  {{u"FLO_SECRET"_s, secret}}));
        QCOMPARE(handle.id, u"env-1"_s);
        QCOMPARE(handle.plugin, u"process"_s);
        const qint64 pid = pidOf(handle);
        QVERIFY(pid > 0);
        QVERIFY(waitUntil([&] { return output(runtime, handle, 1) == u"seen:"_s + secret; }));
        QVERIFY(waitUntil([&] { return procFile(pid, "cmdline").startsWith("sleep"); })); // after exec
        QVERIFY(procFile(pid, "environ").contains(QByteArray("FLO_SECRET=" + secret.toUtf8() + '\0')));
        QVERIFY(!procFile(pid, "cmdline").contains(secret.toUtf8()));
        // The system environment is kept underneath.
        QVERIFY(procFile(pid, "environ").contains(QByteArray("XDG_CONFIG_HOME=" + m_env->root().toUtf8() + "/config")));
        QVERIFY(wait(runtime.destroy(handle)).ok());
    }

    void runsInTheSessionFolder()
    {
        ProcessRuntime runtime({});
        const RuntimeHandle handle = start(runtime, launch(u"cwd-1"_s, {u"pwd"_s}));
        QVERIFY(waitUntil([&] { return !alive(runtime, handle); }));
        QCOMPARE(output(runtime, handle, 1), m_env->workDir());
    }

    void keepsOnlyTheTailOfTheOutput()
    {
        ProcessRuntime runtime({{u"outputBytes"_s, 1000}});
        const RuntimeHandle handle =
            start(runtime, launch(u"out-1"_s, {u"sh"_s, u"-c"_s, u"seq -f 'line %04g' 0 499; echo 'to stderr' >&2"_s}));
        QVERIFY(waitUntil([&] { return !alive(runtime, handle); }));

        QCOMPARE(output(runtime, handle, 3), u"line 0498\nline 0499\nto stderr"_s);
        const QString kept = output(runtime, handle, 10000);
        QVERIFY2(kept.size() <= 1000, qPrintable(QString::number(kept.size())));
        QVERIFY(kept.size() > 900);
        QVERIFY(!kept.contains(u"line 0000"_s));
        QVERIFY(kept.endsWith(u"line 0499\nto stderr"_s));
        // Whole lines only: the one cut by the limit is left out.
        const QStringList lines = kept.split(u'\n');
        for (const QString &line : lines.first(lines.size() - 1))
            QVERIFY2(QRegularExpression(u"^line \\d{4}$"_s).match(line).hasMatch(), qPrintable(line));
    }

    void textReachesStdin()
    {
        ProcessRuntime runtime({});
        const RuntimeHandle handle = start(runtime, launch(u"in-1"_s, {u"cat"_s}));
        const auto sent = wait(runtime.sendText(handle, u"hello there"_s));
        QVERIFY2(sent.ok(), qPrintable(sent.ok() ? QString() : errorText(sent.error())));
        QVERIFY(waitUntil([&] { return output(runtime, handle, 1) == u"hello there"_s; }));

        QVERIFY(wait(runtime.sendText(handle, u"two\nlines ü"_s)).ok());
        QVERIFY(waitUntil([&] { return output(runtime, handle, 3) == u"hello there\ntwo\nlines ü"_s; }));

        // A large text is answered once all of it is through.
        const QString big = QString(200000, u'x');
        QVERIFY(wait(runtime.sendText(handle, big)).ok());
        QVERIFY(waitUntil([&] { return output(runtime, handle, 1).size() == big.size(); }));
        QVERIFY(wait(runtime.destroy(handle)).ok());
    }

    void probeFollowsTheProcess()
    {
        ProcessRuntime runtime({});
        const RuntimeHandle handle = start(runtime, launch(u"probe-1"_s, {u"sh"_s, u"-c"_s, u"sleep 0.5"_s}));
        const RuntimeHandle stranger{u"from-an-earlier-run"_s, u"process"_s, {}};
        auto probed = wait(runtime.probe({handle, stranger}));
        QVERIFY(probed.ok());
        QCOMPARE(probed->size(), 2);
        QVERIFY(probed->value(handle.id).alive);
        QVERIFY(probed->value(handle.id).processRunning);
        QVERIFY(probed->value(handle.id).observedAt.isValid());
        QVERIFY(!probed->value(stranger.id).alive);
        QVERIFY(!probed->value(stranger.id).processRunning);
        QVERIFY(probed->value(stranger.id).error.isEmpty());

        QVERIFY(waitUntil([&] { return !alive(runtime, handle); }));
        probed = wait(runtime.probe({handle}));
        QVERIFY(!probed->value(handle.id).processRunning);

        const auto late = wait(runtime.sendText(handle, u"anyone?"_s));
        QVERIFY(!late.ok());
        QCOMPARE(late.error().code, u"runtime.gone"_s);
        QVERIFY(late.error().message.contains(u"exited with code 0"_s));
        const auto unknown = wait(runtime.sendText(stranger, u"anyone?"_s));
        QCOMPARE(unknown.error().code, u"runtime.gone"_s);
        QCOMPARE(wait(runtime.readOutput(stranger, 5)).error().code, u"runtime.gone"_s);

        // An ended process is destroyed without fuss, and so is one that was never known.
        QVERIFY(wait(runtime.destroy(handle)).ok());
        QVERIFY(wait(runtime.destroy(stranger)).ok());
        QCOMPARE(wait(runtime.readOutput(handle, 5)).error().code, u"runtime.gone"_s);
    }

    void destroyTerminatesWithinTheGrace()
    {
        ProcessRuntime runtime({{u"killAfterMs"_s, 20000}});
        const RuntimeHandle handle = start(runtime, launch(u"term-1"_s, {u"sleep"_s, u"60"_s}));
        const qint64 pid = pidOf(handle);
        QVERIFY(!processEnded(pid));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(wait(runtime.destroy(handle)).ok());
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(processEnded(pid));
        QVERIFY(!alive(runtime, handle));
        QCOMPARE(wait(runtime.readOutput(handle, 1)).error().code, u"runtime.gone"_s);
        // The id is free again.
        const RuntimeHandle again = start(runtime, launch(u"term-1"_s, {u"sleep"_s, u"60"_s}));
        QVERIFY(alive(runtime, again));
        QVERIFY(wait(runtime.destroy(again)).ok());
    }

    void destroyKillsAProgramThatIgnoresTerm()
    {
        ProcessRuntime runtime({{u"killAfterMs"_s, 700}});
        const RuntimeHandle handle =
            start(runtime, launch(u"trap-1"_s, {u"sh"_s, u"-c"_s, u"trap '' TERM; echo ready; sleep 60"_s}));
        QVERIFY(waitUntil([&] { return output(runtime, handle, 1) == u"ready"_s; }));
        const qint64 pid = pidOf(handle);
        QElapsedTimer clock;
        clock.start();
        auto destroyed = runtime.destroy(handle);
        auto twice = runtime.destroy(handle); // shares the first one's answer
        QVERIFY(wait(destroyed).ok());
        QVERIFY(twice.isFinished() && twice.result().ok());
        QVERIFY2(clock.elapsed() >= 650, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(processEnded(pid));
    }

    void destroyEndsTheWholeGroup()
    {
        ProcessRuntime runtime({{u"killAfterMs"_s, 800}});
        const RuntimeHandle handle =
            start(runtime,
                  launch(u"group-1"_s, {u"sh"_s, u"-c"_s,
                                        u"sleep 60 & echo plain=$!; (trap '' TERM; exec sleep 61) & echo stubborn=$!; "
                                        u"wait"_s}));
        const qint64 plain = printedPid(runtime, handle, u"plain"_s);
        const qint64 stubborn = printedPid(runtime, handle, u"stubborn"_s);
        QVERIFY(plain > 0 && stubborn > 0);
        QVERIFY(waitUntil([&] { return procFile(stubborn, "cmdline").startsWith("sleep"); }));
        QVERIFY(!processEnded(plain));
        QVERIFY(!processEnded(stubborn));

        QElapsedTimer clock;
        clock.start();
        QVERIFY(wait(runtime.destroy(handle)).ok());
        // The program itself ended at once; its stubborn child held the answer until the kill.
        QVERIFY2(clock.elapsed() >= 750, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(processEnded(pidOf(handle)));
        QVERIFY(processEnded(plain));
        QVERIFY(waitUntil([&] { return processEnded(stubborn); }, 2000));
    }

    void destroyEndsWhatAnEndedProgramLeftBehind()
    {
        ProcessRuntime runtime({{u"killAfterMs"_s, 500}});
        const RuntimeHandle handle =
            start(runtime, launch(u"left-1"_s, {u"sh"_s, u"-c"_s, u"(trap '' TERM; exec sleep 62) & echo left=$!"_s}));
        const qint64 left = printedPid(runtime, handle, u"left"_s);
        QVERIFY(waitUntil([&] { return !alive(runtime, handle); }));
        QVERIFY(!processEnded(left));
        QVERIFY(wait(runtime.destroy(handle)).ok());
        QVERIFY(waitUntil([&] { return processEnded(left); }, 2000));
    }

    void endingThePluginEndsItsProcesses()
    {
        auto runtime = std::make_unique<ProcessRuntime>(PluginSettings{});
        const RuntimeHandle handle =
            start(*runtime, launch(u"owned-1"_s, {u"sh"_s, u"-c"_s, u"sleep 63 & echo child=$!; wait"_s}));
        const qint64 child = printedPid(*runtime, handle, u"child"_s);
        const qint64 pid = pidOf(handle);
        auto pending = runtime->sendText(handle, u"unread"_s);
        runtime.reset();
        // The plugin's own child is reaped, not left as a zombie.
        QVERIFY(waitUntil([&] { return !QFile::exists(u"/proc/%1"_s.arg(pid)); }, 3000));
        QVERIFY(waitUntil([&] { return processEnded(child); }, 2000));
        QVERIFY(pending.isFinished());
    }

    void failingToStartIsAClearError()
    {
        ProcessRuntime runtime({});
        auto missing = wait(runtime.create(launch(u"bad-1"_s, {u"flotilla-no-such-program"_s, u"--flag"_s})));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"runtime.not_found"_s);
        QVERIFY(missing.error().message.contains(u"flotilla-no-such-program"_s));
        QVERIFY(!missing.error().message.contains(u"--flag"_s));

        auto relative = wait(runtime.create(launch(u"bad-2"_s, {u"./bin/agent"_s})));
        QCOMPARE(relative.error().code, u"runtime.not_found"_s);

        auto empty = wait(runtime.create(launch(u"bad-3"_s, {})));
        QCOMPARE(empty.error().code, u"runtime.no_command"_s);

        RuntimeLaunch nowhere = launch(u"bad-4"_s, {u"sh"_s});
        nowhere.workDir = m_env->root() + u"/no-such-folder"_s;
        auto noFolder = wait(runtime.create(nowhere));
        QCOMPARE(noFolder.error().code, u"runtime.start_failed"_s);
        QVERIFY(noFolder.error().message.contains(u"no-such-folder"_s));

        // Found, but the system refuses to run it.
        const QString script = m_env->workDir() + u"/not-a-program"_s;
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x01\x02 not a program\n");
        file.close();
        QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
        auto refused = wait(runtime.create(launch(u"bad-5"_s, {script})));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"runtime.start_failed"_s);
        QVERIFY2(refused.error().message.contains(u"not-a-program"_s), qPrintable(refused.error().message));
        QCOMPARE(wait(runtime.readOutput(RuntimeHandle{u"bad-5"_s, u"process"_s, {}}, 1)).error().code,
                 u"runtime.gone"_s);
        // The id is free for a program that works.
        const RuntimeHandle fixed = start(runtime, launch(u"bad-5"_s, {u"sleep"_s, u"60"_s}));
        QVERIFY(alive(runtime, fixed));
        QVERIFY(wait(runtime.destroy(fixed)).ok());
    }

    void theSessionPathComesFirst()
    {
        // A folder the session puts first on PATH wins over the system's programs.
        const QString bin = m_env->workDir() + u"/bin"_s;
        QVERIFY(QDir().mkpath(bin));
        QFile tool(bin + u"/flotilla-test-tool"_s);
        QVERIFY(tool.open(QIODevice::WriteOnly));
        tool.write("#!/bin/sh\necho from-session-path\n");
        tool.close();
        QVERIFY(tool.setPermissions(tool.permissions() | QFileDevice::ExeOwner));

        ProcessRuntime runtime({});
        const QString path = bin + u':' + qEnvironmentVariable("PATH");
        const RuntimeHandle handle =
            start(runtime, launch(u"path-1"_s, {u"flotilla-test-tool"_s}, {{u"PATH"_s, path}}));
        QVERIFY(waitUntil([&] { return output(runtime, handle, 1) == u"from-session-path"_s; }));
    }

    void unusableSettingsFallBackToDefaults()
    {
        QTest::ignoreMessage(QtWarningMsg,
                             "process runtime: outputBytes must be a whole number of at least 1; using 2097152");
        QTest::ignoreMessage(QtWarningMsg,
                             "process runtime: killAfterMs must be a whole number of at least 0; using 5000");
        ProcessRuntime runtime({{u"outputBytes"_s, u"lots"_s}, {u"killAfterMs"_s, -1}});
        const RuntimeHandle handle = start(runtime, launch(u"set-1"_s, {u"seq"_s, u"1"_s, u"3"_s}));
        QVERIFY(waitUntil([&] { return !alive(runtime, handle); }));
        QCOMPARE(output(runtime, handle, 10), u"1\n2\n3"_s);
    }

    void refusesASecondProcessForARunningSession()
    {
        ProcessRuntime runtime({});
        const RuntimeHandle handle = start(runtime, launch(u"dup-1"_s, {u"sleep"_s, u"60"_s}));
        auto second = wait(runtime.create(launch(u"dup-1"_s, {u"sleep"_s, u"60"_s})));
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, u"runtime.exists"_s);
        QVERIFY(alive(runtime, handle));
        QVERIFY(runtime.attachCommand(handle).isEmpty());
        QVERIFY(runtime.detect().available);
        QVERIFY(wait(runtime.destroy(handle)).ok());
    }
};

QTEST_GUILESS_MAIN(TestProcessRuntime)
#include "tst_process_runtime.moc"
