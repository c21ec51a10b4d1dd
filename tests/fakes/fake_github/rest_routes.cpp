#include "rest_routes.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

const QString kDocs = u"https://docs.github.com/rest"_s;

} // namespace

FakeResponse FakeResponse::json(int status, const QJsonValue &value)
{
    FakeResponse response;
    response.status = status;
    response.body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                    : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return response;
}

FakeResponse FakeResponse::message(int status, const QString &text, const QJsonArray &errors)
{
    QJsonObject body{{u"message"_s, text}, {u"documentation_url"_s, kDocs}};
    if (!errors.isEmpty())
        body.insert(u"errors"_s, errors);
    return json(status, body);
}

FakeResponse FakeResponse::empty(int status)
{
    FakeResponse response;
    response.status = status;
    response.contentType.clear();
    return response;
}

RestRoutes::RestRoutes(FakeGithubState &state, Hooks hooks) : m_state(state), m_hooks(std::move(hooks))
{
    const QString repo = u"/repos/{owner}/{repo}"_s;
    add("GET", u"/user"_s, &RestRoutes::getUser);
    add("GET", u"/rate_limit"_s, &RestRoutes::getRateLimit);
    add("GET", repo + u"/pulls"_s, &RestRoutes::listPulls);
    add("GET", repo + u"/pulls/{number}"_s, &RestRoutes::getPull);
    add("PATCH", repo + u"/pulls/{number}"_s, &RestRoutes::patchPull);
    add("PUT", repo + u"/pulls/{number}/merge"_s, &RestRoutes::mergePull);
    add("GET", repo + u"/pulls/{number}/reviews"_s, &RestRoutes::listReviews);
    add("GET", repo + u"/pulls/{number}/comments"_s, &RestRoutes::listLineComments);
    add("POST", repo + u"/pulls/{number}/comments/{comment_id}/replies"_s, &RestRoutes::replyToLineComment);
    add("DELETE", repo + u"/git/refs/heads/{branch+}"_s, &RestRoutes::deleteRef);
    add("GET", repo + u"/commits/{ref}/check-runs"_s, &RestRoutes::listCheckRuns);
    add("GET", repo + u"/commits/{ref}/status"_s, &RestRoutes::combinedStatus);
    add("GET", repo + u"/check-runs/{check_run_id}/annotations"_s, &RestRoutes::listAnnotations);
    add("GET", repo + u"/actions/runs"_s, &RestRoutes::listWorkflowRuns);
    add("GET", repo + u"/actions/runs/{run_id}/jobs"_s, &RestRoutes::listJobs);
    add("GET", repo + u"/actions/jobs/{job_id}/logs"_s, &RestRoutes::jobLogs);
    add("GET", repo + u"/issues"_s, &RestRoutes::listIssues);
    add("GET", repo + u"/issues/{number}"_s, &RestRoutes::getIssue);
    add("PATCH", repo + u"/issues/{number}"_s, &RestRoutes::patchIssue);
    add("GET", repo + u"/issues/{number}/comments"_s, &RestRoutes::listIssueComments);
    add("POST", repo + u"/issues/{number}/comments"_s, &RestRoutes::addIssueComment);
    add("POST", repo + u"/issues/{number}/labels"_s, &RestRoutes::addLabels);
    add("DELETE", repo + u"/issues/{number}/labels/{name}"_s, &RestRoutes::removeLabel);
    add("POST", repo + u"/issues/{number}/assignees"_s, &RestRoutes::addAssignees);
}

void RestRoutes::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes << Route{method, pattern.split(u'/', Qt::SkipEmptyParts), handler,
                      QString::fromLatin1(method) + u" "_s + pattern};
}

const RestRoutes::Route *RestRoutes::match(const FakeRequest &request, Params &params) const
{
    // Split before decoding so an encoded "/" inside a label name stays inside its segment.
    QStringList parts;
    for (const QString &raw : request.path.split(u'/', Qt::SkipEmptyParts))
        parts << QUrl::fromPercentEncoding(raw.toUtf8());
    for (const Route &route : m_routes) {
        if (route.method != request.method)
            continue;
        Params found;
        bool ok = true;
        qsizetype i = 0;
        for (; ok && i < route.segments.size(); ++i) {
            const QString &segment = route.segments.at(i);
            if (segment.endsWith(u"+}"_s)) {
                ok = i < parts.size();
                if (ok)
                    found.insert(segment.mid(1, segment.size() - 3), parts.mid(i).join(u'/'));
                i = parts.size();
                break;
            }
            if (i >= parts.size()) {
                ok = false;
            } else if (segment.startsWith(u'{')) {
                found.insert(segment.mid(1, segment.size() - 2), parts.at(i));
            } else {
                ok = segment == parts.at(i);
            }
        }
        if (ok && i == parts.size()) {
            params = found;
            return &route;
        }
    }
    return nullptr;
}

