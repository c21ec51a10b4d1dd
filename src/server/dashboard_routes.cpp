#include "dashboard_routes.h"

#include "api_access.h"
#include "json_responses.h"
#include "request_guard.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

using Status = QHttpServerResponder::StatusCode;

// A plain page for a browser that is not logged in: no script, nothing of the fleet.
QHttpServerResponse signInPage(Status status, const QString &why)
{
    const QString html =
        u"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Flotilla</title>"
        "<link rel=\"stylesheet\" href=\"/assets/signin.css\"></head><body><main><h1>Flotilla</h1><p>%1</p>"
        "<p>Open the dashboard from the Flotilla app (View → Open Dashboard, or the tray menu), or run "
        "<code>flo dashboard</code>.</p></main></body></html>"_s.arg(why.toHtmlEscaped());
    return QHttpServerResponse("text/html; charset=utf-8", html.toUtf8(), status);
}

} // namespace

DashboardRoutes::DashboardRoutes(ApiAccess &access, RequestGuard &guard) : m_access(access), m_guard(guard) {}

bool DashboardRoutes::asset(const QString &name, QByteArray *content, QByteArray *mimeType)
{
    // Plain file names only: nothing but the dashboard's own files can be named.
    static const QRegularExpression kName(u"^[A-Za-z0-9_-]+\\.(html|css|js|svg)$"_s);
    const QRegularExpressionMatch match = kName.match(name);
    if (!match.hasMatch())
        return false;
    QFile file(u":/dashboard/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *content = file.readAll();
    const QString type = match.captured(1);
    *mimeType = type == u"html"_s  ? "text/html; charset=utf-8"
                : type == u"css"_s ? "text/css; charset=utf-8"
                : type == u"js"_s  ? "text/javascript; charset=utf-8"
                                   : "image/svg+xml";
    return true;
}

bool DashboardRoutes::loggedIn(const QHttpServerRequest &request)
{
    return m_access.authenticate(request.value("Authorization"), request.value("Cookie")).has_value();
}

QHttpServerResponse DashboardRoutes::page(const QHttpServerRequest &request, const QString &file)
{
    if (const auto rejection = m_guard.checkHost(request))
        return jsonError(rejection->status, rejection->code, rejection->message);
    // The sign-in page's own stylesheet is the one thing a stranger may load.
    if (file != u"signin.css"_s && !loggedIn(request))
        return signInPage(Status::Unauthorized, u"This browser is not signed in to this Flotilla."_s);
    QByteArray content;
    QByteArray type;
    if (!asset(file, &content, &type))
        return jsonError(Status::NotFound, u"not_found"_s, u"no such file: "_s + file);
    return QHttpServerResponse(type, content);
}

QHttpServerResponse DashboardRoutes::login(const QHttpServerRequest &request)
{
    if (const auto rejection = m_guard.checkHost(request))
        return jsonError(rejection->status, rejection->code, rejection->message);
    const QByteArray code = QUrlQuery(request.url()).queryItemValue(u"code"_s).toUtf8();
    const auto cookie = m_access.dashboard().redeem(code);
    if (!cookie)
        return signInPage(Status::Unauthorized, u"This login link was used already or has expired."_s);
    QHttpServerResponse response("text/plain; charset=utf-8", "Signed in.", Status::SeeOther);
    response.setHeader("Location", "/");
    response.setHeader("Set-Cookie", DashboardLogin::setCookieHeader(*cookie));
    return response;
}

QString DashboardRoutes::loginLink(const QString &apiBase)
{
    return apiBase + u"/login?code="_s + QString::fromLatin1(m_access.dashboard().issueCode());
}

QHttpServerResponse DashboardRoutes::loginLinkFor(const QHttpServerRequest &request)
{
    if (const auto rejection = m_guard.checkHost(request))
        return jsonError(rejection->status, rejection->code, rejection->message);
    if (const auto rejection = m_guard.checkOrigin(request))
        return jsonError(rejection->status, rejection->code, rejection->message);
    // Only the API token makes links: a browser's cookie (or an agent's token) cannot mint more.
    const auto caller = m_access.authenticate(RequestGuard::bearerToken(request));
    if (!caller || caller->kind != Principal::Kind::User)
        return jsonError(Status::Unauthorized, u"unauthorized"_s, u"the API token is required"_s);
    const QString host = QString::fromLatin1(request.value("Host"));
    return QHttpServerResponse(QJsonObject{{u"url"_s, loginLink(u"http://"_s + host)}});
}

void DashboardRoutes::registerRoutes(QHttpServer &http)
{
    using Method = QHttpServerRequest::Method;
    http.route(u"/"_s, Method::Get, [this](const QHttpServerRequest &r) { return page(r, u"index.html"_s); });
    http.route(u"/assets/<arg>"_s, Method::Get,
               [this](const QString &file, const QHttpServerRequest &r) { return page(r, file); });
    http.route(u"/login"_s, Method::Get, [this](const QHttpServerRequest &r) { return login(r); });
    http.route(u"/api/v1/dashboard/login-link"_s, Method::Post,
               [this](const QHttpServerRequest &r) { return loginLinkFor(r); });
}

} // namespace flotilla
