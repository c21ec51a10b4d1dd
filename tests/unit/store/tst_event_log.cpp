#include "store_test_support.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

Event makeEvent(const QString &type, const QString &session, const QString &project, Priority priority, qint64 time)
{
    Event event;
    event.type = type;
    event.sessionId = session;
    event.projectId = project;
    event.priority = priority;
    event.timestamp = at(time);
    event.actor = u"lifecycle"_s;
    event.message = type + u" for "_s + session;
    return event;
}

QStringList types(const QList<StoredEvent> &events)
{
    QStringList list;
    for (const StoredEvent &stored : events)
        list << stored.event.type;
    return list;
}

} // namespace

class TestEventLog final : public QObject
{
    Q_OBJECT

private slots:
    void assignsIdTimestampAndKeepsEveryField()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        Event event;
        event.type = u"ci.failing"_s;
        event.priority = Priority::Warning;
        event.sessionId = u"ao-1"_s;
        event.projectId = u"shop"_s;
        event.actor = u"agent:ao-1"_s;
        event.identity = u"bot-1"_s;
        event.message = u"CI failed on PR #12"_s;
        event.data = QJsonObject{{u"checks"_s, 3}};
        auto stored = store.events().append(event);
        STORE_VERIFY(stored);
        QVERIFY(stored->seq > 0);
        QCOMPARE(stored->event.id.size(), 36);
        QVERIFY(stored->event.timestamp >= before);

        const auto read = store.events().query({});
        STORE_VERIFY(read);
        QCOMPARE(read->size(), 1);
        const Event &back = read->constFirst().event;
        QCOMPARE(back.id, stored->event.id);
        QCOMPARE(back.type, event.type);
        QCOMPARE(back.priority, event.priority);
        QCOMPARE(back.sessionId, event.sessionId);
        QCOMPARE(back.projectId, event.projectId);
        QCOMPARE(back.actor, event.actor);
        QCOMPARE(back.identity, event.identity);
        QCOMPARE(back.message, event.message);
        QCOMPARE(back.data, event.data);
        QCOMPARE(back.timestamp.toMSecsSinceEpoch(), stored->event.timestamp.toMSecsSinceEpoch());

