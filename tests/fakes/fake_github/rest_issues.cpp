#include "rest_routes.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

QJsonArray invalid(const QString &field, const QString &code = u"invalid"_s)
{
    return QJsonArray{QJsonObject{{u"resource"_s, u"Issue"_s}, {u"code"_s, code}, {u"field"_s, field}}};
}

// Labels arrive as ["a","b"], [{"name":"a"}] or {"labels": [...]}.
std::optional<QStringList> labelNames(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QStringList names;
    for (const auto &item : value.toArray()) {
        const QString name = item.isObject() ? item.toObject().value(u"name"_s).toString() : item.toString();
        if (name.isEmpty())
            return std::nullopt;
        names << name;
    }
    return names;
}

} // namespace

QJsonObject RestRoutes::issueOrPullJson(const QString &repo, int number) const
{
    if (const GhIssue *found = m_state.issue(repo, number))
        return json().issue(repo, *found);
    if (const GhPullRequest *pr = m_state.pullRequest(repo, number))
        return json().pullAsIssue(repo, *pr);
    return {};
}

bool RestRoutes::editIssueOrPull(const QString &repo, int number, const std::function<void(IssueFields &)> &change)
{
    if (m_state.issue(repo, number)) {
        return m_state.updateIssue(repo, number, [&](GhIssue &item) {
            IssueFields fields{item.state, item.stateReason, item.labels, item.assignees, item.title, item.body};
            change(fields);
            item.state = fields.state;
            item.stateReason = fields.stateReason;
            item.labels = fields.labels;
            item.assignees = fields.assignees;
            item.title = fields.title;
            item.body = fields.body;
        });
    }
    GhPullRequest *pr = m_state.pullRequest(repo, number);
    if (!pr)
        return false;
    const bool wasOpen = pr->state == u"open"_s;
    IssueFields fields{wasOpen ? u"open"_s : u"closed"_s, {}, pr->labels, pr->assignees, pr->title, pr->body};
    change(fields);
    if (wasOpen && fields.state == u"closed"_s)
        m_state.closePullRequest(repo, number);
    return m_state.updatePullRequest(repo, number, [&](GhPullRequest &item) {
        if (item.state == u"closed"_s && fields.state == u"open"_s) {
            item.state = u"open"_s;
            item.closedAt = QDateTime();
        }
        item.labels = fields.labels;
        item.assignees = fields.assignees;
        item.title = fields.title;
        item.body = fields.body;
    });
}

FakeResponse RestRoutes::listIssues(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const QString state =
        request.query.queryItemValue(u"state"_s).isEmpty() ? u"open"_s : request.query.queryItemValue(u"state"_s);
    if (!QStringList{u"open"_s, u"closed"_s, u"all"_s}.contains(state))
        return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"state"_s));
    const QStringList labels =
        request.query.queryItemValue(u"labels"_s, QUrl::FullyDecoded).split(u',', Qt::SkipEmptyParts);
    const QString assignee = request.query.queryItemValue(u"assignee"_s, QUrl::FullyDecoded);
    const QString creator = request.query.queryItemValue(u"creator"_s, QUrl::FullyDecoded);
    const QString sort = request.query.queryItemValue(u"sort"_s);
    const bool ascending = request.query.queryItemValue(u"direction"_s) == u"asc"_s;

    struct Row
    {
        QDateTime created;
        QDateTime updated;
        int number;
        QJsonObject body;
    };
    QList<Row> rows;
    const auto consider = [&](const QString &itemState, const QStringList &itemLabels, const QStringList &itemAssignees,
                              const QString &author, const QDateTime &created, const QDateTime &updated, int number,
                              const QJsonObject &body) {
        if (state != u"all"_s && itemState != state)
            return;
        for (const QString &label : labels)
            if (!itemLabels.contains(label))
                return;
        if (assignee == u"none"_s && !itemAssignees.isEmpty())
            return;
        if (assignee == u"*"_s && itemAssignees.isEmpty())
            return;
        if (!assignee.isEmpty() && assignee != u"none"_s && assignee != u"*"_s && !itemAssignees.contains(assignee))
            return;
        if (!creator.isEmpty() && author != creator)
            return;
        rows << Row{created, updated, number, body};
    };
    const GhRepository *repository = m_state.repository(repo);
    const RestJson shapes = json();
    for (const auto &item : repository->issues)
        consider(item.state, item.labels, item.assignees, item.author.login, item.createdAt, item.updatedAt,
                 item.number, shapes.issue(repo, item));
    for (const auto &pr : repository->pulls)
        consider(pr.state == u"open"_s ? u"open"_s : u"closed"_s, pr.labels, pr.assignees, pr.author.login,
                 pr.createdAt, pr.updatedAt, pr.number, shapes.pullAsIssue(repo, pr));
    std::sort(rows.begin(), rows.end(), [&](const Row &a, const Row &b) {
        const QDateTime ka = sort == u"updated"_s ? a.updated : a.created;
        const QDateTime kb = sort == u"updated"_s ? b.updated : b.created;
        if (ka == kb)
            return ascending ? a.number < b.number : a.number > b.number;
        return ascending ? ka < kb : ka > kb;
    });
    QJsonArray items;
    for (const Row &row : std::as_const(rows))
        items << row.body;
    return page(request, items);
}

