#pragma once

#include "github_endpoint.h"
#include "net/http_types.h"
#include "plugin/plugin_common.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace flotilla {

class Database;
class CredentialSource;
class HttpCache;
class HttpClient;
class RateLimitAccount;

// One GraphQL error as GitHub reports it beside (possibly partial) data.
struct GraphqlError
{
    QString type; // "NOT_FOUND", "RATE_LIMITED", …
    QString message;
    QStringList path; // ["p3", "pullRequest"]
};

struct GraphqlAnswer
{
    QJsonObject data;
    QList<GraphqlError> errors;
    int cost = -1; // rateLimit.cost when the query asked for it
};

// GitHub's REST and GraphQL APIs for the GitHub plugins: the endpoint, the token, the
// headers GitHub requires, the shared rate-limit account and the HTTP cache (conditional GETs
// answered 304 cost nothing). Calls wait for the token to be found; a call that fails leaves
// nothing half-applied, so callers may simply report the error and try again next cycle.
class GithubApi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GithubApi)

public:
    static constexpr auto kApiVersion = "2022-11-28";

    // `settings` is the plugin's block; `_project.database` names the store whose HTTP cache
    // keeps ETags across restarts.
    explicit GithubApi(const PluginSettings &settings, QObject *parent = nullptr);
    ~GithubApi() override;

    const GithubEndpoint &endpoint() const { return m_endpoint; }
    // Why the API cannot be used at all (bad apiUrl), empty when it can.
    QString configurationProblem() const { return m_problem; }

    // path relative to the REST base ("/repos/o/r/pulls"); `conditional` uses the ETag cache.
    Async<HttpResponse> rest(const QByteArray &method, const QString &path, const QUrlQuery &query, const QString &what,
                             const QJsonObject &body = {}, bool conditional = false);
    // Like rest() for a full URL (a Link target, a log download without the token).
    Async<HttpResponse> send(HttpRequest request);
    Async<QJsonArray> restPages(const QString &path, const QUrlQuery &query, const QString &what, int maxPages = 10);
    // A query or mutation. A `RATE_LIMITED` error pauses the account and fails the call;
    // other errors come back beside the data so one missing pull request does not hide the rest.
    Async<GraphqlAnswer> graphql(const QString &document, const QJsonObject &variables, const QString &what,
                                 bool mutation = false);

    std::shared_ptr<RateLimitAccount> account() const;
    // How long a request may go without progress before it counts as failed.
    std::chrono::milliseconds timeout() const { return m_timeout; }

private:
    template<typename T, typename Start> Async<T> withToken(const QString &what, Start start);
    void whenToken(std::function<void(Result<QString>)> done);
    void noticeRefusedToken(const HttpResponse &response);
    struct Paging;
    void fetchPage(const std::shared_ptr<Paging> &paging, HttpRequest request);

    GithubEndpoint m_endpoint;
    QString m_problem;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<HttpCache> m_cache;
    std::unique_ptr<HttpClient> m_client;
    std::chrono::milliseconds m_timeout = std::chrono::seconds(30);
    CredentialSource *m_tokens = nullptr;
    std::optional<QString> m_token; // found once, kept in memory only
    bool m_resolving = false;
    std::vector<std::function<void(Result<QString>)>> m_waitingForToken;
};

// "a 404 Not Found" etc. → a user-facing error for a GitHub REST answer that is not 2xx.
Error githubError(const HttpResponse &response, const QString &what);

} // namespace flotilla
