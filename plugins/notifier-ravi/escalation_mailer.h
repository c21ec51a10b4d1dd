#pragma once

#include "plugin/notifier_plugin.h"
#include "ravi_notifier_settings.h"
#include "store/reply_thread_store.h"

#include <QObject>

namespace flotilla {

class DecisionStore;
class EventLog;
class RaviSender;
struct RaviMessage;

// Sends one notifier's notifications as mail: a question (a pending decision) with a fresh token
// in its subject, and by SMS too when configured; anything else as a notice. The question is
// reserved in the store before it is sent and marked sent after, so a delivery made again (the
// outbox delivers at least once) never mails twice: a question already sent is done, and one
// whose send ended in doubt (a timeout) is first looked for among the mail Ravi already sent.
class EscalationMailer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EscalationMailer)

public:
    struct Dependencies
    {
        ReplyThreadStore &threads;
        DecisionStore &decisions;
        EventLog &events;
    };

    EscalationMailer(RaviNotifierSettings settings, RaviSender &sender, Dependencies dependencies,
                     QObject *parent = nullptr);

    Async<void> deliver(const Notification &notification);

signals:
    void questionSent();

private:
    struct Delivery;
    void send(const std::shared_ptr<Delivery> &delivery);
    void lookForEarlierSend(const std::shared_ptr<Delivery> &delivery);
    void sent(const std::shared_ptr<Delivery> &delivery, const RaviMessage &message);
    void sendSms(const std::shared_ptr<Delivery> &delivery);
    // Forgets a reservation that certainly sent nothing, so the next attempt starts afresh.
    void release(const QString &eventId);
    void log(const QString &type, Priority priority, const QString &message, const Notification &about,
             QJsonObject data);

    RaviNotifierSettings m_settings;
    RaviSender &m_sender;
    Dependencies m_deps;
    bool m_smsUnavailable = false; // this Ravi cannot send SMS (an older server, or the plan)
};

} // namespace flotilla
