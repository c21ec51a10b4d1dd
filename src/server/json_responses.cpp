#include "json_responses.h"

#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QJsonObject errorBody(const QString &code, const QString &message)
{
    return QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}};
}

} // namespace

const QList<std::pair<QByteArray, QByteArray>> &securityHeaders()
{
    static const QList<std::pair<QByteArray, QByteArray>> headers = {
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Content-Security-Policy",
         "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
         "form-action 'self'"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
    };
    return headers;
}

void addSecurityHeaders(QHttpServerResponse &response)
{
    for (const auto &[name, value] : securityHeaders())
        response.setHeader(name, value);
}

QHttpServerResponse jsonError(QHttpServerResponder::StatusCode status, const QString &code, const QString &message)
{
    return QHttpServerResponse(errorBody(code, message), status);
}

void writeJsonError(QHttpServerResponder &responder, QHttpServerResponder::StatusCode status, const QString &code,
                    const QString &message)
{
    const QByteArray body = QJsonDocument(errorBody(code, message)).toJson(QJsonDocument::Compact);
    responder.writeStatusLine(status);
    for (const auto &[name, value] : securityHeaders())
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    responder.writeBody(body);
}

} // namespace flotilla
