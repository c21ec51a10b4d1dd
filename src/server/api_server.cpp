#include "api_server.h"

#include "api_access.h"

#include "dashboard_routes.h"
#include "fleet_api.h"
#include "github_webhook_routes.h"
#include "json_responses.h"
#include "live_updates.h"
#include "secrets/secret_store.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace flotilla {

ApiServer::ApiServer(QObject *parent) : QObject(parent)
{
    m_http.afterRequest([](QHttpServerResponse &&response) {
        addSecurityHeaders(response);
        return std::move(response);
    });
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        // Unknown paths get the same Host check as known ones, so probing reveals nothing.
        if (m_guard) {
            if (const auto rejection = m_guard->checkHost(request)) {
                writeJsonError(responder, rejection->status, rejection->code, rejection->message);
                return;
            }
        }
        // Reference-tool webhook paths come from the configuration, which can change while
        // routes cannot: they are looked up here.
        if (m_webhooks && m_webhooks->answerConfiguredPath(request, responder))
            return;
        writeJsonError(responder, QHttpServerResponder::StatusCode::NotFound, u"not_found"_s,
                       u"no such endpoint: "_s + request.url().path());
    });
}

ApiServer::~ApiServer()
{
    m_live.reset(); // its sockets close before the server they came from
}

Result<void> ApiServer::listen(const Options &options)
{
    m_options = options;
    auto tcp = std::make_unique<QTcpServer>();
    if (!tcp->listen(options.address, static_cast<quint16>(options.port))) {
        const QString where = u"%1:%2"_s.arg(options.address.toString()).arg(options.port);
        if (tcp->serverError() == QAbstractSocket::AddressInUseError)
            return makeError(u"server.port_in_use"_s,
                             u"port %1 on %2 is already in use by another program. Stop that program, or choose "
                             "another port with --port N, the FLOTILLA_PORT environment variable, or `port:` in "
                             "flotilla.yaml"_s.arg(options.port)
                                 .arg(options.address.toString()),
                             where);
        return makeError(u"server.listen"_s,
                         u"cannot listen on port %1: %2"_s.arg(options.port).arg(tcp->errorString()), where);
    }
    m_tcp = tcp.release();
    m_http.bind(m_tcp); // QAbstractHttpServer takes ownership
    m_guard = std::make_unique<RequestGuard>(options.token, port());
    m_startedAt = QDateTime::currentDateTimeUtc();
    registerRoutes();
    return {};
}

void ApiServer::attach(Fleet &fleet, Store &store, ApiAccess &access)
{
    m_access = &access;
    m_fleetApi = std::make_unique<FleetApi>(fleet, store, access, *m_guard);
    m_fleetApi->registerRoutes(m_http);
    m_live = std::make_unique<LiveUpdates>(m_http, *m_guard, access, fleet, store);
    m_dashboard = std::make_unique<DashboardRoutes>(access, *m_guard);
    m_dashboard->registerRoutes(m_http);
    if (!m_options.keychainService.isEmpty())
        m_keychain = std::make_unique<SecretStore>(m_options.keychainService);
    m_webhooks = std::make_unique<GithubWebhookRoutes>(fleet, store, *m_guard, m_keychain.get());
    m_webhooks->registerRoutes(m_http);
}

int ApiServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QString ApiServer::baseUrl() const
{
    return u"http://127.0.0.1:%1"_s.arg(port());
}

QString ApiServer::dashboardLoginLink()
{
    return m_dashboard ? m_dashboard->loginLink(baseUrl()) : QString();
}

QHostAddress ApiServer::address() const
{
    return m_tcp ? m_tcp->serverAddress() : QHostAddress();
}

void ApiServer::registerRoutes()
{
    m_http.route(u"/api/v1/health"_s, QHttpServerRequest::Method::Get, [this](const QHttpServerRequest &request) {
        if (const auto rejection = m_guard->checkHost(request))
            return jsonError(rejection->status, rejection->code, rejection->message);
        // Any caller the API knows may ask: the person, and an agent running `flo status`.
        const bool known = m_access ? m_access->authenticate(request.value("Authorization"), {}).has_value()
                                    : !m_guard->checkToken(request).has_value();
        if (!known) {
            const auto rejection = m_guard->checkToken(request);
            return jsonError(rejection->status, rejection->code, rejection->message);
        }
        return QHttpServerResponse(health());
    });
}

QJsonObject ApiServer::health() const
{
    return QJsonObject{
        {u"name"_s, u"flotilla"_s},
        {u"version"_s, QStringLiteral(FLOTILLA_VERSION)},
        {u"pid"_s, QCoreApplication::applicationPid()},
        {u"headless"_s, m_options.headless},
        {u"startedAt"_s, m_startedAt.toString(Qt::ISODate)},
        {u"uptimeSeconds"_s, m_startedAt.secsTo(QDateTime::currentDateTimeUtc())},
    };
}

} // namespace flotilla
