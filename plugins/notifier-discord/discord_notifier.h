#pragma once

#include "http_notifier.h"

namespace flotilla {

// `discord`: a webhook (`webhookUrl`) message with one embed, coloured by what it means (red
// failed, amber needs you, green done, blue otherwise), the facts as fields and the link as
// the title's target. `username`, `avatarUrl` and `threadId` are passed on. A 429's
// Retry-After is honoured.
class DiscordNotifier final : public HttpNotifier
{
public:
    explicit DiscordNotifier(const PluginSettings &settings);
    QString name() const override { return QStringLiteral("discord"); }

    static QJsonObject payload(const Notification &notification, const PluginSettings &settings);
    static int colourOf(const QString &tone);

protected:
    Result<HttpRequest> request(const Notification &notification, const Resolved &resolved) const override;
};

} // namespace flotilla
