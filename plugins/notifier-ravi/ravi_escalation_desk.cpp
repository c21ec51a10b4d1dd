#include "ravi_escalation_desk.h"

#include "config/config_model.h"
#include "escalation_mailer.h"
#include "ravi_sender.h"
#include "store/store.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kTick = std::chrono::milliseconds(500);

// ±20 % so several notifiers, or several Flotillas on one account, do not poll in step.
std::chrono::milliseconds jittered(std::chrono::milliseconds wait)
{
    const double factor = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    return std::chrono::milliseconds(qint64(double(wait.count()) * factor));
}

} // namespace

RaviEscalationDesk::RaviEscalationDesk(Dependencies dependencies, QObject *parent)
    : QObject(parent), m_deps(std::move(dependencies))
{
    m_ticker.setInterval(kTick);
    connect(&m_ticker, &QTimer::timeout, this, &RaviEscalationDesk::tick);
}

RaviEscalationDesk::~RaviEscalationDesk() = default;

Result<RaviNotifierSettings> RaviEscalationDesk::settingsOf(const PluginSettings &settings) const
{
    const std::shared_ptr<const Config> config = m_deps.config ? m_deps.config() : nullptr;
    return RaviNotifierSettings::read(settings, config ? config->raviBaseUrl : QString());
}

RaviEscalationDesk::Channel *RaviEscalationDesk::channel(const RaviNotifierSettings &settings)
{
    auto found = m_channels.find(settings.name);
    if (found != m_channels.end() && found->second->settings == settings)
        return found->second.get();
    if (found != m_channels.end() && found->second->poller->isPolling())
        return found->second.get(); // reconfigured mid-cycle: replaced on a later tick
    auto made = std::make_unique<Channel>();
    made->settings = settings;
    made->sender = std::make_unique<RaviSender>(settings, m_deps.keychain);
    made->mailer = std::make_unique<EscalationMailer>(
        settings, *made->sender,
        EscalationMailer::Dependencies{m_deps.store.replyThreads(), m_deps.store.decisions(), m_deps.store.events()});
    made->poller = std::make_unique<ReplyPoller>(
        settings, *made->sender,
        ReplyPoller::Dependencies{m_deps.store.replyThreads(), m_deps.store.decisions(), m_deps.store.events(),
                                  m_deps.store.database(), m_deps.answer});
    made->due = QDateTime::currentDateTimeUtc();
    Channel *channel = made.get();
    // A question just sent is polled for after one interval, not after a long idle wait.
    connect(channel->mailer.get(), &EscalationMailer::questionSent, this, [channel] {
        const QDateTime soon =
            QDateTime::currentDateTimeUtc().addMSecs(std::chrono::milliseconds(channel->settings.pollInterval).count());
        if (channel->due > soon)
            channel->due = soon;
    });
    const QString name = settings.name;
    connect(channel->poller.get(), &ReplyPoller::cycleFinished, this,
            [this, name](int applied) { emit polled(name, applied); });
    m_channels[settings.name] = std::move(made);
    return channel;
}

Async<void> RaviEscalationDesk::deliver(const PluginSettings &settings, const Notification &notification)
{
    auto read = settingsOf(settings);
    if (!read)
        return failed<void>(read.error());
    return channel(read.value())->mailer->deliver(notification);
}

void RaviEscalationDesk::start()
{
    syncWithConfig();
    m_ticker.start();
}

void RaviEscalationDesk::stop()
{
    m_ticker.stop();
}

void RaviEscalationDesk::decisionClosed(const QString &decisionId)
{
    if (auto closed = m_deps.store.replyThreads().closeDecision(decisionId, QDateTime::currentDateTimeUtc()); !closed)
        qWarning("flotilla: %s", qUtf8Printable(closed.error().toString()));
}

void RaviEscalationDesk::syncWithConfig()
{
    const std::shared_ptr<const Config> config = m_deps.config ? m_deps.config() : nullptr;
    if (!config)
        return;
    for (auto it = config->notifiers.cbegin(); it != config->notifiers.cend(); ++it) {
        if (it->block.plugin != u"ravi"_s)
            continue;
        PluginSettings settings = it->block.settings;
        settings.insert(u"_notifier"_s, it.key());
        if (auto read = settingsOf(settings))
            channel(read.value());
    }
}

void RaviEscalationDesk::tick()
{
    syncWithConfig();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto &[name, channel] : m_channels) {
        if (channel->due > now || channel->poller->isPolling())
            continue;
        channel->due = now.addMSecs(std::chrono::milliseconds(channel->settings.pollInterval).count());
        Channel *polled = channel.get();
        channel->poller->poll([polled](std::chrono::milliseconds wait) {
            polled->due = QDateTime::currentDateTimeUtc().addMSecs(jittered(wait).count());
        });
    }
}

} // namespace flotilla
