#pragma once

#include "api_access.h"

#include <QObject>
#include <QWebSocket>

#include <memory>
#include <vector>

class QHttpServer;

namespace flotilla {

class Fleet;
class RequestGuard;
class Store;
struct Event;

// /api/v1/ws: pushes every event as it is logged and every session as it changes, so clients
// (the dashboard, the app's second screens, scripts) never poll. Messages are JSON text:
// {"type":"event","event":{…}} and {"type":"session","session":{…}}. A session token hears
// about its own session only. Clients send nothing; anything they send is ignored.
class LiveUpdates final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveUpdates)

public:
    LiveUpdates(QHttpServer &http, RequestGuard &guard, ApiAccess &access, Fleet &fleet, Store &store,
                QObject *parent = nullptr);
    ~LiveUpdates() override;

    int clientCount() const { return int(m_clients.size()); }

private:
    struct Client
    {
        std::unique_ptr<QWebSocket> socket;
        Principal principal;
    };

    void accept();
    void broadcast(const QString &sessionId, const QByteArray &message);
    void drop(QWebSocket *socket);

    QHttpServer &m_http;
    RequestGuard &m_guard;
    ApiAccess &m_access;
    std::vector<Client> m_clients;
};

} // namespace flotilla
