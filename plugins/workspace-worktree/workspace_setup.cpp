#include "workspace_setup.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <algorithm>
#include <filesystem>
#include <system_error>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qsizetype kOutputTail = 4096;

std::filesystem::path nativePath(const QString &path)
{
    return std::filesystem::path(QDir::toNativeSeparators(path).toStdU16String());
}

QString tail(const QByteArray &output)
{
    const QByteArray end = output.size() > kOutputTail ? output.right(kOutputTail) : output;
    return QString::fromUtf8(end).trimmed();
}

struct CommandRun
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QByteArray output;
};

// Blocking waits are fine here: this runs on a QtConcurrent worker, never the event loop's thread.
CommandRun runCommand(const QString &command, const QString &workspace, QFile &log, std::chrono::milliseconds timeout)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(workspace);
#ifdef Q_OS_WIN
    process.setProgram(u"cmd.exe"_s);
    process.setNativeArguments(u"/c "_s + command);
#else
    process.setProgram(u"/bin/sh"_s);
    process.setArguments({u"-c"_s, command});
    // Its own process group, so a timeout also stops whatever the command started.
    process.setChildProcessModifier([] { ::setpgid(0, 0); });
#endif
    CommandRun run;
    process.start();
    if (!process.waitForStarted()) {
        run.output = process.errorString().toUtf8();
        return run;
    }
    run.started = true;
    QElapsedTimer clock;
    clock.start();
    const auto collect = [&] {
        const QByteArray chunk = process.readAll();
        log.write(chunk);
        run.output.append(chunk);
        if (run.output.size() > 2 * kOutputTail)
            run.output = run.output.right(kOutputTail);
    };
    while (process.state() != QProcess::NotRunning) {
        const qint64 left = timeout.count() - clock.elapsed();
        if (left <= 0) {
            run.timedOut = true;
#ifdef Q_OS_UNIX
            // Never with 0 or less: kill(0) or kill(-1) would hit this program's own group or everything.
            if (const qint64 pid = process.processId(); pid > 0)
                ::kill(-static_cast<pid_t>(pid), SIGKILL);
#endif
            process.kill();
            process.waitForFinished(5000);
            break;
        }
        process.waitForReadyRead(static_cast<int>(std::min<qint64>(left, 200)));
        collect();
    }
    collect();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

} // namespace

Result<void> WorkspaceSetup::checkSymlinks(const QStringList &symlinks)
{
    for (const QString &entry : symlinks) {
        const QString path = QDir::fromNativeSeparators(entry);
        if (path.isEmpty())
            return makeError(u"workspace.invalid_symlink"_s, u"an entry of symlinks is empty"_s);
        if (QDir::isAbsolutePath(path) || path.startsWith(u'/'))
            return makeError(u"workspace.invalid_symlink"_s,
                             u"symlinks entry \"%1\" is absolute; give a path relative to the repository"_s.arg(entry));
        if (path.split(u'/').contains(u".."_s))
            return makeError(
                u"workspace.invalid_symlink"_s,
                u"symlinks entry \"%1\" contains \"..\"; only paths inside the repository can be linked"_s.arg(entry));
    }
    return {};
}

Result<void> WorkspaceSetup::applySymlinks(const QStringList &symlinks, const QString &repository,
                                           const QString &workspace)
{
    if (auto valid = checkSymlinks(symlinks); !valid)
        return valid;
    for (const QString &entry : symlinks) {
        const QString relative = QDir::cleanPath(QDir::fromNativeSeparators(entry));
        const QString source = QDir::cleanPath(repository + u'/' + relative);
        const QString target = QDir::cleanPath(workspace + u'/' + relative);
        const QFileInfo sourceInfo(source);
        // A missing source is skipped, as the reference tool does: projects list files such as
        // .env that not every checkout has yet, and a session without them is still useful.
        if (!sourceInfo.exists())
            continue;
        std::error_code failure;
        const std::filesystem::path targetPath = nativePath(target);
        // Reports "not found" through the error code too, which is the normal case here.
        std::error_code absent;
        if (std::filesystem::symlink_status(targetPath, absent).type() != std::filesystem::file_type::not_found)
            std::filesystem::remove_all(targetPath, failure); // does not follow links
        if (!failure)
            std::filesystem::create_directories(targetPath.parent_path(), failure);
        if (!failure) {
            if (sourceInfo.isDir())
                std::filesystem::create_directory_symlink(nativePath(source), targetPath, failure);
            else
                std::filesystem::create_symlink(nativePath(source), targetPath, failure);
        }
        if (failure)
            return makeError(
                u"workspace.symlink_failed"_s,
                u"cannot link %1 into the workspace: %2"_s.arg(entry, QString::fromStdString(failure.message())),
                target);
    }
    return {};
}

Result<void> WorkspaceSetup::runPostCreate(const QStringList &commands, const QString &workspace,
                                           const QString &logFile, std::chrono::milliseconds timeout)
{
    if (commands.isEmpty())
        return {};
    QFile log(logFile);
    if (!log.open(QIODevice::WriteOnly | QIODevice::Append))
        return makeError(u"workspace.post_create_failed"_s,
                         u"cannot write the postCreate log: %1"_s.arg(log.errorString()), logFile);
    for (const QString &command : commands) {
        log.write("$ " + command.toUtf8() + '\n');
        const CommandRun run = runCommand(command, workspace, log, timeout);
        if (run.started && !run.timedOut && run.exitCode == 0)
            continue;
        QString what;
        if (!run.started)
            what = u"could not be started"_s;
        else if (run.timedOut)
            what = u"did not finish within %1 s and was stopped (exit code %2)"_s.arg(timeout.count() / 1000.0)
                       .arg(run.exitCode);
        else
            what = u"failed with exit code %1"_s.arg(run.exitCode);
        const QString output = tail(run.output);
        return makeError(u"workspace.post_create_failed"_s,
                         u"postCreate command \"%1\" %2%3"_s.arg(
                             command, what, output.isEmpty() ? QString() : u"; output:\n"_s + output),
                         workspace);
    }
    return {};
}

} // namespace flotilla
