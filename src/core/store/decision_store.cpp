#include "decision_store.h"

#include "database.h"
#include "event_log.h"
#include "model/model_enums.h"
#include "sql_support.h"

#include <QSqlQuery>
#include <QUuid>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

// Decision::State's stored names; the model keeps it nested, so its names live with its table.
constexpr std::array<std::pair<Decision::State, const char *>, 4> kStateNames = {{
    {Decision::State::Pending, "pending"},
    {Decision::State::Answered, "answered"},
    {Decision::State::Expired, "expired"},
    {Decision::State::Cancelled, "cancelled"},
}};

QString stateName(Decision::State state)
{
    for (const auto &[candidate, name] : kStateNames) {
        if (candidate == state)
            return QString::fromLatin1(name);
    }
    return QString();
}

std::optional<Decision::State> stateFrom(const QString &text)
{
    for (const auto &[candidate, name] : kStateNames) {
        if (text == QLatin1StringView(name))
            return candidate;
    }
    return std::nullopt;
}

const QString kColumns = u"id, session_id, project_id, kind, question, options, priority, state, answer, "
                         "answered_by, created_at, answered_at, context"_s;

Result<Decision> decisionFrom(const QSqlQuery &q, const QSqlDatabase &db)
{
    Decision d;
    d.id = q.value(0).toString();
    d.sessionId = q.value(1).toString();
    d.projectId = q.value(2).toString();
    d.kind = q.value(3).toString();
    d.question = q.value(4).toString();
    d.options = stringListFrom(q.value(5));
    const auto priority = enumFromName<Priority>(q.value(6).toString());
    const auto state = stateFrom(q.value(7).toString());
    if (!priority || !state)
        return corruptRow(u"decisions"_s, d.id,
                          u"unknown priority or state (%1, %2)"_s.arg(q.value(6).toString(), q.value(7).toString()),
                          db);
    d.priority = *priority;
    d.state = *state;
    d.answer = q.value(8).toString();
    d.answeredBy = q.value(9).toString();
    d.createdAt = timeFrom(q.value(10));
    d.answeredAt = timeFrom(q.value(11));
    d.context = jsonObjectFrom(q.value(12));
    return d;
}

Result<std::optional<Decision>> readDecision(const QSqlDatabase &db, const QString &id)
{
    QSqlQuery query(db);
    if (auto read = exec(db, query, u"SELECT %1 FROM decisions WHERE id = ?"_s.arg(kColumns), {id},
                         u"cannot read decision %1"_s.arg(id));
        !read)
        return read.error();
    if (!query.next())
        return std::optional<Decision>();
    auto decision = decisionFrom(query, db);
    if (!decision)
        return decision.error();
    return std::optional<Decision>(std::move(decision).value());
}

Error notFound(const QString &id, const QSqlDatabase &db)
{
    return makeError(u"store.not_found"_s, u"decision %1 does not exist"_s.arg(id), db.databaseName());
}

} // namespace

DecisionStore::DecisionStore(Database &database, EventLog &events) : m_database(database), m_events(events) {}

Result<Decision> DecisionStore::create(const Decision &decision, const QList<RoutedEvent> &events)
{
    if (decision.state != Decision::State::Pending || !decision.answer.isEmpty())
        return makeError(u"store.invalid_decision"_s, u"a new decision must be pending and unanswered"_s);
    if (decision.question.isEmpty())
        return makeError(u"store.invalid_decision"_s, u"a decision needs a question"_s);
    Decision stored = decision;
    if (stored.id.isEmpty())
        stored.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!stored.createdAt.isValid())
        stored.createdAt = QDateTime::currentDateTimeUtc();
    stored.answeredBy.clear();
    stored.answeredAt = QDateTime();
    const EventLog::Work work = [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        return exec(db, query,
                    u"INSERT INTO decisions(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kColumns),
                    {stored.id, text(stored.sessionId), text(stored.projectId), text(stored.kind), stored.question,
                     jsonText(stored.options), enumName(stored.priority), stateName(stored.state), u""_s, u""_s,
                     timeValue(stored.createdAt), timeValue(stored.answeredAt), jsonText(stored.context)},
                    u"cannot save decision %1"_s.arg(stored.id));
    };
    if (auto written = m_events.appendWithin(work, events); !written)
        return written.error();
    return stored;
}

