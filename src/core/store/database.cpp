#include "database.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct Migration
{
    int version;
    const char *description;
    std::array<const char *, 8> statements;
};

// Append only: a released migration is never edited, a new one is added with the next number.
constexpr Migration kMigrations[] = {
    {1,
     "application metadata",
     {"CREATE TABLE app_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)", nullptr, nullptr, nullptr}},
    // Times are epoch milliseconds (UTC) everywhere; enums are their enumName() text; JSON is text.
    {2,
     "projects, sessions and session id counters",
     {"CREATE TABLE projects (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '', repo TEXT NOT NULL "
      "DEFAULT '', path TEXT NOT NULL DEFAULT '', default_branch TEXT NOT NULL DEFAULT '', session_prefix TEXT NOT "
      "NULL DEFAULT '', updated_at INTEGER NOT NULL)",
      "CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, project_id TEXT NOT NULL, kind TEXT NOT NULL, "
      "issue_id TEXT NOT NULL, display_name TEXT NOT NULL, branch TEXT NOT NULL, workspace_path TEXT NOT NULL, "
      "agent TEXT NOT NULL, identity TEXT NOT NULL, summary TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT "
      "NULL, pr_state TEXT NOT NULL, pr_reason TEXT NOT NULL, pr_number INTEGER NOT NULL, pr_url TEXT NOT NULL, "
      "pr_title TEXT NOT NULL, pr_head_sha TEXT NOT NULL, pr_base_branch TEXT NOT NULL, pr_draft INTEGER NOT NULL, "
      "pr_last_observed_at INTEGER, runtime_state TEXT NOT NULL, runtime_reason TEXT NOT NULL, runtime_handle TEXT "
      "NOT NULL, runtime_last_observed_at INTEGER, activity_state TEXT NOT NULL, activity_at INTEGER, "
      "cost_input_tokens INTEGER NOT NULL, cost_output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, budget_usd "
      "REAL, created_at INTEGER, last_transition_at INTEGER, completed_at INTEGER, terminated_at INTEGER, extra "
      "TEXT NOT NULL, updated_at INTEGER NOT NULL)",
      "CREATE INDEX sessions_by_project ON sessions(project_id, created_at)",
      "CREATE TABLE session_counters (prefix TEXT PRIMARY KEY NOT NULL, last_number INTEGER NOT NULL)", nullptr,
      nullptr, nullptr, nullptr}},
    // Append-only: the triggers refuse UPDATE and DELETE for every connection, not only ours.
    {3,
     "append-only event log",
     {"CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, "
      "priority TEXT NOT NULL, session_id TEXT NOT NULL, project_id TEXT NOT NULL, actor TEXT NOT NULL, identity "
      "TEXT NOT NULL, timestamp INTEGER NOT NULL, message TEXT NOT NULL, data TEXT NOT NULL)",
      "CREATE INDEX events_by_session ON events(session_id, seq)",
      "CREATE INDEX events_by_project ON events(project_id, seq)", "CREATE INDEX events_by_time ON events(timestamp)",
      "CREATE INDEX events_by_type ON events(type, seq)",
      "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is "
      "append-only'); END",
      "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is "
      "append-only'); END",
      nullptr}},
    {4,
     "reaction trackers and decisions",
     {"CREATE TABLE reaction_trackers (session_id TEXT NOT NULL, reaction_key TEXT NOT NULL, attempts INTEGER NOT "
      "NULL, first_triggered_at INTEGER, last_triggered_at INTEGER, last_sent_at INTEGER, fingerprint TEXT NOT NULL, "
      "escalated INTEGER NOT NULL, PRIMARY KEY(session_id, reaction_key))",
      "CREATE TABLE decisions (id TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL, project_id TEXT NOT NULL, "
      "kind TEXT NOT NULL, question TEXT NOT NULL, options TEXT NOT NULL, priority TEXT NOT NULL, state TEXT NOT "
      "NULL, answer TEXT NOT NULL, answered_by TEXT NOT NULL, created_at INTEGER NOT NULL, answered_at INTEGER, "
      "context TEXT NOT NULL)",
      "CREATE INDEX decisions_by_state ON decisions(state, created_at)",
      "CREATE TABLE decision_answers (id INTEGER PRIMARY KEY AUTOINCREMENT, decision_id TEXT NOT NULL REFERENCES "
      "decisions(id), answer TEXT NOT NULL, channel TEXT NOT NULL, received_at INTEGER NOT NULL, accepted INTEGER "
      "NOT NULL)",
      "CREATE INDEX decision_answers_by_decision ON decision_answers(decision_id, id)", nullptr, nullptr, nullptr}},
    {5,
     "notification outbox and HTTP cache",
     {"CREATE TABLE notification_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL REFERENCES "
      "events(id), notifier TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
      "next_attempt_at INTEGER NOT NULL, last_error TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, "
      "delivered_at INTEGER, UNIQUE(event_id, notifier))",
      "CREATE INDEX outbox_due ON notification_outbox(state, next_attempt_at)",
      "CREATE TABLE http_cache (key TEXT PRIMARY KEY NOT NULL, url TEXT NOT NULL, etag TEXT NOT NULL, last_modified "
      "TEXT NOT NULL, status INTEGER NOT NULL, body BLOB, fetched_at INTEGER NOT NULL)",
      "CREATE INDEX http_cache_by_age ON http_cache(fetched_at)", nullptr, nullptr, nullptr, nullptr}},
    // Writers that read a session, waited on plugins and then write it back must not undo a
    // change made in between (a kill during a lifecycle cycle): updates check the revision.
    {6,
     "session revisions and start times",
     {"ALTER TABLE sessions ADD COLUMN started_at INTEGER",
      "ALTER TABLE sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0", nullptr, nullptr, nullptr, nullptr,
      nullptr, nullptr}},
    // The `local` SCM: pull requests of repositories that have no hosting service, their CI runs
    // and the reviews people give them in Flotilla.
    {7,
     "local pull requests, CI runs and reviews",
     {"CREATE TABLE local_pull_requests (project_id TEXT NOT NULL, number INTEGER NOT NULL, branch TEXT NOT NULL, "
      "base TEXT NOT NULL, title TEXT NOT NULL, state TEXT NOT NULL, head_sha TEXT NOT NULL, merge_sha TEXT NOT NULL "
      "DEFAULT '', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, closed_at INTEGER, "
      "PRIMARY KEY(project_id, number))",
      "CREATE UNIQUE INDEX local_open_pr_per_branch ON local_pull_requests(project_id, branch) WHERE state = 'open'",
      "CREATE TABLE local_ci_runs (project_id TEXT NOT NULL, pr_number INTEGER NOT NULL, head_sha TEXT NOT NULL, "
      "status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', excerpt TEXT NOT NULL DEFAULT '', log_path TEXT NOT "
      "NULL DEFAULT '', log_bytes INTEGER NOT NULL DEFAULT 0, log_truncated INTEGER NOT NULL DEFAULT 0, "
      "queued_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER, PRIMARY KEY(project_id, pr_number, "
      "head_sha))",
      "CREATE TABLE local_review_comments (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id TEXT NOT NULL, "
      "pr_number INTEGER NOT NULL, review_id INTEGER NOT NULL, verdict TEXT NOT NULL, author TEXT NOT NULL, "
      "head_sha TEXT NOT NULL, path TEXT NOT NULL DEFAULT '', line INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL, "
      "resolved INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)",
      "CREATE INDEX local_review_comments_by_pr ON local_review_comments(project_id, pr_number, review_id)", nullptr,
      nullptr, nullptr}},
    {8,
     "pull request checks and review kept with each session",
     {"ALTER TABLE sessions ADD COLUMN pr_ci TEXT NOT NULL DEFAULT 'none'",
      "ALTER TABLE sessions ADD COLUMN pr_review TEXT NOT NULL DEFAULT 'none'", nullptr, nullptr, nullptr, nullptr,
      nullptr, nullptr}},
    // Questions sent through channels people can answer by replying (email, SMS): the token
    // and thread a reply must match, and every reply already handled, so a restart neither
    // loses a question nor applies a reply twice.
    {9,
     "questions sent for replies, and the replies handled",
     {"CREATE TABLE sent_questions (notifier TEXT NOT NULL, event_id TEXT NOT NULL, decision_id TEXT NOT NULL, "
      "token TEXT NOT NULL, state TEXT NOT NULL, sender TEXT NOT NULL DEFAULT '', recipient TEXT NOT NULL DEFAULT '', "
      "sms_to TEXT NOT NULL DEFAULT '', thread_id TEXT NOT NULL DEFAULT '', message_ref TEXT NOT NULL DEFAULT '', "
      "sent_at INTEGER, created_at INTEGER NOT NULL, closed_at INTEGER, PRIMARY KEY(notifier, event_id))",
      "CREATE UNIQUE INDEX sent_questions_open_token ON sent_questions(token) WHERE state IN ('sending', 'open')",
      "CREATE INDEX sent_questions_by_state ON sent_questions(notifier, state)",
      "CREATE TABLE handled_replies (notifier TEXT NOT NULL, message_ref TEXT NOT NULL, decision_id TEXT NOT NULL, "
      "sender TEXT NOT NULL, outcome TEXT NOT NULL, handled_at INTEGER NOT NULL, PRIMARY KEY(notifier, message_ref))",
      nullptr, nullptr, nullptr, nullptr}},
    // Issues the backlog took from a tracker: which session works on each, and why one went
    // back, so a restart neither claims an issue twice nor forgets to settle it.
    {10,
     "issues claimed from the backlog",
     {"CREATE TABLE backlog_claims (project_id TEXT NOT NULL, issue_id TEXT NOT NULL, state TEXT NOT NULL, "
      "session_id TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', "
      "attempts INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '', retry_after INTEGER, "
      "updated_at INTEGER NOT NULL, PRIMARY KEY(project_id, issue_id))",
      "CREATE INDEX backlog_claims_by_state ON backlog_claims(project_id, state)", nullptr, nullptr, nullptr, nullptr,
      nullptr, nullptr}},
};

