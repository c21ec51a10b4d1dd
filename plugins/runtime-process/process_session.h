#pragma once

#include "plugin/await_result.h"
#include "plugin/plugin_common.h"
#include "util/output_ring.h"
#include "util/process_group.h"

#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <deque>
#include <optional>

namespace flotilla {

// One session's program: started in its own process group with its output (stdout and stderr
// together) kept in a ring buffer, fed text on stdin, and stopped gently, then firmly.
// Everything answers through futures and signals; nothing waits for the process.
class ProcessSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProcessSession)

public:
    struct Options
    {
        qsizetype outputBytes = 0;
        std::chrono::milliseconds killAfter{0};
    };

    struct Command
    {
        QString program; // resolved path
        QStringList arguments;
        QString workDir;
        QProcessEnvironment environment;
    };

    ProcessSession(QString id, Options options, QObject *parent = nullptr);
    // Ends the whole group at once (there is no later to wait for): see abandon().
    ~ProcessSession() override;

    // Answers with the program's pid once it runs, or with why it could not start (also
    // signalled by failedToStart()).
    Async<qint64> start(const Command &command);
    // Answers once every byte reached the program's stdin.
    Async<void> send(const QByteArray &bytes);
    // SIGTERM to the group (terminate() on Windows); after `killAfter`, SIGKILL to what is left.
    // Answers once the program has ended and its group is empty or was killed; stopped() is
    // emitted just before. Repeated calls share the answer.
    Async<void> stop();
    // Kills the group now, answers every pending call, and lets go of the process, which
    // deletes itself once its exit is reported. The session is inert afterwards.
    void abandon();

    QString lastLines(int lines) const { return m_output.lastLines(lines); }
    // The program itself runs (and is not merely leaving children behind).
    bool isRunning() const { return m_state == State::Running || (m_state == State::Stopping && leaderRunning()); }
    // Started, running or being stopped: the session id is taken.
    bool isActive() const { return m_state != State::Ended; }

signals:
    void failedToStart();
    void stopped();

private:
    enum class State { Starting, Running, Stopping, Ended };

    struct Write
    {
        qint64 until = 0; // the total of bytes written once this text is through
        PendingResult<void> done;
    };

    void onStarted();
    void onError(QProcess::ProcessError error);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onBytesWritten(qint64 count);
    void readOutput();
    void checkStopped();
    void killGroup();
    void finishStop();
    void failWrites(const Error &error);
    bool leaderRunning() const;
    Error gone(const QString &why) const;

    QString m_id;
    Options m_options;
    QProcess *m_process = nullptr;
    ProcessGroup m_group;
    OutputRing m_output;
    State m_state = State::Ended;
    QString m_program;
    QString m_exit; // how the program ended, for errors
    std::optional<PendingResult<qint64>> m_started;
    std::optional<PendingResult<void>> m_stopped;
    std::deque<Write> m_writes;
    qint64 m_queued = 0;
    qint64 m_flushed = 0;
    bool m_killed = false;
    QTimer m_killTimer;
    QTimer m_groupPoll;
};

} // namespace flotilla
