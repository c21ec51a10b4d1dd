#include "escalation_mailer.h"

#include "escalation_letter.h"
#include "escalation_token.h"
#include "plugin/await_result.h"
#include "ravi_client.h"
#include "ravi_json.h"
#include "ravi_sender.h"
#include "store/decision_store.h"
#include "store/event_log.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kSendDeadline = std::chrono::seconds(30);
constexpr int kTokenDraws = 8;

} // namespace

struct EscalationMailer::Delivery
{
    Notification notification;
    SentQuestion question;
    bool inDoubt = false; // an earlier attempt may have sent it
    EscalationLetter letter;
    PendingResult<void> answer;
};

EscalationMailer::EscalationMailer(RaviNotifierSettings settings, RaviSender &sender, Dependencies dependencies,
                                   QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_sender(sender), m_deps(dependencies)
{}

Async<void> EscalationMailer::deliver(const Notification &notification)
{
    std::optional<Decision> decision = notification.decision;
    if (decision) {
        // Asked by the time it is delivered? Then there is nothing left to ask.
        auto current = m_deps.decisions.get(decision->id);
        if (!current)
            return failed<void>(current.error());
        if (current.value())
            decision = *current.value();
    }
    const bool asks = decision && decision->state == Decision::State::Pending;
    if (decision && !asks)
        return readyOk();

    auto existing = m_deps.threads.get(m_settings.name, notification.event.id);
    if (!existing)
        return failed<void>(existing.error());
    if (existing.value() && existing.value()->state != SentQuestion::State::Sending)
        return readyOk(); // sent by an earlier delivery of this event

    auto delivery = std::make_shared<Delivery>();
    delivery->notification = notification;
    delivery->notification.decision = decision;
    if (existing.value()) {
        delivery->question = *existing.value();
        delivery->inDoubt = true;
    } else {
        SentQuestion &question = delivery->question;
        question.notifier = m_settings.name;
        question.eventId = notification.event.id;
        question.decisionId = asks ? decision->id : QString();
        question.recipient = m_settings.approverEmail;
        question.smsTo = asks ? m_settings.approverSms : QString();
        question.createdAt = QDateTime::currentDateTimeUtc();
        Result<void> reserved = makeError(u"store.token_taken"_s, QString());
        for (int draw = 0; draw < kTokenDraws && !reserved && reserved.error().code == u"store.token_taken"_s; ++draw) {
            question.token = asks ? escalationtoken::generate() : QString();
            reserved = m_deps.threads.reserve(question);
        }
        if (!reserved)
            return failed<void>(reserved.error());
    }
    delivery->letter = asks ? EscalationLetter::question(delivery->notification, delivery->question.token)
                            : EscalationLetter::notice(delivery->notification);

    awaitResult(m_sender.ready(), this, kSendDeadline, u"finding the Ravi identity escalations are sent as"_s,
                [this, delivery](Result<void> ready) {
                    if (!ready) {
                        if (!delivery->inDoubt)
                            release(delivery->question.eventId);
                        return delivery->answer(ready.error());
                    }
                    if (delivery->inDoubt && !delivery->question.token.isEmpty())
                        return lookForEarlierSend(delivery);
                    send(delivery);
                });
    return delivery->answer.future();
}

void EscalationMailer::lookForEarlierSend(const std::shared_ptr<Delivery> &delivery)
{
    const QDateTime since = delivery->question.createdAt.addSecs(-120);
    awaitResult(m_sender.mail().messagesSince(u"outgoing"_s, since), this, kSendDeadline,
                u"looking for an escalation already sent"_s, [this, delivery](Result<RaviMessageList> outgoing) {
                    if (!outgoing)
                        return delivery->answer(outgoing.error());
                    for (const RaviMessage &message : std::as_const(outgoing->messages)) {
                        if (escalationtoken::isQuotedIn(delivery->question.token, message.subject))
                            return sent(delivery, message);
                    }
                    send(delivery);
                });
}

void EscalationMailer::send(const std::shared_ptr<Delivery> &delivery)
{
    awaitResult(m_sender.mail().compose(m_sender.inbox(), m_settings.approverEmail, delivery->letter.subject,
                                        delivery->letter.html),
                this, kSendDeadline, u"sending the escalation mail"_s, [this, delivery](Result<RaviMessage> message) {
                    if (message)
                        return sent(delivery, message.value());
                    // A refusal certainly sent nothing; after a timeout or an outage it may
                    // have, so the reservation stays and the next attempt looks first.
                    if (!ravi::isUnreachable(message.error()) && !delivery->inDoubt)
                        release(delivery->question.eventId);
                    delivery->answer(message.error());
                });
}

void EscalationMailer::sent(const std::shared_ptr<Delivery> &delivery, const RaviMessage &message)
{
    SentQuestion &question = delivery->question;
    const bool asks = !question.token.isEmpty();
    question.threadId = message.threadId.isEmpty() ? message.messageId : message.threadId;
    question.sentAt = message.created.isValid() ? message.created : QDateTime::currentDateTimeUtc();
    if (auto marked = m_deps.threads.markSent(m_settings.name, question.eventId,
                                              asks ? SentQuestion::State::Open : SentQuestion::State::Notice,
                                              question.threadId, u"email:%1"_s.arg(message.id), question.sentAt);
        !marked)
        return delivery->answer(marked.error());
    if (asks) {
        log(u"decision.escalation_sent"_s, Priority::Info,
            u"Asked %1 by mail through Ravi (%2)"_s.arg(m_settings.approverEmail, m_settings.name),
            delivery->notification,
            QJsonObject{{u"decision"_s, question.decisionId},
                        {u"notifier"_s, m_settings.name},
                        {u"to"_s, m_settings.approverEmail},
                        {u"from"_s, m_sender.inbox().address}});
        emit questionSent();
    }
    if (asks && !question.smsTo.isEmpty() && !m_smsUnavailable)
        return sendSms(delivery);
    delivery->answer(Result<void>());
}

void EscalationMailer::sendSms(const std::shared_ptr<Delivery> &delivery)
{
    awaitResult(
        m_sender.mail().sendSms(delivery->question.smsTo, delivery->letter.sms), this, kSendDeadline,
        u"sending the escalation SMS"_s, [this, delivery](Result<RaviTextMessage> sms) {
            // The mail went: an SMS that did not is told, never a reason to mail again.
            if (!sms) {
                const QString code = sms.error().code;
                const bool unsupported = code == u"ravi.not_found"_s || code == u"ravi.plan_required"_s
                                         || sms.error().message.contains(u"405"_s);
                if (unsupported)
                    m_smsUnavailable = true;
                log(unsupported ? u"notification.sms_unavailable"_s : u"notification.sms_failed"_s, Priority::Warning,
                    unsupported ? u"Ravi cannot send SMS for notifier %1 (%2); escalations go by mail "
                                  "only"_s.arg(m_settings.name, sms.error().message)
                                : u"The escalation SMS of notifier %1 was not sent: %2"_s.arg(m_settings.name,
                                                                                              sms.error().message),
                    delivery->notification,
                    QJsonObject{{u"notifier"_s, m_settings.name}, {u"decision"_s, delivery->question.decisionId}});
            }
            delivery->answer(Result<void>());
        });
}

void EscalationMailer::release(const QString &eventId)
{
    if (auto released = m_deps.threads.release(m_settings.name, eventId); !released)
        qWarning("flotilla: %s", qUtf8Printable(released.error().toString()));
}

void EscalationMailer::log(const QString &type, Priority priority, const QString &message, const Notification &about,
                           QJsonObject data)
{
    Event event;
    event.type = type;
    event.priority = priority;
    event.actor = u"notifier:"_s + m_settings.name;
    event.sessionId = about.decision ? about.decision->sessionId : about.event.sessionId;
    event.projectId = about.decision ? about.decision->projectId : about.event.projectId;
    event.message = message;
    event.data = std::move(data);
    if (auto logged = m_deps.events.append(event); !logged)
        qWarning("flotilla: cannot log %s: %s", qUtf8Printable(type), qUtf8Printable(logged.error().toString()));
}

} // namespace flotilla
