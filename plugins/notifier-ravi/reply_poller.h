#pragma once

#include "lifecycle/escalations.h"
#include "ravi_mail.h"
#include "ravi_notifier_settings.h"
#include "store/reply_thread_store.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace flotilla {

class Database;
class DecisionStore;
class EventLog;
class RaviSender;

// Reads the replies to one notifier's open questions and applies those that prove themselves:
// a reply counts only if it was not handled before, came in after the question, is in the
// question's thread, quotes its token and comes from the address (or number) that was asked.
// Everything else is recorded as handled and logged once, never answered. A reply applied is
// recorded with who sent it, acknowledged by a short reply, and never applied again: the store
// lets one answer per decision win, and the handled set outlives restarts.
class ReplyPoller final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplyPoller)

public:
    using AnswerSink =
        std::function<Async<AppliedAnswer>(const QString &decisionId, const QString &text, const QString &channel)>;
    struct Dependencies
    {
        ReplyThreadStore &threads;
        DecisionStore &decisions;
        EventLog &events;
        Database &database; // where the read position is kept
        AnswerSink answer;
    };
    // When the next cycle is due.
    using Next = std::function<void(std::chrono::milliseconds wait)>;

    ReplyPoller(RaviNotifierSettings settings, RaviSender &sender, Dependencies dependencies,
                QObject *parent = nullptr);

    // One cycle: nothing at all when no question is open.
    void poll(Next next);
    bool isPolling() const { return m_polling; }

signals:
    void cycleFinished(int applied);

private:
    struct Cycle;
    struct Incoming
    {
        QString ref; // "email:12", "sms:4"
        QString from;
        QString subject;
        QString text; // unquoted
        QString threadId;
        QDateTime created;
        qint64 mailId = 0; // 0 for SMS
        bool sms = false;
    };

    void fetch(const std::shared_ptr<Cycle> &cycle);
    void fetchThreads(const std::shared_ptr<Cycle> &cycle, int index);
    void fetchSms(const std::shared_ptr<Cycle> &cycle);
    void take(const std::shared_ptr<Cycle> &cycle, const QList<RaviMessage> &messages, const QString &threadId);
    void handleNext(const std::shared_ptr<Cycle> &cycle);
    void apply(const std::shared_ptr<Cycle> &cycle, const Incoming &reply, const SentQuestion &question);
    void ignore(const Incoming &reply, const SentQuestion *question, const QString &reason);
    // Why a reply that matches no open question is set aside: it may answer a closed one.
    QString closedQuestionQuoted(const Incoming &reply) const;
    void finish(const std::shared_ptr<Cycle> &cycle);
    void failed(const std::shared_ptr<Cycle> &cycle, const Error &error);
    void log(const QString &type, Priority priority, const QString &message, const QString &decisionId,
             QJsonObject data);
    QString cursorKey() const;

    RaviNotifierSettings m_settings;
    RaviSender &m_sender;
    Dependencies m_deps;
    bool m_polling = false;
    bool m_readThreads = false; // Ravi ignored a filter once: read each question's thread instead
    int m_failures = 0;
    QDateTime m_unreachableSince;
};

} // namespace flotilla
