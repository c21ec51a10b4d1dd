#include "local_ci_runner.h"

#include "ci_checkout.h"
#include "ci_duration.h"
#include "ci_log_excerpt.h"
#include "ci_log_sink.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qint64 kReadChunk = 64 * 1024;

CiRun errorRun(const QString &reason)
{
    CiRun run;
    run.outcome = CiRun::Outcome::Error;
    run.reason = reason;
    return run;
}

QString cancelledReason()
{
    return u"the run was cancelled"_s;
}

void removeCheckoutInBackground(const QString &path)
{
    if (!path.isEmpty())
        static_cast<void>(QtConcurrent::run([path] { QDir(path).removeRecursively(); })); // nobody waits for it
}

} // namespace

LocalCiRunner::LocalCiRunner(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_killTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early, which would stop a command inside its limit.
    m_timeout.setTimerType(Qt::PreciseTimer);
    m_killTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_stop = Stop::Timeout;
        stopCommand();
    });
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (!m_group.kill() && m_process)
            m_process->kill();
    });
    connect(&m_checkoutWatcher, &QFutureWatcherBase::finished, this, &LocalCiRunner::onCheckedOut);
}

LocalCiRunner::~LocalCiRunner()
{
    switch (m_phase) {
    case Phase::CheckingOut:
        // The worker cannot be waited for here (it may be on the network); whatever it makes is
        // removed when it is done.
        m_cancelled->store(true);
        m_checkout.then(QtFuture::Launch::Async, [](const Result<QString> &checkout) {
            if (checkout)
                QDir(checkout.value()).removeRecursively();
        });
        break;
    case Phase::Running: {
        // The killed command is reaped from the event loop rather than waited for here; its
        // checkout goes once it has ended.
        m_process->disconnect(this);
        m_process->setParent(nullptr);
        if (!m_group.kill())
            m_process->kill();
        QProcess *process = m_process;
        connect(process, &QProcess::finished, process, [process, checkout = m_checkoutPath] {
            removeCheckoutInBackground(checkout);
            process->deleteLater();
        });
        m_log->close();
        break;
    }
    case Phase::Idle:
    case Phase::CleaningUp:
        break;
    }
}

bool LocalCiRunner::start(const CiJob &job)
{
    if (m_phase != Phase::Idle)
        return false;
    m_job = job;
    m_phase = Phase::CheckingOut;
    m_stop = Stop::None;
    m_checkoutPath.clear();
    m_log.reset();
    m_clock.start();
    m_cancelled = std::make_shared<std::atomic_bool>(false);
    m_checkout = QtConcurrent::run([job, cancelled = m_cancelled] {
        return createCiCheckout(job.originUrl, job.headSha, job.workRoot, *cancelled);
    });
    m_checkoutWatcher.setFuture(m_checkout);
    return true;
}

void LocalCiRunner::cancel()
{
    if (m_phase == Phase::Idle || m_phase == Phase::CleaningUp || m_stop != Stop::None)
        return;
    m_stop = Stop::Cancel;
    m_cancelled->store(true);
    if (m_phase == Phase::Running)
        stopCommand();
}

void LocalCiRunner::onCheckedOut()
{
    const Result<QString> checkout = m_checkout.result();
    if (!checkout) {
        finish(errorRun(checkout.error().code == u"ci.cancelled"_s ? cancelledReason() : checkout.error().message));
        return;
    }
    m_checkoutPath = checkout.value();
    if (m_stop == Stop::Cancel) {
        finish(errorRun(cancelledReason()));
        return;
    }
    m_log = std::make_unique<CiLogSink>(m_job.logCapBytes);
    if (auto opened = m_log->open(m_job.logPath); !opened) {
        m_log.reset();
        finish(errorRun(opened.error().message));
        return;
    }
    launch();
}

