#pragma once

#include "net/http_types.h"
#include "notifier_gate.h"
#include "plugin/notifier_plugin.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace flotilla {

class HttpClient;

// A notifier that posts to an HTTP endpoint (Slack, Discord, a webhook, ntfy). The endpoint
// and any token come from the settings as references (`${VAR}`, `keychain:NAME`) resolved at
// each delivery, so a rotated secret is used at once and none is kept. No secret, and no part
// of a secret-bearing URL beyond its host, reaches an error, the log or the notification
// history. A 429 pauses the notifier until its Retry-After; the rate limit and the dedupe
// window come from the settings (`rateLimitPerMinute`, `dedupeWindow`).
class HttpNotifier : public NotifierPlugin
{
public:
    // Secrets resolved for one delivery: the endpoint, a token, header values by name.
    struct Resolved
    {
        QUrl url;
        QString token;
        QHash<QString, QString> headers;
    };

    ~HttpNotifier() override;

    Availability detect() const override;
    Async<void> deliver(const Notification &notification) final;
    QDateTime pausedUntil() const final { return m_pausedUntil; }

protected:
    // `urlKeys`: the settings that may hold the endpoint, first found wins ("webhookUrl", "url").
    HttpNotifier(PluginSettings settings, QStringList urlKeys, QString tokenKey = {});

    const PluginSettings &settings() const { return m_settings; }
    QString notifierName() const;
    // The request for one notification; the body is what the channel documents.
    virtual Result<HttpRequest> request(const Notification &notification, const Resolved &resolved) const = 0;

private:
    struct Delivery;
    void resolve(const std::shared_ptr<Delivery> &delivery, int index);
    void send(const std::shared_ptr<Delivery> &delivery);
    Error scrubbed(Error error, const Resolved &resolved) const;

    PluginSettings m_settings;
    QStringList m_urlKeys;
    QString m_tokenKey;
    std::unique_ptr<QObject> m_context; // continuations run on it; gone with the plugin
    std::unique_ptr<HttpClient> m_http;
    NotifierGate m_gate;
    QDateTime m_pausedUntil;
};

} // namespace flotilla
