// What a running fleet costs while its agents sit idle: the real `flotilla --headless` (or,
// with --desktop, the desktop app with its window on the X display) in a private home (its own
// tmux server under a private TMUX_TMPDIR), sessions spawned through the local API with
// `flo spawn` (fake agent CLI, custom agent), then the instance's CPU time over a window
// (utime + stime from /proc/PID/stat) and its resident memory at the end.
//
// With --desktop it also times start-up: launch → the main window mapped and visible, found
// with xdotool polled every 5 ms (median of --starts runs), once with an empty fleet and once
// with the N sessions already running (the app re-adopts them).
//
//   bench_idle_fleet [--sessions N] [--seconds N] [--desktop] [--starts N]
#include "bench_support.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>
#include <QThread>

#include <optional>

#include <unistd.h>

using namespace flotilla;
using namespace flotilla::bench;
using namespace Qt::StringLiterals;

namespace {

QString binary(const QString &name)
{
    return QCoreApplication::applicationDirPath() + u'/' + name;
}

// utime + stime of `pid`, in clock ticks; -1 when the process is gone.
qint64 cpuTicks(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of the whole line are 12 and 13 after "pid (comm) ".
    return fields.size() > 12 ? fields.at(11).toLongLong() + fields.at(12).toLongLong() : -1;
}

double rssMiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Runs `flo` once per argument list, all at the same time, and returns each one's result.
std::vector<test::ProcessResult> runFloConcurrently(const QList<QStringList> &calls, const QProcessEnvironment &env)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QStringList &arguments : calls) {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(env);
        process->start(binary(u"flo"_s), arguments);
        processes.push_back(std::move(process));
    }
    std::vector<test::ProcessResult> results;
    for (const auto &process : processes) {
        test::ProcessResult result;
        result.finished = process->waitForFinished(300000) && process->exitStatus() == QProcess::NormalExit;
        result.exitCode = process->exitCode();
        result.out = QString::fromUtf8(process->readAllStandardOutput());
        result.err = QString::fromUtf8(process->readAllStandardError());
        results.push_back(result);
    }
    return results;
}

bool waitForApi(QProcess &instance, const QProcessEnvironment &env)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 30000 && instance.state() == QProcess::Running) {
        if (test::runProcess(binary(u"flo"_s), {u"status"_s}, env, QString(), 10000).exitCode == 0)
            return true;
        QThread::msleep(200);
    }
    return false;
}

void stopInstance(QProcess &instance)
{
    if (instance.state() == QProcess::NotRunning)
        return;
    instance.terminate();
    if (!instance.waitForFinished(15000)) {
        instance.kill();
        instance.waitForFinished(5000);
    }
}

// The desktop app's main window of process `pid`, mapped and visible on the X display.
bool windowShown(qint64 pid, const QProcessEnvironment &env)
{
    const test::ProcessResult found = test::runProcess(
        u"xdotool"_s, {u"search"_s, u"--onlyvisible"_s, u"--pid"_s, QString::number(pid), u"--name"_s, u"^Flotilla$"_s},
        env, QString(), 5000);
    return found.exitCode == 0 && !found.out.trimmed().isEmpty();
}

// Starts the instance; with `timeWindow`, returns the milliseconds from launch until its main
// window is shown (-1 when it never was), else 0.
double launch(QProcess &instance, const QStringList &arguments, const QProcessEnvironment &env, bool timeWindow)
{
    QElapsedTimer clock;
    clock.start();
    instance.start(binary(u"flotilla"_s), arguments);
    if (!instance.waitForStarted(10000))
        return -1;
    if (!timeWindow)
        return 0;
    while (clock.elapsed() < 30000 && instance.state() == QProcess::Running) {
        if (windowShown(instance.processId(), env))
            return static_cast<double>(clock.nsecsElapsed()) / 1e6;
        QThread::msleep(5);
    }
    return -1;
}