        // Given ids and timestamps are kept; an id is never used twice.
        Event named = event;
        named.id = u"fixed-id"_s;
        named.timestamp = at(5000);
        STORE_VERIFY(store.events().append(named));
        QCOMPARE(store.events().query({}).value().constFirst().event.timestamp, at(5000));
        QVERIFY(!store.events().append(named).ok());
    }

    void refusesUpdateAndDelete()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        STORE_VERIFY(store.events().append(makeEvent(u"session.spawned"_s, u"ao-1"_s, u"shop"_s, Priority::Info, 1)));
        QSqlQuery query(store.database().connection());
        QVERIFY(!query.exec(u"UPDATE events SET message = 'rewritten'"_s));
        QVERIFY(query.lastError().text().contains(u"append-only"_s));
        QVERIFY(!query.exec(u"DELETE FROM events"_s));
        QVERIFY(query.lastError().text().contains(u"append-only"_s));
        const auto events = store.events().query({});
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->constFirst().event.message, u"session.spawned for ao-1"_s);
    }

    void filtersAndOrders()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const QList<Event> events = {
            makeEvent(u"session.spawned"_s, u"ao-1"_s, u"shop"_s, Priority::Info, 1000),
            makeEvent(u"ci.failing"_s, u"ao-1"_s, u"shop"_s, Priority::Warning, 2000),
            makeEvent(u"session.spawned"_s, u"bl-1"_s, u"blog"_s, Priority::Info, 3000),
            makeEvent(u"reaction.escalated"_s, u"ao-1"_s, u"shop"_s, Priority::Urgent, 4000),
            makeEvent(u"merge.ready"_s, u"bl-1"_s, u"blog"_s, Priority::Action, 5000),
        };
        auto stored = store.events().append(events);
        STORE_VERIFY(stored);
        QCOMPARE(stored->size(), 5);

        EventLog &log = store.events();
        QCOMPARE(types(log.query({}).value()),
                 (QStringList{u"merge.ready"_s, u"reaction.escalated"_s, u"session.spawned"_s, u"ci.failing"_s,
                              u"session.spawned"_s}));
        EventQuery query;
        query.order = EventQuery::Order::OldestFirst;
        query.sessionId = u"ao-1"_s;
        QCOMPARE(types(log.query(query).value()),
                 (QStringList{u"session.spawned"_s, u"ci.failing"_s, u"reaction.escalated"_s}));

        query = {};
        query.projectId = u"blog"_s;
        QCOMPARE(types(log.query(query).value()), (QStringList{u"merge.ready"_s, u"session.spawned"_s}));

        query = {};
        query.types = {u"ci.failing"_s, u"merge.ready"_s};
        QCOMPARE(types(log.query(query).value()), (QStringList{u"merge.ready"_s, u"ci.failing"_s}));

        query = {};
        query.minPriority = Priority::Action;
        QCOMPARE(types(log.query(query).value()), (QStringList{u"merge.ready"_s, u"reaction.escalated"_s}));
        query.minPriority = Priority::Urgent;
        QCOMPARE(types(log.query(query).value()), QStringList{u"reaction.escalated"_s});
        query.minPriority = Priority::Info;
        QCOMPARE(log.query(query)->size(), 5);

        query = {};
        query.since = at(2000); // inclusive
        query.until = at(5000); // exclusive
        query.order = EventQuery::Order::OldestFirst;
        QCOMPARE(types(log.query(query).value()),
                 (QStringList{u"ci.failing"_s, u"session.spawned"_s, u"reaction.escalated"_s}));

        query = {};
        query.afterSeq = stored->at(2).seq;
        query.order = EventQuery::Order::OldestFirst;
        QCOMPARE(types(log.query(query).value()), (QStringList{u"reaction.escalated"_s, u"merge.ready"_s}));

        query = {};
        query.limit = 2;
        QCOMPARE(types(log.query(query).value()), (QStringList{u"merge.ready"_s, u"reaction.escalated"_s}));
        query.order = EventQuery::Order::OldestFirst;
        QCOMPARE(types(log.query(query).value()), (QStringList{u"session.spawned"_s, u"ci.failing"_s}));

        query = {};
        query.sessionId = u"ao-1"_s;
        query.types = {u"session.spawned"_s, u"reaction.escalated"_s};
        query.minPriority = Priority::Warning;
        QCOMPARE(types(log.query(query).value()), QStringList{u"reaction.escalated"_s});
    }

    void signalsOnlyAfterCommit()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        // A second connection sees only committed data: if the signal came before the commit,
        // the listener could not find the event there.
        Store observer;
        STORE_VERIFY(observer.open(storePath(env)));
        QStringList seenCommitted;
        QList<qint64> seqs;
        QObject::connect(&store.events(), &EventLog::appended, &store.events(), [&](const Event &event, qint64 seq) {
            EventQuery query;
            query.afterSeq = seq - 1;
            query.limit = 1;
            query.order = EventQuery::Order::OldestFirst;
            const auto found = observer.events().query(query);
            if (found && !found->isEmpty() && found->constFirst().event.id == event.id)
                seenCommitted << event.type;
            seqs << seq;
        });
        STORE_VERIFY(store.events().append(QList<Event>{makeEvent(u"a"_s, u"ao-1"_s, u"p"_s, Priority::Info, 1),
                                                        makeEvent(u"b"_s, u"ao-1"_s, u"p"_s, Priority::Info, 2)}));
        QCOMPARE(seenCommitted, (QStringList{u"a"_s, u"b"_s}));
        QCOMPARE(seqs.size(), 2);
        QVERIFY(seqs[0] < seqs[1]);
    }

    void failedTransactionSignalsNothingAndKeepsNothing()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        int signalled = 0;
        QObject::connect(&store.events(), &EventLog::appended, &store.events(),
                         [&](const Event &, qint64) { ++signalled; });
        Event first = makeEvent(u"first"_s, u"ao-1"_s, u"p"_s, Priority::Info, 1);
        first.id = u"dup"_s;
        STORE_VERIFY(store.events().append(first));
        QCOMPARE(signalled, 1);

        // The second event of the batch reuses an id: the whole batch is refused.
        Event fresh = makeEvent(u"fresh"_s, u"ao-1"_s, u"p"_s, Priority::Info, 2);
        const auto batch = store.events().append(QList<Event>{fresh, first});
        QVERIFY(!batch.ok());
        QCOMPARE(signalled, 1);
        EventQuery freshOnly;
        freshOnly.types = {u"fresh"_s};
        QVERIFY(store.events().query(freshOnly)->isEmpty());

        // Work done in the same transaction fails: its events are not kept or signalled.
        const auto within = store.events().appendWithin(
            [](const QSqlDatabase &) -> Result<void> { return makeError(u"test.refused"_s, u"refused"_s); },
            {RoutedEvent(fresh, {u"desktop"_s})});
        QVERIFY(!within.ok());
        QCOMPARE(within.error().code, u"test.refused"_s);
        QCOMPARE(signalled, 1);
        QVERIFY(store.events().query(freshOnly)->isEmpty());
        QVERIFY(store.outbox().history(10)->isEmpty());
    }

    void routesToTheOutboxInTheSameTransaction()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        auto stored = store.events().appendAndRoute(
            makeEvent(u"reaction.escalated"_s, u"ao-1"_s, u"shop"_s, Priority::Urgent, 1), {u"desktop"_s, u"ravi"_s});
        STORE_VERIFY(stored);
        const auto history = store.outbox().history(10);
        STORE_VERIFY(history);
        QCOMPARE(history->size(), 2);
        for (const OutboxEntry &entry : history.value()) {
            QCOMPARE(entry.eventId, stored->event.id);
            QCOMPARE(entry.state, DeliveryState::Pending);
            QCOMPARE(entry.event.type, u"reaction.escalated"_s);
        }
        // A notifier with no name cannot be routed to; nothing of the event is kept.
        QVERIFY(!store.events()
                     .appendAndRoute(makeEvent(u"x"_s, u"ao-1"_s, u"shop"_s, Priority::Info, 2), {QString()})
                     .ok());
        QCOMPARE(store.events().query({})->size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_event_log.moc"
