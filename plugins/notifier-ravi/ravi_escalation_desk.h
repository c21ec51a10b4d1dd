#pragma once

#include "plugin/notifier_plugin.h"
#include "reply_poller.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace flotilla {

struct Config;
class EscalationMailer;
class RaviSender;
class SecretStore;
class Store;

// Every Ravi notifier of the configuration, for as long as Flotilla runs: the identity each
// sends as, its mailer and its reply poller. Plugin instances come and go with configuration
// reloads; the desk stays, so one notifier has one sender, one rate-limit account and one
// polling loop however often it is reconfigured. Open questions live in the store, so after a
// restart the desk picks up polling where the last run left off.
class RaviEscalationDesk final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaviEscalationDesk)

public:
    using ConfigSource = std::function<std::shared_ptr<const Config>()>;
    struct Dependencies
    {
        Store &store;
        ReplyPoller::AnswerSink answer;
        SecretStore *keychain = nullptr;
        ConfigSource config;
    };

    explicit RaviEscalationDesk(Dependencies dependencies, QObject *parent = nullptr);
    ~RaviEscalationDesk() override;

    // Delivers through the notifier the settings name (made or refreshed from them).
    Async<void> deliver(const PluginSettings &settings, const Notification &notification);
    // Polls the configured notifiers, each at its own interval.
    void start();
    void stop();
    // A decision closed by any channel: its questions stop being awaited.
    void decisionClosed(const QString &decisionId);

    // The settings the configuration's `ravi.baseUrl` completes; an error names the key at fault.
    Result<RaviNotifierSettings> settingsOf(const PluginSettings &settings) const;

signals:
    // After each polling cycle of a notifier, with the replies it applied.
    void polled(const QString &notifier, int applied);

private:
    struct Channel
    {
        RaviNotifierSettings settings;
        std::unique_ptr<RaviSender> sender;
        std::unique_ptr<EscalationMailer> mailer;
        std::unique_ptr<ReplyPoller> poller;
        QDateTime due;
    };

    Channel *channel(const RaviNotifierSettings &settings);
    void tick();
    void syncWithConfig();

    Dependencies m_deps;
    std::map<QString, std::unique_ptr<Channel>> m_channels;
    QTimer m_ticker;
};

} // namespace flotilla
