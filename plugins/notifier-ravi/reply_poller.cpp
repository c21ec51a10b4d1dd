#include "reply_poller.h"

#include "escalation_letter.h"
#include "escalation_token.h"
#include "plugin/await_result.h"
#include "ravi_client.h"
#include "ravi_json.h"
#include "ravi_sender.h"
#include "reply_reader.h"
#include "store/database.h"
#include "store/decision_store.h"
#include "store/event_log.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kCallDeadline = std::chrono::seconds(30);
constexpr auto kApplyDeadline = std::chrono::minutes(6);
// Replies are read from a little before the newest one seen: Ravi's clock and its indexing
// may lag, and ids already handled are skipped anyway.
constexpr int kOverlapSeconds = 60;
constexpr qint64 kLateReplySeconds = 3600;
constexpr std::chrono::milliseconds kFirstBackoff = std::chrono::seconds(15);
constexpr std::chrono::milliseconds kMaxBackoff = std::chrono::minutes(5);

// Bookkeeping that fails (a full disk) is told; the reply's own outcome stands either way.
template<typename T> void warnIfFailed(const Result<T> &result)
{
    if (!result)
        qWarning("flotilla: %s", qUtf8Printable(result.error().toString()));
}

} // namespace

struct ReplyPoller::Cycle
{
    Next next;
    QList<SentQuestion> open;
    QList<Incoming> replies;
    QSet<QString> seen;
    QDateTime newest;
    int applied = 0;
};

