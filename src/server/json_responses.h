#pragma once

#include <QHttpServerResponder>
#include <QList>
#include <QString>

class QHttpServerResponse;

namespace flotilla {

// {"error": {"code": "...", "message": "..."}} with the given status.
QHttpServerResponse jsonError(QHttpServerResponder::StatusCode status, const QString &code, const QString &message);
void writeJsonError(QHttpServerResponder &responder, QHttpServerResponder::StatusCode status, const QString &code,
                    const QString &message);

// Headers that keep other web pages from framing, sniffing or caching what we serve.
void addSecurityHeaders(QHttpServerResponse &response);
const QList<std::pair<QByteArray, QByteArray>> &securityHeaders();

} // namespace flotilla
