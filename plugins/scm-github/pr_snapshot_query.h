#pragma once

#include "github_endpoint.h"
#include "plugin/scm_plugin.h"

#include <QJsonObject>
#include <QList>

namespace flotilla::github {

// A failing check as the snapshot shows it, with what is needed to fetch its log.
struct FailingCheck
{
    QString name;
    qint64 checkRunId = 0;    // 0 for commit statuses
    QString nodeId;           // the check run's GraphQL id; empty for commit statuses
    qint64 workflowRunId = 0; // 0 when not from GitHub Actions
    qint64 jobId = 0;         // from an Actions details URL
    QString url;
    bool completed = false;
};

// One pull request as read from a snapshot query, plus the facts the poller needs to decide
// what else to fetch.
struct PullRequestFacts
{
    PrSnapshot snapshot;
    QString updatedAt;
    QString mergeableState;   // MERGEABLE, CONFLICTING, UNKNOWN
    QString mergeStateStatus; // CLEAN, BLOCKED, BEHIND, DIRTY, UNKNOWN, …
    int threadCount = 0;
    int unresolvedThreads = 0;
    QList<FailingCheck> failing;
    bool mergeabilityKnown() const { return mergeableState != QStringLiteral("UNKNOWN") && !mergeableState.isEmpty(); }
};

struct SnapshotPolicy
{
    // A mergeable PR whose non-required checks are not all green (UNSTABLE) counts as ready.
    bool unstableIsReady = false;
};

// The aliased query reading many pull requests of one repository at once (p0, p1, …),
// with the rate-limit cost. Comment bodies stay out: they are fetched per PR on change.
QString snapshotQuery(const GithubRepo &repo, const QList<int> &numbers);
// One alias per branch: the most recent PR whose head is that branch, any state.
QString discoveryQuery(const GithubRepo &repo, const QStringList &branches);

// Reads one PullRequest object of the snapshot. Unexpected nulls and missing fields give an
// error naming the field, never a guessed state.
Result<PullRequestFacts> parsePullRequest(const QJsonObject &pullRequest, const SnapshotPolicy &policy);

// Whether a check-run conclusion / status-context state counts as failing, passing, …
CiCheck::Status checkRunStatus(const QString &status, const QString &conclusion);
CiCheck::Status statusContextStatus(const QString &state);

} // namespace flotilla::github