void LocalCiRunner::launch()
{
    m_phase = Phase::Running;
    m_process = new QProcess(this);
    m_process->setWorkingDirectory(m_checkoutPath);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardInputFile(QProcess::nullDevice());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CI"_s, u"true"_s);
    environment.insert(u"FLOTILLA_CI"_s, u"1"_s);
    m_process->setProcessEnvironment(environment);
#if defined(Q_OS_WIN)
    // cmd takes the rest of its command line as is; /s with the outer quotes keeps the
    // command's own quotes intact.
    m_process->setProgram(u"cmd.exe"_s);
    m_process->setNativeArguments(u"/d /s /c \"%1\""_s.arg(m_job.command));
#else
    m_process->setProgram(u"/bin/sh"_s);
    m_process->setArguments({u"-c"_s, m_job.command});
#endif
    ProcessGroup::isolate(*m_process);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &LocalCiRunner::drainOutput);
    connect(m_process, &QProcess::finished, this, &LocalCiRunner::onProcessFinished);
    connect(m_process, &QProcess::errorOccurred, this, &LocalCiRunner::onProcessError);
    connect(m_process, &QProcess::started, this, [this] {
        m_group.adopt(m_process->processId());
        if (m_job.timeoutMs > 0)
            m_timeout.start(std::chrono::milliseconds(m_job.timeoutMs));
        emit started();
    });
    m_process->start();
}

void LocalCiRunner::drainOutput()
{
    // In chunks, so a burst of output is never copied into one large buffer.
    while (m_process->bytesAvailable() > 0)
        m_log->append(m_process->read(kReadChunk));
}

void LocalCiRunner::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    drainOutput();
    m_timeout.stop();
    m_killTimer.stop();
    // Whatever the command left running in the background (a server, a `sleep &`) ends with
    // the run, so nothing of it outlives its checkout.
    m_group.kill();

    CiRun run;
    if (m_stop == Stop::Timeout) {
        run.outcome = CiRun::Outcome::TimedOut;
        run.reason = u"the command ran longer than %1 and was stopped"_s.arg(describeCiDuration(m_job.timeoutMs));
    } else if (m_stop == Stop::Cancel) {
        run = errorRun(cancelledReason());
    } else if (status == QProcess::CrashExit) {
        run.outcome = CiRun::Outcome::Failed;
        run.reason = u"the command was ended by a signal"_s;
    } else {
        run.outcome = exitCode == 0 ? CiRun::Outcome::Passed : CiRun::Outcome::Failed;
        run.exitCode = exitCode;
        run.reason = u"exit code %1"_s.arg(exitCode);
    }
    finish(std::move(run));
}

void LocalCiRunner::onProcessError(QProcess::ProcessError error)
{
    // Every other error is followed by finished().
    if (error != QProcess::FailedToStart)
        return;
    finish(errorRun(u"the command could not be started: %1"_s.arg(m_process->errorString())));
}

void LocalCiRunner::stopCommand()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    if (!m_group.terminate())
        m_process->kill(); // the group cannot be signalled here: end at least the command
    m_killTimer.start(kKillGraceMs);
}

void LocalCiRunner::finish(CiRun run)
{
    m_timeout.stop();
    m_killTimer.stop();
    if (m_process) {
        m_process->disconnect(this);
        // Called from the process's own signals: it goes once they return.
        m_process->deleteLater();
        m_process = nullptr;
    }
    if (m_log) {
        m_log->close();
        run.logBytes = m_log->totalBytes();
        run.logTruncated = m_log->truncated();
        if (!m_log->writeError().isEmpty())
            run.reason += u"; the log is incomplete: %1"_s.arg(m_log->writeError());
        if (run.outcome == CiRun::Outcome::Failed || run.outcome == CiRun::Outcome::TimedOut)
            run.excerpt = CiLogExcerpt::extract(m_log->tailText());
        m_log.reset();
    }
    m_phase = Phase::CleaningUp;
    const QString checkout = std::exchange(m_checkoutPath, QString());
    QtConcurrent::run([checkout] {
        if (!checkout.isEmpty())
            QDir(checkout).removeRecursively();
    }).then(this, [this, run = std::move(run)]() mutable {
        m_phase = Phase::Idle;
        run.durationMs = m_clock.elapsed();
        emit finished(run);
    });
}

} // namespace flotilla
