#include "rest_routes.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

QJsonArray invalidField(const QString &resource, const QString &field, const QString &code = u"invalid"_s)
{
    return QJsonArray{QJsonObject{{u"resource"_s, resource}, {u"code"_s, code}, {u"field"_s, field}}};
}

bool stateMatches(const QString &filter, const QString &state)
{
    if (filter == u"all"_s)
        return true;
    if (filter == u"closed"_s)
        return state != u"open"_s;
    return state == u"open"_s;
}

} // namespace

FakeResponse RestRoutes::listPulls(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const QString stateFilter =
        request.query.queryItemValue(u"state"_s).isEmpty() ? u"open"_s : request.query.queryItemValue(u"state"_s);
    if (!QStringList{u"open"_s, u"closed"_s, u"all"_s}.contains(stateFilter))
        return FakeResponse::message(422, u"Validation Failed"_s, invalidField(u"PullRequest"_s, u"state"_s));
    const QString head = request.query.queryItemValue(u"head"_s, QUrl::FullyDecoded);
    const QString headOwner = head.contains(u':') ? head.section(u':', 0, 0) : QString();
    const QString headRef = head.contains(u':') ? head.section(u':', 1) : head;
    const QString base = request.query.queryItemValue(u"base"_s, QUrl::FullyDecoded);
    const QString sort =
        request.query.queryItemValue(u"sort"_s).isEmpty() ? u"created"_s : request.query.queryItemValue(u"sort"_s);
    QString direction = request.query.queryItemValue(u"direction"_s);
    if (direction.isEmpty())
        direction = sort == u"created"_s ? u"desc"_s : u"asc"_s;

    QList<const GhPullRequest *> pulls;
    for (const auto &pr : m_state.repository(repo)->pulls) {
        if (!stateMatches(stateFilter, pr.state))
            continue;
        if (!headRef.isEmpty()
            && (pr.headRef != headRef || (!headOwner.isEmpty() && headOwner != params.value(u"owner"_s))))
            continue;
        if (!base.isEmpty() && pr.baseRef != base)
            continue;
        pulls << &pr;
    }
    std::stable_sort(pulls.begin(), pulls.end(), [&](const GhPullRequest *a, const GhPullRequest *b) {
        const auto key = [&](const GhPullRequest *pr) { return sort == u"updated"_s ? pr->updatedAt : pr->createdAt; };
        if (key(a) == key(b))
            return direction == u"desc"_s ? a->number > b->number : a->number < b->number;
        return direction == u"desc"_s ? key(a) > key(b) : key(a) < key(b);
    });
    QJsonArray items;
    const RestJson shapes = json();
    for (const GhPullRequest *pr : std::as_const(pulls))
        items << shapes.pullRequest(repo, *pr, false);
    return page(request, items);
}

FakeResponse RestRoutes::getPull(const FakeRequest &, const Params &params)
{
    const QString repo = repoOf(params);
    GhPullRequest *pr = m_state.pullRequest(repo, params.value(u"number"_s).toInt());
    if (!pr)
        return FakeResponse::message(404, u"Not Found"_s);
    const std::optional<bool> mergeable = m_state.readMergeable(*pr);
    return FakeResponse::json(200, json().pullRequest(repo, *pr, true, mergeable));
}

FakeResponse RestRoutes::patchPull(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    if (!m_state.pullRequest(repo, number))
        return FakeResponse::message(404, u"Not Found"_s);
    FakeResponse error;
    const auto body = bodyObject(request, error);
    if (!body)
        return error;
    const QString newState = body->value(u"state"_s).toString();
    if (body->contains(u"state"_s) && newState != u"open"_s && newState != u"closed"_s)
        return FakeResponse::message(422, u"Validation Failed"_s, invalidField(u"PullRequest"_s, u"state"_s));
    if (body->contains(u"title"_s) && body->value(u"title"_s).toString().isEmpty())
        return FakeResponse::message(422, u"Validation Failed"_s,
                                     invalidField(u"PullRequest"_s, u"title"_s, u"missing_field"_s));
    if (newState == u"closed"_s && m_state.pullRequest(repo, number)->state == u"open"_s)
        m_state.closePullRequest(repo, number);
    m_state.updatePullRequest(repo, number, [&](GhPullRequest &pr) {
        if (newState == u"open"_s && pr.state == u"closed"_s) {
            pr.state = u"open"_s;
            pr.closedAt = QDateTime();
        }
        if (body->contains(u"title"_s))
            pr.title = body->value(u"title"_s).toString();
        if (body->contains(u"body"_s))
            pr.body = body->value(u"body"_s).toString();
        if (body->contains(u"base"_s))
            pr.baseRef = body->value(u"base"_s).toString();
    });
    GhPullRequest *pr = m_state.pullRequest(repo, number);
    const std::optional<bool> mergeable = m_state.readMergeable(*pr);
    return FakeResponse::json(200, json().pullRequest(repo, *pr, true, mergeable));
}

