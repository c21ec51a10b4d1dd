#include "github_tracker.h"

#include "github_api.h"
#include "github_issue_json.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kPerPage = 100;
constexpr int kMaxPages = 10;

Result<GithubRepo> repoFrom(const PluginSettings &settings)
{
    QString name = settings.value(u"repo"_s).toString().trimmed();
    if (name.isEmpty())
        name = settings.value(u"_project"_s).toObject().value(u"repository"_s).toString().trimmed();
    if (name.isEmpty())
        return makeError(u"github.no_repo"_s, u"no GitHub repository is configured for the tracker"_s);
    return GithubRepo::parse(name);
}

// Runs `next` once `previous` succeeded; its error otherwise.
template<typename Next> Async<void> andThen(Async<void> previous, QObject *context, Next next)
{
    return previous
        .then(context,
              [next = std::move(next)](Result<void> done) -> Async<void> {
                  if (!done)
                      return failed<void>(done.error());
                  return next();
              })
        .unwrap();
}

// Only whether the call succeeded matters (label calls answer with the issue's labels).
Async<void> succeeded(Async<HttpResponse> response, QObject *context, const QString &what)
{
    return response.then(context, [what](Result<HttpResponse> answer) -> Result<void> {
        if (!answer)
            return answer.error();
        if (!answer->isSuccess())
            return github_issues::failureOf(answer.value(), what);
        return {};
    });
}

} // namespace

struct GithubTracker::Change
{
    int number = 0;
    IssueUpdate update;
    QStringList labelsNow; // as the state change left them; empty when it did not run
    bool knowsLabels = false;
};

GithubTracker::GithubTracker(const PluginSettings &settings)
    : m_api(std::make_unique<GithubApi>(settings)), m_repo(repoFrom(settings)),
      m_inProgressLabel(settings.value(u"inProgressLabel"_s).toString().trimmed())
{
    if (m_inProgressLabel.isEmpty())
        m_inProgressLabel = QString::fromLatin1(kDefaultInProgressLabel);
}

GithubTracker::~GithubTracker() = default;

QString GithubTracker::name() const
{
    return u"github"_s;
}

Availability GithubTracker::detect() const
{
    if (!m_repo)
        return Availability::missing(
            m_repo.error().message,
            u"set the tracker's repo (or the project's repo) to the GitHub repository, written owner/name"_s);
    if (!m_api->configurationProblem().isEmpty())
        return Availability::missing(m_api->configurationProblem(),
                                     u"set apiUrl to https://HOST/api/v3 for GitHub Enterprise Server, or remove it"_s);
    return Availability::ok();
}

QString GithubTracker::issuePath(int number) const
{
    return m_repo->path() + u"/issues/"_s + QString::number(number);
}

QString GithubTracker::describe(int number) const
{
    return u"issue #%1 of %2"_s.arg(number).arg(m_repo->fullName());
}

Async<Issue> GithubTracker::getIssue(const QString &issueId)
{
    if (!m_repo)
        return failed<Issue>(m_repo.error());
    auto number = github_issues::numberOf(issueId, m_repo.value(), m_api->endpoint());
    if (!number)
        return failed<Issue>(number.error());
    const QString what = describe(number.value());
    return m_api->rest("GET", issuePath(number.value()), {}, what, {}, true)
        .then(m_api.get(), [this, what, n = number.value()](Result<HttpResponse> response) -> Result<Issue> {
            auto object = github_issues::objectFrom(response, what);
            if (!object)
                return object.error().code == u"github.not_found"_s
                           ? makeError(u"tracker.not_found"_s, object.error().message)
                           : object.error();
            if (object->contains(u"pull_request"_s))
                return makeError(u"tracker.pull_request"_s,
                                 u"#%1 is a pull request, not an issue; give the number of an issue"_s.arg(n));
            return github_issues::issueFromJson(object.value(), m_inProgressLabel);
        });
}

