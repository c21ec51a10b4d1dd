#include "store_test_support.h"

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QString appendEvent(Store &store, const QString &type)
{
    Event event;
    event.type = type;
    event.sessionId = u"ao-1"_s;
    const auto stored = store.events().append(event);
    return stored ? stored->event.id : QString();
}

QStringList notifiers(const QList<OutboxEntry> &entries)
{
    QStringList list;
    for (const OutboxEntry &entry : entries)
        list << entry.notifier;
    return list;
}

} // namespace

class TestNotificationOutbox final : public QObject
{
    Q_OBJECT

private slots:
    void enqueueIsIdempotent()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const QString event = appendEvent(store, u"ci.failing"_s);
        QCOMPARE(store.outbox().enqueue(event, {u"desktop"_s, u"slack"_s}, at(1000)).value(), 2);
        QCOMPARE(store.outbox().enqueue(event, {u"desktop"_s, u"ravi"_s}, at(2000)).value(), 1);
        QCOMPARE(store.outbox().enqueue(event, {u"desktop"_s}, at(3000)).value(), 0);
        QCOMPARE(store.outbox().history(10)->size(), 3);
        // Deliveries always belong to a logged event.
        QVERIFY(!store.outbox().enqueue(u"no-such-event"_s, {u"desktop"_s}).ok());
    }

    void claimsDueDeliveriesOnce()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const QString early = appendEvent(store, u"early"_s);
        const QString later = appendEvent(store, u"later"_s);
        STORE_VERIFY(store.outbox().enqueue(early, {u"desktop"_s, u"slack"_s}, at(1000)));
        STORE_VERIFY(store.outbox().enqueue(later, {u"desktop"_s}, at(5000)));

        auto claimed = store.outbox().claimDue(at(2000), 10);
        STORE_VERIFY(claimed);
        QCOMPARE(notifiers(claimed.value()), (QStringList{u"desktop"_s, u"slack"_s}));
        for (const OutboxEntry &entry : claimed.value()) {
            QCOMPARE(entry.state, DeliveryState::Delivering);
            QCOMPARE(entry.attempts, 1);
            QCOMPARE(entry.event.type, u"early"_s);
            QCOMPARE(entry.createdAt, at(1000));
        }
        QVERIFY(store.outbox().claimDue(at(2000), 10)->isEmpty());

        // The limit applies, oldest due first.
        STORE_VERIFY(store.outbox().enqueue(later, {u"ravi"_s}, at(4000)));
        claimed = store.outbox().claimDue(at(6000), 1);
        QCOMPARE(claimed->size(), 1);
        QCOMPARE(claimed->constFirst().notifier, u"ravi"_s);
    }

    void lapsedLeaseMakesADeliveryDueAgain()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        store.outbox().setPolicy({5, 30s});
        STORE_VERIFY(store.outbox().enqueue(appendEvent(store, u"e"_s), {u"desktop"_s}, at(0)));
        QCOMPARE(store.outbox().claimDue(at(1000), 10)->size(), 1);
        // The dispatcher died: nothing until the lease runs out, then the row is claimed again.
        QVERIFY(store.outbox().claimDue(at(30'999), 10)->isEmpty());
        const auto again = store.outbox().claimDue(at(31'000), 10);
        QCOMPARE(again->size(), 1);
        QCOMPARE(again->constFirst().attempts, 2);
        QCOMPARE(again->constFirst().nextAttemptAt, at(61'000));
    }

    void retriesThenGivesUp()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        store.outbox().setPolicy({2, 10s});
        STORE_VERIFY(store.outbox().enqueue(appendEvent(store, u"e"_s), {u"slack"_s}, at(0)));
        const qint64 id = store.outbox().claimDue(at(0), 1)->constFirst().id;

        QCOMPARE(store.outbox().markFailed(id, u"HTTP 502"_s, at(5000)).value(), DeliveryState::Failed);
        auto entry = store.outbox().get(id).value();
        QCOMPARE(entry->state, DeliveryState::Failed);
        QCOMPARE(entry->lastError, u"HTTP 502"_s);
        QCOMPARE(entry->attempts, 1);
        QVERIFY(store.outbox().claimDue(at(4999), 1)->isEmpty());
        QCOMPARE(store.outbox().claimDue(at(5000), 1)->size(), 1);

        QCOMPARE(store.outbox().markFailed(id, u"timeout"_s, at(9000)).value(), DeliveryState::Dead);
        entry = store.outbox().get(id).value();
        QCOMPARE(entry->state, DeliveryState::Dead);
        QCOMPARE(entry->attempts, 2);
        QCOMPARE(entry->lastError, u"timeout"_s);
        QVERIFY(store.outbox().claimDue(at(100'000), 10)->isEmpty());
        QCOMPARE(store.outbox().markFailed(id, u"x"_s, at(0)).error().code, u"store.invalid_transition"_s);
    }

    void aLapsedLastAttemptIsDead()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        store.outbox().setPolicy({1, 10s});
        STORE_VERIFY(store.outbox().enqueue(appendEvent(store, u"e"_s), {u"slack"_s}, at(0)));
        const qint64 id = store.outbox().claimDue(at(0), 1)->constFirst().id;
        QVERIFY(store.outbox().claimDue(at(20'000), 1)->isEmpty());
        const auto entry = store.outbox().get(id).value();
        QCOMPARE(entry->state, DeliveryState::Dead);
        QVERIFY(!entry->lastError.isEmpty());
    }

    void deliveredAndDeadAreFinal()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        STORE_VERIFY(store.outbox().enqueue(appendEvent(store, u"first"_s), {u"desktop"_s, u"slack"_s}, at(0)));
        const auto claimed = store.outbox().claimDue(at(0), 10).value();
        QCOMPARE(claimed.size(), 2);
        STORE_VERIFY(store.outbox().markDelivered(claimed[0].id, at(700)));
        STORE_VERIFY(store.outbox().markDelivered(claimed[0].id, at(800))); // twice is still delivered
        STORE_VERIFY(store.outbox().markDead(claimed[1].id, u"webhook URL rejected"_s));
        QCOMPARE(store.outbox().markDead(claimed[0].id, u"x"_s).error().code, u"store.invalid_transition"_s);
        QCOMPARE(store.outbox().markDelivered(9999).error().code, u"store.not_found"_s);
        QVERIFY(store.outbox().claimDue(at(10'000'000), 10)->isEmpty());

        STORE_VERIFY(store.outbox().enqueue(appendEvent(store, u"second"_s), {u"ravi"_s}, at(1000)));
        const auto history = store.outbox().history(10);
        STORE_VERIFY(history);
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->at(0).event.type, u"second"_s);
        QCOMPARE(history->at(0).state, DeliveryState::Pending);
        QCOMPARE(history->at(1).state, DeliveryState::Dead);
        QCOMPARE(history->at(1).lastError, u"webhook URL rejected"_s);
        QCOMPARE(history->at(2).state, DeliveryState::Delivered);
        QCOMPARE(history->at(2).deliveredAt, at(700));
        QCOMPARE(store.outbox().history(1)->size(), 1);
        QCOMPARE(store.outbox().history(0)->size(), 3);
        QVERIFY(store.outbox().claimDue(at(10'000'000), 0)->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNotificationOutbox)
#include "tst_notification_outbox.moc"
