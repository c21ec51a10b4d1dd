#include "fake_github_json.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

// A stable numeric id derived from a name (qHash is seeded differently per process).
qint64 stableId(const QString &seed, qint64 modulo)
{
    const QByteArray digest = QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha1);
    qint64 value = 0;
    for (int i = 0; i < 6; ++i)
        value = (value << 8) | static_cast<unsigned char>(digest.at(i));
    return value % modulo;
}

} // namespace

QJsonValue timeJson(const QDateTime &at)
{
    if (!at.isValid())
        return QJsonValue::Null;
    return at.toUTC().toString(u"yyyy-MM-ddTHH:mm:ssZ"_s);
}

QString checkRunNodeId(const QString &repo, qint64 checkRunId)
{
    const QByteArray key = u"%1:%2"_s.arg(repo).arg(checkRunId).toUtf8();
    return u"CR_kwDO"_s
           + QString::fromLatin1(key.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool parseCheckRunNodeId(const QString &nodeId, QString *repo, qint64 *checkRunId)
{
    if (!nodeId.startsWith(u"CR_kwDO"_s))
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(
        nodeId.mid(7).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QString key = QString::fromUtf8(*decoded);
    const qsizetype colon = key.lastIndexOf(u':');
    bool ok = false;
    *checkRunId = key.mid(colon + 1).toLongLong(&ok);
    *repo = key.left(colon);
    return colon > 0 && ok;
}

QList<GhCheckRun> latestCheckRuns(const QList<GhCheckRun> &runs)
{
    QList<GhCheckRun> out;
    for (const auto &run : runs) {
        auto same = std::find_if(out.begin(), out.end(), [&](const GhCheckRun &r) { return r.name == run.name; });
        if (same == out.end())
            out << run;
        else
            *same = run; // runs are kept in creation order, so a later one is newer
    }
    return out;
}

QList<GhCommitStatus> latestStatuses(const QList<GhCommitStatus> &statuses)
{
    QList<GhCommitStatus> out;
    for (const auto &status : statuses) {
        auto same =
            std::find_if(out.begin(), out.end(), [&](const GhCommitStatus &s) { return s.context == status.context; });
        if (same == out.end())
            out << status;
        else
            *same = status;
    }
    return out;
}

QString checkRunState(const GhCheckRun &run)
{
    if (run.status == u"completed"_s && !run.conclusion.isEmpty())
        return run.conclusion.toUpper();
    return run.status.toUpper();
}

QString rollupState(const QList<GhCheckRun> &runs, const QList<GhCommitStatus> &statuses)
{
    static const QStringList failing{u"failure"_s, u"timed_out"_s, u"startup_failure"_s, u"action_required"_s,
                                     u"cancelled"_s};
    bool failure = false;
    bool error = false;
    bool pending = false;
    for (const auto &run : runs) {
        if (run.status != u"completed"_s)
            pending = true;
        else if (failing.contains(run.conclusion))
            failure = true;
    }
    for (const auto &status : statuses) {
        failure = failure || status.state == u"failure"_s;
        error = error || status.state == u"error"_s;
        pending = pending || status.state == u"pending"_s;
    }
    if (failure)
        return u"FAILURE"_s;
    if (error)
        return u"ERROR"_s;
    return pending ? u"PENDING"_s : u"SUCCESS"_s;
}

QString combinedStatusState(const QList<GhCommitStatus> &statuses)
{
    if (statuses.isEmpty())
        return u"pending"_s;
    bool pending = false;
    for (const auto &status : statuses) {
        if (status.state == u"failure"_s || status.state == u"error"_s)
            return u"failure"_s;
        pending = pending || status.state == u"pending"_s;
    }
    return pending ? u"pending"_s : u"success"_s;
}

QJsonObject RestJson::user(const GhActor &who) const
{
    const qint64 id = stableId(who.login, 100000000);
    return QJsonObject{{u"login"_s, who.login},
                       {u"id"_s, id},
                       {u"node_id"_s, u"U_%1"_s.arg(id)},
                       {u"type"_s, who.bot ? u"Bot"_s : u"User"_s},
                       {u"site_admin"_s, false},
                       {u"url"_s, api(u"/users/"_s + who.login)},
                       {u"html_url"_s, QString(m_state.htmlBase() + u"/"_s + who.login)}};
}

QJsonObject RestJson::repository(const QString &repo) const
{
    const GhRepository *found = m_state.repository(repo);
    return QJsonObject{{u"id"_s, stableId(repo, 100000000)},
                       {u"name"_s, found ? found->name : repo.section(u'/', 1)},
                       {u"full_name"_s, repo},
                       {u"private"_s, false},
                       {u"owner"_s, user(GhActor{repo.section(u'/', 0, 0), false})},
                       {u"html_url"_s, QString(m_state.htmlBase() + u"/"_s + repo)},
                       {u"url"_s, api(u"/repos/"_s + repo)},
                       {u"default_branch"_s, u"main"_s}};
}

QJsonObject RestJson::label(const QString &repo, const QString &name) const
{
    return QJsonObject{
        {u"id"_s, stableId(name, 100000000)},
        {u"name"_s, name},
        {u"color"_s, u"ededed"_s},
        {u"default"_s, false},
        {u"url"_s, api(u"/repos/%1/labels/%2"_s.arg(repo, QString::fromUtf8(QUrl::toPercentEncoding(name))))}};
}

QJsonObject RestJson::pullRequest(const QString &repo, const GhPullRequest &pr, bool full,
                                  const std::optional<bool> &mergeable) const
{
    const QString self = api(u"/repos/%1/pulls/%2"_s.arg(repo).arg(pr.number));
    const QString owner = repo.section(u'/', 0, 0);
    QJsonArray labels;
    for (const QString &name : pr.labels)
        labels << label(repo, name);
    QJsonArray assignees;
    for (const QString &login : pr.assignees)
        assignees << user(GhActor{login, false});
    QJsonObject out{
        {u"url"_s, self},
        {u"id"_s, stableId(repo, 1000000) * 1000 + pr.number},
        {u"node_id"_s, u"PR_kwDO%1"_s.arg(pr.number)},
        {u"html_url"_s, m_state.pullHtmlUrl(repo, pr.number)},
        {u"number"_s, pr.number},
        {u"state"_s, pr.state == u"open"_s ? u"open"_s : u"closed"_s},
        {u"locked"_s, false},
        {u"title"_s, pr.title},
        {u"user"_s, user(pr.author)},
        {u"body"_s, pr.body.isEmpty() ? QJsonValue() : QJsonValue(pr.body)},
        {u"labels"_s, labels},
        {u"assignees"_s, assignees},
        {u"requested_reviewers"_s, QJsonArray{}},
        {u"created_at"_s, timeJson(pr.createdAt)},
        {u"updated_at"_s, timeJson(pr.updatedAt)},
        {u"closed_at"_s, timeJson(pr.closedAt)},
        {u"merged_at"_s, timeJson(pr.mergedAt)},
        {u"merge_commit_sha"_s, pr.mergeCommitSha.isEmpty() ? QJsonValue() : QJsonValue(pr.mergeCommitSha)},
        {u"draft"_s, pr.draft},
        {u"head"_s, QJsonObject{{u"label"_s, QString(owner + u":"_s + pr.headRef)},
                                {u"ref"_s, pr.headRef},
                                {u"sha"_s, pr.headSha},
                                {u"user"_s, user(GhActor{owner, false})},
                                {u"repo"_s, repository(repo)}}},
        {u"base"_s, QJsonObject{{u"label"_s, QString(owner + u":"_s + pr.baseRef)},
                                {u"ref"_s, pr.baseRef},
                                {u"sha"_s, pr.baseSha},
                                {u"user"_s, user(GhActor{owner, false})},
                                {u"repo"_s, repository(repo)}}},
        {u"author_association"_s, u"MEMBER"_s},
    };
    if (!full)
        return out;
    const bool open = pr.state == u"open"_s;
    int reviewComments = 0;
    for (const auto &thread : pr.threads)
        reviewComments += static_cast<int>(thread.comments.size());
    const GhRepository *repository = m_state.repository(repo);
    out.insert(u"merged"_s, pr.state == u"merged"_s);
    out.insert(u"mergeable"_s, mergeable ? QJsonValue(*mergeable) : QJsonValue());
    out.insert(u"rebaseable"_s, mergeable ? QJsonValue(*mergeable) : QJsonValue());
    out.insert(u"mergeable_state"_s, open && !mergeable ? u"unknown"_s : pr.mergeStateStatus.toLower());
    out.insert(u"merged_by"_s,
               pr.state == u"merged"_s ? QJsonValue(user(GhActor{m_state.viewerLogin(), false})) : QJsonValue());
    out.insert(u"comments"_s, repository ? static_cast<int>(repository->conversation.value(pr.number).size()) : 0);
    out.insert(u"review_comments"_s, reviewComments);
    out.insert(u"maintainer_can_modify"_s, false);
    out.insert(u"commits"_s, 1);
    out.insert(u"additions"_s, pr.additions);
    out.insert(u"deletions"_s, pr.deletions);
    out.insert(u"changed_files"_s, pr.changedFiles);
    return out;
}

QJsonObject RestJson::issue(const QString &repo, const GhIssue &item) const
{
    QJsonArray labels;
    for (const QString &name : item.labels)
        labels << label(repo, name);
    QJsonArray assignees;
    for (const QString &login : item.assignees)
        assignees << user(GhActor{login, false});
    const GhRepository *repository = m_state.repository(repo);
    return QJsonObject{
        {u"url"_s, api(u"/repos/%1/issues/%2"_s.arg(repo).arg(item.number))},
        {u"id"_s, stableId(repo, 1000000) * 1000 + item.number},
        {u"node_id"_s, u"I_kwDO%1"_s.arg(item.number)},
        {u"html_url"_s, u"%1/%2/issues/%3"_s.arg(m_state.htmlBase(), repo).arg(item.number)},
        {u"number"_s, item.number},
        {u"title"_s, item.title},
        {u"body"_s, item.body.isEmpty() ? QJsonValue() : QJsonValue(item.body)},
        {u"user"_s, user(item.author)},
        {u"state"_s, item.state},
        {u"state_reason"_s, item.stateReason.isEmpty() ? QJsonValue() : QJsonValue(item.stateReason)},
        {u"labels"_s, labels},
        {u"assignee"_s, assignees.isEmpty() ? QJsonValue() : assignees.first()},
        {u"assignees"_s, assignees},
        {u"locked"_s, false},
        {u"comments"_s, repository ? static_cast<int>(repository->conversation.value(item.number).size()) : 0},
        {u"created_at"_s, timeJson(item.createdAt)},
        {u"updated_at"_s, timeJson(item.updatedAt)},
        {u"closed_at"_s, timeJson(item.closedAt)},
        {u"author_association"_s, u"MEMBER"_s},
    };
}

QJsonObject RestJson::pullAsIssue(const QString &repo, const GhPullRequest &pr) const
{
    GhIssue asIssue;
    asIssue.number = pr.number;
    asIssue.title = pr.title;
    asIssue.body = pr.body;
    asIssue.author = pr.author;
    asIssue.state = pr.state == u"open"_s ? u"open"_s : u"closed"_s;
    asIssue.labels = pr.labels;
    asIssue.assignees = pr.assignees;
    asIssue.createdAt = pr.createdAt;
    asIssue.updatedAt = pr.updatedAt;
    asIssue.closedAt = pr.closedAt;
    QJsonObject out = issue(repo, asIssue);
    out.insert(u"html_url"_s, m_state.pullHtmlUrl(repo, pr.number));
    out.insert(u"draft"_s, pr.draft);
    out.insert(u"pull_request"_s,
               QJsonObject{{u"url"_s, api(u"/repos/%1/pulls/%2"_s.arg(repo).arg(pr.number))},
                           {u"html_url"_s, m_state.pullHtmlUrl(repo, pr.number)},
                           {u"diff_url"_s, QString(m_state.pullHtmlUrl(repo, pr.number) + u".diff"_s)},
                           {u"patch_url"_s, QString(m_state.pullHtmlUrl(repo, pr.number) + u".patch"_s)},
                           {u"merged_at"_s, timeJson(pr.mergedAt)}});
    return out;
}

QJsonObject RestJson::issueComment(const QString &repo, int number, const GhIssueComment &comment) const
{
    return QJsonObject{
        {u"id"_s, comment.id},
        {u"node_id"_s, u"IC_kwDO%1"_s.arg(comment.id)},
        {u"url"_s, api(u"/repos/%1/issues/comments/%2"_s.arg(repo).arg(comment.id))},
        {u"html_url"_s, u"%1/%2/issues/%3#issuecomment-%4"_s.arg(m_state.htmlBase(), repo).arg(number).arg(comment.id)},
        {u"issue_url"_s, api(u"/repos/%1/issues/%2"_s.arg(repo).arg(number))},
        {u"user"_s, user(comment.author)},
        {u"body"_s, comment.body},
        {u"created_at"_s, timeJson(comment.createdAt)},
        {u"updated_at"_s, timeJson(comment.updatedAt)},
        {u"author_association"_s, u"MEMBER"_s},
    };
}

QJsonObject RestJson::review(const QString &repo, int number, const GhReview &item) const
{
    return QJsonObject{
        {u"id"_s, item.id},
        {u"node_id"_s, u"PRR_kwDO%1"_s.arg(item.id)},
        {u"user"_s, user(item.author)},
        {u"body"_s, item.body},
        {u"state"_s, item.state},
        {u"html_url"_s, QString(m_state.pullHtmlUrl(repo, number) + u"#pullrequestreview-%1"_s.arg(item.id))},
        {u"pull_request_url"_s, api(u"/repos/%1/pulls/%2"_s.arg(repo).arg(number))},
        {u"submitted_at"_s, timeJson(item.submittedAt)},
        {u"commit_id"_s, item.commitId},
        {u"author_association"_s, u"MEMBER"_s},
    };
}

QJsonObject RestJson::lineComment(const QString &repo, int number, const GhReviewThread &thread,
                                  const GhThreadComment &comment) const
{
    const GhThreadComment &root = thread.comments.first();
    QJsonObject out{
        {u"id"_s, comment.databaseId},
        {u"node_id"_s, u"PRRC_kwDO%1"_s.arg(comment.databaseId)},
        {u"url"_s, api(u"/repos/%1/pulls/comments/%2"_s.arg(repo).arg(comment.databaseId))},
        {u"pull_request_review_id"_s, thread.reviewId},
        {u"path"_s, thread.path},
        {u"line"_s, thread.isOutdated || thread.line <= 0 ? QJsonValue() : QJsonValue(thread.line)},
        {u"original_line"_s, thread.line > 0 ? QJsonValue(thread.line) : QJsonValue()},
        {u"side"_s, u"RIGHT"_s},
        {u"body"_s, comment.body},
        {u"user"_s, user(comment.author)},
        {u"html_url"_s, QString(m_state.pullHtmlUrl(repo, number) + u"#discussion_r%1"_s.arg(comment.databaseId))},
        {u"pull_request_url"_s, api(u"/repos/%1/pulls/%2"_s.arg(repo).arg(number))},
        {u"created_at"_s, timeJson(comment.createdAt)},
        {u"updated_at"_s, timeJson(comment.createdAt)},
        {u"author_association"_s, u"MEMBER"_s},
    };
    if (comment.databaseId != root.databaseId)
        out.insert(u"in_reply_to_id"_s, root.databaseId);
    return out;
}

QJsonObject RestJson::checkRun(const QString &repo, const QString &sha, const GhCheckRun &run) const
{
    const QString details = m_state.detailsUrl(repo, run);
    return QJsonObject{
        {u"id"_s, run.id},
        {u"node_id"_s, checkRunNodeId(repo, run.id)},
        {u"head_sha"_s, sha},
        {u"name"_s, run.name},
        {u"status"_s, run.status},
        {u"conclusion"_s, run.conclusion.isEmpty() ? QJsonValue() : QJsonValue(run.conclusion)},
        {u"url"_s, api(u"/repos/%1/check-runs/%2"_s.arg(repo).arg(run.id))},
        {u"html_url"_s, u"%1/%2/runs/%3"_s.arg(m_state.htmlBase(), repo).arg(run.id)},
        {u"details_url"_s, details.isEmpty() ? QJsonValue() : QJsonValue(details)},
        {u"started_at"_s, timeJson(run.startedAt)},
        {u"completed_at"_s, timeJson(run.completedAt)},
        {u"check_suite"_s, QJsonObject{{u"id"_s, run.checkSuiteId}}},
        {u"app"_s, QJsonObject{{u"slug"_s, run.appSlug},
                               {u"name"_s, run.appSlug == u"github-actions"_s ? u"GitHub Actions"_s : run.appSlug}}},
        {u"output"_s,
         QJsonObject{{u"title"_s, run.outputTitle.isEmpty() ? QJsonValue() : QJsonValue(run.outputTitle)},
                     {u"summary"_s, run.outputSummary.isEmpty() ? QJsonValue() : QJsonValue(run.outputSummary)},
                     {u"text"_s, run.outputText.isEmpty() ? QJsonValue() : QJsonValue(run.outputText)},
                     {u"annotations_count"_s, static_cast<int>(run.annotations.size())},
                     {u"annotations_url"_s, api(u"/repos/%1/check-runs/%2/annotations"_s.arg(repo).arg(run.id))}}},
        {u"pull_requests"_s, QJsonArray{}},
    };
}

QJsonObject RestJson::annotation(const GhAnnotation &item) const
{
    return QJsonObject{{u"path"_s, item.path},
                       {u"start_line"_s, item.startLine},
                       {u"end_line"_s, item.endLine > 0 ? item.endLine : item.startLine},
                       {u"start_column"_s, QJsonValue()},
                       {u"end_column"_s, QJsonValue()},
                       {u"annotation_level"_s, item.level},
                       {u"title"_s, item.title},
                       {u"message"_s, item.message},
                       {u"raw_details"_s, QJsonValue()}};
}

QJsonObject RestJson::commitStatus(const GhCommitStatus &status) const
{
    return QJsonObject{{u"id"_s, status.id},
                       {u"context"_s, status.context},
                       {u"state"_s, status.state},
                       {u"target_url"_s, status.targetUrl.isEmpty() ? QJsonValue() : QJsonValue(status.targetUrl)},
                       {u"description"_s, status.description.isEmpty() ? QJsonValue() : QJsonValue(status.description)},
                       {u"created_at"_s, timeJson(status.createdAt)},
                       {u"updated_at"_s, timeJson(status.createdAt)}};
}

QJsonObject RestJson::workflowRun(const QString &repo, const GhWorkflowRun &run) const
{
    const QString self = api(u"/repos/%1/actions/runs/%2"_s.arg(repo).arg(run.id));
    QDateTime created;
    QDateTime updated;
    for (const auto &item : run.jobs) {
        if (!created.isValid() || (item.startedAt.isValid() && item.startedAt < created))
            created = item.startedAt;
        if (item.completedAt.isValid() && (!updated.isValid() || item.completedAt > updated))
            updated = item.completedAt;
    }
    return QJsonObject{
        {u"id"_s, run.id},
        {u"name"_s, run.name},
        {u"head_sha"_s, run.headSha},
        {u"head_branch"_s, run.headBranch},
        {u"event"_s, run.event},
        {u"status"_s, run.status},
        {u"conclusion"_s, run.conclusion.isEmpty() ? QJsonValue() : QJsonValue(run.conclusion)},
        {u"run_attempt"_s, run.runAttempt},
        {u"run_number"_s, run.runNumber},
        {u"check_suite_id"_s, run.checkSuiteId},
        {u"html_url"_s, u"%1/%2/actions/runs/%3"_s.arg(m_state.htmlBase(), repo).arg(run.id)},
        {u"url"_s, self},
        {u"jobs_url"_s, QString(self + u"/jobs"_s)},
        {u"logs_url"_s, QString(self + u"/logs"_s)},
        {u"created_at"_s, timeJson(created)},
        {u"updated_at"_s, timeJson(updated.isValid() ? updated : created)},
    };
}

QJsonObject RestJson::job(const QString &repo, const GhWorkflowRun &run, const GhJob &item) const
{
    QJsonArray steps;
    for (const auto &step : item.steps)
        steps << QJsonObject{{u"number"_s, step.number},
                             {u"name"_s, step.name},
                             {u"status"_s, step.status},
                             {u"conclusion"_s, step.conclusion.isEmpty() ? QJsonValue() : QJsonValue(step.conclusion)},
                             {u"started_at"_s, timeJson(step.startedAt)},
                             {u"completed_at"_s, timeJson(step.completedAt)}};
    return QJsonObject{
        {u"id"_s, item.id},
        {u"run_id"_s, run.id},
        {u"run_attempt"_s, run.runAttempt},
        {u"head_sha"_s, run.headSha},
        {u"head_branch"_s, run.headBranch},
        {u"name"_s, item.name},
        {u"workflow_name"_s, run.name},
        {u"status"_s, item.status},
        {u"conclusion"_s, item.conclusion.isEmpty() ? QJsonValue() : QJsonValue(item.conclusion)},
        {u"started_at"_s, timeJson(item.startedAt)},
        {u"completed_at"_s, timeJson(item.completedAt)},
        {u"html_url"_s, u"%1/%2/actions/runs/%3/job/%4"_s.arg(m_state.htmlBase(), repo).arg(run.id).arg(item.id)},
        {u"url"_s, api(u"/repos/%1/actions/jobs/%2"_s.arg(repo).arg(item.id))},
        {u"run_url"_s, api(u"/repos/%1/actions/runs/%2"_s.arg(repo).arg(run.id))},
        {u"check_run_url"_s, api(u"/repos/%1/check-runs/%2"_s.arg(repo).arg(item.id))},
        {u"steps"_s, steps},
    };
}

} // namespace flotilla::fakes
