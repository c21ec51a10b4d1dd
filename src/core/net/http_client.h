#pragma once

#include "http_types.h"
#include "plugin/plugin_common.h"

#include <QJsonArray>
#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace flotilla {

class HttpCache;
class RateLimitAccount;

// The one way plugins talk HTTP. Every request goes through the credential's shared
// rate-limit account, carries the credential only to the configured host (never to a
// redirect target), is retried with backoff and jitter on timeouts, network errors and 5xx
// when it is idempotent, and is answered from the HTTP cache on a 304. Errors name what the
// call was for and never contain the credential or a signed URL.
class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    struct Options
    {
        QString credential; // the token; sent as "<authScheme> <credential>"
        QByteArray authScheme = QByteArrayLiteral("Bearer");
        QList<QPair<QByteArray, QByteArray>> defaultHeaders; // on every request to the host
        QByteArray userAgent = QByteArrayLiteral("Flotilla");
        HttpCache *cache = nullptr; // conditional requests need one; owned elsewhere
        QString accountHost;        // the rate-limit account's host; default: the URL's
    };

    explicit HttpClient(Options options, QObject *parent = nullptr);
    ~HttpClient() override;

    // Any HTTP status comes back as a response; transport failures, timeouts, 5xx after the
    // last attempt, rate-limit refusals (`net.rate_limited`) and oversize bodies are errors.
    Async<HttpResponse> send(HttpRequest request);
    // Follows `rel="next"` links from `first` (at most `maxPages` pages) and joins the pages'
    // arrays: the body itself, or the array under `itemsKey` in each page's object.
    Async<QJsonArray> getAllPages(HttpRequest first, const QString &itemsKey = {}, int maxPages = 10);

    // The account this client spends from (the host of the first request made, or accountHost).
    std::shared_ptr<RateLimitAccount> account(const QUrl &url);
    void setCredential(const QString &credential);
    bool hasCredential() const { return !m_options.credential.isEmpty(); }

private:
    struct Call;
    struct Paging;
    void fetchPage(const std::shared_ptr<Paging> &paging, HttpRequest request);
    void start(const std::shared_ptr<Call> &call);
    void attempt(const std::shared_ptr<Call> &call);
    void retryLater(const std::shared_ptr<Call> &call);
    void finish(const std::shared_ptr<Call> &call, Result<HttpResponse> result);
    QString cacheKey(const HttpRequest &request) const;

    Options m_options;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

// A failed response in words: "GitHub answered 404 for pull request #7 of acme/shop: Not Found".
// Takes the host's own `message` from a JSON error body; an HTML page is summarised, not quoted.
Error httpError(const HttpResponse &response, const QString &what,
                const QString &code = QStringLiteral("net.http_error"));

} // namespace flotilla
