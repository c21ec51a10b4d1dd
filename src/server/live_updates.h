#pragma once

#include "api_access.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
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
// about its own session only.
//
// A client may watch one session's terminal: it sends {"type":"watch","session":ID} (an empty
// session stops), and hears {"type":"output","session":ID,"output":TEXT} at once and whenever the
// agent's screen changes (read about once a second while anyone watches). Anything else a
// client sends is ignored.
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
    QString projectOf(const QString &sessionId) const;
    struct Client
    {
        std::unique_ptr<QWebSocket> socket;
        Principal principal;
        QString watching; // the session whose output it hears
    };
    static constexpr int kOutputLines = 500;

    void accept();
    void receive(QWebSocket *socket, const QString &text);
    void readWatchedOutput();
    void sendOutput(const QString &sessionId, const QString &output, QWebSocket *only = nullptr);
    void broadcast(const QString &sessionId, const QByteArray &message);
    void drop(QWebSocket *socket);

    QHttpServer &m_http;
    RequestGuard &m_guard;
    ApiAccess &m_access;
    Fleet &m_fleet;
    Store &m_store;
    std::vector<Client> m_clients;
    QTimer m_outputTimer;
    QHash<QString, QString> m_lastOutput; // per watched session, as last sent
    QSet<QString> m_reading;
};

} // namespace flotilla
