#pragma once

#include "plugin/agent_plugin.h"
#include "plugin/lifecycle_plugin.h"
#include "plugin/runtime_plugin.h"
#include "plugin/scm_plugin.h"
#include "plugin/tracker_plugin.h"
#include "plugin/workspace_plugin.h"

#include <QHash>
#include <QPromise>

#include <memory>

// In-memory stand-ins for the plugin slots, so the lifecycle, the reactions and the session
// manager can be driven through every rule without processes or network. Each records what
// it was asked and answers what the test told it to.
namespace flotilla::fakes {

class Runtime final : public RuntimePlugin
{
public:
    QString name() const override { return QStringLiteral("memory"); }

    Async<RuntimeHandle> create(const RuntimeLaunch &launch) override;
    Async<void> destroy(const RuntimeHandle &handle) override;
    Async<void> sendText(const RuntimeHandle &handle, const QString &text) override;
    Async<QString> readOutput(const RuntimeHandle &handle, int lines) override;
    Async<QHash<QString, RuntimeProbe>> probe(const QList<RuntimeHandle> &handles) override;
    QStringList attachCommand(const RuntimeHandle &handle) const override;
    Availability detect() const override { return availability; }

    Availability availability = Availability::ok(); // what detect() says (a missing binary)
    QHash<QString, RuntimeLaunch> launched;         // by handle id
    QHash<QString, QStringList> received;           // text sent, by handle id
    QSet<QString> dead;                             // handles whose runtime is gone
    QString failCreate;                             // non-empty: create fails with this message
    QString failProbe;                              // non-empty: probes fail with this message
    bool hangProbe = false;                         // probes never answer
    bool hangCreate = false;                        // create never answers
    QString failSend;                               // non-empty: sendText fails with this message
    QString failDestroy;                            // non-empty: destroy fails with this message
    int probeCalls = 0;
    QStringList destroyed;

private:
    std::vector<std::shared_ptr<QPromise<Result<QHash<QString, RuntimeProbe>>>>> m_hanging;
    std::vector<std::shared_ptr<QPromise<Result<RuntimeHandle>>>> m_hangingCreates;
};

class Agent final : public AgentPlugin
{
public:
    QString name() const override { return QStringLiteral("fake-agent"); }
    QString processName() const override { return QStringLiteral("fake-agent"); }
    Result<AgentLaunch> launch(const AgentLaunchContext &context) const override;
    Async<ActivityReading> readActivity(const SessionRecord &session) override;
    Async<AgentSessionInfo> sessionInfo(const SessionRecord &session) override;
    std::optional<QStringList> restoreCommand(const SessionRecord &session) const override;

    QHash<QString, ActivityReading> activity; // by session id
    int activityCalls = 0;
};

class Scm final : public ScmPlugin
{
public:
    QString name() const override { return QStringLiteral("memory-scm"); }
    Async<QHash<QString, PrSnapshot>> fetchBatch(const QList<PrLookup> &lookups) override;
    Async<void> merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha) override;
    Async<void> close(const PrLookup &pr) override;

    QHash<QString, PrSnapshot> byBranch;
    QString failBatch;
    int batchCalls = 0;
    int largestBatch = 0;
    QStringList merged; // "branch@sha"
};

class Workspace final : public WorkspacePlugin
{
public:
    QString name() const override { return QStringLiteral("memory-workspace"); }
    Async<WorkspaceInfo> create(const WorkspaceRequest &request) override;
    Async<void> destroy(const QString &path) override;
    bool exists(const QString &path) const override { return m_paths.contains(path); }
    Async<WorkspaceInfo> restore(const WorkspaceRequest &request) override;

    QString failCreate;
    QString failDestroy;
    QStringList destroyed;
    QList<WorkspaceRequest> created;  // every create, in order
    QList<WorkspaceRequest> restored; // every restore, in order

    void vanish(const QString &path) { m_paths.remove(path); } // someone deleted the folder

private:
    Async<WorkspaceInfo> make(const WorkspaceRequest &request);
    QSet<QString> m_paths;
};

class Tracker final : public TrackerPlugin
{
public:
    QString name() const override { return QStringLiteral("memory-tracker"); }
    Async<Issue> getIssue(const QString &issueId) override;
    Async<QList<Issue>> listIssues(const IssueQuery &query) override;
    Async<void> updateIssue(const QString &issueId, const IssueUpdate &update) override;
    Async<Issue> createIssue(const Issue &issue) override;
    QString branchName(const Issue &issue) const override;
    QString buildPrompt(const Issue &issue) const override;

    QHash<QString, Issue> issues;
    QHash<QString, QStringList> comments; // by issue id, oldest first
    QString failUpdate;                   // non-empty: updateIssue fails with this message
    int updates = 0;                      // updateIssue calls
};

// A lifecycle hook adding environment and a commit identity, like a secrets or identity plugin.
class Hook final : public LifecyclePlugin
{
public:
    QString name() const override { return QStringLiteral("memory-hook"); }
    Async<SpawnContribution> onSpawn(const SessionRecord &session) override;
    void onTransition(const SessionRecord &, const QString &, const QString &) override {}
    void onKill(const SessionRecord &session) override { killed << session.id; }

    QHash<QString, QString> environment;
    QString identity;
    QString failSpawn; // non-empty: onSpawn fails with this message
    QStringList spawned;
    QStringList killed;
};

} // namespace flotilla::fakes
