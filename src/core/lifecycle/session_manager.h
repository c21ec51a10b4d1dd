#pragma once

#include "model/event.h"
#include "project_plugins.h"
#include "session_actions.h"

#include <QDateTime>
#include <QObject>
#include <QSet>

#include <chrono>
#include <functional>
#include <memory>

namespace flotilla {

class EventLog;
class ReactionTrackerStore;
class SessionStore;
struct Config;
struct ProjectConfig;

struct SpawnRequest
{
    QString projectId;
    QString issueId; // tracker id; empty: `prompt` is the whole task
    QString prompt;  // the task without an issue, or extra instructions with one
    QString agent;   // empty: the configuration's choice for the role
    QString model;   // empty: the configuration's
    int claimPr = 0; // work on this open pull request's branch instead of a new one
    SessionKind kind = SessionKind::Worker;
    QString actor = QStringLiteral("user");
};

// What a cleanup found (and, unless it was a dry run, did).
struct CleanupCandidate
{
    QString sessionId;
    QString why; // "PR #12 merged", "issue 42 closed", "runtime gone"
};

// Starts, steers and stops sessions by composing the project's plugins: workspace, agent,
// runtime, tracker, SCM and lifecycle hooks. Spawn and restore are transactional: each step's
// product is recorded, and a failure at any step undoes what the earlier steps created, marks
// the session errored and says which step failed and why. Operations on one session never
// overlap: a second one while the first runs is refused as busy. Every plugin call has a
// deadline, so a hanging plugin fails the operation instead of wedging it.
class SessionManager final : public QObject, public SessionActions
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionManager)

public:
    using PluginLookup = std::function<const ProjectPlugins *(const QString &projectId)>;
    using ConfigSource = std::function<std::shared_ptr<const Config>()>;
    using Router = std::function<QStringList(const QString &projectId, Priority priority)>;
    using Clock = std::function<QDateTime()>;

    struct Dependencies
    {
        SessionStore &sessions;
        EventLog &events;
        ReactionTrackerStore &trackers;
        PluginLookup plugins;
        ConfigSource config;
        Router router; // who hears about failed spawns and kills
        Clock clock;
        std::chrono::milliseconds pluginTimeout = std::chrono::minutes(2);
        // Creating a workspace runs the project's postCreate commands (dependency installs).
        std::chrono::milliseconds workspaceTimeout = std::chrono::minutes(15);
    };

    explicit SessionManager(Dependencies dependencies, QObject *parent = nullptr);
    ~SessionManager() override;

    Async<SessionRecord> spawn(const SpawnRequest &request);
    // Sends text to the agent. A killed or finished session is restored first (not a merged
    // one: that takes an explicit restore).
    Async<void> send(const QString &sessionId, const QString &text, const QString &actor);
    // Stops the runtime and removes the workspace (the branch stays); the session is kept as
    // history. Killing a killed session removes whatever is left and is not an error.
    Async<void> kill(const QString &sessionId, const QString &why, const QString &actor);
    // Brings a finished or killed session back: a missing workspace is re-created from its
    // branch, the agent resumes its own conversation when it can, a merged or closed PR is
    // cleared, and the reactions start counting afresh.
    Async<SessionRecord> restore(const QString &sessionId, const QString &actor);
    // Workers whose PR was merged or closed, whose issue was closed, or whose runtime is gone,
    // and which still hold a runtime or a workspace. `projectId` empty: every project.
    Async<QList<CleanupCandidate>> cleanup(const QString &projectId, bool dryRun, const QString &actor);
    // Makes `prNumber` the session's pull request. A session on another branch must be
    // finished first (it is then restored on the PR's branch). A live session already holding
    // the PR is killed only when `takeOver` is set.
    Async<SessionRecord> claimPr(const QString &sessionId, int prNumber, bool takeOver, const QString &actor);

    // At start-up, before anything spawns: sessions a previous run left half-spawned (it was
    // killed mid-spawn) are marked errored and their workspaces removed. Returns how many.
    int recoverInterruptedSpawns();

    bool isBusy(const QString &sessionId) const { return m_busy.contains(sessionId); }

    // SessionActions, for reactions and answered decisions.
    Async<void> sendToAgent(const SessionRecord &session, const QString &text) override;
    Async<void> kill(const SessionRecord &session, const QString &why) override;
    Async<void> closePullRequest(const SessionRecord &session) override;
    Async<void> merge(const SessionRecord &session, MergeMethod method, const QString &expectedHeadSha) override;

signals:
    // Spawn and restore progress, for views: "workspace", "launch", "runtime", "prompt", …
    void progress(const QString &sessionId, const QString &step);
    void sessionChanged(const flotilla::SessionRecord &session);

private:
    friend class SessionStarter;
    friend class SessionStopper;

    Result<SessionRecord> load(const QString &sessionId) const;
    Result<void> claim(const QString &sessionId);
    void release(const QString &sessionId);
    // Stores the facts with an event (routed per its priority) and announces the change.
    Result<void> save(SessionRecord &session, const Event &event, bool route);
    Event eventFor(const SessionRecord &session, const QString &type, Priority priority, const QString &actor,
                   const QString &message) const;
    Async<void> stop(const QString &sessionId, SessionReason reason, const QString &why, const QString &actor);
    Async<void> deliver(const SessionRecord &session, const QString &text, const QString &actor);

    Dependencies m_deps;
    QSet<QString> m_busy;
};

} // namespace flotilla
