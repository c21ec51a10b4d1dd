#include "pr_snapshot_query.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::github {

namespace {

const QString kPrFacts = uR"(fragment PrFacts on PullRequest {
  number url title state isDraft merged updatedAt
  headRefName headRefOid baseRefName
  mergeable mergeStateStatus reviewDecision
  reviewThreads(first: 100) { totalCount nodes { isResolved } }
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state
    contexts(first: 50) { nodes { __typename
      ... on CheckRun { id databaseId name status conclusion detailsUrl checkSuite { workflowRun { databaseId } } }
      ... on StatusContext { context state targetUrl description } } } } } } }
})"_s;

QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return u'"' + escaped + u'"';
}

QString repositoryField(const GithubRepo &repo)
{
    return u"repository(owner: %1, name: %2)"_s.arg(quoted(repo.owner), quoted(repo.name));
}

qint64 jobIdFromUrl(const QString &url)
{
    static const QRegularExpression job(u"/actions/runs/(\\d+)/jobs?/(\\d+)"_s);
    const auto match = job.match(url);
    return match.hasMatch() ? match.captured(2).toLongLong() : 0;
}

qint64 runIdFromUrl(const QString &url)
{
    static const QRegularExpression run(u"/actions/runs/(\\d+)"_s);
    const auto match = run.match(url);
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

Error fieldError(const QString &field)
{
    return makeError(u"github.unexpected_answer"_s,
                     u"GitHub's answer lacks the pull request's %1 (or it is of the wrong type)"_s.arg(field));
}

} // namespace

QString snapshotQuery(const GithubRepo &repo, const QList<int> &numbers)
{
    QString query = u"query Snapshot {\n"_s;
    for (qsizetype i = 0; i < numbers.size(); ++i)
        query += u"  p%1: %2 { pullRequest(number: %3) { ...PrFacts } }\n"_s.arg(i)
                     .arg(repositoryField(repo))
                     .arg(numbers.at(i));
    query += u"  rateLimit { cost remaining resetAt used limit }\n}\n"_s + kPrFacts;
    return query;
}

QString discoveryQuery(const GithubRepo &repo, const QStringList &branches)
{
    QString query = u"query Discover {\n"_s;
    for (qsizetype i = 0; i < branches.size(); ++i)
        query += u"  b%1: %2 { pullRequests(headRefName: %3, first: 1, states: [OPEN, MERGED, CLOSED], "
                 "orderBy: {field: CREATED_AT, direction: DESC}) { nodes { number } } }\n"_s.arg(i)
                     .arg(repositoryField(repo), quoted(branches.at(i)));
    query += u"  rateLimit { cost remaining resetAt used limit }\n}\n"_s;
    return query;
}

CiCheck::Status checkRunStatus(const QString &status, const QString &conclusion)
{
    const QString s = status.toUpper();
    if (s != u"COMPLETED"_s)
        return s == u"IN_PROGRESS"_s ? CiCheck::Status::Running : CiCheck::Status::Pending;
    const QString c = conclusion.toUpper();
    if (c == u"SUCCESS"_s || c == u"NEUTRAL"_s)
        return CiCheck::Status::Passed;
    if (c == u"SKIPPED"_s || c == u"STALE"_s)
        return CiCheck::Status::Skipped;
    // failure, timed_out, startup_failure, action_required and cancelled (on the head commit a
    // cancelled run is the check's latest word).
    return CiCheck::Status::Failed;
}

CiCheck::Status statusContextStatus(const QString &state)
{
    const QString s = state.toUpper();
    if (s == u"SUCCESS"_s)
        return CiCheck::Status::Passed;
    if (s == u"FAILURE"_s || s == u"ERROR"_s)
        return CiCheck::Status::Failed;
    return CiCheck::Status::Pending;
}

