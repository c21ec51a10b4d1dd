#include "isolated_environment.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QThread>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

// Rows a query returns, one string per row (columns joined with " | ").
QStringList rows(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    QStringList result;
    if (!query.exec(sql))
        return {u"query failed: "_s + sql};
    while (query.next()) {
        QStringList columns;
        for (int i = 0; i < query.record().count(); ++i)
            columns << query.value(i).toString();
        result << columns.join(u" | "_s);
    }
    return result;
}

} // namespace

class TestStoreCrashSafety final : public QObject
{
    Q_OBJECT

private slots:
    void survivesKillsAtRandomMoments()
    {
        test::IsolatedEnvironment env;
        const QString writer = QCoreApplication::applicationDirPath() + u"/store_crash_writer"_s;
        QVERIFY2(QFileInfo(writer).isExecutable() || QFileInfo(writer + u".exe"_s).isExecutable(), qPrintable(writer));
        const QString path = env.root() + u"/crash/flotilla.db"_s;

        bool seedGiven = false;
        quint32 seed = qEnvironmentVariable("FLOTILLA_CRASH_SEED").toUInt(&seedGiven);
        if (!seedGiven)
            seed = QRandomGenerator::global()->generate();
        qInfo("crash test seed: %u (set FLOTILLA_CRASH_SEED to repeat)", seed);
        QRandomGenerator random(seed);

        constexpr int kRuns = 100;
        QHash<QString, qint64> counters;
        int sessions = 0;
        int updates = 0;
        QElapsedTimer clock;
        clock.start();
        QElapsedTimer checking;
        qint64 checkingMs = 0;
        for (int run = 0; run < kRuns; ++run) {
            const int delayMs = int(random.bounded(151));
            QProcess process;
            process.start(writer, {path, QString::number(seed + quint32(run))});
            QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
            QThread::msleep(ulong(delayMs));
            QVERIFY2(process.state() == QProcess::Running,
                     qPrintable(u"run %1: the writer stopped by itself: %2"_s.arg(run).arg(
                         QString::fromLocal8Bit(process.readAllStandardError()))));
            process.kill(); // SIGKILL: no destructor, no rollback, no flush
            QVERIFY(process.waitForFinished(10000));
            QCOMPARE(process.exitStatus(), QProcess::CrashExit);

            checking.start();
            verifyConsistent(path, run, counters);
            checkingMs += checking.elapsed();
            if (QTest::currentTestFailed())
                return;
        }

        Store store;
        QVERIFY(store.open(path).ok());
        sessions = int(store.sessions().list().value().size());
        EventQuery updated;
        updated.types = {u"session.updated"_s};
        updates = int(store.events().query(updated).value().size());
        qInfo("%d runs in %lld ms (%lld ms checking): %d sessions created, %d updates", kRuns, clock.elapsed(),
              checkingMs, sessions, updates);
        // The writer must have got far enough to be killed mid-work, not only during start-up.
        QVERIFY(sessions > 0);
        QVERIFY(updates > 0);
    }

private:
    void verifyConsistent(const QString &path, int run, QHash<QString, qint64> &counters)
    {
        const QString where = u"run %1: "_s.arg(run);
        Store store;
        const auto opened = store.open(path);
        QVERIFY2(opened.ok(), qPrintable(where + (opened.ok() ? QString() : opened.error().toString())));
        const QSqlDatabase db = store.database().connection();

        QCOMPARE(rows(db, u"PRAGMA integrity_check"_s), QStringList{u"ok"_s});
        QCOMPARE(rows(db, u"PRAGMA foreign_key_check"_s), QStringList());

        // No half-created session: each session has exactly one spawned event and vice versa.
        QVERIFY2(rows(db, u"SELECT id FROM sessions WHERE id NOT IN (SELECT session_id FROM events "
                          "WHERE type = 'session.spawned')"_s)
                     .isEmpty(),
                 qPrintable(where + u"a session without its spawned event"_s));
        QVERIFY2(rows(db, u"SELECT session_id FROM events e WHERE type = 'session.spawned' AND NOT EXISTS "
                          "(SELECT 1 FROM sessions s WHERE s.id = e.session_id)"_s)
                     .isEmpty(),
                 qPrintable(where + u"a spawned event without its session"_s));
        QVERIFY2(rows(db, u"SELECT session_id FROM events WHERE type = 'session.spawned' GROUP BY session_id "
                          "HAVING COUNT(*) > 1"_s)
                     .isEmpty(),
                 qPrintable(where + u"a session spawned twice"_s));
        QVERIFY2(rows(db, u"SELECT id FROM events e WHERE type = 'session.spawned' AND NOT EXISTS (SELECT 1 FROM "
                          "notification_outbox o WHERE o.event_id = e.id AND o.notifier = 'desktop')"_s)
                     .isEmpty(),
                 qPrintable(where + u"a spawned event without its notification"_s));
        QVERIFY2(rows(db, u"SELECT id FROM sessions GROUP BY id HAVING COUNT(*) > 1"_s).isEmpty(),
                 qPrintable(where + u"a duplicated session id"_s));

        // An update and its event went in together: each session shows the summary its latest
        // event carries.
        const auto events = store.events().query({});
        QVERIFY(events.ok());
        QHash<QString, QString> latestSummary;
        for (const StoredEvent &stored : events.value()) { // newest first
            if (!latestSummary.contains(stored.event.sessionId))
                latestSummary.insert(stored.event.sessionId, stored.event.data.value(u"summary"_s).toString());
        }
        const auto sessions = store.sessions().list();
        QVERIFY(sessions.ok());
        static const QRegularExpression idPattern(u"^(cw|cx)-(\\d+)$"_s);
        QHash<QString, qint64> highest;
        for (const SessionRecord &session : sessions.value()) {
            QVERIFY2(session.summary == latestSummary.value(session.id),
                     qPrintable(where + session.id + u" says \""_s + session.summary + u"\", its log \""_s
                                + latestSummary.value(session.id) + u'"'));
            const auto match = idPattern.match(session.id);
            QVERIFY2(match.hasMatch(), qPrintable(where + u"unexpected id "_s + session.id));
            highest[match.captured(1)] = qMax(highest.value(match.captured(1)), match.captured(2).toLongLong());
        }

        // Counters only move forward and are never behind an id in use.
        QHash<QString, qint64> now;
        for (const QString &row : rows(db, u"SELECT prefix, last_number FROM session_counters"_s)) {
            const QStringList parts = row.split(u" | "_s);
            now.insert(parts.at(0), parts.at(1).toLongLong());
        }
        for (auto it = counters.cbegin(); it != counters.cend(); ++it)
            QVERIFY2(
                now.value(it.key()) >= it.value(),
                qPrintable(
                    where
                    + u"counter %1 went back from %2 to %3"_s.arg(it.key()).arg(it.value()).arg(now.value(it.key()))));
        for (auto it = highest.cbegin(); it != highest.cend(); ++it)
            QVERIFY2(now.value(it.key()) >= it.value(), qPrintable(where + u"counter behind id "_s + it.key()));
        counters = now;
    }
};

QTEST_GUILESS_MAIN(TestStoreCrashSafety)
#include "tst_store_crash_safety.moc"
