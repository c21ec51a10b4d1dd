#include "session_store.h"

#include "database.h"
#include "event_log.h"
#include "model/model_enums.h"
#include "sql_support.h"

#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

// Column order shared by sessionValues() and sessionFrom().
constexpr const char *kColumns[] = {
    "id",
    "project_id",
    "kind",
    "issue_id",
    "display_name",
    "branch",
    "workspace_path",
    "agent",
    "identity",
    "summary",
    "state",
    "reason",
    "pr_state",
    "pr_reason",
    "pr_number",
    "pr_url",
    "pr_title",
    "pr_head_sha",
    "pr_base_branch",
    "pr_draft",
    "pr_last_observed_at",
    "runtime_state",
    "runtime_reason",
    "runtime_handle",
    "runtime_last_observed_at",
    "activity_state",
    "activity_at",
    "cost_input_tokens",
    "cost_output_tokens",
    "cost_usd",
    "budget_usd",
    "created_at",
    "last_transition_at",
    "completed_at",
    "terminated_at",
    "extra",
    "updated_at",
    "started_at",
    "pr_ci",
    "pr_review",
    "revision", // last: an update compares it instead of assigning it
};
constexpr int kColumnCount = int(std::size(kColumns));

QStringList columnNames()
{
    QStringList names;
    for (const char *name : kColumns)
        names << QString::fromLatin1(name);
    return names;
}

QVariantList sessionValues(const SessionRecord &s)
{
    return {
        s.id,
        s.projectId,
        enumName(s.kind),
        text(s.issueId),
        text(s.displayName),
        text(s.branch),
        text(s.workspacePath),
        text(s.agent),
        text(s.identity),
        text(s.summary),
        enumName(s.state),
        enumName(s.reason),
        enumName(s.pr.state),
        enumName(s.pr.reason),
        s.pr.number,
        text(s.pr.url),
        text(s.pr.title),
        text(s.pr.headSha),
        text(s.pr.baseBranch),
        s.pr.draft,
        timeValue(s.pr.lastObservedAt),
        enumName(s.runtime.state),
        enumName(s.runtime.reason),
        text(s.runtime.handle),
        timeValue(s.runtime.lastObservedAt),
        enumName(s.activity.state),
        timeValue(s.activity.at),
        s.cost.inputTokens,
        s.cost.outputTokens,
        s.cost.usd,
        s.budgetUsd ? QVariant(*s.budgetUsd) : QVariant(QMetaType::fromType<double>()),
        timeValue(s.createdAt),
        timeValue(s.lastTransitionAt),
        timeValue(s.completedAt),
        timeValue(s.terminatedAt),
        jsonText(s.extra),
        timeValue(QDateTime::currentDateTimeUtc()),
        timeValue(s.startedAt),
        enumName(s.pr.ci),
        enumName(s.pr.review),
        s.revision,
    };
}

// Reads enum columns, remembering the first name this build does not know.
class EnumReader
{
public:
    explicit EnumReader(const QSqlQuery &query) : m_query(query) {}

    template<typename E> void read(int column, E &out)
    {
        const QString name = m_query.value(column).toString();
        if (const auto value = enumFromName<E>(name))
            out = *value;
        else if (m_problem.isEmpty())
            m_problem = u"unknown %1 \"%2\""_s.arg(QString::fromLatin1(kColumns[column]), name);
    }
    QString problem() const { return m_problem; }

private:
    const QSqlQuery &m_query;
    QString m_problem;
};

