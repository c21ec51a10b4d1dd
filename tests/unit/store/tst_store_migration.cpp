#include "store_test_support.h"

#include <QSqlDatabase>
#include <QSqlQuery>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

// A database exactly as schema version 1 left it: the metadata table and nothing else.
bool createVersionOne(const QString &path)
{
    const QString name = u"version-one"_s;
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(u"PRAGMA journal_mode=WAL"_s)
                 && query.exec(u"CREATE TABLE app_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"_s)
                 && query.exec(u"INSERT INTO app_meta(key, value) VALUES('installed', 'long ago')"_s)
                 && query.exec(u"PRAGMA user_version=1"_s);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QStringList schemaObjects(Store &store, const QString &type)
{
    QSqlQuery query(store.database().connection());
    query.prepare(u"SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name"_s);
    query.addBindValue(type);
    QStringList names;
    if (query.exec()) {
        while (query.next())
            names << query.value(0).toString();
    }
    return names;
}

} // namespace

class TestStoreMigration final : public QObject
{
    Q_OBJECT

private slots:
    void upgradesAVersionOneDatabase()
    {
        IsolatedEnvironment env;
        const QString path = env.root() + u"/flotilla.db"_s;
        QVERIFY(createVersionOne(path));

        Store store;
        STORE_VERIFY(store.open(path));
        QCOMPARE(store.database().schemaVersion(), Database::latestSchemaVersion());
        QVERIFY(Database::latestSchemaVersion() > 1);
        QCOMPARE(store.database().metaValue(u"installed"_s).value(), u"long ago"_s);
        QCOMPARE(schemaObjects(store, u"table"_s),
                 (QStringList{u"app_meta"_s, u"backlog_claims"_s, u"decision_answers"_s, u"decisions"_s, u"events"_s,
                              u"handled_replies"_s, u"http_cache"_s, u"local_ci_runs"_s, u"local_pull_requests"_s,
                              u"local_review_comments"_s, u"notification_outbox"_s, u"projects"_s,
                              u"reaction_trackers"_s, u"sent_questions"_s, u"session_counters"_s, u"sessions"_s}));
        QCOMPARE(schemaObjects(store, u"trigger"_s), (QStringList{u"events_no_delete"_s, u"events_no_update"_s}));
        for (const QString &index : {u"sessions_by_project"_s, u"events_by_session"_s, u"events_by_time"_s,
                                     u"events_by_type"_s, u"outbox_due"_s, u"local_open_pr_per_branch"_s})
            QVERIFY2(schemaObjects(store, u"index"_s).contains(index), qPrintable(index));

        // The upgraded file works like a new one, and opening it again changes nothing.
        QCOMPARE(store.sessions().reserveSessionId(u"ao"_s).value(), u"ao-1"_s);
        store.close();
        Store again;
        STORE_VERIFY(again.open(path));
        QCOMPARE(again.database().schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(again.sessions().reserveSessionId(u"ao"_s).value(), u"ao-2"_s);

        QSqlQuery integrity(again.database().connection());
        QVERIFY(integrity.exec(u"PRAGMA integrity_check"_s));
        QVERIFY(integrity.next());
        QCOMPARE(integrity.value(0).toString(), u"ok"_s);
    }

    void aClosedStoreSaysSo()
    {
        Store store;
        const auto reserved = store.sessions().reserveSessionId(u"ao"_s);
        QVERIFY(!reserved.ok());
        QCOMPARE(reserved.error().code, u"store.closed"_s);
        const auto read = store.sessions().get(u"ao-1"_s);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, u"store.closed"_s);
        QCOMPARE(store.events().query({}).error().code, u"store.closed"_s);
    }
};

QTEST_GUILESS_MAIN(TestStoreMigration)
#include "tst_store_migration.moc"
