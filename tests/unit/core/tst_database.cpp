#include "isolated_environment.h"
#include "store/database.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestDatabase final : public QObject
{
    Q_OBJECT

private slots:
    void opensInWalModeAndMigrates()
    {
        test::IsolatedEnvironment env;
        const QString path = env.root() + u"/store/flotilla.db"_s;
        Database db;
        const auto opened = db.open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
        QVERIFY(db.isOpen());
        QCOMPARE(db.journalMode(), u"wal"_s);
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QVERIFY(QFile::exists(path));

        QSqlQuery integrity(db.connection());
        QVERIFY(integrity.exec(u"PRAGMA integrity_check"_s));
        QVERIFY(integrity.next());
        QCOMPARE(integrity.value(0).toString(), u"ok"_s);
    }

    void keepsValuesAcrossReopen()
    {
        test::IsolatedEnvironment env;
        const QString path = env.root() + u"/flotilla.db"_s;
        {
            Database db;
            QVERIFY(db.open(path).ok());
            QVERIFY(db.setMetaValue(u"answer"_s, u"42"_s).ok());
            QVERIFY(db.setMetaValue(u"answer"_s, u"43"_s).ok()); // upsert, not a duplicate
        }
        Database db;
        QVERIFY(db.open(path).ok());
        const auto value = db.metaValue(u"answer"_s);
        QVERIFY(value.ok());
        QCOMPARE(value.value(), u"43"_s);
        const auto missing = db.metaValue(u"never-written"_s);
        QVERIFY(missing.ok());
        QVERIFY(missing->isEmpty());
    }

    void refusesADatabaseFromANewerBuild()
    {
        test::IsolatedEnvironment env;
        const QString path = env.root() + u"/flotilla.db"_s;
        {
            Database db;
            QVERIFY(db.open(path).ok());
            QSqlQuery query(db.connection());
            QVERIFY(query.exec(u"PRAGMA user_version=%1"_s.arg(Database::latestSchemaVersion() + 5)));
        }
        Database db;
        const auto opened = db.open(path);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, u"store.too_new"_s);
        QVERIFY(opened.error().message.contains(u"update Flotilla"_s));
        QVERIFY(!db.isOpen());
    }

    void reportsAnUnusablePath()
    {
        test::IsolatedEnvironment env;
        // A regular file where the database's folder should be.
        const QString blocker = env.root() + u"/not-a-folder"_s;
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        Database db;
        const auto opened = db.open(blocker + u"/flotilla.db"_s);
        QVERIFY(!opened.ok());
        QVERIFY(opened.error().context.contains(u"not-a-folder"_s));
    }

    void refusesAFileThatIsNotADatabase()
    {
        test::IsolatedEnvironment env;
        const QString path = env.root() + u"/garbage.db"_s;
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        Database db;
        const auto opened = db.open(path);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().context, path);
        // The file is left as it was: nothing of the user's is overwritten.
        QCOMPARE(QFile(path).size(), 4096);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
