#pragma once

#include "github_webhook_config.h"

#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QObject>
#include <QSet>

#include <deque>

class QHttpServer;
class QHttpServerRequest;

namespace flotilla {

class Fleet;
class RequestGuard;
class SecretStore;
class Store;

// POST /api/v1/webhooks/github, and each project's reference-tool path (`scm.webhook.path`,
// default /api/webhooks/github): GitHub deliveries that make the matching sessions be checked
// at once. GitHub cannot present the API token or an Origin, so these routes authenticate the
// body instead: an HMAC-SHA256 signature with the project's webhook secret. The Host must
// still be a loopback name, as everywhere.
class GithubWebhookRoutes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GithubWebhookRoutes)

public:
    static QString apiPath(); // /api/v1/webhooks/github
    // Deliveries remembered for deduplication (GitHub repeats the id on a redelivery).
    static constexpr int kRememberedDeliveries = 1000;

    GithubWebhookRoutes(Fleet &fleet, Store &store, RequestGuard &guard, SecretStore *keychain,
                        QObject *parent = nullptr);

    void registerRoutes(QHttpServer &http);
    // For requests no route matched: answers a POST to a configured reference-tool path and
    // says so; leaves every other request alone.
    bool answerConfiguredPath(const QHttpServerRequest &request, QHttpServerResponder &responder);

private:
    using Status = QHttpServerResponder::StatusCode;
    QHttpServerResponse answer(const QString &path, const QHttpServerRequest &request);
    bool isDuplicate(const QString &delivery) const;
    void remember(const QString &delivery);

    Fleet &m_fleet;
    Store &m_store;
    RequestGuard &m_guard;
    GithubWebhookConfig m_config;
    std::deque<QString> m_deliveryOrder;
    QSet<QString> m_deliveries;
};

} // namespace flotilla
