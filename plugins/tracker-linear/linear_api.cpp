#include "linear_api.h"

#include "net/http_client.h"
#include "net/rate_limit_account.h"
#include "plugin/await_result.h"
#include "secrets/credential_source.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qint64 kDefaultPauseSecs = 60;

// Linear reports when its request budget refills as UTC epoch milliseconds.
QDateTime resetTime(const HttpResponse &response)
{
    bool ok = false;
    const qint64 value = response.header("x-ratelimit-requests-reset").trimmed().toLongLong(&ok);
    if (!ok || value <= 0)
        return {};
    // Seconds would put the reset in 1970; accept them too rather than pausing for nothing.
    return value > 100'000'000'000LL ? QDateTime::fromMSecsSinceEpoch(value, Qt::UTC)
                                     : QDateTime::fromSecsSinceEpoch(value, Qt::UTC);
}

struct FirstError
{
    QString code;
    QString message;
};

std::optional<FirstError> firstError(const QJsonObject &root)
{
    const QJsonArray errors = root.value(u"errors"_s).toArray();
    if (errors.isEmpty())
        return std::nullopt;
    const QJsonObject error = errors.first().toObject();
    const QJsonObject extensions = error.value(u"extensions"_s).toObject();
    FirstError first;
    first.code = extensions.value(u"code"_s).toString();
    // The user-presentable text is written for people; the plain message is for developers.
    first.message = extensions.value(u"userPresentableMessage"_s).toString();
    if (first.message.isEmpty())
        first.message = error.value(u"message"_s).toString();
    if (first.message.isEmpty())
        first.message = u"an error without a message"_s;
    return first;
}

bool isNotFound(const FirstError &error)
{
    return error.code == u"NOT_FOUND"_s || error.code == u"ENTITY_NOT_FOUND"_s
           || error.message.contains(u"not found"_s, Qt::CaseInsensitive)
           || error.message.contains(u"could not find"_s, Qt::CaseInsensitive);
}

} // namespace

LinearApi::LinearApi(const PluginSettings &settings, QObject *parent) : QObject(parent)
{
    QString url = settings.value(u"apiUrl"_s).toString().trimmed();
    if (url.isEmpty())
        url = QString::fromLatin1(kDefaultUrl);
    m_url = QUrl(url, QUrl::StrictMode);
    if (!m_url.isValid() || (m_url.scheme() != u"https"_s && m_url.scheme() != u"http"_s) || m_url.host().isEmpty())
        m_problem = u"apiUrl \"%1\" is not an http(s) URL such as %2"_s.arg(url, QString::fromLatin1(kDefaultUrl));

    HttpClient::Options options;
    // Personal API keys go in the Authorization header as they are; "Bearer" is only for
    // OAuth tokens, and Linear refuses a personal key sent with it.
    options.authScheme = QByteArray();
    options.userAgent = QByteArrayLiteral("Flotilla/" FLOTILLA_VERSION);
    m_client = std::make_unique<HttpClient>(options);
    // The key: the `apiKey` setting, $LINEAR_API_KEY, then the keychain item Settings writes.
    m_keys = new CredentialSource(
        {u"Linear API key"_s,
         u"linear"_s,
         u"apiKey"_s,
         settings.value(u"apiKey"_s).toString(),
         {u"LINEAR_API_KEY"_s},
         u"linear"_s,
         {},
         u"Set LINEAR_API_KEY, store the key as the keychain item \"linear\", or set the tracker's apiKey to a "
         "${VAR} or keychain:NAME reference"_s,
         u"key_unavailable"_s,
         u"no_key"_s},
        this);
}

LinearApi::~LinearApi() = default;

std::shared_ptr<RateLimitAccount> LinearApi::account() const
{
    return m_client->account(m_url);
}

void LinearApi::whenKey(std::function<void(Result<QString>)> done)
{
    if (m_key) {
        done(m_key.value());
        return;
    }
    m_waitingForKey.push_back(std::move(done));
    if (m_resolving)
        return;
    m_resolving = true;
    m_keys->resolve().then(this, [this](Result<QString> key) {
        m_resolving = false;
        if (key) {
            m_key = key.value();
            m_client->setCredential(key.value());
        }
        std::vector<std::function<void(Result<QString>)>> waiting;
        waiting.swap(m_waitingForKey);
        for (auto &waiter : waiting)
            waiter(key);
    });
}

