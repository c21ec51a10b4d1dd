#pragma once

#include <QByteArray>
#include <QString>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace flotilla {

class ApiAccess;
class RequestGuard;

// The web dashboard: its pages and assets (HTML, CSS and ES modules compiled into the binary
// from resources/dashboard, no build step, nothing from other sites), the one-time login that
// turns a code from the app into the browser's cookie, and the API call that makes such a
// link. Every page and asset needs the cookie (or the API token); nothing is served to a
// browser that has not logged in, and every answer carries the security headers.
//
//   GET  /                              the board (index.html)
//   GET  /assets/<file>                 a stylesheet, module or icon
//   GET  /login?code=…                  sets the cookie, then redirects to /
//   POST /api/v1/dashboard/login-link   {"url": "http://127.0.0.1:PORT/login?code=…"} (API token only)
class DashboardRoutes final
{
public:
    DashboardRoutes(ApiAccess &access, RequestGuard &guard);

    void registerRoutes(QHttpServer &http);
    // A one-time login address for the dashboard on `apiBase` ("http://127.0.0.1:3000").
    QString loginLink(const QString &apiBase);

    // An asset's bytes and type, from the resources; nothing for an unknown name.
    static bool asset(const QString &name, QByteArray *content, QByteArray *mimeType);

private:
    QHttpServerResponse page(const QHttpServerRequest &request, const QString &file);
    QHttpServerResponse login(const QHttpServerRequest &request);
    QHttpServerResponse loginLinkFor(const QHttpServerRequest &request);
    bool loggedIn(const QHttpServerRequest &request);

    ApiAccess &m_access;
    RequestGuard &m_guard;
};

} // namespace flotilla
