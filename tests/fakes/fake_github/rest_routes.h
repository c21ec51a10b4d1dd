#pragma once

#include "fake_github_json.h"
#include "fake_github_state.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace flotilla::fakes {

// One HTTP request as the fake sees it, copied out of QHttpServerRequest so it can be answered
// later (a hung request outlives the server's request object).
struct FakeRequest
{
    QByteArray method; // GET, POST, …
    QString path;      // percent-encoded, without the API prefix ("/repos/o/r/pulls")
    QUrl url;          // absolute URL as requested, for Link headers
    QUrlQuery query;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct FakeResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json; charset=utf-8";
    QList<std::pair<QByteArray, QByteArray>> headers;

    static FakeResponse json(int status, const QJsonValue &value);
    static FakeResponse message(int status, const QString &text, const QJsonArray &errors = {});
    static FakeResponse empty(int status);
};

// The REST API: route matching ("GET /repos/{owner}/{repo}/pulls" is also the counter key) and
// the handlers, which read and change the state.
class RestRoutes final
{
public:
    struct Hooks
    {
        QString apiBase;                                                      // absolute base for url fields
        std::function<QString(const QString &repo, qint64 jobId)> signLogUrl; // one-time log URL
        std::function<QJsonObject()> rateLimitBody;                           // GET /rate_limit
    };

    RestRoutes(FakeGithubState &state, Hooks hooks);

    // The route pattern a request matches ("GET /repos/{owner}/{repo}/pulls/{number}"), or
    // "GET (unknown)" style keys for paths that match nothing.
    QString patternFor(const FakeRequest &request) const;
    FakeResponse handle(const FakeRequest &request);

private:
    using Params = QHash<QString, QString>;
    using Handler = FakeResponse (RestRoutes::*)(const FakeRequest &, const Params &);
    struct Route
    {
        QByteArray method;
        QStringList segments;
        Handler handler;
        QString pattern;
    };

    void add(const QByteArray &method, const QString &pattern, Handler handler);
    const Route *match(const FakeRequest &request, Params &params) const;

    // Helpers shared by handlers.
    RestJson json() const { return RestJson(m_state, m_hooks.apiBase); }
    static QString repoOf(const Params &params);
    std::optional<QJsonObject> bodyObject(const FakeRequest &request, FakeResponse &error) const;
    FakeResponse page(const FakeRequest &request, const QJsonArray &all) const;
    FakeResponse pageWrapped(const FakeRequest &request, const QJsonArray &all, const QString &key,
                             QJsonObject envelope = {}) const;

    // Identity and quota.
    FakeResponse getUser(const FakeRequest &, const Params &);
    FakeResponse getRateLimit(const FakeRequest &, const Params &);

    // Pull requests (rest_pulls.cpp).
    FakeResponse listPulls(const FakeRequest &, const Params &);
    FakeResponse getPull(const FakeRequest &, const Params &);
    FakeResponse patchPull(const FakeRequest &, const Params &);
    FakeResponse mergePull(const FakeRequest &, const Params &);
    FakeResponse deleteRef(const FakeRequest &, const Params &);
    FakeResponse listReviews(const FakeRequest &, const Params &);
    FakeResponse listLineComments(const FakeRequest &, const Params &);
    FakeResponse replyToLineComment(const FakeRequest &, const Params &);

    // CI (rest_ci.cpp).
    FakeResponse listCheckRuns(const FakeRequest &, const Params &);
    FakeResponse combinedStatus(const FakeRequest &, const Params &);
    FakeResponse listAnnotations(const FakeRequest &, const Params &);
    FakeResponse listWorkflowRuns(const FakeRequest &, const Params &);
    FakeResponse listJobs(const FakeRequest &, const Params &);
    FakeResponse jobLogs(const FakeRequest &, const Params &);
    std::optional<QString> resolveCommit(const QString &repo, const QString &ref) const;

    // Issues (rest_issues.cpp).
    FakeResponse listIssues(const FakeRequest &, const Params &);
    FakeResponse getIssue(const FakeRequest &, const Params &);
    FakeResponse patchIssue(const FakeRequest &, const Params &);
    FakeResponse listIssueComments(const FakeRequest &, const Params &);
    FakeResponse addIssueComment(const FakeRequest &, const Params &);
    FakeResponse addLabels(const FakeRequest &, const Params &);
    FakeResponse removeLabel(const FakeRequest &, const Params &);
    FakeResponse addAssignees(const FakeRequest &, const Params &);
    QJsonObject issueOrPullJson(const QString &repo, int number) const;
    // The issue-level fields every issue and PR shares, edited in one place for both.
    struct IssueFields
    {
        QString state;
        QString stateReason;
        QStringList labels;
        QStringList assignees;
        QString title;
        QString body;
    };
    bool editIssueOrPull(const QString &repo, int number, const std::function<void(IssueFields &)> &change);

    FakeGithubState &m_state;
    Hooks m_hooks;
    QList<Route> m_routes;
};

} // namespace flotilla::fakes