Result<SessionRecord> sessionFrom(const QSqlQuery &q, const QSqlDatabase &db)
{
    SessionRecord s;
    EnumReader enums(q);
    s.id = q.value(0).toString();
    s.projectId = q.value(1).toString();
    enums.read(2, s.kind);
    s.issueId = q.value(3).toString();
    s.displayName = q.value(4).toString();
    s.branch = q.value(5).toString();
    s.workspacePath = q.value(6).toString();
    s.agent = q.value(7).toString();
    s.identity = q.value(8).toString();
    s.summary = q.value(9).toString();
    enums.read(10, s.state);
    enums.read(11, s.reason);
    enums.read(12, s.pr.state);
    enums.read(13, s.pr.reason);
    s.pr.number = q.value(14).toInt();
    s.pr.url = q.value(15).toString();
    s.pr.title = q.value(16).toString();
    s.pr.headSha = q.value(17).toString();
    s.pr.baseBranch = q.value(18).toString();
    s.pr.draft = q.value(19).toBool();
    s.pr.lastObservedAt = timeFrom(q.value(20));
    enums.read(21, s.runtime.state);
    enums.read(22, s.runtime.reason);
    s.runtime.handle = q.value(23).toString();
    s.runtime.lastObservedAt = timeFrom(q.value(24));
    enums.read(25, s.activity.state);
    s.activity.at = timeFrom(q.value(26));
    s.cost.inputTokens = q.value(27).toLongLong();
    s.cost.outputTokens = q.value(28).toLongLong();
    s.cost.usd = q.value(29).toDouble();
    if (!q.value(30).isNull())
        s.budgetUsd = q.value(30).toDouble();
    s.createdAt = timeFrom(q.value(31));
    s.lastTransitionAt = timeFrom(q.value(32));
    s.completedAt = timeFrom(q.value(33));
    s.terminatedAt = timeFrom(q.value(34));
    s.extra = jsonObjectFrom(q.value(35));
    s.startedAt = timeFrom(q.value(37));
    enums.read(38, s.pr.ci);
    enums.read(39, s.pr.review);
    s.revision = q.value(40).toLongLong();
    if (!enums.problem().isEmpty())
        return corruptRow(u"sessions"_s, s.id, enums.problem(), db);
    return s;
}

bool hasOnlyIdCharacters(const QString &prefix)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_-]+$"_s);
    return pattern.match(prefix).hasMatch();
}

} // namespace

SessionStore::SessionStore(Database &database, EventLog &events) : m_database(database), m_events(events) {}

Result<QString> SessionStore::reserveSessionId(const QString &prefix)
{
    if (!hasOnlyIdCharacters(prefix))
        return makeError(u"store.invalid_prefix"_s,
                         u"session prefix \"%1\" may only contain letters, digits, '-' and '_'"_s.arg(prefix));
    return inTransaction<QString>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<QString> {
        QSqlQuery query(db);
        if (auto read = exec(db, query, u"SELECT last_number FROM session_counters WHERE prefix = ?"_s, {prefix},
                             u"cannot read the session counter"_s);
            !read)
            return read.error();
        qint64 highest = query.next() ? query.value(0).toLongLong() : 0;

        // Ids written without a reservation (imported, or from before counters existed) count too.
        // Only "{prefix}-{digits}" without leading zeros is such an id; "ao-orchestrator" is not.
        if (auto read = exec(db, query,
                             u"SELECT MAX(CAST(substr(id, ?) AS INTEGER)) FROM sessions WHERE id GLOB ? "
                             "AND substr(id, ?) NOT GLOB '*[^0-9]*' AND substr(id, ?) NOT GLOB '0*'"_s,
                             {prefix.size() + 2, QString(prefix + u"-[0-9]*"_s), prefix.size() + 2, prefix.size() + 2},
                             u"cannot read session ids"_s);
            !read)
            return read.error();
        if (query.next() && !query.value(0).isNull())
            highest = qMax(highest, query.value(0).toLongLong());

        const qint64 next = highest + 1;
        if (auto written = exec(db, query,
                                u"INSERT INTO session_counters(prefix, last_number) VALUES(?, ?) "
                                "ON CONFLICT(prefix) DO UPDATE SET last_number = excluded.last_number"_s,
                                {prefix, next}, u"cannot advance the session counter"_s);
            !written)
            return written.error();
        return QString(prefix + u'-' + QString::number(next));
    });
}

Result<QString> SessionStore::reserveOrchestratorId(const QString &prefix)
{
    const QString first = prefix + u"-orchestrator"_s;
    auto existing = get(first);
    if (!existing)
        return existing.error();
    if (!existing.value())
        return first;
    for (;;) {
        auto next = reserveSessionId(first);
        if (!next || !next.value().endsWith(u"-1"_s))
            return next;
    }
}

Result<QList<StoredEvent>> SessionStore::insert(const SessionRecord &record, const QList<RoutedEvent> &events)
{
    return write(record, events, true);
}

