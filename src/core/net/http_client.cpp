#include "http_client.h"

#include "plugin/await_result.h"
#include "rate_limit_account.h"
#include "store/http_cache.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kMaxRedirects = 5;
constexpr qint64 kBackoffBaseMs = 500;

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Only the path: query strings of signed URLs are credentials in their own right.
QString safeLocation(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

} // namespace

struct HttpClient::Call
{
    HttpRequest request;
    PendingResult<HttpResponse> answer;
    std::shared_ptr<RateLimitAccount> account;
    std::optional<HttpCacheEntry> cached;
    QUrl target;               // this hop's URL
    bool onAccountHost = true; // false after a redirect to another host
    int attempt = 0;
    int redirects = 0;
    bool holdsSlot = false;
    bool done = false;
};

HttpClient::HttpClient(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_network(std::make_unique<QNetworkAccessManager>())
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpClient::~HttpClient() = default;

void HttpClient::setCredential(const QString &credential)
{
    m_options.credential = credential;
}

std::shared_ptr<RateLimitAccount> HttpClient::account(const QUrl &url)
{
    QString host = m_options.accountHost;
    if (host.isEmpty())
        host = url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
    return RateLimitBook::shared().account(host, m_options.credential);
}

QString HttpClient::cacheKey(const HttpRequest &request) const
{
    // The credential decides what the host shows, so it is part of the identity; only its hash
    // is stored.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_options.credential.toUtf8());
    for (const auto &header : request.headers) {
        if (header.first.compare("accept", Qt::CaseInsensitive) == 0)
            hash.addData(header.second);
    }
    return QString::fromLatin1(request.method) + u' ' + request.url.toString(QUrl::FullyEncoded) + u' '
           + QString::fromLatin1(hash.result().toHex().left(16));
}

Async<HttpResponse> HttpClient::send(HttpRequest request)
{
    auto call = std::make_shared<Call>();
    call->request = std::move(request);
    call->target = call->request.url;
    call->account = account(call->request.url);
    auto future = call->answer.future();
    if (!call->request.url.isValid() || call->request.url.scheme().isEmpty()) {
        finish(call, makeError(u"net.bad_url"_s, u"%1: the address is not a valid URL"_s.arg(call->request.what)));
        return future;
    }
    if (call->request.conditional && call->request.method == "GET" && m_options.cache) {
        if (auto stored = m_options.cache->get(cacheKey(call->request)); stored && stored->has_value())
            call->cached = stored->value();
    }
    start(call);
    return future;
}

void HttpClient::start(const std::shared_ptr<Call> &call)
{
    if (auto admitted = call->account->admit(); !admitted) {
        finish(call, makeError(admitted.error().code, u"%1: %2"_s.arg(call->request.what, admitted.error().message)));
        return;
    }
    QPointer<HttpClient> self(this);
    call->account->whenSlotFree([self, call] {
        call->holdsSlot = true;
        if (!self) {
            call->account->finished();
            call->holdsSlot = false;
            return;
        }
        const qint64 wait = call->request.isMutation() ? call->account->reserveMutation() : 0;
        if (wait <= 0) {
            self->attempt(call);
            return;
        }
        QTimer::singleShot(wait, self, [self, call] { self->attempt(call); });
    });
}

void HttpClient::attempt(const std::shared_ptr<Call> &call)
{
    if (call->done)
        return;
    if (call->onAccountHost) {
        // A pause may have begun while this request waited for its slot.
        if (auto admitted = call->account->admit(); !admitted) {
            finish(call,
                   makeError(admitted.error().code, u"%1: %2"_s.arg(call->request.what, admitted.error().message)));
            return;
        }
    }
    ++call->attempt;
    const HttpRequest &request = call->request;
    QNetworkRequest wire(call->target);
    wire.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    wire.setTransferTimeout(int(request.timeout.count()));
    wire.setRawHeader("User-Agent", m_options.userAgent);
    const bool toAccountHost = call->redirects == 0;
    if (toAccountHost) {
        for (const auto &header : m_options.defaultHeaders)
            wire.setRawHeader(header.first, header.second);
        if (request.authenticated && !m_options.credential.isEmpty())
            wire.setRawHeader("Authorization", m_options.authScheme.isEmpty()
                                                   ? m_options.credential.toUtf8()
                                                   : m_options.authScheme + ' ' + m_options.credential.toUtf8());
    }
    for (const auto &header : request.headers)
        wire.setRawHeader(header.first, header.second);
    if (call->cached && toAccountHost) {
        if (!call->cached->etag.isEmpty())
            wire.setRawHeader("If-None-Match", call->cached->etag.toUtf8());
        else if (!call->cached->lastModified.isEmpty())
            wire.setRawHeader("If-Modified-Since", call->cached->lastModified.toUtf8());
    }
    if (!request.body.isEmpty() && !wire.hasRawHeader("Content-Type"))
        wire.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);

    const QByteArray method = call->redirects > 0 && request.method != "HEAD" ? QByteArray("GET") : request.method;
    QNetworkReply *reply =
        call->redirects > 0 ? m_network->get(wire) : m_network->sendCustomRequest(wire, method, request.body);
    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::readyRead, this, [reply, tooLarge, limit = request.maxResponseBytes] {
        if (reply->bytesAvailable() > limit && !*tooLarge) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, call, reply, tooLarge] {
        reply->deleteLater();
        if (call->done)
            return;
        const HttpRequest &sent = call->request;
        if (*tooLarge) {
            finish(call, makeError(u"net.too_large"_s,
                                   u"%1: the answer is larger than %2 MB and was cut off"_s.arg(sent.what).arg(
                                       sent.maxResponseBytes / (1024 * 1024))));
            return;
        }
        HttpResponse response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.url = call->target;
        for (const auto &pair : reply->rawHeaderPairs())
            response.headers.insert(pair.first.toLower(), pair.second);
        response.body = reply->readAll();

        if (response.status == 0) {
            const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
                                  || reply->error() == QNetworkReply::TimeoutError;
            const QString reason =
                timedOut ? u"no answer within %1 s"_s.arg(sent.timeout.count() / 1000) : reply->errorString();
            if (sent.isRetryable() && call->attempt < sent.maxAttempts) {
                retryLater(call);
                return;
            }
            finish(call, makeError(timedOut ? u"net.timeout"_s : u"net.unreachable"_s,
                                   u"%1: %2 (after %3 attempts)"_s
                                       .arg(sent.what, (call->onAccountHost ? safeLocation(call->target)
                                                                            : u"the redirect target"_s)
                                                           + u": "_s + reason)
                                       .arg(call->attempt)));
            return;
        }
        if (call->onAccountHost && call->account->record(response)) {
            finish(call, makeError(u"net.rate_limited"_s,
                                   u"%1: %2 refused the request for its rate limit; it is paused until %3 UTC"_s.arg(
                                       sent.what, call->account->host(),
                                       call->account->pausedUntil().toString(u"HH:mm:ss"_s))));
            return;
        }
        if (isRedirect(response.status) && sent.followRedirects) {
            const QUrl location = call->target.resolved(QUrl(QString::fromUtf8(response.header("location"))));
            if (!location.isValid() || call->redirects >= kMaxRedirects) {
                finish(call, makeError(u"net.bad_redirect"_s, u"%1: too many or invalid redirects"_s.arg(sent.what)));
                return;
            }
            // The redirect target (a pre-signed URL) never gets the credential or the cache.
            ++call->redirects;
            call->onAccountHost = false;
            call->target = location;
            call->attempt = 0;
            attempt(call);
            return;
        }
        if (response.status >= 500) {
            if (sent.isRetryable() && call->attempt < sent.maxAttempts) {
                retryLater(call);
                return;
            }
            finish(call, httpError(response, sent.what, u"net.server_error"_s));
            return;
        }
        if (response.status == 304 && call->redirects == 0) {
            if (!call->cached) {
                finish(call, makeError(u"net.unexpected_304"_s,
                                       u"%1: the host answered 304 Not Modified to a request that was not "
                                       "conditional"_s.arg(sent.what)));
                return;
            }
            HttpResponse stored = response;
            stored.status = call->cached->status;
            stored.body = call->cached->body;
            stored.fromCache = true;
            finish(call, stored);
            return;
        }
        if (sent.conditional && m_options.cache && response.isSuccess() && call->redirects == 0) {
            const QString etag = QString::fromUtf8(response.header("etag"));
            const QString lastModified = QString::fromUtf8(response.header("last-modified"));
            if (!etag.isEmpty() || !lastModified.isEmpty()) {
                HttpCacheEntry entry{
                    cacheKey(sent), safeLocation(sent.url),         etag, lastModified, response.status,
                    response.body,  QDateTime::currentDateTimeUtc()};
                if (auto stored = m_options.cache->put(entry); !stored)
                    qWarning("flotilla: %s", qUtf8Printable(stored.error().toString()));
            }
        }
        finish(call, response);
    });
}

