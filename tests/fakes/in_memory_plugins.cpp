#include "in_memory_plugins.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

Async<RuntimeHandle> Runtime::create(const RuntimeLaunch &launch)
{
    if (!failCreate.isEmpty())
        return failed<RuntimeHandle>(makeError(u"runtime.create"_s, failCreate, launch.sessionId));
    if (hangCreate) {
        auto promise = std::make_shared<QPromise<Result<RuntimeHandle>>>();
        promise->start();
        m_hangingCreates.push_back(promise);
        return promise->future();
    }
    const QString handle = u"mem-"_s + launch.sessionId;
    launched.insert(handle, launch);
    dead.remove(handle);
    return ready(Result<RuntimeHandle>(RuntimeHandle{handle, name(), {}}));
}

Async<void> Runtime::destroy(const RuntimeHandle &handle)
{
    if (!failDestroy.isEmpty())
        return failed<void>(makeError(u"runtime.destroy"_s, failDestroy, handle.id));
    destroyed << handle.id;
    dead.insert(handle.id);
    return readyOk();
}

Async<void> Runtime::sendText(const RuntimeHandle &handle, const QString &text)
{
    if (dead.contains(handle.id) || !launched.contains(handle.id))
        return failed<void>(makeError(u"runtime.gone"_s, u"no such runtime"_s, handle.id));
    if (!failSend.isEmpty())
        return failed<void>(makeError(u"runtime.send"_s, failSend, handle.id));
    received[handle.id] << text;
    return readyOk();
}

Async<QString> Runtime::readOutput(const RuntimeHandle &handle, int lines)
{
    return ready(Result<QString>(received.value(handle.id).mid(-lines).join(u'\n')));
}

Async<QHash<QString, RuntimeProbe>> Runtime::probe(const QList<RuntimeHandle> &handles)
{
    ++probeCalls;
    if (hangProbe) {
        auto promise = std::make_shared<QPromise<Result<QHash<QString, RuntimeProbe>>>>();
        promise->start();
        m_hanging.push_back(promise);
        return promise->future();
    }
    if (!failProbe.isEmpty())
        return failed<QHash<QString, RuntimeProbe>>(makeError(u"runtime.probe"_s, failProbe));
    QHash<QString, RuntimeProbe> result;
    for (const RuntimeHandle &handle : handles) {
        const bool alive = launched.contains(handle.id) && !dead.contains(handle.id);
        result.insert(handle.id, RuntimeProbe{alive, alive, {}, {}});
    }
    return ready(Result<QHash<QString, RuntimeProbe>>(result));
}

QStringList Runtime::attachCommand(const RuntimeHandle &handle) const
{
    return {u"attach"_s, handle.id};
}

Result<AgentLaunch> Agent::launch(const AgentLaunchContext &context) const
{
    AgentLaunch launch;
    launch.command = {u"fake-agent"_s, u"--model"_s, context.model.isEmpty() ? u"default"_s : context.model};
    launch.environment.insert(u"FAKE_AGENT_SESSION"_s, context.session.id);
    launch.promptDelivery = AgentLaunch::PromptDelivery::AfterLaunch;
    launch.prompt = context.prompt;
    return launch;
}

Async<ActivityReading> Agent::readActivity(const SessionRecord &session)
{
    ++activityCalls;
    if (!activity.contains(session.id))
        return failed<ActivityReading>(makeError(u"agent.activity"_s, u"no reading"_s, session.id));
    return ready(Result<ActivityReading>(activity.value(session.id)));
}

Async<AgentSessionInfo> Agent::sessionInfo(const SessionRecord &session)
{
    AgentSessionInfo info;
    info.summary = u"working on "_s + session.displayName;
    return ready(Result<AgentSessionInfo>(info));
}

std::optional<QStringList> Agent::restoreCommand(const SessionRecord &session) const
{
    return QStringList{u"fake-agent"_s, u"--resume"_s, session.id};
}

Async<QHash<QString, PrSnapshot>> Scm::fetchBatch(const QList<PrLookup> &lookups)
{
    ++batchCalls;
    largestBatch = std::max(largestBatch, static_cast<int>(lookups.size()));
    if (!failBatch.isEmpty())
        return failed<QHash<QString, PrSnapshot>>(makeError(u"scm.batch"_s, failBatch));
    QHash<QString, PrSnapshot> found;
    for (const PrLookup &lookup : lookups) {
        // By branch when it is given (the lifecycle's lookups), else by number (claiming a PR).
        auto it = byBranch.constFind(lookup.branch);
        if (lookup.branch.isEmpty()) {
            it = std::find_if(byBranch.cbegin(), byBranch.cend(),
                              [&](const PrSnapshot &pr) { return pr.number == lookup.number; });
        }
        if (it == byBranch.cend())
            continue;
        PrSnapshot snapshot = it.value();
        if (snapshot.headBranch.isEmpty())
            snapshot.headBranch = it.key();
        found.insert(lookup.key, snapshot);
    }
    return ready(Result<QHash<QString, PrSnapshot>>(found));
}

