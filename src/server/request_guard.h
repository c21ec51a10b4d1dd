#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QString>

#include <optional>

class QHttpServerRequest;
class QHttpServerResponse;

namespace flotilla {

// The checks every local API request passes before any handler runs:
//  - Host must name this machine's loopback (defeats DNS rebinding: a web page that makes
//    evil.example resolve to 127.0.0.1 still sends "Host: evil.example"),
//  - the per-user token must be presented (Authorization: Bearer), compared in constant time.
class RequestGuard final
{
public:
    struct Rejection
    {
        QHttpServerResponder::StatusCode status;
        QString code;
        QString message;
    };

    RequestGuard(QByteArray token, int port);

    void setPort(int port) { m_port = port; }

    std::optional<Rejection> checkHost(const QHttpServerRequest &request) const;
    // State changes from a browser must come from our own pages: an Origin header, when there
    // is one, must name this loopback port. Programs (flo) send none.
    std::optional<Rejection> checkOrigin(const QHttpServerRequest &request) const;
    std::optional<Rejection> checkToken(const QHttpServerRequest &request) const;
    // Both, in order.
    std::optional<Rejection> check(const QHttpServerRequest &request) const;

    static bool isLoopbackHost(const QByteArray &hostHeader, int port);
    // The token of "Authorization: Bearer <token>", or empty.
    static QByteArray bearerToken(const QHttpServerRequest &request);
    static QByteArray bearerToken(const QByteArray &authorizationHeader);

private:
    QByteArray m_token;
    int m_port;
};

} // namespace flotilla