Error sqlError(const QString &what, const QSqlError &error, const QString &path)
{
    return makeError(u"store.sql"_s, what + u": "_s + error.text(), path);
}

} // namespace

Database::~Database()
{
    close();
}

Result<void> Database::open(const QString &path)
{
    close();
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(u"store.mkdir"_s, u"cannot create the folder for the database"_s, info.absolutePath());

    m_connectionName = u"flotilla-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_path = info.absoluteFilePath();
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!db.isValid()) {
        QSqlDatabase::removeDatabase(m_connectionName);
        m_connectionName.clear();
        return makeError(u"store.driver"_s, u"the Qt SQLite driver (QSQLITE) is not available"_s);
    }
    db.setDatabaseName(m_path);
    if (!db.open()) {
        const Error error = sqlError(u"cannot open the database"_s, db.lastError(), m_path);
        close();
        return error;
    }
    if (auto configured = configure(); !configured) {
        close();
        return configured.error();
    }
    if (auto migrated = migrate(); !migrated) {
        close();
        return migrated.error();
    }
    return {};
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool Database::isOpen() const
{
    return !m_connectionName.isEmpty() && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<void> Database::configure()
{
    QSqlQuery query(connection());
    // WAL: readers never block the writer and a crash keeps every committed transaction.
    // busy_timeout: another process of ours (flo, a second launch) may hold the lock briefly.
    const char *pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                             "PRAGMA busy_timeout=5000"};
    for (const char *pragma : pragmas) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return sqlError(QString::fromLatin1(pragma), query.lastError(), m_path);
    }
    if (journalMode() != u"wal"_s)
        return makeError(u"store.wal"_s,
                         u"SQLite refused write-ahead logging (journal mode is %1)"_s.arg(journalMode()), m_path);
    return {};
}

