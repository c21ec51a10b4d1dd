#include "request_guard.h"

#include "instance/api_token.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

namespace flotilla {

RequestGuard::RequestGuard(QByteArray token, int port) : m_token(std::move(token)), m_port(port) {}

bool RequestGuard::isLoopbackHost(const QByteArray &hostHeader, int port)
{
    QByteArray host = hostHeader.trimmed().toLower();
    QByteArray portPart;
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return false;
        portPart = host.mid(close + 1);
        host = host.left(close + 1);
    } else if (const qsizetype colon = host.lastIndexOf(':'); colon >= 0) {
        portPart = host.mid(colon + 1);
        host = host.left(colon);
        if (portPart.isEmpty())
            return false;
    }
    if (portPart.startsWith(':'))
        portPart = portPart.mid(1);
    if (!portPart.isEmpty() && portPart != QByteArray::number(port))
        return false;
    return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

std::optional<RequestGuard::Rejection> RequestGuard::checkHost(const QHttpServerRequest &request) const
{
    if (isLoopbackHost(request.value("Host"), m_port))
        return std::nullopt;
    return Rejection{QHttpServerResponder::StatusCode::Forbidden, u"bad_host"_s,
                     u"requests must address this machine's loopback (Host: 127.0.0.1 or localhost)"_s};
}

QByteArray RequestGuard::bearerToken(const QHttpServerRequest &request)
{
    return bearerToken(request.value("Authorization"));
}

QByteArray RequestGuard::bearerToken(const QByteArray &authorizationHeader)
{
    const QByteArray authorization = authorizationHeader.trimmed();
    constexpr qsizetype kSchemeLength = 7; // "Bearer "
    if (authorization.size() > kSchemeLength && authorization.left(kSchemeLength).toLower() == "bearer ")
        return authorization.mid(kSchemeLength).trimmed();
    return {};
}

std::optional<RequestGuard::Rejection> RequestGuard::checkOrigin(const QHttpServerRequest &request) const
{
    const QByteArray origin = request.value("Origin").trimmed().toLower();
    if (origin.isEmpty())
        return std::nullopt;
    const QByteArray portSuffix = ':' + QByteArray::number(m_port);
    for (const QByteArray &scheme : {QByteArray("http://"), QByteArray("https://")}) {
        // The Origin must name the port too: another local server's pages are other sites.
        if (origin.startsWith(scheme) && origin.endsWith(portSuffix)
            && isLoopbackHost(origin.mid(scheme.size()), m_port))
            return std::nullopt;
    }
    return Rejection{
        QHttpServerResponder::StatusCode::Forbidden, u"bad_origin"_s,
        u"state changes are accepted only from Flotilla's own pages (Origin http://127.0.0.1:%1)"_s.arg(m_port)};
}

std::optional<RequestGuard::Rejection> RequestGuard::checkToken(const QHttpServerRequest &request) const
{
    const QByteArray presented = bearerToken(request);
    if (!presented.isEmpty() && ApiToken::matches(m_token, presented))
        return std::nullopt;
    return Rejection{QHttpServerResponder::StatusCode::Unauthorized, u"unauthorized"_s,
                     u"a valid API token is required (flo sends it; the dashboard is opened from the app)"_s};
}

std::optional<RequestGuard::Rejection> RequestGuard::check(const QHttpServerRequest &request) const
{
    if (auto rejection = checkHost(request))
        return rejection;
    return checkToken(request);
}

} // namespace flotilla