Result<QList<StoredEvent>> SessionStore::update(const SessionRecord &record, const QList<RoutedEvent> &events)
{
    return write(record, events, false);
}

Result<QList<StoredEvent>> SessionStore::write(const SessionRecord &record, const QList<RoutedEvent> &events,
                                               bool isNew)
{
    if (!hasOnlyIdCharacters(record.id))
        return makeError(u"store.invalid_id"_s,
                         u"session id \"%1\" may only contain letters, digits, '-' and '_'"_s.arg(record.id));
    if (record.projectId.isEmpty())
        return makeError(u"store.invalid_session"_s, u"session %1 has no project"_s.arg(record.id));

    const QStringList columns = columnNames();
    QString sql;
    QVariantList values = sessionValues(record);
    if (isNew) {
        sql = u"INSERT INTO sessions(%1) VALUES(%2)"_s.arg(columns.join(u", "_s),
                                                           QStringList(kColumnCount, u"?"_s).join(u", "_s));
    } else {
        QStringList assignments;
        for (const QString &column : columns.mid(1, kColumnCount - 2))
            assignments << column + u" = ?"_s;
        assignments << u"revision = revision + 1"_s;
        sql = u"UPDATE sessions SET %1 WHERE id = ? AND revision = ?"_s.arg(assignments.join(u", "_s));
        values.removeLast(); // the revision is compared, not assigned
        values.append(values.takeFirst());
        values.append(record.revision);
    }

    const EventLog::Work work = [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        if (isNew) {
            if (auto read = exec(db, query, u"SELECT 1 FROM sessions WHERE id = ?"_s, {record.id},
                                 u"cannot look up session %1"_s.arg(record.id));
                !read)
                return read.error();
            if (query.next())
                return makeError(u"store.duplicate"_s, u"session %1 already exists"_s.arg(record.id),
                                 db.databaseName());
        }
        if (auto written = exec(db, query, sql, values, u"cannot save session %1"_s.arg(record.id)); !written)
            return written.error();
        if (!isNew && query.numRowsAffected() == 0) {
            if (auto read = exec(db, query, u"SELECT revision FROM sessions WHERE id = ?"_s, {record.id},
                                 u"cannot look up session %1"_s.arg(record.id));
                !read)
                return read.error();
            if (!query.next())
                return makeError(u"store.not_found"_s, u"session %1 does not exist"_s.arg(record.id),
                                 db.databaseName());
            return makeError(u"store.conflict"_s,
                             u"session %1 changed since it was read (revision %2, now %3)"_s.arg(record.id)
                                 .arg(record.revision)
                                 .arg(query.value(0).toLongLong()),
                             db.databaseName());
        }
        return {};
    };
    return m_events.appendWithin(work, events);
}

Result<std::optional<SessionRecord>> SessionStore::get(const QString &id) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query, u"SELECT %1 FROM sessions WHERE id = ?"_s.arg(columnNames().join(u", "_s)), {id},
                         u"cannot read session %1"_s.arg(id));
        !read)
        return read.error();
    if (!query.next())
        return std::optional<SessionRecord>();
    auto record = sessionFrom(query, db);
    if (!record)
        return record.error();
    return std::optional<SessionRecord>(std::move(record).value());
}

Result<QList<SessionRecord>> SessionStore::list(const QString &projectId, Terminated terminated) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    QString sql = u"SELECT %1 FROM sessions"_s.arg(columnNames().join(u", "_s));
    QVariantList values;
    if (!projectId.isEmpty()) {
        sql += u" WHERE project_id = ?"_s;
        values << projectId;
    }
    sql += u" ORDER BY created_at, rowid"_s;
    if (auto read = exec(db, query, sql, values, u"cannot list sessions"_s); !read)
        return read.error();
    QList<SessionRecord> sessions;
    while (query.next()) {
        auto record = sessionFrom(query, db);
        if (!record)
            return record.error();
        // Terminal is a derived notion; filtering here keeps one definition of it (the model's).
        if (terminated == Terminated::Exclude && isTerminal(deriveDisplayStatus(record.value())))
            continue;
        sessions.append(std::move(record).value());
    }
    return sessions;
}

} // namespace flotilla
