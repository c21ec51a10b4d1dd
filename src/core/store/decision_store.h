#pragma once

#include "model/decision.h"
#include "stored_event.h"
#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

class Database;
class EventLog;

// One answer as it arrived, whether or not it was the one applied.
struct DecisionAnswer
{
    QString decisionId;
    QString answer;
    QString channel; // "desktop", "dashboard", "cli", "ravi:<identity>"
    QDateTime receivedAt;
    bool accepted = false;
};

struct AnswerOutcome
{
    bool accepted = false; // false: the decision was already answered, expired or cancelled
    Decision decision;     // as stored after this answer
};

// Questions for a person. Answers may arrive on several channels at once (tray, dashboard, an
// email reply); the first one to reach the store wins, atomically, and every later one is
// kept as refused so the person can see what happened to it.
class DecisionStore final
{
public:
    DecisionStore(Database &database, EventLog &events);
    DecisionStore(const DecisionStore &) = delete;
    DecisionStore &operator=(const DecisionStore &) = delete;

    // Stores a pending decision (giving it an id and creation time when it has none) together
    // with `events`, in one transaction.
    Result<Decision> create(const Decision &decision, const QList<RoutedEvent> &events = {});
    Result<std::optional<Decision>> get(const QString &id) const;
    // Oldest first; `sessionId` empty: every session.
    Result<QList<Decision>> listPending(const QString &sessionId = {}) const;

    Result<AnswerOutcome> answer(const QString &decisionId, const QString &answer, const QString &channel,
                                 const QDateTime &receivedAt = QDateTime::currentDateTimeUtc());
    // Every answer received for the decision, in arrival order.
    Result<QList<DecisionAnswer>> answers(const QString &decisionId) const;

    // Closes a pending decision without an answer; false when it was no longer pending.
    Result<bool> expire(const QString &decisionId);
    Result<bool> cancel(const QString &decisionId);

private:
    Result<bool> close(const QString &decisionId, Decision::State state);

    Database &m_database;
    EventLog &m_events;
};

} // namespace flotilla
