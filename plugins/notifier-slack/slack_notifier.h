#pragma once

#include "http_notifier.h"

namespace flotilla {

// `slack`: an incoming webhook (`webhookUrl`), as Block Kit: a header, the reason and how to
// answer, the facts as fields, a context line with the priority, and link buttons. `channel`
// and `username` are passed on (legacy webhooks honour them).
class SlackNotifier final : public HttpNotifier
{
public:
    explicit SlackNotifier(const PluginSettings &settings);
    QString name() const override { return QStringLiteral("slack"); }

    static QJsonObject payload(const Notification &notification, const PluginSettings &settings);

protected:
    Result<HttpRequest> request(const Notification &notification, const Resolved &resolved) const override;
};

} // namespace flotilla