FakeResponse RestRoutes::mergePull(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    GhPullRequest *pr = m_state.pullRequest(repo, number);
    if (!pr)
        return FakeResponse::message(404, u"Not Found"_s);
    FakeResponse error;
    const auto body = bodyObject(request, error);
    if (!body)
        return error;
    const QString method = body->value(u"merge_method"_s).toString(u"merge"_s);
    if (!QStringList{u"merge"_s, u"squash"_s, u"rebase"_s}.contains(method))
        return FakeResponse::message(422, u"Validation Failed"_s, invalidField(u"PullRequest"_s, u"merge_method"_s));
    if (pr->state != u"open"_s)
        return FakeResponse::message(405, u"Pull Request is not mergeable"_s);
    if (pr->draft)
        return FakeResponse::message(405, u"Pull Request is still a draft"_s);
    const QString sha = body->value(u"sha"_s).toString();
    if (!sha.isEmpty() && sha != pr->headSha)
        return FakeResponse::message(409, u"Head branch was modified. Review and try the merge again."_s);
    if (pr->mergeable.has_value() && !*pr->mergeable)
        return FakeResponse::message(405, u"Pull Request is not mergeable"_s);
    m_state.mergePullRequest(repo, number);
    pr = m_state.pullRequest(repo, number);
    return FakeResponse::json(200, QJsonObject{{u"sha"_s, pr->mergeCommitSha},
                                               {u"merged"_s, true},
                                               {u"message"_s, u"Pull Request successfully merged"_s}});
}

FakeResponse RestRoutes::deleteRef(const FakeRequest &, const Params &params)
{
    if (!m_state.deleteBranch(repoOf(params), params.value(u"branch"_s)))
        return FakeResponse::message(422, u"Reference does not exist"_s);
    return FakeResponse::empty(204);
}

FakeResponse RestRoutes::listReviews(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const GhPullRequest *pr = m_state.pullRequest(repo, params.value(u"number"_s).toInt());
    if (!pr)
        return FakeResponse::message(404, u"Not Found"_s);
    QJsonArray items;
    const RestJson shapes = json();
    for (const auto &review : pr->reviews)
        items << shapes.review(repo, pr->number, review);
    return page(request, items);
}

FakeResponse RestRoutes::listLineComments(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const GhPullRequest *pr = m_state.pullRequest(repo, params.value(u"number"_s).toInt());
    if (!pr)
        return FakeResponse::message(404, u"Not Found"_s);
    QList<std::pair<qint64, QJsonObject>> comments;
    const RestJson shapes = json();
    for (const auto &thread : pr->threads)
        for (const auto &comment : thread.comments)
            comments.append({comment.databaseId, shapes.lineComment(repo, pr->number, thread, comment)});
    std::sort(comments.begin(), comments.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QJsonArray items;
    for (const auto &[id, comment] : std::as_const(comments))
        items << comment;
    return page(request, items);
}

FakeResponse RestRoutes::replyToLineComment(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    if (!m_state.pullRequest(repo, number))
        return FakeResponse::message(404, u"Not Found"_s);
    GhReviewThread *thread = m_state.threadOfComment(repo, number, params.value(u"comment_id"_s).toLongLong());
    if (!thread)
        return FakeResponse::message(404, u"Not Found"_s);
    FakeResponse error;
    const auto body = bodyObject(request, error);
    if (!body)
        return error;
    const QString text = body->value(u"body"_s).toString();
    if (text.isEmpty())
        return FakeResponse::message(422, u"Validation Failed"_s,
                                     invalidField(u"PullRequestReviewComment"_s, u"body"_s, u"missing_field"_s));
    const QString threadId = thread->id;
    const qint64 id = m_state.addThreadReply(threadId, GhActor{m_state.viewerLogin(), false}, text);
    thread = m_state.reviewThread(threadId);
    for (const auto &comment : std::as_const(thread->comments))
        if (comment.databaseId == id)
            return FakeResponse::json(201, json().lineComment(repo, number, *thread, comment));
    return FakeResponse::message(500, u"Server Error"_s);
}

} // namespace flotilla::fakes