FakeResponse RestRoutes::getIssue(const FakeRequest &, const Params &params)
{
    const QJsonObject body = issueOrPullJson(repoOf(params), params.value(u"number"_s).toInt());
    if (body.isEmpty())
        return FakeResponse::message(404, u"Not Found"_s);
    return FakeResponse::json(200, body);
}

FakeResponse RestRoutes::patchIssue(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    if (issueOrPullJson(repo, number).isEmpty())
        return FakeResponse::message(404, u"Not Found"_s);
    FakeResponse error;
    const auto body = bodyObject(request, error);
    if (!body)
        return error;
    const QString state = body->value(u"state"_s).toString();
    if (body->contains(u"state"_s) && state != u"open"_s && state != u"closed"_s)
        return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"state"_s));
    const QJsonValue reason = body->value(u"state_reason"_s);
    if (!reason.isUndefined() && !reason.isNull()
        && !QStringList{u"completed"_s, u"not_planned"_s, u"reopened"_s}.contains(reason.toString()))
        return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"state_reason"_s));
    std::optional<QStringList> labels;
    if (body->contains(u"labels"_s)) {
        labels = labelNames(body->value(u"labels"_s));
        if (!labels)
            return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"labels"_s));
    }
    std::optional<QStringList> assignees;
    if (body->contains(u"assignees"_s)) {
        assignees = labelNames(body->value(u"assignees"_s));
        if (!assignees)
            return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"assignees"_s));
    }
    if (body->contains(u"title"_s) && body->value(u"title"_s).toString().isEmpty())
        return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"title"_s, u"missing_field"_s));
    editIssueOrPull(repo, number, [&](IssueFields &fields) {
        if (!state.isEmpty()) {
            if (state == u"closed"_s && fields.state == u"open"_s && reason.isUndefined())
                fields.stateReason = u"completed"_s;
            if (state == u"open"_s && fields.state == u"closed"_s && reason.isUndefined())
                fields.stateReason = u"reopened"_s;
            fields.state = state;
        }
        if (!reason.isUndefined())
            fields.stateReason = reason.toString();
        if (labels)
            fields.labels = *labels;
        if (assignees)
            fields.assignees = *assignees;
        if (body->contains(u"title"_s))
            fields.title = body->value(u"title"_s).toString();
        if (body->contains(u"body"_s))
            fields.body = body->value(u"body"_s).toString();
    });
    return FakeResponse::json(200, issueOrPullJson(repo, number));
}

