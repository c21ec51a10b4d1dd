#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <chrono>

namespace flotilla {

// One HTTP call as a plugin describes it. The client adds the credential, the conditional
// headers and the retries; the request itself never carries a secret.
struct HttpRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // What the call is for, in words ("pull requests of acme/shop"): every error names it.
    QString what;
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    // GET only: send the stored ETag / Last-Modified and answer a 304 from the stored body.
    bool conditional = false;
    // Send the client's credential. Off for pre-signed URLs (a job log's redirect target),
    // which must never see the token.
    bool authenticated = true;
    // Redirects are followed by the client itself, without the credential when the host changes.
    bool followRedirects = true;
    // A POST that changes nothing (a GraphQL query): retried like a GET, not spaced like a write.
    bool readOnly = false;
    // Attempts on a timeout, a network error or a 5xx (reads and idempotent methods only).
    int maxAttempts = 3;
    // Larger bodies are cut off and the call fails with `net.too_large`.
    qint64 maxResponseBytes = 32 * 1024 * 1024;

    void setHeader(const QByteArray &name, const QByteArray &value);
    bool isRetryable() const;
    bool isMutation() const;
};

// What came back. Header names are lower case.
struct HttpResponse
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
    QUrl url;               // after redirects
    bool fromCache = false; // a 304: `body` and `status` are the stored ones

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    bool isSuccess() const { return status >= 200 && status < 300; }
    // The body as a JSON document, or an error naming `what` and what was wrong with it (an
    // HTML error page, an empty body, malformed JSON).
    Result<QJsonDocument> json(const QString &what) const;
    // The `rel="next"` target of the Link header, empty when this is the last page.
    QUrl nextPage() const;
};

// The target of `rel` in an RFC 8288 Link header, taken verbatim.
QUrl linkTarget(const QByteArray &linkHeader, const QByteArray &rel);

} // namespace flotilla
