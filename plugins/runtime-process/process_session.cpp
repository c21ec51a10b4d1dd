#include "process_session.h"

#include <QDir>

#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// How often a stopping session looks whether the rest of its group has gone after the program
// itself ended (there is no notification for processes that are not our children).
constexpr std::chrono::milliseconds kGroupPollInterval{100};

} // namespace

ProcessSession::ProcessSession(QString id, Options options, QObject *parent)
    : QObject(parent), m_id(std::move(id)), m_options(options), m_output(options.outputBytes)
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, &ProcessSession::killGroup);
    m_groupPoll.setInterval(kGroupPollInterval);
    connect(&m_groupPoll, &QTimer::timeout, this, &ProcessSession::checkStopped);
}

ProcessSession::~ProcessSession()
{
    abandon();
}

Async<qint64> ProcessSession::start(const Command &command)
{
    m_program = command.program;
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setProgram(command.program);
    m_process->setArguments(command.arguments);
    if (!command.workDir.isEmpty())
        m_process->setWorkingDirectory(command.workDir);
    // Secrets travel in the environment only, never in the arguments.
    m_process->setProcessEnvironment(command.environment);
    ProcessGroup::isolate(*m_process);
    connect(m_process, &QProcess::started, this, &ProcessSession::onStarted);
    connect(m_process, &QProcess::errorOccurred, this, &ProcessSession::onError);
    connect(m_process, &QProcess::finished, this, &ProcessSession::onFinished);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &ProcessSession::readOutput);
    connect(m_process, &QProcess::bytesWritten, this, &ProcessSession::onBytesWritten);

    m_state = State::Starting;
    m_started.emplace();
    const Async<qint64> answer = m_started->future();
    m_process->start();
    return answer;
}

void ProcessSession::onStarted()
{
    const qint64 pid = m_process->processId();
    m_group.adopt(pid);
    if (m_state != State::Starting)
        return; // stopped while starting: stop() already answered the start
    m_state = State::Running;
    if (auto started = std::exchange(m_started, std::nullopt))
        (*started)(pid);
}

void ProcessSession::onError(QProcess::ProcessError error)
{
    if (error == QProcess::WriteError) {
        failWrites(makeError(
            u"runtime.send_failed"_s,
            u"the program of session %1 no longer reads its input: %2"_s.arg(m_id, m_process->errorString()), m_id));
        return;
    }
    if (error != QProcess::FailedToStart)
        return; // a crash is reported through finished()
    const Error failure =
        makeError(u"runtime.start_failed"_s,
                  u"could not start %1 in %2: %3"_s.arg(QDir::toNativeSeparators(m_program),
                                                        QDir::toNativeSeparators(m_process->workingDirectory().isEmpty()
                                                                                     ? QDir::currentPath()
                                                                                     : m_process->workingDirectory()),
                                                        m_process->errorString()),
                  m_id);
    m_exit = u"did not start"_s;
    if (m_state != State::Stopping) {
        m_state = State::Ended;
        // As with stopped(): the owner lets go first, so the caller finds the id free.
        emit failedToStart();
    }
    if (auto started = std::exchange(m_started, std::nullopt))
        (*started)(failure);
    checkStopped();
}

void ProcessSession::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readOutput();
    m_exit = status == QProcess::CrashExit ? u"was killed or crashed"_s : u"exited with code %1"_s.arg(exitCode);
    failWrites(gone(u"has ended: it %1"_s.arg(m_exit)));
    if (m_state == State::Stopping)
        return checkStopped();
    m_state = State::Ended;
    // Forgets the group if nothing of it is left; what is left waits for stop().
    m_group.isEmpty();
}

void ProcessSession::readOutput()
{
    if (m_process)
        m_output.append(m_process->readAllStandardOutput());
}

Async<void> ProcessSession::send(const QByteArray &bytes)
{
    if (m_state != State::Running) {
        const QString why = m_state == State::Stopping   ? u"is being stopped"_s
                            : m_state == State::Starting ? u"has not started yet"_s
                                                         : u"has ended: it %1"_s.arg(m_exit);
        return failed<void>(gone(why));
    }
    if (bytes.isEmpty())
        return readyOk();
    m_writes.push_back(Write{m_queued + bytes.size(), {}});
    const Async<void> answer = m_writes.back().done.future();
    if (m_process->write(bytes) != bytes.size()) {
        m_writes.pop_back();
        return failed<void>(
            makeError(u"runtime.send_failed"_s,
                      u"could not write to the program of session %1: %2"_s.arg(m_id, m_process->errorString()), m_id));
    }
    m_queued += bytes.size();
    return answer;
}

void ProcessSession::onBytesWritten(qint64 count)
{
    m_flushed += count;
    while (!m_writes.empty() && m_writes.front().until <= m_flushed) {
        const PendingResult<void> done = m_writes.front().done;
        m_writes.pop_front();
        done({});
    }
}

void ProcessSession::failWrites(const Error &error)
{
    auto writes = std::exchange(m_writes, {});
    for (const Write &write : writes)
        write.done(error);
}

Async<void> ProcessSession::stop()
{
    if (m_stopped)
        return m_stopped->future();
    m_stopped.emplace();
    const Async<void> answer = m_stopped->future();
    m_state = State::Stopping;
    if (auto started = std::exchange(m_started, std::nullopt))
        (*started)(
            makeError(u"runtime.stopped"_s, u"session %1 was stopped before its program started"_s.arg(m_id), m_id));
    if (!leaderRunning() && m_group.isEmpty()) {
        finishStop();
        return answer;
    }
    if (!m_group.terminate() && leaderRunning())
        m_process->terminate();
    m_killTimer.start(m_options.killAfter);
    checkStopped();
    return answer;
}

void ProcessSession::checkStopped()
{
    if (m_state != State::Stopping || leaderRunning())
        return;
    if (m_killed || m_group.isEmpty())
        return finishStop();
    if (!m_groupPoll.isActive())
        m_groupPoll.start();
}

void ProcessSession::killGroup()
{
    m_killed = true;
    if (!m_group.kill() && leaderRunning())
        m_process->kill();
    checkStopped();
}

void ProcessSession::finishStop()
{
    m_killTimer.stop();
    m_groupPoll.stop();
    m_state = State::Ended;
    // Empty or killed: nothing of the group is left to signal, and its id may be reused.
    m_group = ProcessGroup();
    // The owner lets go of the session first, so whoever is told it has stopped finds the id free.
    emit stopped();
    if (auto done = std::exchange(m_stopped, std::nullopt))
        (*done)({});
}

void ProcessSession::abandon()
{
    m_killTimer.stop();
    m_groupPoll.stop();
    m_group.kill();
    const Error shutDown = gone(u"was ended because the process runtime shut down"_s);
    failWrites(shutDown);
    if (auto started = std::exchange(m_started, std::nullopt))
        (*started)(shutDown);
    if (auto done = std::exchange(m_stopped, std::nullopt))
        (*done)({});
    m_state = State::Ended;
    if (!m_process)
        return;
    QProcess *process = std::exchange(m_process, nullptr);
    process->disconnect(this);
    process->setParent(nullptr);
    if (process->state() == QProcess::NotRunning) {
        process->deleteLater();
        return;
    }
    // The process is reaped and deleted once its exit is reported, so letting go never blocks.
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    process->kill();
}

bool ProcessSession::leaderRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

Error ProcessSession::gone(const QString &why) const
{
    return makeError(u"runtime.gone"_s, u"the program of session %1 %2"_s.arg(m_id, why), m_id);
}

} // namespace flotilla
