#include "reply_thread_store.h"

#include "database.h"
#include "sql_support.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

const QString kColumns = u"notifier, event_id, decision_id, token, state, sender, recipient, sms_to, thread_id, "
                         "message_ref, sent_at, created_at, closed_at"_s;

QString stateName(SentQuestion::State state)
{
    switch (state) {
    case SentQuestion::State::Sending:
        return u"sending"_s;
    case SentQuestion::State::Open:
        return u"open"_s;
    case SentQuestion::State::Notice:
        return u"notice"_s;
    case SentQuestion::State::Closed:
        break;
    }
    return u"closed"_s;
}

SentQuestion::State stateFrom(const QString &name)
{
    if (name == u"sending"_s)
        return SentQuestion::State::Sending;
    if (name == u"open"_s)
        return SentQuestion::State::Open;
    if (name == u"notice"_s)
        return SentQuestion::State::Notice;
    return SentQuestion::State::Closed;
}

SentQuestion questionFrom(const QSqlQuery &query)
{
    SentQuestion question;
    question.notifier = query.value(0).toString();
    question.eventId = query.value(1).toString();
    question.decisionId = query.value(2).toString();
    question.token = query.value(3).toString();
    question.state = stateFrom(query.value(4).toString());
    question.sender = query.value(5).toString();
    question.recipient = query.value(6).toString();
    question.smsTo = query.value(7).toString();
    question.threadId = query.value(8).toString();
    question.messageRef = query.value(9).toString();
    question.sentAt = timeFrom(query.value(10));
    question.createdAt = timeFrom(query.value(11));
    question.closedAt = timeFrom(query.value(12));
    return question;
}

} // namespace

ReplyThreadStore::ReplyThreadStore(Database &database) : m_database(database) {}

Result<std::optional<SentQuestion>> ReplyThreadStore::get(const QString &notifier, const QString &eventId) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read =
            exec(db, query, u"SELECT %1 FROM sent_questions WHERE notifier = ? AND event_id = ?"_s.arg(kColumns),
                 {notifier, eventId}, u"cannot read the question sent for event %1"_s.arg(eventId));
        !read)
        return read.error();
    if (!query.next())
        return std::optional<SentQuestion>();
    return std::optional<SentQuestion>(questionFrom(query));
}

Result<void> ReplyThreadStore::reserve(const SentQuestion &question)
{
    if (question.notifier.isEmpty() || question.eventId.isEmpty())
        return makeError(u"store.invalid_question"_s, u"a sent question needs a notifier and an event"_s);
    return inTransaction<void>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        if (auto read = exec(db, query, u"SELECT 1 FROM sent_questions WHERE notifier = ? AND event_id = ?"_s,
                             {question.notifier, question.eventId}, u"cannot look for the question"_s);
            !read)
            return read.error();
        if (query.next())
            return makeError(u"store.duplicate"_s,
                             u"event %1 was already sent through %2"_s.arg(question.eventId, question.notifier));
        if (!question.token.isEmpty()) {
            if (auto read =
                    exec(db, query, u"SELECT 1 FROM sent_questions WHERE token = ? AND state IN ('sending', 'open')"_s,
                         {question.token}, u"cannot look for the token"_s);
                !read)
                return read.error();
            if (query.next())
                return makeError(u"store.token_taken"_s, u"another open question holds this token"_s);
        }
        return exec(
            db, query, u"INSERT INTO sent_questions(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kColumns),
            {question.notifier, question.eventId, text(question.decisionId), text(question.token),
             stateName(SentQuestion::State::Sending), text(question.sender), text(question.recipient),
             text(question.smsTo), text(question.threadId), text(question.messageRef), timeValue(question.sentAt),
             timeValue(question.createdAt.isValid() ? question.createdAt : QDateTime::currentDateTimeUtc()),
             QVariant()},
            u"cannot store the question sent for event %1"_s.arg(question.eventId));
    });
}

Result<void> ReplyThreadStore::markSent(const QString &notifier, const QString &eventId, SentQuestion::State state,
                                        const QString &threadId, const QString &messageRef, const QDateTime &sentAt)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    return exec(db, query,
                u"UPDATE sent_questions SET state = ?, thread_id = ?, message_ref = ?, sent_at = ? "
                "WHERE notifier = ? AND event_id = ? AND state = 'sending'"_s,
                {stateName(state), text(threadId), text(messageRef), timeValue(sentAt), notifier, eventId},
                u"cannot record the question sent for event %1"_s.arg(eventId));
}

