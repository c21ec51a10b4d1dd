#include "github_api.h"

#include "net/http_client.h"
#include "net/rate_limit_account.h"
#include "plugin/await_result.h"
#include "secrets/credential_source.h"
#include "store/database.h"
#include "store/http_cache.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString accountHost(const QUrl &url)
{
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
}

} // namespace

GithubApi::GithubApi(const PluginSettings &settings, QObject *parent) : QObject(parent)
{
    auto endpoint = GithubEndpoint::fromSettings(settings);
    if (endpoint)
        m_endpoint = endpoint.value();
    else
        m_problem = endpoint.error().message;

    // GitHub gives up on server-side work after about ten seconds; a GitHub Enterprise Server
    // on a slow link may need longer (`requestTimeoutSeconds`).
    if (const double seconds = settings.value(u"requestTimeoutSeconds"_s).toDouble(); seconds > 0)
        m_timeout = std::chrono::milliseconds(qint64(seconds * 1000));

    const QString databasePath = settings.value(u"_project"_s).toObject().value(u"database"_s).toString();
    if (!databasePath.isEmpty()) {
        m_database = std::make_unique<Database>();
        if (auto opened = m_database->open(databasePath); opened)
            m_cache = std::make_unique<HttpCache>(*m_database);
        else
            qWarning("flotilla: GitHub answers will not be cached across restarts: %s",
                     qUtf8Printable(opened.error().toString()));
    }

    HttpClient::Options options;
    options.defaultHeaders = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", kApiVersion}};
    options.userAgent = QByteArrayLiteral("Flotilla/" FLOTILLA_VERSION);
    options.cache = m_cache.get();
    // REST and GraphQL of one host share one account (GitHub meters them separately, by the
    // x-ratelimit-resource header the account reads).
    options.accountHost = accountHost(m_endpoint.restBase);
    m_client = std::make_unique<HttpClient>(options);
    // The token: the `token` setting, the environment, the keychain item Settings writes, and
    // finally the login of the `gh` CLI for this host.
    QStringList gh{u"gh"_s, u"auth"_s, u"token"_s};
    if (const QString host = m_endpoint.restBase.host(); !host.isEmpty() && host != u"api.github.com"_s)
        gh << u"--hostname"_s << host;
    m_tokens =
        new CredentialSource({u"GitHub token"_s,
                              u"github"_s,
                              u"token"_s,
                              settings.value(u"token"_s).toString(),
                              {u"GH_TOKEN"_s, u"GITHUB_TOKEN"_s},
                              u"github"_s,
                              gh,
                              u"Set GH_TOKEN, save a token in Settings → GitHub, or log in with `gh auth login`"_s,
                              u"token_unavailable"_s,
                              u"no_token"_s},
                             this);
}

GithubApi::~GithubApi() = default;

std::shared_ptr<RateLimitAccount> GithubApi::account() const
{
    return m_client->account(m_endpoint.restBase);
}

void GithubApi::whenToken(std::function<void(Result<QString>)> done)
{
    if (m_token) {
        done(m_token.value());
        return;
    }
    m_waitingForToken.push_back(std::move(done));
    if (m_resolving)
        return;
    m_resolving = true;
    // Continuations with `this` as context run only while it lives.
    m_tokens->resolve().then(this, [this](Result<QString> token) {
        m_resolving = false;
        if (token) {
            m_token = token.value();
            m_client->setCredential(token.value());
        }
        std::vector<std::function<void(Result<QString>)>> waiting;
        waiting.swap(m_waitingForToken);
        for (auto &waiter : waiting)
            waiter(token);
    });
}

void GithubApi::noticeRefusedToken(const HttpResponse &response)
{
    // The token was revoked or replaced: find it again on the next call.
    if (response.status == 401)
        m_token.reset();
}

template<typename T, typename Start> Async<T> GithubApi::withToken(const QString &what, Start start)
{
    if (!m_problem.isEmpty())
        return failed<T>(makeError(u"github.bad_config"_s, u"%1: %2"_s.arg(what, m_problem)));
    PendingResult<T> answer;
    auto future = answer.future();
    // whenToken answers at once or from a continuation bound to `this`, so `this` is alive here.
    whenToken([this, answer, start, what](Result<QString> token) {
        if (!token) {
            answer(makeError(token.error().code, u"%1: %2"_s.arg(what, token.error().message)));
            return;
        }
        start().then(this, [answer](Result<T> result) { answer(std::move(result)); });
    });
    return future;
}

Async<HttpResponse> GithubApi::send(HttpRequest request)
{
    const QString what = request.what;
    return withToken<HttpResponse>(what, [this, request]() -> Async<HttpResponse> {
        return m_client->send(request).then(this, [this](Result<HttpResponse> response) {
            if (response)
                noticeRefusedToken(response.value());
            return response;
        });
    });
}

Async<HttpResponse> GithubApi::rest(const QByteArray &method, const QString &path, const QUrlQuery &query,
                                    const QString &what, const QJsonObject &body, bool conditional)
{
    HttpRequest request;
    request.method = method;
    request.url = m_endpoint.rest(path, query);
    request.what = what;
    request.timeout = m_timeout;
    request.conditional = conditional && method == "GET";
    if (!body.isEmpty())
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return send(std::move(request));
}