QString RestRoutes::patternFor(const FakeRequest &request) const
{
    Params params;
    const Route *route = match(request, params);
    return route ? route->pattern : QString::fromLatin1(request.method) + u" (unknown) "_s + request.path;
}

FakeResponse RestRoutes::handle(const FakeRequest &request)
{
    Params params;
    const Route *route = match(request, params);
    if (!route)
        return FakeResponse::message(404, u"Not Found"_s);
    if (params.contains(u"owner"_s) && !m_state.repository(repoOf(params)))
        return FakeResponse::message(404, u"Not Found"_s);
    return (this->*(route->handler))(request, params);
}

QString RestRoutes::repoOf(const Params &params)
{
    return params.value(u"owner"_s) + u"/"_s + params.value(u"repo"_s);
}

std::optional<QJsonObject> RestRoutes::bodyObject(const FakeRequest &request, FakeResponse &error) const
{
    if (request.body.trimmed().isEmpty())
        return QJsonObject{};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        error = FakeResponse::message(400, u"Problems parsing JSON"_s);
        return std::nullopt;
    }
    return doc.object();
}

FakeResponse RestRoutes::page(const FakeRequest &request, const QJsonArray &all) const
{
    return pageWrapped(request, all, {});
}

// GitHub pages with per_page (default 30, at most 100) and page (from 1), and announces the
// neighbours in a Link header built from the URL the client asked for.
FakeResponse RestRoutes::pageWrapped(const FakeRequest &request, const QJsonArray &all, const QString &key,
                                     QJsonObject envelope) const
{
    bool ok = false;
    int perPage = request.query.queryItemValue(u"per_page"_s).toInt(&ok);
    if (!ok || perPage <= 0)
        perPage = 30;
    perPage = std::min(perPage, 100);
    int pageNumber = request.query.queryItemValue(u"page"_s).toInt(&ok);
    if (!ok || pageNumber <= 0)
        pageNumber = 1;
    const int total = static_cast<int>(all.size());
    const int lastPage = std::max(1, (total + perPage - 1) / perPage);
    QJsonArray items;
    for (int i = (pageNumber - 1) * perPage; i < std::min(total, pageNumber * perPage); ++i)
        items << all.at(i);

    FakeResponse response;
    if (key.isEmpty()) {
        response = FakeResponse::json(200, items);
    } else {
        envelope.insert(key, items);
        response = FakeResponse::json(200, envelope);
    }
    const auto linkTo = [&](int target, const char *rel) {
        QUrl url = request.url;
        QUrlQuery query(request.query);
        query.removeAllQueryItems(u"page"_s);
        query.addQueryItem(u"page"_s, QString::number(target));
        url.setQuery(query);
        return u"<%1>; rel=\"%2\""_s.arg(url.toString(QUrl::FullyEncoded), QString::fromLatin1(rel));
    };
    QStringList links;
    if (pageNumber > 1)
        links << linkTo(pageNumber - 1, "prev");
    if (pageNumber < lastPage)
        links << linkTo(pageNumber + 1, "next") << linkTo(lastPage, "last");
    if (pageNumber > 1)
        links << linkTo(1, "first");
    if (!links.isEmpty())
        response.headers.append({"Link", links.join(u", "_s).toUtf8()});
    return response;
}

FakeResponse RestRoutes::getUser(const FakeRequest &, const Params &)
{
    QJsonObject user = json().user(GhActor{m_state.viewerLogin(), false});
    user.insert(u"name"_s, m_state.viewerLogin());
    return FakeResponse::json(200, user);
}

FakeResponse RestRoutes::getRateLimit(const FakeRequest &, const Params &)
{
    return FakeResponse::json(200, m_hooks.rateLimitBody());
}

} // namespace flotilla::fakes