ReplyPoller::ReplyPoller(RaviNotifierSettings settings, RaviSender &sender, Dependencies dependencies, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_sender(sender), m_deps(std::move(dependencies))
{}

QString ReplyPoller::cursorKey() const
{
    return u"ravi.replies_after:"_s + m_settings.name;
}

void ReplyPoller::poll(Next next)
{
    const auto interval = std::chrono::milliseconds(m_settings.pollInterval);
    if (m_polling)
        return next(interval);
    auto open = m_deps.threads.open(m_settings.name);
    if (!open) {
        qWarning("flotilla: %s", qUtf8Printable(open.error().toString()));
        return next(interval);
    }
    auto cycle = std::make_shared<Cycle>();
    cycle->next = std::move(next);
    // Questions answered elsewhere (the app, the dashboard) or expired stop being awaited.
    for (const SentQuestion &question : std::as_const(open.value())) {
        const auto decision = m_deps.decisions.get(question.decisionId);
        if (decision && (!decision.value() || decision.value()->state != Decision::State::Pending)) {
            warnIfFailed(m_deps.threads.closeDecision(question.decisionId, QDateTime::currentDateTimeUtc()));
            continue;
        }
        cycle->open << question;
    }
    // After the last question closed, replies are still read for a while: a late or repeated
    // answer is then told apart (and logged) instead of silently never looked at.
    const auto lastClosed = m_deps.threads.lastClosedAt(m_settings.name);
    const bool lateRepliesDue =
        lastClosed && lastClosed->isValid() && lastClosed->secsTo(QDateTime::currentDateTimeUtc()) < kLateReplySeconds;
    if (cycle->open.isEmpty() && !lateRepliesDue)
        return cycle->next(interval);
    m_polling = true;
    awaitResult(m_sender.ready(), this, kCallDeadline, u"finding the Ravi identity escalations are sent as"_s,
                [this, cycle](Result<void> ready) {
                    if (!ready)
                        return failed(cycle, ready.error());
                    fetch(cycle);
                });
}

void ReplyPoller::fetch(const std::shared_ptr<Cycle> &cycle)
{
    if (m_readThreads)
        return fetchThreads(cycle, 0);
    QDateTime after;
    for (const SentQuestion &question : std::as_const(cycle->open)) {
        if (!after.isValid() || question.sentAt < after)
            after = question.sentAt;
    }
    if (!after.isValid()) // only late replies are looked for: from the newest seen, or the last hour
        after = QDateTime::currentDateTimeUtc().addSecs(-kLateReplySeconds);
    if (const auto stored = m_deps.database.metaValue(cursorKey()); stored && !stored->isEmpty()) {
        const QDateTime cursor = QDateTime::fromString(stored.value(), Qt::ISODateWithMs);
        if (cursor.isValid() && cursor > after)
            after = cursor;
    }
    after = after.addSecs(-kOverlapSeconds);
    awaitResult(m_sender.mail().messagesSince(u"incoming"_s, after), this, kCallDeadline,
                u"reading the replies to escalations"_s, [this, cycle](Result<RaviMessageList> incoming) {
                    if (!incoming)
                        return failed(cycle, incoming.error());
                    if (incoming->filtersIgnored) {
                        // Whatever else it returns, this server cannot be trusted to narrow a list.
                        m_readThreads = true;
                        log(u"notification.ravi_filters_ignored"_s, Priority::Info,
                            u"Ravi ignored the filters of the mail list; notifier %1 reads each question's thread "
                            "instead"_s.arg(m_settings.name),
                            QString(), QJsonObject{{u"notifier"_s, m_settings.name}});
                    }
                    take(cycle, incoming->messages, QString());
                    fetchSms(cycle);
                });
}

void ReplyPoller::fetchThreads(const std::shared_ptr<Cycle> &cycle, int index)
{
    if (index >= cycle->open.size())
        return fetchSms(cycle);
    const QString threadId = cycle->open.at(index).threadId;
    awaitResult(m_sender.mail().thread(threadId), this, kCallDeadline, u"reading an escalation's thread"_s,
                [this, cycle, index, threadId](Result<QList<RaviMessage>> messages) {
                    if (!messages && messages.error().code != u"ravi.not_found"_s)
                        return failed(cycle, messages.error());
                    if (messages)
                        take(cycle, messages.value(), threadId);
                    fetchThreads(cycle, index + 1);
                });
}

void ReplyPoller::fetchSms(const std::shared_ptr<Cycle> &cycle)
{
    const bool anySms = std::any_of(cycle->open.cbegin(), cycle->open.cend(),
                                    [](const SentQuestion &question) { return !question.smsTo.isEmpty(); });
    if (!anySms)
        return handleNext(cycle);
    awaitResult(m_sender.mail().unreadSms(), this, kCallDeadline, u"reading SMS replies"_s,
                [this, cycle](Result<QList<RaviTextMessage>> texts) {
                    // An SMS reply is a second way in: a server without SMS costs the mail nothing.
                    if (texts) {
                        for (const RaviTextMessage &text : std::as_const(texts.value())) {
                            Incoming reply;
                            reply.ref = u"sms:%1"_s.arg(text.id);
                            reply.from = replyreader::bareNumber(text.from);
                            reply.text = text.body;
                            reply.created = text.created;
                            reply.sms = true;
                            if (!cycle->seen.contains(reply.ref)) {
                                cycle->seen.insert(reply.ref);
                                cycle->replies << reply;
                            }
                        }
                    } else if (ravi::isUnreachable(texts.error())) {
                        return failed(cycle, texts.error());
                    }
                    handleNext(cycle);
                });
}

void ReplyPoller::take(const std::shared_ptr<Cycle> &cycle, const QList<RaviMessage> &messages, const QString &threadId)
{
    for (const RaviMessage &message : messages) {
        if (message.direction != u"incoming"_s)
            continue;
        Incoming reply;
        reply.ref = u"email:%1"_s.arg(message.id);
        if (cycle->seen.contains(reply.ref))
            continue;
        cycle->seen.insert(reply.ref);
        reply.from = replyreader::bareAddress(message.from);
        reply.subject = message.subject;
        reply.text = replyreader::withoutQuotedHistory(replyreader::plainText(message.text, message.html));
        // A thread's own messages may not repeat its id.
        reply.threadId = message.threadId.isEmpty() ? threadId : message.threadId;
        reply.created = message.created;
        reply.mailId = message.id;
        if (!cycle->newest.isValid() || message.created > cycle->newest)
            cycle->newest = message.created;
        cycle->replies << reply;
    }
}

void ReplyPoller::handleNext(const std::shared_ptr<Cycle> &cycle)
{
    while (!cycle->replies.isEmpty()) {
        const Incoming reply = cycle->replies.takeFirst();
        const auto handled = m_deps.threads.isHandled(m_settings.name, reply.ref);
        if (!handled || handled.value())
            continue;
        const SentQuestion *question = nullptr;
        for (const SentQuestion &candidate : std::as_const(cycle->open)) {
            const QString &carrier = reply.sms ? reply.text : reply.subject;
            if (escalationtoken::isQuotedIn(candidate.token, carrier)) {
                question = &candidate;
                break;
            }
        }
        if (!question) {
            ignore(reply, nullptr, closedQuestionQuoted(reply));
            continue;
        }
        if (reply.created.isValid() && question->sentAt.isValid() && reply.created <= question->sentAt) {
            ignore(reply, question, u"it is older than the question"_s);
            continue;
        }
        if (reply.sms) {
            if (question->smsTo.isEmpty() || reply.from != replyreader::bareNumber(question->smsTo)) {
                ignore(reply, question, u"it comes from %1, not the number that was asked"_s.arg(reply.from));
                continue;
            }
        } else {
            if (RaviMail::threadKey(reply.threadId) != RaviMail::threadKey(question->threadId)) {
                ignore(reply, question, u"it is not in the question's mail thread"_s);
                continue;
            }
            if (reply.from != question->recipient.toLower()) {
                ignore(reply, question, u"it comes from %1, not the address that was asked"_s.arg(reply.from));
                continue;
            }
        }
        return apply(cycle, reply, *question);
    }
    finish(cycle);
}

QString ReplyPoller::closedQuestionQuoted(const Incoming &reply) const
{
    static const QRegularExpression quoted(u"#([0-9A-Za-z]{8})(?![0-9A-Za-z])"_s);
    const QString carrier = reply.sms ? reply.text : reply.subject;
    for (auto it = quoted.globalMatch(carrier); it.hasNext();) {
        const QString token = it.next().captured(1);
        const auto earlier = m_deps.threads.withToken(m_settings.name, token);
        if (earlier && earlier.value())
            return u"it answers a question that is closed (decision %1)"_s.arg(earlier.value()->decisionId);
    }
    return u"it quotes the token of no open question"_s;
}

void ReplyPoller::apply(const std::shared_ptr<Cycle> &cycle, const Incoming &reply, const SentQuestion &question)
{
    const QString text = reply.sms ? escalationtoken::removedFrom(question.token, reply.text) : reply.text;
    const ReadReply read = replyreader::read(text, question.token);
    if (read.kind == ReadReply::Kind::Empty) {
        ignore(reply, &question, u"it says nothing once the quoted mail is cut"_s);
        return handleNext(cycle);
    }
    const QString channel = u"ravi:"_s + reply.from;
    awaitResult(
        m_deps.answer(question.decisionId, read.answer, channel), this, kApplyDeadline,
        u"applying a reply to decision %1"_s.arg(question.decisionId),
        [this, cycle, reply, question, read, channel](Result<AppliedAnswer> applied) {
            QString outcome;
            bool taken = false;
            if (applied) {
                outcome = applied->accepted ? applied->outcome : u"not applied: "_s + applied->outcome;
                taken = applied->accepted;
            } else {
                // The answer may have been taken and only its action failed: then it is handled.
                const auto decision = m_deps.decisions.get(question.decisionId);
                if (!decision || !decision.value() || decision.value()->state == Decision::State::Pending) {
                    log(u"decision.reply_failed"_s, Priority::Warning,
                        u"A reply from %1 could not be applied yet: %2"_s.arg(reply.from, applied.error().message),
                        question.decisionId, QJsonObject{{u"notifier"_s, m_settings.name}, {u"reply"_s, reply.ref}});
                    return handleNext(cycle); // not recorded: the next cycle tries again
                }
                outcome = u"answer taken, but applying it failed: "_s + applied.error().message;
                taken = true;
            }
            warnIfFailed(m_deps.threads.recordHandled(HandledReply{m_settings.name, reply.ref, question.decisionId,
                                                                   channel, outcome, QDateTime::currentDateTimeUtc()}));
            if (taken) {
                warnIfFailed(m_deps.threads.closeDecision(question.decisionId, QDateTime::currentDateTimeUtc()));
                ++cycle->applied;
            }
            QJsonObject data{{u"notifier"_s, m_settings.name},
                             {u"reply"_s, reply.ref},
                             {u"from"_s, reply.from},
                             {u"outcome"_s, outcome},
                             {u"verdict"_s, read.answer.left(80)}};
            if (!read.note.isEmpty())
                data.insert(u"note"_s, read.note);
            log(u"decision.reply_received"_s, Priority::Info,
                u"%1 answered by %2: %3"_s.arg(question.decisionId, reply.sms ? u"SMS"_s : u"mail"_s, outcome),
                question.decisionId, data);
            if (m_settings.acknowledge && !reply.sms && reply.mailId > 0) {
                // The acknowledgement is a courtesy: failing to send it changes nothing.
                awaitResult(
                    m_sender.mail().reply(reply.mailId, EscalationLetter::acknowledgement(question.token, outcome)),
                    this, kCallDeadline, u"acknowledging a reply"_s, [this, cycle](Result<RaviMessage> sent) {
                        if (!sent)
                            qWarning("flotilla: %s", qUtf8Printable(sent.error().toString()));
                        handleNext(cycle);
                    });
                return;
            }
            handleNext(cycle);
        });
}

void ReplyPoller::ignore(const Incoming &reply, const SentQuestion *question, const QString &reason)
{
    const QString decisionId = question ? question->decisionId : QString();
    auto recorded = m_deps.threads.recordHandled(HandledReply{
        m_settings.name, reply.ref, decisionId, reply.from, u"ignored: "_s + reason, QDateTime::currentDateTimeUtc()});
    if (!recorded || !recorded.value())
        return; // logged when it was first seen
    QJsonObject data{
        {u"notifier"_s, m_settings.name}, {u"reply"_s, reply.ref}, {u"from"_s, reply.from}, {u"reason"_s, reason}};
    if (!reply.subject.isEmpty())
        data.insert(u"subject"_s, reply.subject.left(200));
    log(u"decision.reply_ignored"_s, Priority::Warning,
        u"Ignored a %1 from %2: %3"_s.arg(reply.sms ? u"SMS"_s : u"mail"_s, reply.from, reason), decisionId, data);
}

void ReplyPoller::finish(const std::shared_ptr<Cycle> &cycle)
{
    if (cycle->newest.isValid())
        warnIfFailed(m_deps.database.setMetaValue(cursorKey(), cycle->newest.toUTC().toString(Qt::ISODateWithMs)));
    if (m_unreachableSince.isValid())
        log(u"notification.ravi_reachable"_s, Priority::Info,
            u"Ravi answers notifier %1 again (unreachable since %2)"_s.arg(m_settings.name,
                                                                           m_unreachableSince.toString(Qt::ISODate)),
            QString(), QJsonObject{{u"notifier"_s, m_settings.name}});
    m_unreachableSince = QDateTime();
    m_failures = 0;
    m_polling = false;
    emit cycleFinished(cycle->applied);
    cycle->next(std::chrono::milliseconds(m_settings.pollInterval));
}

void ReplyPoller::failed(const std::shared_ptr<Cycle> &cycle, const Error &error)
{
    m_polling = false;
    std::chrono::milliseconds wait{0};
    const QDateTime until = m_sender.isReady() ? m_sender.client().pausedUntil() : QDateTime();
    const bool limited = error.code.endsWith(u".rate_limited"_s);
    if (limited) {
        // Ravi said how long to wait: exactly that, not the outage backoff.
        wait =
            until.isValid() ? std::chrono::milliseconds(QDateTime::currentDateTimeUtc().msecsTo(until)) : kFirstBackoff;
    } else {
        ++m_failures;
        wait = std::min(kFirstBackoff * (1 << std::min(m_failures - 1, 5)), kMaxBackoff);
    }
    if (!m_unreachableSince.isValid()) {
        m_unreachableSince = QDateTime::currentDateTimeUtc();
        log(ravi::isUnreachable(error) ? u"notification.ravi_unreachable"_s : u"notification.ravi_failed"_s,
            Priority::Warning,
            u"Replies to escalations of notifier %1 cannot be read: %2"_s.arg(m_settings.name, error.message),
            QString(), QJsonObject{{u"notifier"_s, m_settings.name}, {u"error"_s, error.message}});
    }
    emit cycleFinished(cycle->applied);
    cycle->next(std::max(wait, std::chrono::milliseconds(m_settings.pollInterval)));
}

void ReplyPoller::log(const QString &type, Priority priority, const QString &message, const QString &decisionId,
                      QJsonObject data)
{
    Event event;
    event.type = type;
    event.priority = priority;
    event.actor = u"notifier:"_s + m_settings.name;
    if (!decisionId.isEmpty()) {
        data.insert(u"decision"_s, decisionId);
        if (const auto decision = m_deps.decisions.get(decisionId); decision && decision.value()) {
            event.sessionId = decision.value()->sessionId;
            event.projectId = decision.value()->projectId;
        }
    }
    event.message = message;
    event.data = std::move(data);
    if (auto logged = m_deps.events.append(event); !logged)
        qWarning("flotilla: cannot log %s: %s", qUtf8Printable(type), qUtf8Printable(logged.error().toString()));
}

} // namespace flotilla