Async<QList<Issue>> GithubTracker::listIssues(const IssueQuery &query)
{
    if (!m_repo)
        return failed<QList<Issue>>(m_repo.error());
    QUrlQuery parameters;
    QStringList labels = query.labels;
    QString state = u"all"_s;
    if (query.state) {
        state =
            *query.state == Issue::State::Open || *query.state == Issue::State::InProgress ? u"open"_s : u"closed"_s;
        if (*query.state == Issue::State::InProgress && !labels.contains(m_inProgressLabel, Qt::CaseInsensitive))
            labels << m_inProgressLabel;
    }
    parameters.addQueryItem(u"state"_s, state);
    if (!labels.isEmpty())
        parameters.addQueryItem(u"labels"_s, QString::fromUtf8(QUrl::toPercentEncoding(labels.join(u','), ",")));
    if (!query.assignee.isEmpty())
        parameters.addQueryItem(u"assignee"_s, QString::fromUtf8(QUrl::toPercentEncoding(query.assignee)));
    parameters.addQueryItem(u"per_page"_s, QString::number(kPerPage));
    if (query.oldestFirst) {
        parameters.addQueryItem(u"sort"_s, u"created"_s);
        parameters.addQueryItem(u"direction"_s, u"asc"_s);
    }
    // Pull requests share the list and text is matched here, so a page more than the limit
    // needs is read.
    const int pages = query.limit > 0 ? std::min(kMaxPages, query.limit / kPerPage + 2) : kMaxPages;
    const QString what = u"issues of %1"_s.arg(m_repo->fullName());
    return m_api->restPages(m_repo->path() + u"/issues"_s, parameters, what, pages)
        .then(m_api.get(), [this, query](Result<QJsonArray> items) -> Result<QList<Issue>> {
            if (!items)
                return items.error();
            QList<Issue> issues;
            for (const QJsonValue &item : items.value()) {
                const QJsonObject object = item.toObject();
                if (object.contains(u"pull_request"_s))
                    continue;
                Issue issue = github_issues::issueFromJson(object, m_inProgressLabel);
                if (query.state && issue.state != *query.state)
                    continue;
                if (!github_issues::mentions(issue, query.text))
                    continue;
                issues << std::move(issue);
                if (query.limit > 0 && issues.size() >= query.limit)
                    break;
            }
            return issues;
        });
}

Async<void> GithubTracker::updateIssue(const QString &issueId, const IssueUpdate &update)
{
    if (!m_repo)
        return failed<void>(m_repo.error());
    auto number = github_issues::numberOf(issueId, m_repo.value(), m_api->endpoint());
    if (!number)
        return failed<void>(number.error());
    auto change = std::make_shared<Change>();
    change->number = number.value();
    change->update = update;
    // One call at a time, in this order, so a failure stops the rest and says which part failed.
    Async<void> done = changeState(change);
    done = andThen(done, m_api.get(), [this, change] { return addLabels(change); });
    done = andThen(done, m_api.get(), [this, change] { return removeLabels(change, 0); });
    return andThen(done, m_api.get(), [this, change] { return addComment(change); });
}

Async<void> GithubTracker::changeState(const std::shared_ptr<Change> &change)
{
    if (!change->update.state)
        return readyOk();
    QJsonObject body;
    switch (*change->update.state) {
    case Issue::State::Open:
    case Issue::State::InProgress:
        body.insert(u"state"_s, u"open"_s);
        break;
    case Issue::State::Closed:
        body = {{u"state"_s, u"closed"_s}, {u"state_reason"_s, u"completed"_s}};
        break;
    case Issue::State::Cancelled:
        body = {{u"state"_s, u"closed"_s}, {u"state_reason"_s, u"not_planned"_s}};
        break;
    }
    const QString what = u"changing the state of "_s + describe(change->number);
    return m_api->rest("PATCH", issuePath(change->number), {}, what, body)
        .then(m_api.get(), [change, what](Result<HttpResponse> response) -> Result<void> {
            auto object = github_issues::objectFrom(response, what);
            if (!object)
                return object.error();
            for (const QJsonValue &label : object->value(u"labels"_s).toArray())
                change->labelsNow << label.toObject().value(u"name"_s).toString();
            change->knowsLabels = true;
            return {};
        });
}

Async<void> GithubTracker::addLabels(const std::shared_ptr<Change> &change)
{
    QStringList labels = change->update.addLabels;
    if (change->update.state == Issue::State::InProgress && !labels.contains(m_inProgressLabel, Qt::CaseInsensitive))
        labels << m_inProgressLabel;
    if (labels.isEmpty())
        return readyOk();
    const QString what = u"labelling "_s + describe(change->number);
    return succeeded(m_api->rest("POST", issuePath(change->number) + u"/labels"_s, {}, what,
                                 {{u"labels"_s, QJsonArray::fromStringList(labels)}}),
                     m_api.get(), what);
}

