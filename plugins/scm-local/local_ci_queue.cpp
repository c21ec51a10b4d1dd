#include "local_ci_queue.h"

#include "local_ci_runner.h"
#include "store/local_scm_store.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace flotilla {

LocalCiQueue::LocalCiQueue(LocalScmStore &store, Settings settings, QObject *parent)
    : QObject(parent), m_store(store), m_settings(std::move(settings)), m_runner(std::make_unique<LocalCiRunner>())
{
    connect(m_runner.get(), &LocalCiRunner::finished, this, &LocalCiQueue::onFinished);
}

LocalCiQueue::~LocalCiQueue()
{
    if (m_runner->isRunning())
        m_runner->cancel();
}

void LocalCiQueue::enqueue(int prNumber, const QString &headSha)
{
    if (m_current && m_current->prNumber == prNumber && m_current->headSha == headSha)
        return;
    for (const Pending &waiting : m_waiting) {
        if (waiting.prNumber == prNumber && waiting.headSha == headSha)
            return;
    }
    m_waiting.push_back({prNumber, headSha});
    startNext();
}

void LocalCiQueue::resumeUnfinished()
{
    const auto unfinished = m_store.unfinishedCi();
    if (!unfinished)
        return;
    for (const LocalCiRun &run : unfinished.value()) {
        if (run.projectId == m_settings.projectId)
            enqueue(run.prNumber, run.headSha);
    }
}

void LocalCiQueue::startNext()
{
    if (m_current || m_waiting.empty())
        return;
    const Pending next = m_waiting.front();
    m_waiting.pop_front();

    CiJob job;
    job.originUrl = m_settings.originUrl;
    job.headSha = next.headSha;
    job.command = m_settings.command;
    job.timeoutMs = m_settings.timeoutMs;
    job.logCapBytes = m_settings.logCapBytes;
    job.logPath = u"%1/%2-pr%3-%4.log"_s.arg(m_settings.logFolder, m_settings.projectId)
                      .arg(next.prNumber)
                      .arg(next.headSha.left(12));
    job.workRoot = m_settings.workRoot;
    QDir().mkpath(m_settings.logFolder);
    QDir().mkpath(m_settings.workRoot);
    if (auto started = m_store.ciStarted(m_settings.projectId, next.prNumber, next.headSha, job.logPath); !started) {
        recordFailure(next, started.error().message);
        return;
    }
    m_current = next;
    if (!m_runner->start(job)) {
        m_current.reset();
        recordFailure(next, u"the CI runner is busy"_s);
    }
}

void LocalCiQueue::onFinished(const CiRun &run)
{
    if (!m_current)
        return;
    const Pending done = *m_current;
    m_current.reset();
    LocalCiRun record;
    record.projectId = m_settings.projectId;
    record.prNumber = done.prNumber;
    record.headSha = done.headSha;
    record.status = run.outcome == CiRun::Outcome::Passed ? LocalCiRun::Status::Passed : LocalCiRun::Status::Failed;
    record.reason = run.reason;
    record.excerpt = run.excerpt;
    record.logBytes = run.logBytes;
    record.logTruncated = run.logTruncated;
    (void)m_store.ciFinished(record);
    emit runFinished(done.prNumber, done.headSha);
    startNext();
}

void LocalCiQueue::recordFailure(const Pending &pending, const QString &reason)
{
    LocalCiRun record;
    record.projectId = m_settings.projectId;
    record.prNumber = pending.prNumber;
    record.headSha = pending.headSha;
    record.status = LocalCiRun::Status::Failed;
    record.reason = u"CI could not start: "_s + reason;
    (void)m_store.ciFinished(record);
    emit runFinished(pending.prNumber, pending.headSha);
    startNext();
}

} // namespace flotilla
