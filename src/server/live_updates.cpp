#include "live_updates.h"

#include "fleet/session_console.h"

#include "api_json.h"
#include "fleet/fleet.h"
#include "json_responses.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/session_manager.h"
#include "request_guard.h"
#include "store/store.h"

#include <QHttpServer>
#include <QJsonDocument>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QByteArray message(const QString &type, const QJsonObject &payload)
{
    return QJsonDocument(QJsonObject{{u"type"_s, type}, {type, payload}}).toJson(QJsonDocument::Compact);
}

} // namespace

LiveUpdates::LiveUpdates(QHttpServer &http, RequestGuard &guard, ApiAccess &access, Fleet &fleet, Store &store,
                         QObject *parent)
    : QObject(parent), m_http(http), m_guard(guard), m_access(access), m_fleet(fleet), m_store(store)
{
    m_outputTimer.setInterval(1000);
    connect(&m_outputTimer, &QTimer::timeout, this, &LiveUpdates::readWatchedOutput);
    // The upgrade happens when the route leaves the request unanswered; refusals answer it.
    m_http.route(u"/api/v1/ws"_s, QHttpServerRequest::Method::Get,
                 [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     std::optional<RequestGuard::Rejection> rejection = m_guard.checkHost(request);
                     if (!rejection)
                         rejection = m_guard.checkOrigin(request);
                     if (!rejection) {
                         const auto caller =
                             m_access.authenticate(request.value("Authorization"), request.value("Cookie"));
                         if (!caller)
                             rejection = RequestGuard::Rejection{QHttpServerResponder::StatusCode::Unauthorized,
                                                                 u"unauthorized"_s, u"a valid API token is required"_s};
                         // A page of another site may open a WebSocket here; only ours may listen.
                         else if (caller->browser && request.value("Origin").isEmpty())
                             rejection = RequestGuard::Rejection{QHttpServerResponder::StatusCode::Forbidden,
                                                                 u"bad_origin"_s, u"no Origin"_s};
                     }
                     if (!rejection && request.value("Upgrade").toLower() != "websocket")
                         rejection =
                             RequestGuard::Rejection{QHttpServerResponder::StatusCode::BadRequest, u"not_websocket"_s,
                                                     u"this endpoint speaks WebSocket only"_s};
                     if (rejection)
                         writeJsonError(responder, rejection->status, rejection->code, rejection->message);
                 });
    connect(&m_http, &QAbstractHttpServer::newWebSocketConnection, this, &LiveUpdates::accept);

    connect(&store.events(), &EventLog::appended, this, [this](const Event &event, qint64 seq) {
        broadcast(event.sessionId, message(u"event"_s, eventJson(event, seq)));
    });
    const auto sessionChanged = [this](const SessionRecord &session) {
        broadcast(session.id, message(u"session"_s, sessionJson(session)));
    };
    connect(&fleet.lifecycle(), &LifecycleManager::sessionChanged, this, sessionChanged);
    connect(&fleet.sessions(), &SessionManager::sessionChanged, this, sessionChanged);
}

LiveUpdates::~LiveUpdates() = default;

void LiveUpdates::accept()
{
    while (std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection()) {
        // The route checked the request; the socket carries the same headers, so the caller is
        // identified again here to know what it may hear.
        const auto principal =
            m_access.authenticate(socket->request().rawHeader("Authorization"), socket->request().rawHeader("Cookie"));
        if (!principal) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"unauthorized"_s);
            continue;
        }
        QWebSocket *raw = socket.get();
        connect(raw, &QWebSocket::disconnected, this, [this, raw] { drop(raw); });
        connect(raw, &QWebSocket::textMessageReceived, this, [this, raw](const QString &text) { receive(raw, text); });
        m_clients.push_back(Client{std::move(socket), *principal, QString()});
    }
}

QString LiveUpdates::projectOf(const QString &sessionId) const
{
    auto found = m_store.sessions().get(sessionId);
    return found && found.value() ? found.value()->projectId : QString();
}

void LiveUpdates::broadcast(const QString &sessionId, const QByteArray &text)
{
    for (const Client &client : m_clients) {
        if (client.principal.kind == Principal::Kind::Session && client.principal.sessionId != sessionId)
            continue;
        if (client.principal.kind == Principal::Kind::Orchestrator
            && !client.principal.mayActOn(sessionId, projectOf(sessionId)))
            continue;
        client.socket->sendTextMessage(QString::fromUtf8(text));
    }
}

void LiveUpdates::receive(QWebSocket *socket, const QString &text)
{
    const auto client = std::find_if(m_clients.begin(), m_clients.end(),
                                     [socket](const Client &c) { return c.socket.get() == socket; });
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    if (client == m_clients.end() || message.value(u"type"_s).toString() != u"watch"_s)
        return;
    const QString session = message.value(u"session"_s).toString();
    if (!session.isEmpty() && !client->principal.mayActOn(session, projectOf(session)))
        return;
    client->watching = session;
    if (session.isEmpty())
        return;
    if (const auto known = m_lastOutput.constFind(session); known != m_lastOutput.cend())
        sendOutput(session, known.value(), socket);
    if (!m_outputTimer.isActive())
        m_outputTimer.start();
    readWatchedOutput();
}

void LiveUpdates::readWatchedOutput()
{
    QSet<QString> watched;
    for (const Client &client : m_clients) {
        if (!client.watching.isEmpty())
            watched.insert(client.watching);
    }
    if (watched.isEmpty()) {
        m_outputTimer.stop();
        m_lastOutput.clear();
        return;
    }
    for (const QString &id : std::as_const(watched)) {
        if (m_reading.contains(id))
            continue; // one read per session at a time
        auto found = m_store.sessions().get(id);
        if (!found || !found.value())
            continue;
        m_reading.insert(id);
        readSessionOutput(m_fleet, *found.value(), kOutputLines).then(this, [this, id](Result<QString> output) {
            m_reading.remove(id);
            const QString text = output ? output.value() : u"(no output: %1)"_s.arg(output.error().message);
            if (m_lastOutput.value(id) == text && m_lastOutput.contains(id))
                return;
            m_lastOutput.insert(id, text);
            sendOutput(id, text);
        });
    }
}

void LiveUpdates::sendOutput(const QString &sessionId, const QString &output, QWebSocket *only)
{
    const QString text = QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"type"_s, u"output"_s}, {u"session"_s, sessionId}, {u"output"_s, output}})
            .toJson(QJsonDocument::Compact));
    for (const Client &client : m_clients) {
        if (client.watching == sessionId && (!only || client.socket.get() == only))
            client.socket->sendTextMessage(text);
    }
}

void LiveUpdates::drop(QWebSocket *socket)
{
    const auto found = std::find_if(m_clients.begin(), m_clients.end(),
                                    [socket](const Client &client) { return client.socket.get() == socket; });
    if (found == m_clients.end())
        return;
    found->socket.release()->deleteLater(); // it is emitting the signal that brought us here
    m_clients.erase(found);
}

} // namespace flotilla
