#pragma once

#include "http_notifier.h"

namespace flotilla {

// `webhook`: a JSON document of a documented, versioned shape (`flotilla.notification/v1`,
// see docs/notifications.md) posted to `url`, with the configured `headers`. With `secret` set,
// each request is signed so the receiver can verify it came from Flotilla and was not replayed:
//   X-Flotilla-Timestamp: <unix seconds>
//   X-Flotilla-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>
class WebhookNotifier final : public HttpNotifier
{
public:
    static constexpr auto kSchema = "flotilla.notification/v1";

    explicit WebhookNotifier(const PluginSettings &settings);
    QString name() const override { return QStringLiteral("webhook"); }

    static QJsonObject payload(const Notification &notification);
    static QByteArray signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body);

protected:
    Result<HttpRequest> request(const Notification &notification, const Resolved &resolved) const override;
};

} // namespace flotilla