Async<QJsonObject> LinearApi::call(const QString &document, const QJsonObject &variables, const QString &what,
                                   bool mutation)
{
    if (!m_problem.isEmpty())
        return failed<QJsonObject>(makeError(u"linear.bad_config"_s, u"%1: %2"_s.arg(what, m_problem)));
    HttpRequest request;
    request.method = "POST";
    request.url = m_url;
    request.what = what;
    request.readOnly = !mutation;
    // A mutation that timed out may have been applied; repeating it could comment twice.
    request.maxAttempts = mutation ? 1 : 3;
    QJsonObject body{{u"query"_s, document}};
    if (!variables.isEmpty())
        body.insert(u"variables"_s, variables);
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);

    PendingResult<QJsonObject> answer;
    auto future = answer.future();
    // whenKey answers at once or from a continuation bound to `this`, so `this` is alive here.
    whenKey([this, answer, request, what](Result<QString> key) {
        if (!key) {
            answer(makeError(key.error().code, u"%1: %2"_s.arg(what, key.error().message)));
            return;
        }
        m_client->send(request).then(this, [this, answer, what](Result<HttpResponse> response) {
            if (!response) {
                answer(response.error());
                return;
            }
            answer(interpret(response.value(), what));
        });
    });
    return future;
}

void LinearApi::noteLimits(const HttpResponse &response)
{
    // Linear names its budget X-RateLimit-Requests-Remaining / -Reset (and the Complexity
    // variants), not GitHub's x-ratelimit-remaining, so the account does not read them itself.
    // When the last request of the window was spent, pause the account until the refill
    // instead of sending one more request that is sure to be refused.
    bool ok = false;
    const int remaining = response.header("x-ratelimit-requests-remaining").trimmed().toInt(&ok);
    const QDateTime reset = resetTime(response);
    if (ok && remaining == 0 && reset.isValid() && reset > QDateTime::currentDateTimeUtc())
        account()->pauseUntil(reset, u"Linear's request budget is used up"_s);
}

Result<QJsonObject> LinearApi::interpret(const HttpResponse &response, const QString &what)
{
    noteLimits(response);
    const QByteArray trimmed = response.body.trimmed();
    const QJsonObject root = trimmed.startsWith('{') ? QJsonDocument::fromJson(trimmed).object() : QJsonObject();
    const auto error = firstError(root);
    const bool refusedKey = response.status == 401 || (error && error->code == u"AUTHENTICATION_ERROR"_s);
    if (refusedKey) {
        // The key was revoked or replaced: find it again on the next call.
        m_key.reset();
        const QString origin = m_keys->origin().isEmpty() ? QString() : u" (from %1)"_s.arg(m_keys->origin());
        return makeError(u"linear.bad_key"_s,
                         u"%1: Linear refused the API key%2%3; check it is valid and not revoked"_s.arg(
                             what, origin, error ? u": "_s + error->message : QString()));
    }
    if (error && error->code == u"RATELIMITED"_s) {
        QDateTime until = resetTime(response);
        if (!until.isValid() || until <= QDateTime::currentDateTimeUtc())
            until = QDateTime::currentDateTimeUtc().addSecs(kDefaultPauseSecs);
        account()->pauseUntil(until, u"Linear answered RATELIMITED"_s);
        return makeError(u"net.rate_limited"_s, u"%1: Linear's rate limit is used up; paused until %2 UTC"_s.arg(
                                                    what, until.toString(u"HH:mm:ss"_s)));
    }
    if (error) {
        if (error->code == u"FORBIDDEN"_s)
            return makeError(u"linear.forbidden"_s, u"%1: the API key may not do this: %2"_s.arg(what, error->message));
        if (isNotFound(*error))
            return makeError(u"linear.not_found"_s, u"%1: Linear found nothing: %2"_s.arg(what, error->message));
        return makeError(u"linear.graphql_error"_s, u"%1: Linear answered: %2"_s.arg(what, error->message));
    }
    if (!response.isSuccess())
        return httpError(response, what, u"linear.http_error"_s);
    if (!root.value(u"data"_s).isObject())
        return makeError(u"linear.unexpected_shape"_s, u"%1: Linear's answer holds no data"_s.arg(what));
    return root.value(u"data"_s).toObject();
}

} // namespace flotilla