// Median launch → window over `runs` starts, each instance stopped before the next; empty
// when a start failed.
std::optional<double> medianStartToWindow(int runs, const QStringList &arguments, const QProcessEnvironment &env,
                                          const QString &logFile)
{
    std::vector<double> samples;
    for (int run = 0; run < runs; ++run) {
        QProcess instance;
        instance.setProcessEnvironment(env);
        instance.setStandardOutputFile(logFile, QIODevice::Append);
        instance.setStandardErrorFile(logFile, QIODevice::Append);
        const double shown = launch(instance, arguments, env, true);
        stopInstance(instance);
        if (shown < 0)
            return std::nullopt;
        samples.push_back(shown);
    }
    return median(samples);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argument(app.arguments(), u"--sessions"_s, 30);
    const int seconds = argument(app.arguments(), u"--seconds"_s, 60);
    const bool desktop = app.arguments().contains(u"--desktop"_s);
    const int starts = argument(app.arguments(), u"--starts"_s, 7);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList tools{u"git"_s, u"tmux"_s, u"python3"_s};
    if (desktop)
        tools << u"xdotool"_s;
    if (const QString missing = missingTool(tools); !missing.isEmpty()) {
        err << missing << " not found; skipping" << Qt::endl;
        return kSkipped;
    }
    if (desktop && qEnvironmentVariableIsEmpty("DISPLAY")) {
        err << "--desktop needs an X display (DISPLAY); skipping" << Qt::endl;
        return kSkipped;
    }

    BenchEnvironment env;
    auto repository = makeRepository(env.root() + u"/repo"_s, 50);
    if (!repository) {
        err << repository.error().toString() << Qt::endl;
        return 1;
    }
    const QString configFile = env.root() + u"/flotilla.yaml"_s;
    QFile config(configFile);
    if (!config.open(QIODevice::WriteOnly) || config.write(fleetConfig(repository.value())) < 0) {
        err << "cannot write " << configFile << Qt::endl;
        return 1;
    }
    config.close();

    // The environment now holds the private HOME, XDG folders and TMUX_TMPDIR.
    const QProcessEnvironment childEnv = env.processEnvironment();
    const QString logFile = env.root() + u"/flotilla.log"_s;
    QStringList arguments{u"--port"_s, u"0"_s, u"--config"_s, configFile};
    if (!desktop)
        arguments.prepend(u"--headless"_s);
    QProcess instance;
    instance.setProcessEnvironment(childEnv);
    instance.setWorkingDirectory(env.root());
    instance.setStandardOutputFile(logFile, QIODevice::Append);
    instance.setStandardErrorFile(logFile, QIODevice::Append);
    const auto fail = [&](const QString &why) {
        err << why << Qt::endl;
        stopInstance(instance);
        killTmuxServer(u"flotilla"_s, childEnv);
        QFile log(logFile);
        if (log.open(QIODevice::ReadOnly))
            err << "flotilla log:\n" << QString::fromUtf8(log.readAll().right(4000)) << Qt::endl;
        return 1;
    };

    std::optional<double> emptyStart;
    if (desktop) {
        emptyStart = medianStartToWindow(starts, arguments, childEnv, logFile);
        if (!emptyStart)
            return fail(u"the desktop app's window did not appear"_s);
    }
    if (launch(instance, arguments, childEnv, false) < 0 || !waitForApi(instance, childEnv))
        return fail(u"flotilla did not come up"_s);
    const qint64 pid = instance.processId();
    QList<QStringList> spawns;
    for (int i = 0; i < count; ++i)
        spawns << QStringList{u"spawn"_s, u"bench"_s, u"--prompt"_s, u"Idle fleet session %1."_s.arg(i + 1),
                              u"--json"_s};
    QElapsedTimer spawning;
    spawning.start();
    const std::vector<test::ProcessResult> answers = runFloConcurrently(spawns, childEnv);
    const double spawnMs = static_cast<double>(spawning.nsecsElapsed()) / 1e6;
    QStringList sessions;
    QStringList failures;
    for (const test::ProcessResult &answer : answers) {
        const QString id = QJsonDocument::fromJson(answer.out.toUtf8())
                               .object()
                               .value(u"session"_s)
                               .toObject()
                               .value(u"id"_s)
                               .toString();
        if (answer.finished && answer.exitCode == 0 && !id.isEmpty())
            sessions << id;
        else
            failures << (answer.err.trimmed().isEmpty() ? answer.out.trimmed() : answer.err.trimmed());
    }

    double cpuPercent = -1;
    double rss = -1;
    if (failures.isEmpty()) {
        // Let the agents draw their first screens and the prompts settle before measuring.
        QThread::sleep(2);
        const double ticksPerSecond = static_cast<double>(sysconf(_SC_CLK_TCK));
        const qint64 before = cpuTicks(pid);
        QElapsedTimer window;
        window.start();
        QThread::sleep(static_cast<unsigned long>(seconds));
        const qint64 after = cpuTicks(pid);
        const double wallSeconds = static_cast<double>(window.nsecsElapsed()) / 1e9;
        rss = rssMiB(pid);
        if (before < 0 || after < 0 || rss < 0)
            failures << u"flotilla exited while idle"_s;
        else
            cpuPercent = 100.0 * static_cast<double>(after - before) / ticksPerSecond / wallSeconds;
    }

    std::optional<double> fleetStart;
    if (desktop && failures.isEmpty()) {
        // The agents run on in tmux while the app is closed; each start re-adopts all of them.
        stopInstance(instance);
        fleetStart = medianStartToWindow(starts, arguments, childEnv, logFile);
        if (!fleetStart)
            return fail(u"the desktop app's window did not appear with %1 sessions running"_s.arg(count));
        if (launch(instance, arguments, childEnv, false) < 0 || !waitForApi(instance, childEnv))
            return fail(u"flotilla did not come up again"_s);
    }

    QList<QStringList> kills;
    for (const QString &id : std::as_const(sessions))
        kills << QStringList{u"session"_s, u"kill"_s, id};
    int killFailures = 0;
    for (const test::ProcessResult &killed : runFloConcurrently(kills, childEnv))
        killFailures += killed.finished && killed.exitCode == 0 ? 0 : 1;
    if (!failures.isEmpty()) {
        for (const QString &failure : std::as_const(failures))
            err << "failed: " << failure << "\n";
        return fail(u"%1 of %2 spawns failed"_s.arg(count - sessions.size()).arg(count));
    }
    stopInstance(instance);
    killTmuxServer(u"flotilla"_s, childEnv);

    if (desktop) {
        out << "desktop start → window, median of " << starts << ": " << ms(*emptyStart) << " ms empty, "
            << ms(*fleetStart) << " ms with " << count
            << " sessions  (target < 1000 ms; ao start → dashboard: 1430 ms)\n";
    }
    out << "sessions spawned through flo: " << sessions.size() << " of " << count << " in " << ms(spawnMs)
        << " ms (all at once)\n";
    out << "idle CPU over " << seconds << " s: " << QString::number(cpuPercent, 'f', 3)
        << " % of one core  (target < 2 %; ao 0.2.5 at 30 sessions: 2.3 %)\n";
    out << "RSS at the end:  " << QString::number(rss, 'f', 1) << " MiB  (target < " << (desktop ? "200" : "150")
        << " MB; ao 0.2.5 at 30 sessions: 300 MiB)\n";
    out << "session kills failed: " << killFailures << Qt::endl;
    return killFailures == 0 ? 0 : 1;
}
