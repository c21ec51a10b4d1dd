#pragma once

#include "fake_github_state.h"

#include <QJsonObject>
#include <QJsonValue>

namespace flotilla::fakes {

// REST shapes of the state's entities, field for field as GitHub's REST API spells them, and the
// CI facts (latest runs, rollup) that REST and GraphQL share.

QJsonValue timeJson(const QDateTime &at); // "2026-01-05T09:00:01Z" or null

// Global node ids of check runs: opaque to clients, but the fake can find the run again.
QString checkRunNodeId(const QString &repo, qint64 checkRunId);
bool parseCheckRunNodeId(const QString &nodeId, QString *repo, qint64 *checkRunId);

QList<GhCheckRun> latestCheckRuns(const QList<GhCheckRun> &runs);            // newest per name
QList<GhCommitStatus> latestStatuses(const QList<GhCommitStatus> &statuses); // newest per context
QString checkRunState(const GhCheckRun &run);                                // CheckRunState enum
QString rollupState(const QList<GhCheckRun> &runs, const QList<GhCommitStatus> &statuses);
QString combinedStatusState(const QList<GhCommitStatus> &statuses); // REST combined state

class RestJson final
{
public:
    RestJson(const FakeGithubState &state, QString apiBase) : m_state(state), m_apiBase(std::move(apiBase)) {}

    QJsonObject user(const GhActor &who) const;
    QJsonObject repository(const QString &repo) const;
    // `full` adds what only GET …/pulls/{n} carries; `mergeable` is the read's answer.
    QJsonObject pullRequest(const QString &repo, const GhPullRequest &pr, bool full,
                            const std::optional<bool> &mergeable = std::nullopt) const;
    QJsonObject issue(const QString &repo, const GhIssue &item) const;
    QJsonObject pullAsIssue(const QString &repo, const GhPullRequest &pr) const;
    QJsonObject issueComment(const QString &repo, int number, const GhIssueComment &comment) const;
    QJsonObject review(const QString &repo, int number, const GhReview &item) const;
    QJsonObject lineComment(const QString &repo, int number, const GhReviewThread &thread,
                            const GhThreadComment &comment) const;
    QJsonObject checkRun(const QString &repo, const QString &sha, const GhCheckRun &run) const;
    QJsonObject annotation(const GhAnnotation &item) const;
    QJsonObject commitStatus(const GhCommitStatus &status) const;
    QJsonObject workflowRun(const QString &repo, const GhWorkflowRun &run) const;
    QJsonObject job(const QString &repo, const GhWorkflowRun &run, const GhJob &item) const;
    QJsonObject label(const QString &repo, const QString &name) const;

private:
    QString api(const QString &path) const { return m_apiBase + path; }

    const FakeGithubState &m_state;
    QString m_apiBase;
};

} // namespace flotilla::fakes