Result<void> Database::migrate()
{
    QSqlDatabase db = connection();
    const int current = schemaVersion();
    if (current > latestSchemaVersion())
        return makeError(u"store.too_new"_s,
                         u"the database has schema version %1, newer than this build of Flotilla understands (%2); "
                         "update Flotilla"_s.arg(current)
                             .arg(latestSchemaVersion()),
                         m_path);
    for (const Migration &migration : kMigrations) {
        if (migration.version <= current)
            continue;
        if (!db.transaction())
            return sqlError(u"cannot start migration %1"_s.arg(migration.version), db.lastError(), m_path);
        QSqlQuery query(db);
        for (const char *statement : migration.statements) {
            if (!statement)
                break;
            if (!query.exec(QString::fromUtf8(statement))) {
                const Error error = sqlError(
                    u"migration %1 (%2) failed"_s.arg(migration.version).arg(QString::fromUtf8(migration.description)),
                    query.lastError(), m_path);
                db.rollback();
                return error;
            }
        }
        if (!query.exec(u"PRAGMA user_version=%1"_s.arg(migration.version)) || !db.commit()) {
            const Error error =
                sqlError(u"cannot record migration %1"_s.arg(migration.version), db.lastError(), m_path);
            db.rollback();
            return error;
        }
    }
    return {};
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int Database::latestSchemaVersion()
{
    return std::end(kMigrations)[-1].version;
}

QString Database::journalMode() const
{
    QSqlQuery query(connection());
    if (!query.exec(u"PRAGMA journal_mode"_s) || !query.next())
        return {};
    return query.value(0).toString().toLower();
}

Result<QString> Database::metaValue(const QString &key) const
{
    QSqlQuery query(connection());
    query.prepare(u"SELECT value FROM app_meta WHERE key = ?"_s);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(u"cannot read metadata"_s, query.lastError(), m_path);
    return query.next() ? query.value(0).toString() : QString();
}

Result<void> Database::setMetaValue(const QString &key, const QString &value)
{
    QSqlQuery query(connection());
    query.prepare(u"INSERT INTO app_meta(key, value) VALUES(?, ?) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return sqlError(u"cannot write metadata"_s, query.lastError(), m_path);
    return {};
}

} // namespace flotilla
