#include "github_issue_json.h"

#include "github_api.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::github_issues {

Issue issueFromJson(const QJsonObject &json, const QString &inProgressLabel)
{
    Issue issue;
    issue.id = QString::number(json.value(u"number"_s).toInteger());
    issue.title = json.value(u"title"_s).toString();
    issue.description = json.value(u"body"_s).toString();
    issue.url = json.value(u"html_url"_s).toString();
    for (const QJsonValue &label : json.value(u"labels"_s).toArray())
        issue.labels << (label.isString() ? label.toString() : label.toObject().value(u"name"_s).toString());
    const QJsonArray assignees = json.value(u"assignees"_s).toArray();
    issue.assignee = assignees.isEmpty() ? json.value(u"assignee"_s).toObject().value(u"login"_s).toString()
                                         : assignees.first().toObject().value(u"login"_s).toString();
    if (json.value(u"state"_s).toString() == u"closed"_s)
        issue.state = json.value(u"state_reason"_s).toString() == u"not_planned"_s ? Issue::State::Cancelled
                                                                                   : Issue::State::Closed;
    else if (!inProgressLabel.isEmpty() && issue.labels.contains(inProgressLabel, Qt::CaseInsensitive))
        issue.state = Issue::State::InProgress;
    return issue;
}

Result<int> numberOf(const QString &issueId, const GithubRepo &repo, const GithubEndpoint &endpoint)
{
    QString text = issueId.trimmed();
    const auto bad = [&] {
        return makeError(u"tracker.bad_id"_s,
                         u"\"%1\" is not an issue of %2; name it by its number (42 or #42) or its URL"_s.arg(
                             issueId, repo.fullName()));
    };
    if (text.startsWith(u"http://"_s) || text.startsWith(u"https://"_s)) {
        const QUrl url(text);
        const QStringList parts = url.path().split(u'/', Qt::SkipEmptyParts);
        if (parts.size() < 4 || url.host().compare(endpoint.webBase.host(), Qt::CaseInsensitive) != 0)
            return bad();
        const QString named = parts.at(0) + u'/' + parts.at(1);
        if (named.compare(repo.fullName(), Qt::CaseInsensitive) != 0)
            return makeError(
                u"tracker.other_repository"_s,
                u"%1 is an issue of %2, but this project's issues are in %3"_s.arg(issueId, named, repo.fullName()));
        if (parts.at(2) == u"pull"_s)
            return makeError(u"tracker.pull_request"_s,
                             u"#%1 is a pull request, not an issue; give the number of an issue"_s.arg(parts.at(3)));
        if (parts.at(2) != u"issues"_s)
            return bad();
        text = parts.at(3);
    }
    if (text.startsWith(u'#'))
        text.remove(0, 1);
    static const QRegularExpression kDigits(u"^[0-9]{1,9}$"_s);
    if (!kDigits.match(text).hasMatch() || text.toInt() <= 0)
        return bad();
    return text.toInt();
}

Error failureOf(const HttpResponse &response, const QString &what)
{
    Error error = githubError(response, what);
    if (response.status == 410) {
        error.code = u"github.gone"_s;
        error.message += u". Issues are turned off for this repository, or the issue was deleted"_s;
    }
    return error;
}

Result<QJsonObject> objectFrom(const Result<HttpResponse> &response, const QString &what)
{
    if (!response)
        return response.error();
    if (!response->isSuccess())
        return failureOf(response.value(), what);
    auto document = response->json(what);
    if (!document)
        return document.error();
    if (!document->isObject())
        return makeError(u"net.unexpected_shape"_s, u"%1: the answer is not an object"_s.arg(what));
    return document->object();
}

bool mentions(const Issue &issue, const QString &text)
{
    const QString wanted = text.trimmed();
    return wanted.isEmpty() || issue.title.contains(wanted, Qt::CaseInsensitive)
           || issue.description.contains(wanted, Qt::CaseInsensitive);
}

} // namespace flotilla::github_issues