Result<PullRequestFacts> parsePullRequest(const QJsonObject &pr, const SnapshotPolicy &policy)
{
    PullRequestFacts facts;
    PrSnapshot &snapshot = facts.snapshot;
    if (!pr.value(u"number"_s).isDouble())
        return fieldError(u"number"_s);
    snapshot.number = pr.value(u"number"_s).toInt();
    const QString state = pr.value(u"state"_s).toString();
    if (state == u"OPEN"_s)
        snapshot.state = PrState::Open;
    else if (state == u"MERGED"_s || pr.value(u"merged"_s).toBool())
        snapshot.state = PrState::Merged;
    else if (state == u"CLOSED"_s)
        snapshot.state = PrState::Closed;
    else
        return fieldError(u"state"_s);
    snapshot.url = pr.value(u"url"_s).toString();
    snapshot.title = pr.value(u"title"_s).toString();
    snapshot.headSha = pr.value(u"headRefOid"_s).toString();
    snapshot.headBranch = pr.value(u"headRefName"_s).toString();
    snapshot.baseBranch = pr.value(u"baseRefName"_s).toString();
    snapshot.draft = pr.value(u"isDraft"_s).toBool();
    facts.updatedAt = pr.value(u"updatedAt"_s).toString();
    if (snapshot.headSha.isEmpty())
        return fieldError(u"head commit"_s);

    // null reviewDecision: branch protection asks for no review.
    const QString decision = pr.value(u"reviewDecision"_s).toString();
    snapshot.reviewRequired = !decision.isEmpty();
    if (decision == u"APPROVED"_s)
        snapshot.reviewDecision = PrSnapshot::ReviewDecision::Approved;
    else if (decision == u"CHANGES_REQUESTED"_s)
        snapshot.reviewDecision = PrSnapshot::ReviewDecision::ChangesRequested;
    else if (decision == u"REVIEW_REQUIRED"_s)
        snapshot.reviewDecision = PrSnapshot::ReviewDecision::Pending;
    else
        snapshot.reviewDecision = PrSnapshot::ReviewDecision::None;

    facts.mergeableState = pr.value(u"mergeable"_s).toString(u"UNKNOWN"_s);
    facts.mergeStateStatus = pr.value(u"mergeStateStatus"_s).toString(u"UNKNOWN"_s);
    snapshot.hasConflicts = facts.mergeableState == u"CONFLICTING"_s || facts.mergeStateStatus == u"DIRTY"_s;
    snapshot.isBehind = facts.mergeStateStatus == u"BEHIND"_s;
    const bool cleanEnough = facts.mergeStateStatus == u"CLEAN"_s || facts.mergeStateStatus == u"HAS_HOOKS"_s
                             || (policy.unstableIsReady && facts.mergeStateStatus == u"UNSTABLE"_s);
    snapshot.mergeable = facts.mergeableState == u"MERGEABLE"_s && cleanEnough && !snapshot.draft;

    const QJsonObject threads = pr.value(u"reviewThreads"_s).toObject();
    facts.threadCount = threads.value(u"totalCount"_s).toInt();
    for (const QJsonValue &thread : threads.value(u"nodes"_s).toArray()) {
        if (!thread.toObject().value(u"isResolved"_s).toBool())
            ++facts.unresolvedThreads;
    }

    const QJsonArray commits = pr.value(u"commits"_s).toObject().value(u"nodes"_s).toArray();
    const QJsonObject commit =
        commits.isEmpty() ? QJsonObject() : commits.first().toObject().value(u"commit"_s).toObject();
    const QJsonValue rollupValue = commit.value(u"statusCheckRollup"_s);
    if (!rollupValue.isObject()) {
        snapshot.ciStatus = PrSnapshot::CiStatus::None;
        return facts;
    }
    const QJsonObject rollup = rollupValue.toObject();
    bool anyPending = false;
    bool anyFailed = false;
    for (const QJsonValue &entry : rollup.value(u"contexts"_s).toObject().value(u"nodes"_s).toArray()) {
        const QJsonObject node = entry.toObject();
        CiCheck check;
        const QString type = node.value(u"__typename"_s).toString();
        if (type == u"CheckRun"_s) {
            check.name = node.value(u"name"_s).toString();
            check.conclusion = node.value(u"conclusion"_s).toString().toLower();
            check.status = checkRunStatus(node.value(u"status"_s).toString(), node.value(u"conclusion"_s).toString());
            check.url = node.value(u"detailsUrl"_s).toString();
            if (node.value(u"conclusion"_s).toString() == u"STALE"_s)
                continue;
        } else if (type == u"StatusContext"_s) {
            check.name = node.value(u"context"_s).toString();
            check.status = statusContextStatus(node.value(u"state"_s).toString());
            check.conclusion = node.value(u"state"_s).toString().toLower();
            check.url = node.value(u"targetUrl"_s).toString();
        } else {
            continue;
        }
        if (check.status == CiCheck::Status::Failed) {
            anyFailed = true;
            FailingCheck failing;
            failing.name = check.name;
            failing.url = check.url;
            failing.completed = true;
            if (type == u"CheckRun"_s) {
                failing.checkRunId = node.value(u"databaseId"_s).toInteger();
                failing.nodeId = node.value(u"id"_s).toString();
                failing.workflowRunId = node.value(u"checkSuite"_s)
                                            .toObject()
                                            .value(u"workflowRun"_s)
                                            .toObject()
                                            .value(u"databaseId"_s)
                                            .toInteger();
                if (failing.workflowRunId == 0)
                    failing.workflowRunId = runIdFromUrl(check.url);
                failing.jobId = jobIdFromUrl(check.url);
            }
            facts.failing << failing;
        }
        if (check.status == CiCheck::Status::Pending || check.status == CiCheck::Status::Running)
            anyPending = true;
        snapshot.checks << check;
    }
    const QString rollupState = rollup.value(u"state"_s).toString();
    if (anyFailed || rollupState == u"FAILURE"_s || rollupState == u"ERROR"_s)
        snapshot.ciStatus = PrSnapshot::CiStatus::Failing;
    else if (anyPending || rollupState == u"PENDING"_s || rollupState == u"EXPECTED"_s)
        snapshot.ciStatus = PrSnapshot::CiStatus::Pending;
    else if (snapshot.checks.isEmpty() && rollupState.isEmpty())
        snapshot.ciStatus = PrSnapshot::CiStatus::None;
    else
        snapshot.ciStatus = PrSnapshot::CiStatus::Passing;
    return facts;
}

} // namespace flotilla::github
