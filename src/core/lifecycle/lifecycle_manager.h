#pragma once

#include "lifecycle_rules.h"
#include "project_plugins.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

namespace flotilla {

class ReactionEngine;
class SessionStore;

// Drives every project's sessions forward: each cycle it reads all live sessions, asks each
// runtime once for the liveness of all its sessions, each agent for its activity and each
// project's SCM for all its PRs in one batch, then decides every session with the pure
// lifecycle rules, persists what changed (facts and event in one transaction) and hands the
// transitions to the reactions. Only the lifecycle writes lifecycle state.
class LifecycleManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LifecycleManager)

public:
    using PluginLookup = std::function<const ProjectPlugins *(const QString &projectId)>;
    using Clock = std::function<QDateTime()>;

    struct Dependencies
    {
        SessionStore &sessions;
        ReactionEngine &reactions;
        PluginLookup plugins;
        Clock clock;
        LifecyclePolicy policy;
        // Whether a spawn, restore or kill is working on the session right now: its facts are
        // then that operation's to write, and the cycle leaves it for the next one.
        std::function<bool(const QString &sessionId)> busy = {};
    };

    struct CycleStats
    {
        int sessions = 0;
        int transitions = 0;
        int failures = 0; // sessions whose facts could not be stored
    };

    explicit LifecycleManager(Dependencies dependencies, QObject *parent = nullptr);
    ~LifecycleManager() override;

    // Polls now and then every `intervalMs`.
    void start(int intervalMs = 30000);
    // A new interval for a running loop (a reloaded configuration); the next poll follows it.
    void setInterval(int intervalMs);
    void stop();
    // A person's pause (offline, saving the API budget): no cycle runs, not even an asked-for
    // one, until resumed; resuming polls at once when something asked meanwhile or the timer ran.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    // Runs a cycle unless one is running (then one more follows it). Only these sessions when
    // given (webhooks and agent reports check one session at once).
    void pollNow(const QStringList &onlySessions = {});
    bool isPolling() const { return m_polling; }

    // An agent's self-report: kept until the next cycle of that session uses it.
    void recordReport(const QString &sessionId, const AgentReport &report);

    // The pull request of a session as last read (checks with their log excerpts, review
    // comments): for views; the store keeps only the facts that decide the session's state.
    std::optional<PrSnapshot> lastPullRequest(const QString &sessionId) const;

signals:
    void cycleFinished(const flotilla::LifecycleManager::CycleStats &stats);
    void pullRequestRead(const QString &sessionId);
    void pausedChanged(bool paused);
    void sessionChanged(const flotilla::SessionRecord &session);

private:
    bool isBusy(const QString &sessionId) const { return m_deps.busy && m_deps.busy(sessionId); }
    struct Cycle;
    void runCycle(const QStringList &onlySessions);
    void finishCycle(const std::shared_ptr<Cycle> &cycle);
    void applyVerdict(const std::shared_ptr<Cycle> &cycle, const SessionRecord &before, const LifecycleVerdict &verdict,
                      const std::optional<PrSnapshot> &pr, CycleStats &stats);

    void noticeCompletedProjects(const QSet<QString> &liveProjects);

    QHash<QString, PrSnapshot> m_lastPr;
    bool m_paused = false;
    bool m_askedWhilePaused = false;

    Dependencies m_deps;
    std::shared_ptr<Cycle> m_cycle; // the running one
    QTimer m_timer;
    bool m_polling = false;
    bool m_pollAgain = false;
    QStringList m_pendingSessions;
    QHash<QString, SessionEvidence> m_evidence;
    QHash<QString, AgentReport> m_reports;
    QHash<QString, QDateTime> m_infoReadAt; // when each session's summary and cost were last read
    QSet<QString> m_liveProjects;           // as of the last whole-fleet cycle
};

} // namespace flotilla
