#include "rest_routes.h"

#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

std::optional<QString> RestRoutes::resolveCommit(const QString &repo, const QString &ref) const
{
    static const QRegularExpression fullSha(u"^[0-9a-f]{40}$"_s);
    const GhRepository *repository = m_state.repository(repo);
    if (fullSha.match(ref).hasMatch() || repository->checkRuns.contains(ref) || repository->statuses.contains(ref))
        return ref;
    // A branch name resolves to the newest PR head on it, the way a ref resolves to its tip.
    const GhPullRequest *newest = nullptr;
    for (const auto &pr : repository->pulls)
        if (pr.headRef == ref && (!newest || pr.updatedAt >= newest->updatedAt))
            newest = &pr;
    if (newest)
        return newest->headSha;
    return std::nullopt;
}

FakeResponse RestRoutes::listCheckRuns(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const auto sha = resolveCommit(repo, params.value(u"ref"_s));
    if (!sha)
        return FakeResponse::message(422, u"No commit found for SHA: %1"_s.arg(params.value(u"ref"_s)));
    const QString filter = request.query.queryItemValue(u"filter"_s);
    if (!filter.isEmpty() && filter != u"latest"_s && filter != u"all"_s)
        return FakeResponse::message(
            422, u"Validation Failed"_s,
            QJsonArray{
                QJsonObject{{u"resource"_s, u"CheckRun"_s}, {u"code"_s, u"invalid"_s}, {u"field"_s, u"filter"_s}}});
    QList<GhCheckRun> runs = m_state.repository(repo)->checkRuns.value(*sha);
    if (filter != u"all"_s)
        runs = latestCheckRuns(runs);
    const QString name = request.query.queryItemValue(u"check_name"_s, QUrl::FullyDecoded);
    const QString status = request.query.queryItemValue(u"status"_s);
    QJsonArray items;
    const RestJson shapes = json();
    for (const auto &run : std::as_const(runs)) {
        if ((!name.isEmpty() && run.name != name) || (!status.isEmpty() && run.status != status))
            continue;
        items << shapes.checkRun(repo, *sha, run);
    }
    return pageWrapped(request, items, u"check_runs"_s, QJsonObject{{u"total_count"_s, items.size()}});
}

FakeResponse RestRoutes::combinedStatus(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const auto sha = resolveCommit(repo, params.value(u"ref"_s));
    if (!sha)
        return FakeResponse::message(422, u"No commit found for SHA: %1"_s.arg(params.value(u"ref"_s)));
    const QList<GhCommitStatus> statuses = latestStatuses(m_state.repository(repo)->statuses.value(*sha));
    QJsonArray items;
    const RestJson shapes = json();
    for (const auto &status : statuses)
        items << shapes.commitStatus(status);
    return pageWrapped(
        request, items, u"statuses"_s,
        QJsonObject{{u"state"_s, combinedStatusState(statuses)},
                    {u"sha"_s, *sha},
                    {u"total_count"_s, items.size()},
                    {u"repository"_s, shapes.repository(repo)},
                    {u"commit_url"_s, QString(m_hooks.apiBase + u"/repos/%1/commits/%2"_s.arg(repo, *sha))},
                    {u"url"_s, QString(m_hooks.apiBase + u"/repos/%1/commits/%2/status"_s.arg(repo, *sha))}});
}

FakeResponse RestRoutes::listAnnotations(const FakeRequest &request, const Params &params)
{
    const GhCheckRun *run = m_state.checkRun(repoOf(params), params.value(u"check_run_id"_s).toLongLong());
    if (!run)
        return FakeResponse::message(404, u"Not Found"_s);
    QJsonArray items;
    const RestJson shapes = json();
    for (const auto &annotation : run->annotations)
        items << shapes.annotation(annotation);
    return page(request, items);
}

FakeResponse RestRoutes::listWorkflowRuns(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const QString headSha = request.query.queryItemValue(u"head_sha"_s);
    const QString branch = request.query.queryItemValue(u"branch"_s, QUrl::FullyDecoded);
    const QString status = request.query.queryItemValue(u"status"_s);
    const QString event = request.query.queryItemValue(u"event"_s);
    QList<GhWorkflowRun> runs = m_state.repository(repo)->workflowRuns;
    std::sort(runs.begin(), runs.end(), [](const GhWorkflowRun &a, const GhWorkflowRun &b) { return a.id > b.id; });
    QJsonArray items;
    const RestJson shapes = json();
    for (const auto &run : std::as_const(runs)) {
        if (!headSha.isEmpty() && run.headSha != headSha)
            continue;
        if (!branch.isEmpty() && run.headBranch != branch)
            continue;
        if (!status.isEmpty() && run.status != status && run.conclusion != status)
            continue;
        if (!event.isEmpty() && run.event != event)
            continue;
        items << shapes.workflowRun(repo, run);
    }
    return pageWrapped(request, items, u"workflow_runs"_s, QJsonObject{{u"total_count"_s, items.size()}});
}

FakeResponse RestRoutes::listJobs(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const GhWorkflowRun *run = m_state.workflowRun(repo, params.value(u"run_id"_s).toLongLong());
    if (!run)
        return FakeResponse::message(404, u"Not Found"_s);
    QJsonArray items;
    const RestJson shapes = json();
    for (const auto &item : run->jobs)
        items << shapes.job(repo, *run, item);
    return pageWrapped(request, items, u"jobs"_s, QJsonObject{{u"total_count"_s, items.size()}});
}

FakeResponse RestRoutes::jobLogs(const FakeRequest &, const Params &params)
{
    const QString repo = repoOf(params);
    const qint64 jobId = params.value(u"job_id"_s).toLongLong();
    if (!m_state.job(repo, jobId))
        return FakeResponse::message(404, u"Not Found"_s);
    FakeResponse response = FakeResponse::empty(302);
    response.headers.append({"Location", m_hooks.signLogUrl(repo, jobId).toUtf8()});
    return response;
}

} // namespace flotilla::fakes