Result<std::optional<Decision>> DecisionStore::get(const QString &id) const
{
    return readDecision(m_database.connection(), id);
}

Result<QList<Decision>> DecisionStore::listPending(const QString &sessionId) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    QString sql = u"SELECT %1 FROM decisions WHERE state = 'pending'"_s.arg(kColumns);
    QVariantList values;
    if (!sessionId.isEmpty()) {
        sql += u" AND session_id = ?"_s;
        values << sessionId;
    }
    sql += u" ORDER BY created_at, rowid"_s;
    if (auto read = exec(db, query, sql, values, u"cannot list pending decisions"_s); !read)
        return read.error();
    QList<Decision> decisions;
    while (query.next()) {
        auto decision = decisionFrom(query, db);
        if (!decision)
            return decision.error();
        decisions.append(std::move(decision).value());
    }
    return decisions;
}

Result<AnswerOutcome> DecisionStore::answer(const QString &decisionId, const QString &answer, const QString &channel,
                                            const QDateTime &receivedAt)
{
    if (answer.trimmed().isEmpty())
        return makeError(u"store.invalid_answer"_s, u"an answer cannot be empty"_s);
    if (channel.isEmpty())
        return makeError(u"store.invalid_answer"_s, u"an answer must say which channel it came from"_s);
    return inTransaction<AnswerOutcome>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<AnswerOutcome> {
        QSqlQuery query(db);
        // The state guard makes this the single point where "first" is decided.
        if (auto updated = exec(
                db, query,
                u"UPDATE decisions SET state = 'answered', answer = ?, answered_by = ?, answered_at = ? "
                "WHERE id = ? AND state = 'pending'"_s,
                {answer, channel, timeValue(receivedAt), decisionId}, u"cannot answer decision %1"_s.arg(decisionId));
            !updated)
            return updated.error();
        const bool accepted = query.numRowsAffected() == 1;
        auto stored = readDecision(db, decisionId);
        if (!stored)
            return stored.error();
        if (!stored.value())
            return notFound(decisionId, db);
        if (auto recorded = exec(db, query,
                                 u"INSERT INTO decision_answers(decision_id, answer, channel, received_at, accepted) "
                                 "VALUES(?, ?, ?, ?, ?)"_s,
                                 {decisionId, answer, channel, timeValue(receivedAt), accepted},
                                 u"cannot record the answer to decision %1"_s.arg(decisionId));
            !recorded)
            return recorded.error();
        return AnswerOutcome{accepted, *stored.value()};
    });
}

Result<QList<DecisionAnswer>> DecisionStore::answers(const QString &decisionId) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto read = exec(db, query,
                         u"SELECT decision_id, answer, channel, received_at, accepted FROM decision_answers "
                         "WHERE decision_id = ? ORDER BY id"_s,
                         {decisionId}, u"cannot read the answers to decision %1"_s.arg(decisionId));
        !read)
        return read.error();
    QList<DecisionAnswer> answers;
    while (query.next())
        answers.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                        timeFrom(query.value(3)), query.value(4).toBool()});
    return answers;
}

Result<bool> DecisionStore::expire(const QString &decisionId)
{
    return close(decisionId, Decision::State::Expired);
}

Result<bool> DecisionStore::cancel(const QString &decisionId)
{
    return close(decisionId, Decision::State::Cancelled);
}

Result<bool> DecisionStore::close(const QString &decisionId, Decision::State state)
{
    return inTransaction<bool>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<bool> {
        QSqlQuery query(db);
        if (auto updated = exec(db, query, u"UPDATE decisions SET state = ? WHERE id = ? AND state = 'pending'"_s,
                                {stateName(state), decisionId}, u"cannot close decision %1"_s.arg(decisionId));
            !updated)
            return updated.error();
        if (query.numRowsAffected() == 1)
            return true;
        auto stored = readDecision(db, decisionId);
        if (!stored)
            return stored.error();
        if (!stored.value())
            return notFound(decisionId, db);
        return false;
    });
}

} // namespace flotilla
