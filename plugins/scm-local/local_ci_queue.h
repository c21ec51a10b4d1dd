#pragma once

#include "ci_job.h"

#include <QObject>
#include <QString>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace flotilla {

class LocalCiRunner;
class LocalScmStore;

// The CI runs of one project, one after another: a CI command usually builds and tests the
// whole project and two at once on a laptop only make both slower. Each run's state lives in
// the store (pending → running → passed/failed), so the lifecycle reads it from there and a run
// interrupted by a restart is run again.
class LocalCiQueue final : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString projectId;
        QString originUrl;
        QString command;
        qint64 timeoutMs = 0;
        qint64 logCapBytes = 5 * 1024 * 1024;
        QString logFolder;
        QString workRoot;
    };

    LocalCiQueue(LocalScmStore &store, Settings settings, QObject *parent = nullptr);
    ~LocalCiQueue() override;
    Q_DISABLE_COPY_MOVE(LocalCiQueue)

    // Runs the command on `headSha` of pull request `prNumber` once its turn comes; a head
    // already run or queued is not run again.
    void enqueue(int prNumber, const QString &headSha);
    // Queues what the store still lists as pending or running for this project.
    void resumeUnfinished();

signals:
    // A run ended and its result is in the store.
    void runFinished(int prNumber, const QString &headSha);

private:
    struct Pending
    {
        int prNumber;
        QString headSha;
    };

    void startNext();
    void onFinished(const CiRun &run);
    void recordFailure(const Pending &pending, const QString &reason);

    LocalScmStore &m_store;
    Settings m_settings;
    std::unique_ptr<LocalCiRunner> m_runner;
    std::deque<Pending> m_waiting;
    std::optional<Pending> m_current;
};

} // namespace flotilla