void HttpClient::retryLater(const std::shared_ptr<Call> &call)
{
    // Exponential backoff with jitter so a fleet of clients does not retry in step.
    const qint64 base = kBackoffBaseMs << std::min(call->attempt - 1, 5);
    const qint64 delay = base + QRandomGenerator::global()->bounded(base / 2 + 1);
    QTimer::singleShot(delay, this, [this, call] { attempt(call); });
}

void HttpClient::finish(const std::shared_ptr<Call> &call, Result<HttpResponse> result)
{
    if (call->done)
        return;
    call->done = true;
    if (call->holdsSlot) {
        call->holdsSlot = false;
        call->account->finished();
    }
    call->answer(std::move(result));
}

struct HttpClient::Paging
{
    PendingResult<QJsonArray> answer;
    QJsonArray items;
    QString itemsKey;
    int pages = 0;
    int maxPages = 10;
};

Async<QJsonArray> HttpClient::getAllPages(HttpRequest first, const QString &itemsKey, int maxPages)
{
    auto paging = std::make_shared<Paging>();
    paging->itemsKey = itemsKey;
    paging->maxPages = maxPages;
    auto future = paging->answer.future();
    fetchPage(paging, std::move(first));
    return future;
}

void HttpClient::fetchPage(const std::shared_ptr<Paging> &paging, HttpRequest request)
{
    send(request).then(this, [this, paging, request](Result<HttpResponse> response) {
        if (!response)
            return paging->answer(response.error());
        if (!response->isSuccess())
            return paging->answer(httpError(response.value(), request.what));
        auto document = response->json(request.what);
        if (!document)
            return paging->answer(document.error());
        const QString &itemsKey = paging->itemsKey;
        if (!itemsKey.isEmpty() && !document->object().value(itemsKey).isArray())
            return paging->answer(makeError(u"net.unexpected_shape"_s,
                                            u"%1: the answer has no \"%2\" list"_s.arg(request.what, itemsKey)));
        if (itemsKey.isEmpty() && !document->isArray())
            return paging->answer(
                makeError(u"net.unexpected_shape"_s, u"%1: the answer is not a list"_s.arg(request.what)));
        const QJsonArray page = itemsKey.isEmpty() ? document->array() : document->object().value(itemsKey).toArray();
        for (const QJsonValue &item : page)
            paging->items.append(item);
        ++paging->pages;
        const QUrl next = response->nextPage();
        if (next.isEmpty() || paging->pages >= paging->maxPages)
            return paging->answer(paging->items);
        HttpRequest following = request;
        following.url = request.url.resolved(next);
        fetchPage(paging, following);
    });
}

