#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

class Database;

// A question (a decision, or a notice) one notifier sent somewhere a person can reply.
struct SentQuestion
{
    // Sending: reserved (token taken) but not known to have left; Open: sent, its reply awaited;
    // Notice: sent, nothing to answer; Closed: answered, expired or no longer awaited.
    enum class State { Sending, Open, Notice, Closed };

    QString notifier; // the `notifiers` entry
    QString eventId;  // the event it was sent for: a repeated delivery of it finds this row
    QString decisionId;
    QString token; // what a reply must quote; empty for a notice
    State state = State::Sending;
    QString sender;     // the address it was sent from
    QString recipient;  // who may answer (an address)
    QString smsTo;      // who may answer by SMS, E.164; empty when none
    QString threadId;   // the channel's thread, as the channel wrote it
    QString messageRef; // the channel's id of the sent message
    QDateTime sentAt;   // the channel's clock, not ours: replies are compared with it
    QDateTime createdAt;
    QDateTime closedAt;
};

// A reply looked at once: applied, or ignored with the reason. Never looked at again.
struct HandledReply
{
    QString notifier;
    QString messageRef; // "email:123", "sms:45"
    QString decisionId; // empty when it matched none
    QString sender;
    QString outcome;
    QDateTime handledAt;
};

// Questions sent through channels that carry answers back (Ravi's email and SMS) and the
// replies already handled. Both survive restarts: a question sent before a restart is still
// awaited after it, and a reply handled before it is never applied again.
class ReplyThreadStore final
{
public:
    explicit ReplyThreadStore(Database &database);
    ReplyThreadStore(const ReplyThreadStore &) = delete;
    ReplyThreadStore &operator=(const ReplyThreadStore &) = delete;

    Result<std::optional<SentQuestion>> get(const QString &notifier, const QString &eventId) const;
    // Stores a new question in state Sending. A token held by another question still sending or
    // open fails with store.token_taken (draw another); an event already stored fails with
    // store.duplicate.
    Result<void> reserve(const SentQuestion &question);
    // The question left: its state (Open or Notice), thread, message and the channel's send time.
    Result<void> markSent(const QString &notifier, const QString &eventId, SentQuestion::State state,
                          const QString &threadId, const QString &messageRef, const QDateTime &sentAt);
    // Forgets a reservation whose send failed for certain, so a retry starts afresh.
    Result<void> release(const QString &notifier, const QString &eventId);
    // Open questions of `notifier`, oldest first.
    Result<QList<SentQuestion>> open(const QString &notifier) const;
    // Open questions of a token, across notifiers (a token is unique among them).
    Result<std::optional<SentQuestion>> openWithToken(const QString &token) const;
    // The latest question of `notifier` carrying `token`, whatever its state.
    Result<std::optional<SentQuestion>> withToken(const QString &notifier, const QString &token) const;
    // When the last question of `notifier` stopped being awaited; null when none did.
    Result<QDateTime> lastClosedAt(const QString &notifier) const;
    // Every question about the decision stops waiting; how many did.
    Result<int> closeDecision(const QString &decisionId, const QDateTime &at);

    Result<bool> isHandled(const QString &notifier, const QString &messageRef) const;
    // Records the reply as handled; false when it already was (nothing is changed then).
    Result<bool> recordHandled(const HandledReply &reply);
    // Newest first.
    Result<QList<HandledReply>> handled(const QString &notifier, int limit) const;

private:
    Database &m_database;
};

} // namespace flotilla