struct GithubApi::Paging
{
    PendingResult<QJsonArray> answer;
    QJsonArray items;
    int pages = 0;
    int maxPages = 10;
};

Async<QJsonArray> GithubApi::restPages(const QString &path, const QUrlQuery &query, const QString &what, int maxPages)
{
    HttpRequest request;
    request.url = m_endpoint.rest(path, query);
    request.what = what;
    request.timeout = m_timeout;
    auto paging = std::make_shared<Paging>();
    paging->maxPages = maxPages;
    auto future = paging->answer.future();
    fetchPage(paging, std::move(request));
    return future;
}

void GithubApi::fetchPage(const std::shared_ptr<Paging> &paging, HttpRequest request)
{
    // Each page through send(), so a refused token is noticed and errors speak GitHub's terms.
    send(request).then(this, [this, paging, request](Result<HttpResponse> response) {
        if (!response)
            return paging->answer(response.error());
        if (!response->isSuccess())
            return paging->answer(githubError(response.value(), request.what));
        auto document = response->json(request.what);
        if (!document)
            return paging->answer(document.error());
        if (!document->isArray())
            return paging->answer(
                makeError(u"github.unexpected_answer"_s, u"%1: the answer is not a list"_s.arg(request.what)));
        for (const QJsonValue &item : document->array())
            paging->items.append(item);
        const QUrl next = response->nextPage();
        if (next.isEmpty() || ++paging->pages >= paging->maxPages)
            return paging->answer(paging->items);
        HttpRequest following = request;
        following.url = request.url.resolved(next);
        fetchPage(paging, following);
    });
}

Async<GraphqlAnswer> GithubApi::graphql(const QString &document, const QJsonObject &variables, const QString &what,
                                        bool mutation)
{
    HttpRequest request;
    request.method = "POST";
    request.url = m_endpoint.graphqlUrl;
    request.what = what;
    request.readOnly = !mutation;
    request.maxAttempts = mutation ? 1 : 3;
    request.timeout = m_timeout;
    QJsonObject body{{u"query"_s, document}};
    if (!variables.isEmpty())
        body.insert(u"variables"_s, variables);
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return withToken<GraphqlAnswer>(what, [this, request, what]() -> Async<GraphqlAnswer> {
        return m_client->send(request).then(this, [this, what](Result<HttpResponse> response) -> Result<GraphqlAnswer> {
            if (!response)
                return response.error();
            noticeRefusedToken(response.value());
            if (response->status != 200)
                return githubError(response.value(), what);
            auto parsed = response->json(what);
            if (!parsed)
                return parsed.error();
            const QJsonObject root = parsed->object();
            GraphqlAnswer answer;
            answer.data = root.value(u"data"_s).toObject();
            answer.cost = answer.data.value(u"rateLimit"_s).toObject().value(u"cost"_s).toInt(-1);
            for (const QJsonValue &entry : root.value(u"errors"_s).toArray()) {
                const QJsonObject error = entry.toObject();
                GraphqlError parsedError;
                parsedError.type = error.value(u"type"_s).toString();
                parsedError.message = error.value(u"message"_s).toString();
                for (const QJsonValue &step : error.value(u"path"_s).toArray())
                    parsedError.path << (step.isDouble() ? QString::number(step.toInt()) : step.toString());
                answer.errors << parsedError;
                if (parsedError.type == u"RATE_LIMITED"_s) {
                    QDateTime until =
                        QDateTime::fromSecsSinceEpoch(response->header("x-ratelimit-reset").toLongLong(), Qt::UTC);
                    if (!until.isValid() || until <= QDateTime::currentDateTimeUtc())
                        until = QDateTime::currentDateTimeUtc().addSecs(60);
                    account()->pauseUntil(until, u"the GraphQL budget is used up"_s);
                    return makeError(u"net.rate_limited"_s,
                                     u"%1: GitHub's GraphQL budget is used up; paused until %2 UTC"_s.arg(
                                         what, until.toString(u"HH:mm:ss"_s)));
                }
            }
            if (!root.value(u"data"_s).isObject()) {
                const QString first =
                    answer.errors.isEmpty() ? u"no data and no error"_s : answer.errors.first().message;
                return makeError(u"github.graphql_error"_s,
                                 u"%1: GitHub's GraphQL API answered: %2"_s.arg(what, first));
            }
            return answer;
        });
    });
}

Error githubError(const HttpResponse &response, const QString &what)
{
    QString code = u"github.http_error"_s;
    switch (response.status) {
    case 401:
        code = u"github.bad_credentials"_s;
        break;
    case 403:
        code = u"github.forbidden"_s;
        break;
    case 404:
        code = u"github.not_found"_s;
        break;
    case 409:
        code = u"github.conflict"_s;
        break;
    case 422:
        code = u"github.invalid"_s;
        break;
    default:
        break;
    }
    Error error = httpError(response, what, code);
    if (response.status == 401)
        error.message += u". The GitHub token was refused; check it is valid and not expired"_s;
    else if (response.status == 404)
        error.message += u". The token may lack access to this repository"_s;
    return error;
}

} // namespace flotilla