Result<void> ReplyThreadStore::release(const QString &notifier, const QString &eventId)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    return exec(db, query, u"DELETE FROM sent_questions WHERE notifier = ? AND event_id = ? AND state = 'sending'"_s,
                {notifier, eventId}, u"cannot release the question for event %1"_s.arg(eventId));
}

Result<QList<SentQuestion>> ReplyThreadStore::open(const QString &notifier) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query,
                         u"SELECT %1 FROM sent_questions WHERE notifier = ? AND state = 'open' "
                         "ORDER BY sent_at, created_at"_s.arg(kColumns),
                         {notifier}, u"cannot read the open questions of %1"_s.arg(notifier));
        !read)
        return read.error();
    QList<SentQuestion> questions;
    while (query.next())
        questions << questionFrom(query);
    return questions;
}

Result<std::optional<SentQuestion>> ReplyThreadStore::openWithToken(const QString &token) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query, u"SELECT %1 FROM sent_questions WHERE token = ? AND state = 'open'"_s.arg(kColumns),
                         {token.toUpper()}, u"cannot look for a question by token"_s);
        !read)
        return read.error();
    if (!query.next())
        return std::optional<SentQuestion>();
    return std::optional<SentQuestion>(questionFrom(query));
}

Result<std::optional<SentQuestion>> ReplyThreadStore::withToken(const QString &notifier, const QString &token) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query,
                         u"SELECT %1 FROM sent_questions WHERE notifier = ? AND token = ? "
                         "ORDER BY created_at DESC LIMIT 1"_s.arg(kColumns),
                         {notifier, token.toUpper()}, u"cannot look for a question by token"_s);
        !read)
        return read.error();
    if (!query.next())
        return std::optional<SentQuestion>();
    return std::optional<SentQuestion>(questionFrom(query));
}

Result<QDateTime> ReplyThreadStore::lastClosedAt(const QString &notifier) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query, u"SELECT MAX(closed_at) FROM sent_questions WHERE notifier = ?"_s, {notifier},
                         u"cannot read when the last question closed"_s);
        !read)
        return read.error();
    return query.next() ? timeFrom(query.value(0)) : QDateTime();
}

Result<int> ReplyThreadStore::closeDecision(const QString &decisionId, const QDateTime &at)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto written =
            exec(db, query,
                 u"UPDATE sent_questions SET state = 'closed', closed_at = ? "
                 "WHERE decision_id = ? AND state IN ('open', 'sending')"_s,
                 {timeValue(at), decisionId}, u"cannot close the questions of decision %1"_s.arg(decisionId));
        !written)
        return written.error();
    return query.numRowsAffected();
}

Result<bool> ReplyThreadStore::isHandled(const QString &notifier, const QString &messageRef) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query, u"SELECT 1 FROM handled_replies WHERE notifier = ? AND message_ref = ?"_s,
                         {notifier, messageRef}, u"cannot look for reply %1"_s.arg(messageRef));
        !read)
        return read.error();
    return query.next();
}

Result<bool> ReplyThreadStore::recordHandled(const HandledReply &reply)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto written =
            exec(db, query,
                 u"INSERT INTO handled_replies(notifier, message_ref, decision_id, sender, outcome, "
                 "handled_at) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(notifier, message_ref) DO NOTHING"_s,
                 {reply.notifier, reply.messageRef, text(reply.decisionId), text(reply.sender), text(reply.outcome),
                  timeValue(reply.handledAt.isValid() ? reply.handledAt : QDateTime::currentDateTimeUtc())},
                 u"cannot record reply %1"_s.arg(reply.messageRef));
        !written)
        return written.error();
    return query.numRowsAffected() > 0;
}

Result<QList<HandledReply>> ReplyThreadStore::handled(const QString &notifier, int limit) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query,
                         u"SELECT notifier, message_ref, decision_id, sender, outcome, handled_at FROM handled_replies "
                         "WHERE notifier = ? ORDER BY handled_at DESC, rowid DESC LIMIT ?"_s,
                         {notifier, limit > 0 ? limit : -1}, u"cannot read the handled replies"_s);
        !read)
        return read.error();
    QList<HandledReply> replies;
    while (query.next())
        replies << HandledReply{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                                query.value(3).toString(), query.value(4).toString(), timeFrom(query.value(5))};
    return replies;
}

} // namespace flotilla
