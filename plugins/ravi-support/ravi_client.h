#pragma once

#include "plugin/plugin_common.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonValue>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <memory>

namespace flotilla {

class HttpClient;
struct HttpRequest;
struct HttpResponse;

struct RaviSecret
{
    QString uuid;
    QString key;
    QString value;
};

struct RaviIdentity
{
    QString uuid;
    QString name;
    QString email;  // `inbox` in the flat shape, `email.address` in the nested one
    QString apiKey; // only in a create answer of newer servers, shown once
};

// Ravi's current API (`Authorization: Bearer <key>`, every path ending in a slash) on the core's
// HTTP layer, with one key: an identity key for its vault, inbox and phone, or the management
// key for identities. Lists are read whether Ravi answers a bare array or a paged envelope, and
// every filter is applied again here, since a server may ignore it. Secret values live only in
// the answers handed to the caller: nothing here keeps or logs them.
class RaviClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaviClient)

public:
    static constexpr auto kDefaultBaseUrl = "https://api.ravi.id";

    RaviClient(QUrl baseUrl, QString key, QObject *parent = nullptr);
    ~RaviClient() override;

    // Each named secret of the key's vault, in the order asked. A name the vault lacks, or a
    // legacy end-to-end encrypted value, fails the whole call: an agent never starts with half
    // of what its project declares.
    Async<QList<RaviSecret>> secrets(const QStringList &names);
    // Everything the vault holds.
    Async<QList<RaviSecret>> wholeVault();

    // Management key: the account's identities (every page), a new one, a new key for one.
    Async<QList<RaviIdentity>> identities();
    // `emailLocalPart` empty lets Ravi choose; a taken address (409) is retried once without it.
    Async<RaviIdentity> createIdentity(const QString &name, const QString &emailLocalPart);
    Async<QString> mintIdentityKey(const QString &identityUuid, const QString &label);

    // The rest of the API (mail, SMS) goes through these. `call` answers the body of a success
    // (null for an empty one) and maps every failure; `list` reads every page of a list.
    Async<QJsonValue> call(const QByteArray &method, const QString &path, const QUrlQuery &query,
                           const QJsonObject &body, const QString &what);
    Async<QJsonArray> list(const QString &path, const QUrlQuery &query, const QString &what);

    // Until when Ravi asked this key to wait (a 429 with Retry-After); null when it did not.
    // Requests made before then fail at once without reaching Ravi.
    QDateTime pausedUntil() const;

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    QUrl baseUrl() const { return m_base; }

private:
    // A request for `path` (which ends in '/') with `query`, described as `what` in errors.
    HttpRequest request(const QByteArray &method, const QString &path, const QUrlQuery &query,
                        const QString &what) const;
    Async<HttpResponse> send(HttpRequest request);
    Async<RaviSecret> secretNamed(const QString &name);
    Async<RaviSecret> secretByUuid(const QString &uuid, const QString &name);
    // Every item of a list, page after page (bare arrays and paged envelopes alike).
    Async<QJsonArray> listAll(const QString &path, const QUrlQuery &query, const QString &what);
    void readPage(const QUrl &url, const QString &what, int page, std::shared_ptr<struct ListRead> read);
    bool onOurHost(const QUrl &url) const;

    QUrl m_base;
    std::unique_ptr<HttpClient> m_http;
    std::chrono::milliseconds m_timeout = std::chrono::seconds(10);
};

} // namespace flotilla