Async<void> GithubTracker::removeLabels(const std::shared_ptr<Change> &change, qsizetype next)
{
    QStringList labels = change->update.removeLabels;
    const bool leavesProgress = change->update.state && *change->update.state != Issue::State::InProgress;
    if (leavesProgress && change->labelsNow.contains(m_inProgressLabel, Qt::CaseInsensitive)
        && !labels.contains(m_inProgressLabel, Qt::CaseInsensitive))
        labels << m_inProgressLabel;
    if (next >= labels.size())
        return readyOk();
    const QString label = labels.at(next);
    const QString what = u"removing the label \"%1\" from %2"_s.arg(label, describe(change->number));
    const QString path =
        issuePath(change->number) + u"/labels/"_s + QString::fromLatin1(QUrl::toPercentEncoding(label));
    Async<void> removed =
        m_api->rest("DELETE", path, {}, what).then(m_api.get(), [what](Result<HttpResponse> response) -> Result<void> {
            if (!response)
                return response.error();
            // A label the issue does not carry is already removed.
            if (response->status == 404 && response->body.contains("Label does not exist"))
                return {};
            if (!response->isSuccess())
                return github_issues::failureOf(response.value(), what);
            return {};
        });
    return andThen(removed, m_api.get(), [this, change, next] { return removeLabels(change, next + 1); });
}

Async<void> GithubTracker::addComment(const std::shared_ptr<Change> &change)
{
    if (change->update.comment.trimmed().isEmpty())
        return readyOk();
    const QString what = u"commenting on "_s + describe(change->number);
    return succeeded(m_api->rest("POST", issuePath(change->number) + u"/comments"_s, {}, what,
                                 {{u"body"_s, change->update.comment}}),
                     m_api.get(), what);
}

Async<Issue> GithubTracker::createIssue(const Issue &issue)
{
    if (!m_repo)
        return failed<Issue>(m_repo.error());
    if (issue.title.trimmed().isEmpty())
        return failed<Issue>(makeError(u"tracker.invalid"_s, u"an issue needs a title"_s));
    QStringList labels = issue.labels;
    if (issue.state == Issue::State::InProgress && !labels.contains(m_inProgressLabel, Qt::CaseInsensitive))
        labels << m_inProgressLabel;
    QJsonObject body{{u"title"_s, issue.title.trimmed()}};
    if (!issue.description.isEmpty())
        body.insert(u"body"_s, issue.description);
    if (!labels.isEmpty())
        body.insert(u"labels"_s, QJsonArray::fromStringList(labels));
    if (!issue.assignee.isEmpty())
        body.insert(u"assignees"_s, QJsonArray{issue.assignee});
    const QString what = u"creating an issue in %1"_s.arg(m_repo->fullName());
    const bool closes = issue.state == Issue::State::Closed || issue.state == Issue::State::Cancelled;
    return m_api->rest("POST", m_repo->path() + u"/issues"_s, {}, what, body)
        .then(m_api.get(),
              [this, what, closes, state = issue.state](Result<HttpResponse> response) -> Async<Issue> {
                  auto object = github_issues::objectFrom(response, what);
                  if (!object)
                      return failed<Issue>(object.error());
                  Issue created = github_issues::issueFromJson(object.value(), m_inProgressLabel);
                  if (!closes)
                      return ready(Result<Issue>(created));
                  // GitHub opens every new issue; closing it is a second call.
                  IssueUpdate close;
                  close.state = state;
                  return updateIssue(created.id, close)
                      .then(m_api.get(), [created, state](Result<void> closed) mutable -> Result<Issue> {
                          if (!closed)
                              return closed.error();
                          created.state = state;
                          return created;
                      });
              })
        .unwrap();
}

QString GithubTracker::branchName(const Issue &issue) const
{
    if (!issue.branchName.trimmed().isEmpty())
        return issue.branchName.trimmed();
    QString id = issue.id.trimmed();
    if (id.startsWith(u'#'))
        id.remove(0, 1);
    return u"feat/issue-"_s + id;
}

QString GithubTracker::buildPrompt(const Issue &issue) const
{
    QString id = issue.id.trimmed();
    if (!id.startsWith(u'#'))
        id.prepend(u'#');
    QString prompt = u"Work on issue %1: %2\n"_s.arg(id, issue.title);
    if (!issue.url.isEmpty())
        prompt += u"GitHub: "_s + issue.url + u'\n';
    if (!issue.labels.isEmpty())
        prompt += u"Labels: "_s + issue.labels.join(u", "_s) + u'\n';
    prompt += u"\n## Description\n\n"_s;
    const QString description = issue.description.trimmed();
    prompt += description.isEmpty() ? u"(The issue has no description.)"_s : description;
    prompt += u'\n';
    return prompt;
}

} // namespace flotilla