Error httpError(const HttpResponse &response, const QString &what, const QString &code)
{
    QString detail;
    const QByteArray trimmed = response.body.trimmed();
    if (trimmed.startsWith('{')) {
        const QJsonObject object = QJsonDocument::fromJson(trimmed).object();
        detail = object.value(u"message"_s).toString();
        const QJsonArray errors = object.value(u"errors"_s).toArray();
        QStringList parts;
        for (const QJsonValue &entry : errors) {
            const QJsonObject error = entry.toObject();
            QString part = error.value(u"message"_s).toString();
            if (part.isEmpty())
                part = QStringList{error.value(u"resource"_s).toString(), error.value(u"field"_s).toString(),
                                   error.value(u"code"_s).toString()}
                           .join(u' ')
                           .trimmed();
            if (!part.isEmpty())
                parts << part;
        }
        if (!parts.isEmpty())
            detail += u" ("_s + parts.join(u"; "_s) + u')';
    } else if (trimmed.startsWith('<')) {
        static const QRegularExpression title(u"<title>([^<]*)</title>"_s, QRegularExpression::CaseInsensitiveOption);
        const auto match = title.match(QString::fromUtf8(trimmed.left(4096)));
        detail = match.hasMatch() ? u"an HTML page: "_s + match.captured(1).trimmed() : u"an HTML page"_s;
    } else if (!trimmed.isEmpty()) {
        detail = QString::fromUtf8(trimmed.left(200)).simplified();
    }
    QString message = u"%1: the host answered HTTP %2"_s.arg(what).arg(response.status);
    if (!detail.trimmed().isEmpty())
        message += u": "_s + detail.trimmed();
    return makeError(code, message);
}

} // namespace flotilla
