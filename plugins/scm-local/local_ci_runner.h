#pragma once

#include "ci_job.h"
#include "util/process_group.h"
#include "util/result.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QProcess>
#include <QTimer>

#include <atomic>
#include <memory>

namespace flotilla {

class CiLogSink;

// Runs a project's CI command on one commit, start to end without blocking the thread it lives
// on: a clean checkout of the commit in its own folder (made on a worker thread), the command
// in that folder as the leader of its own process group, its output streamed into a capped log,
// a timeout that stops the whole group, and the checkout removed afterwards (the log stays).
// One run at a time.
class LocalCiRunner final : public QObject
{
    Q_OBJECT

public:
    // How long the command's processes get to end after SIGTERM before they are killed.
    static constexpr int kKillGraceMs = 3000;

    explicit LocalCiRunner(QObject *parent = nullptr);
    ~LocalCiRunner() override;
    Q_DISABLE_COPY_MOVE(LocalCiRunner)

    // Starts a run; finished() follows, once, whatever happens. False (and no signal) while
    // another run is in progress.
    bool start(const CiJob &job);
    // Stops the run at its current step; finished() then reports Outcome::Error.
    void cancel();
    bool isRunning() const { return m_phase != Phase::Idle; }

signals:
    // The checkout is ready and the command has begun.
    void started();
    void finished(flotilla::CiRun result);

private:
    enum class Phase { Idle, CheckingOut, Running, CleaningUp };
    enum class Stop { None, Timeout, Cancel };

    void onCheckedOut();
    void launch();
    void drainOutput();
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void stopCommand();
    void finish(CiRun run);

    CiJob m_job;
    Phase m_phase = Phase::Idle;
    Stop m_stop = Stop::None;
    QElapsedTimer m_clock;
    std::shared_ptr<std::atomic_bool> m_cancelled;
    QFuture<Result<QString>> m_checkout;
    QFutureWatcher<Result<QString>> m_checkoutWatcher;
    QString m_checkoutPath;
    std::unique_ptr<CiLogSink> m_log;
    QProcess *m_process = nullptr;
    ProcessGroup m_group;
    QTimer m_timeout;
    QTimer m_killTimer;
};

} // namespace flotilla