FakeResponse RestRoutes::listIssueComments(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    if (issueOrPullJson(repo, number).isEmpty())
        return FakeResponse::message(404, u"Not Found"_s);
    const QString sinceText = request.query.queryItemValue(u"since"_s, QUrl::FullyDecoded);
    const QDateTime since = QDateTime::fromString(sinceText, Qt::ISODate);
    QJsonArray items;
    const RestJson shapes = json();
    for (const auto &comment : m_state.repository(repo)->conversation.value(number)) {
        if (since.isValid() && comment.updatedAt < since)
            continue;
        items << shapes.issueComment(repo, number, comment);
    }
    return page(request, items);
}

FakeResponse RestRoutes::addIssueComment(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    if (issueOrPullJson(repo, number).isEmpty())
        return FakeResponse::message(404, u"Not Found"_s);
    FakeResponse error;
    const auto body = bodyObject(request, error);
    if (!body)
        return error;
    const QString text = body->value(u"body"_s).toString();
    if (text.isEmpty())
        return FakeResponse::message(422, u"Validation Failed"_s,
                                     QJsonArray{QJsonObject{{u"resource"_s, u"IssueComment"_s},
                                                            {u"code"_s, u"missing_field"_s},
                                                            {u"field"_s, u"body"_s}}});
    const qint64 id = m_state.addIssueComment(repo, number, GhActor{m_state.viewerLogin(), false}, text);
    for (const auto &comment : m_state.repository(repo)->conversation.value(number))
        if (comment.id == id) {
            FakeResponse response = FakeResponse::json(201, json().issueComment(repo, number, comment));
            response.headers.append(
                {"Location", json().issueComment(repo, number, comment).value(u"url"_s).toString().toUtf8()});
            return response;
        }
    return FakeResponse::message(500, u"Server Error"_s);
}

FakeResponse RestRoutes::addLabels(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    if (issueOrPullJson(repo, number).isEmpty())
        return FakeResponse::message(404, u"Not Found"_s);
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    const QJsonValue given = doc.isArray() ? QJsonValue(doc.array()) : doc.object().value(u"labels"_s);
    const auto names = labelNames(given);
    if (!names)
        return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"labels"_s));
    QStringList result;
    editIssueOrPull(repo, number, [&](IssueFields &fields) {
        for (const QString &name : *names)
            if (!fields.labels.contains(name))
                fields.labels << name;
        result = fields.labels;
    });
    QJsonArray items;
    for (const QString &name : std::as_const(result))
        items << json().label(repo, name);
    return FakeResponse::json(200, items);
}

FakeResponse RestRoutes::removeLabel(const FakeRequest &, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    const QJsonObject current = issueOrPullJson(repo, number);
    if (current.isEmpty())
        return FakeResponse::message(404, u"Not Found"_s);
    const QString name = params.value(u"name"_s);
    bool present = false;
    for (const auto &label : current.value(u"labels"_s).toArray())
        present = present || label.toObject().value(u"name"_s).toString() == name;
    if (!present)
        return FakeResponse::message(404, u"Label does not exist"_s);
    QStringList result;
    editIssueOrPull(repo, number, [&](IssueFields &fields) {
        fields.labels.removeAll(name);
        result = fields.labels;
    });
    QJsonArray items;
    for (const QString &label : std::as_const(result))
        items << json().label(repo, label);
    return FakeResponse::json(200, items);
}

FakeResponse RestRoutes::addAssignees(const FakeRequest &request, const Params &params)
{
    const QString repo = repoOf(params);
    const int number = params.value(u"number"_s).toInt();
    if (issueOrPullJson(repo, number).isEmpty())
        return FakeResponse::message(404, u"Not Found"_s);
    FakeResponse error;
    const auto body = bodyObject(request, error);
    if (!body)
        return error;
    const auto logins = labelNames(body->value(u"assignees"_s));
    if (!logins)
        return FakeResponse::message(422, u"Validation Failed"_s, invalid(u"assignees"_s));
    editIssueOrPull(repo, number, [&](IssueFields &fields) {
        for (const QString &login : *logins)
            if (!fields.assignees.contains(login))
                fields.assignees << login;
    });
    return FakeResponse::json(201, issueOrPullJson(repo, number));
}

} // namespace flotilla::fakes