Async<void> Scm::merge(const PrLookup &pr, MergeMethod, const QString &expectedHeadSha)
{
    const PrSnapshot snapshot = byBranch.value(pr.branch);
    if (snapshot.headSha != expectedHeadSha)
        return failed<void>(makeError(u"scm.head_moved"_s, u"the head moved"_s, pr.branch));
    merged << pr.branch + u'@' + expectedHeadSha;
    return readyOk();
}

Async<void> Scm::close(const PrLookup &pr)
{
    byBranch[pr.branch].state = PrState::Closed;
    return readyOk();
}

Async<WorkspaceInfo> Workspace::create(const WorkspaceRequest &request)
{
    created << request;
    return make(request);
}

Async<WorkspaceInfo> Workspace::make(const WorkspaceRequest &request)
{
    if (!failCreate.isEmpty())
        return failed<WorkspaceInfo>(makeError(u"workspace.create"_s, failCreate, request.sessionId));
    const QString path = u"/worktrees/"_s + request.projectId + u'/' + request.sessionId;
    m_paths.insert(path);
    return ready(Result<WorkspaceInfo>(WorkspaceInfo{path, request.branch}));
}

Async<void> Workspace::destroy(const QString &path)
{
    if (!failDestroy.isEmpty())
        return failed<void>(makeError(u"workspace.destroy"_s, failDestroy, path));
    destroyed << path;
    m_paths.remove(path);
    return readyOk();
}

Async<WorkspaceInfo> Workspace::restore(const WorkspaceRequest &request)
{
    restored << request;
    return make(request);
}

Async<Issue> Tracker::getIssue(const QString &issueId)
{
    if (!issues.contains(issueId))
        return failed<Issue>(makeError(u"tracker.not_found"_s, u"no issue "_s + issueId));
    return ready(Result<Issue>(issues.value(issueId)));
}

Async<QList<Issue>> Tracker::listIssues(const IssueQuery &query)
{
    QList<Issue> found;
    for (const Issue &issue : std::as_const(issues)) {
        if (query.state && issue.state != *query.state)
            continue;
        const bool labelled = std::all_of(query.labels.cbegin(), query.labels.cend(),
                                          [&issue](const QString &label) { return issue.labels.contains(label); });
        if (labelled)
            found << issue;
    }
    return ready(Result<QList<Issue>>(found));
}

Async<void> Tracker::updateIssue(const QString &issueId, const IssueUpdate &update)
{
    ++updates;
    if (!failUpdate.isEmpty())
        return failed<void>(makeError(u"tracker.failed"_s, failUpdate));
    if (!issues.contains(issueId))
        return failed<void>(makeError(u"tracker.not_found"_s, u"no issue "_s + issueId));
    Issue &issue = issues[issueId];
    if (update.state)
        issue.state = *update.state;
    for (const QString &label : update.addLabels) {
        if (!issue.labels.contains(label))
            issue.labels << label;
    }
    for (const QString &label : update.removeLabels)
        issue.labels.removeAll(label);
    if (!update.comment.isEmpty())
        comments[issueId] << update.comment;
    return readyOk();
}

Async<Issue> Tracker::createIssue(const Issue &issue)
{
    issues.insert(issue.id, issue);
    return ready(Result<Issue>(issue));
}

QString Tracker::branchName(const Issue &issue) const
{
    return u"feat/issue-"_s + issue.id;
}

QString Tracker::buildPrompt(const Issue &issue) const
{
    return u"Work on issue %1: %2\n\n%3"_s.arg(issue.id, issue.title, issue.description);
}

Async<SpawnContribution> Hook::onSpawn(const SessionRecord &session)
{
    spawned << session.id;
    if (!failSpawn.isEmpty())
        return failed<SpawnContribution>(makeError(u"hook.spawn"_s, failSpawn, session.id));
    SpawnContribution contribution;
    contribution.environment = environment;
    contribution.environmentKeysForAudit = environment.keys();
    contribution.environmentKeysForAudit.sort();
    if (!identity.isEmpty()) {
        contribution.identity = identity;
        contribution.authorName = identity;
        contribution.authorEmail = identity + u"@agents.example"_s;
    }
    return ready(Result<SpawnContribution>(contribution));
}

} // namespace flotilla::fakes
