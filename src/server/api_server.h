#pragma once

#include "request_guard.h"
#include "util/result.h"

#include <QDateTime>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>

#include <memory>

class QTcpServer;

namespace flotilla {

class ApiAccess;
class DashboardRoutes;
class Fleet;
class FleetApi;
class GithubWebhookRoutes;
class LiveUpdates;
class SecretStore;
class Store;

// The local API: REST under /api/v1 on the loopback interface, shared by the desktop app,
// `flotilla --headless`, `flo` and the dashboard. Every response carries JSON errors with
// proper status codes and the security headers a browser needs to keep other sites out.
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    struct Options
    {
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        int port = 3000; // 0: any free port (see port() after listen)
        QByteArray token;
        bool headless = false;
        // Where GitHub webhook secrets are looked up in the OS keychain; empty: not at all.
        QString keychainService = QStringLiteral("flotilla");
    };

    explicit ApiServer(QObject *parent = nullptr);
    ~ApiServer() override;

    // Binds and starts serving. A busy port comes back as `server.port_in_use` with a message
    // naming the port and how to choose another.
    Result<void> listen(const Options &options);

    int port() const;
    // "http://127.0.0.1:PORT"
    QString baseUrl() const;
    // A one-time address that signs a browser in to the dashboard; empty before attach().
    QString dashboardLoginLink();
    QHostAddress address() const;

    // Serves the fleet's endpoints (sessions, decisions, events, …) and GitHub webhooks from
    // now on; before this only the health check answers.
    void attach(Fleet &fleet, Store &store, ApiAccess &access);

private:
    void registerRoutes();
    QJsonObject health() const;

    Options m_options;
    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr; // owned by m_http once bound
    std::unique_ptr<RequestGuard> m_guard;
    std::unique_ptr<FleetApi> m_fleetApi;
    std::unique_ptr<LiveUpdates> m_live;
    std::unique_ptr<DashboardRoutes> m_dashboard;
    std::unique_ptr<SecretStore> m_keychain;
    std::unique_ptr<GithubWebhookRoutes> m_webhooks; // after m_keychain: reads end with it
    QDateTime m_startedAt;
    ApiAccess *m_access = nullptr; // set by attach(); health answers agents' tokens too
};

} // namespace flotilla
