#include "isolated_environment.h"
#include "notify/notification_dispatcher.h"
#include "plugin/notifier_plugin.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QPromise>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Records every notification it was handed; subclasses decide how it answers.
class RecordingNotifier : public NotifierPlugin
{
public:
    explicit RecordingNotifier(QString name) : m_name(std::move(name)) {}
    QString name() const override { return m_name; }

    Async<void> deliver(const Notification &notification) final
    {
        received.append(notification);
        ++active;
        mostActive = std::max(mostActive, active);
        return answer();
    }

    QList<Notification> received;
    int active = 0;
    int mostActive = 0;

protected:
    virtual Async<void> answer() = 0;

private:
    QString m_name;
};

class ImmediateNotifier final : public RecordingNotifier
{
public:
    using RecordingNotifier::RecordingNotifier;

protected:
    Async<void> answer() override
    {
        --active;
        return readyOk();
    }
};

// Takes every delivery and never answers.
class HangingNotifier final : public RecordingNotifier
{
public:
    using RecordingNotifier::RecordingNotifier;

protected:
    Async<void> answer() override
    {
        auto promise = std::make_shared<QPromise<Result<void>>>();
        promise->start();
        m_hanging.push_back(promise);
        return promise->future();
    }

private:
    std::vector<std::shared_ptr<QPromise<Result<void>>>> m_hanging;
};

class FailingNotifier final : public RecordingNotifier
{
public:
    using RecordingNotifier::RecordingNotifier;

protected:
    Async<void> answer() override
    {
        --active;
        return failed<void>(makeError(u"notifier.http"_s, u"HTTP 502 from the webhook"_s));
    }
};

// Answers after `delay`, like a channel behind a slow network.
class SlowNotifier final : public RecordingNotifier
{
public:
    SlowNotifier(QString name, std::chrono::milliseconds delay) : RecordingNotifier(std::move(name)), m_delay(delay) {}

protected:
    Async<void> answer() override
    {
        auto promise = std::make_shared<QPromise<Result<void>>>();
        promise->start();
        QTimer::singleShot(m_delay, &m_context, [this, promise] {
            --active;
            promise->addResult(Result<void>());
            promise->finish();
        });
        return promise->future();
    }

private:
    std::chrono::milliseconds m_delay;
    QObject m_context;
};

// A store, a settable clock and the notifiers by name: what a dispatcher borrows.
struct Bench
{
    Bench()
    {
        if (!store.open(env.root() + u"/state/flotilla.db"_s))
            qFatal("cannot open the test store");
    }

    // Rows are queued at the wall clock's time; the test clock starts ahead of it so they are due.
    QDateTime clock = QDateTime::currentDateTimeUtc().addSecs(3600);
    IsolatedEnvironment env;
    Store store;
    QHash<QString, NotifierPlugin *> notifiers;

    DispatchPolicy fastPolicy() const
    {
        DispatchPolicy policy;
        policy.timeout = 2s;
        policy.sweepInterval = 20ms;
        policy.jitter = 0.0;
        return policy;
    }

    std::unique_ptr<NotificationDispatcher> dispatcher(const DispatchPolicy &policy,
                                                       NotificationDispatcher::Router router = {})
    {
        auto made = std::make_unique<NotificationDispatcher>(
            NotificationDispatcher::Dependencies{store, [this](const QString &name) { return notifiers.value(name); },
                                                 NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)),
                                                 std::move(router), [this] { return clock; }, policy});
        made->start();
        return made;
    }

    QString route(const QString &type, Priority priority, const QStringList &to)
    {
        Event event;
        event.type = type;
        event.priority = priority;
        event.sessionId = u"shop-3"_s;
        event.projectId = u"shop"_s;
        event.message = u"shop-3: %1"_s.arg(type);
        const auto stored = store.events().appendAndRoute(event, to);
        return stored ? stored->event.id : QString();
    }

    std::optional<OutboxEntry> delivery(const QString &eventId, const QString &notifier)
    {
        const auto all = store.outbox().history(0);
        for (const OutboxEntry &entry : all.value()) {
            if (entry.eventId == eventId && entry.notifier == notifier)
                return entry;
        }
        return std::nullopt;
    }

    QList<StoredEvent> failures()
    {
        EventQuery query;
        query.types = {u"notification.failed"_s};
        query.order = EventQuery::Order::OldestFirst;
        return store.events().query(query).value();
    }
};

DeliveryState stateOf(const std::optional<OutboxEntry> &entry)
{
    return entry ? entry->state : DeliveryState::Pending;
}

} // namespace

class TestNotificationDispatcher final : public QObject
{
    Q_OBJECT

private slots:
    void deliversToEveryRoutedNotifier()
    {
        Bench bench;
        ImmediateNotifier desktop(u"desktop"_s);
        ImmediateNotifier slack(u"slack"_s);
        bench.notifiers = {{u"desktop"_s, &desktop}, {u"slack"_s, &slack}};
        auto dispatcher = bench.dispatcher(bench.fastPolicy());
        QSignalSpy finished(dispatcher.get(), &NotificationDispatcher::deliveryFinished);

        const QString eventId = bench.route(u"ci.failing"_s, Priority::Warning, {u"desktop"_s, u"slack"_s});
        // Never in the caller's stack.
        QCOMPARE(desktop.received.size(), 0);
        QTRY_COMPARE(finished.size(), 2);
        for (const QList<QVariant> &args : std::as_const(finished))
            QVERIFY(args.at(2).toBool());
        for (const RecordingNotifier *notifier : QList<const RecordingNotifier *>{&desktop, &slack}) {
            QCOMPARE(notifier->received.size(), 1);
            QCOMPARE(notifier->received.constFirst().event.id, eventId); // the channels' dedupe key
            QVERIFY(notifier->received.constFirst().title.startsWith(u"Failed: shop-3 (shop)"_s));
        }
        QCOMPARE(stateOf(bench.delivery(eventId, u"desktop"_s)), DeliveryState::Delivered);
        QCOMPARE(stateOf(bench.delivery(eventId, u"slack"_s)), DeliveryState::Delivered);
        QCOMPARE(dispatcher->history(0)->size(), 2);

        // Delivered rows are not delivered again by later sweeps.
        QTest::qWait(100);
        QCOMPARE(desktop.received.size(), 1);
    }

    void hangingNotifierDelaysNoOneAndIsRetriedAfterItsTimeout()
    {
        Bench bench;
        ImmediateNotifier desktop(u"desktop"_s);
        SlowNotifier slack(u"slack"_s, 50ms);
        HangingNotifier ravi(u"ravi"_s);
        bench.notifiers = {{u"desktop"_s, &desktop}, {u"slack"_s, &slack}, {u"ravi"_s, &ravi}};
        DispatchPolicy policy = bench.fastPolicy();
        policy.timeoutFor.insert(u"ravi"_s, 3000ms);
        auto dispatcher = bench.dispatcher(policy);
        QSignalSpy finished(dispatcher.get(), &NotificationDispatcher::deliveryFinished);

        QElapsedTimer elapsed;
        elapsed.start();
        const QString eventId =
            bench.route(u"session.stuck"_s, Priority::Urgent, {u"ravi"_s, u"desktop"_s, u"slack"_s});
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY2(elapsed.elapsed() < 1500, qPrintable(u"took %1 ms"_s.arg(elapsed.elapsed())));
        QCOMPARE(stateOf(bench.delivery(eventId, u"desktop"_s)), DeliveryState::Delivered);
        QCOMPARE(stateOf(bench.delivery(eventId, u"slack"_s)), DeliveryState::Delivered);
        QCOMPARE(ravi.received.size(), 1);
        QCOMPARE(stateOf(bench.delivery(eventId, u"ravi"_s)), DeliveryState::Delivering);

        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 10000);
        QVERIFY(elapsed.elapsed() >= 2850); // coarse timers may fire up to 5 % early
        const QList<QVariant> timedOut = finished.at(2);
        QCOMPARE(timedOut.at(1).toString(), u"ravi"_s);
        QCOMPARE(timedOut.at(2).toBool(), false);
        QCOMPARE(timedOut.at(3).toString(), u"ravi did not answer within 3 s"_s);
        auto entry = bench.delivery(eventId, u"ravi"_s);
        QCOMPARE(entry->state, DeliveryState::Failed);
        QCOMPARE(entry->lastError, u"ravi did not answer within 3 s"_s);
        QCOMPARE(entry->nextAttemptAt, bench.clock.addSecs(5));

        bench.clock = bench.clock.addSecs(5);
        QTRY_COMPARE(ravi.received.size(), 2);
        QCOMPARE(ravi.received.at(1).event.id, eventId);
        QCOMPARE(bench.delivery(eventId, u"ravi"_s)->attempts, 2);
        QCOMPARE(desktop.received.size(), 1);
        QCOMPARE(dispatcher->inFlight(u"ravi"_s), 1);
    }

    void failingNotifierBacksOffThenGivesUp()
    {
        Bench bench;
        FailingNotifier slack(u"slack"_s);
        ImmediateNotifier desktop(u"desktop"_s);
        bench.notifiers = {{u"desktop"_s, &desktop}, {u"slack"_s, &slack}};
        DispatchPolicy policy = bench.fastPolicy();
        policy.maxAttempts = 4;
        const auto router = [](const QString &, Priority) { return QStringList{u"slack"_s, u"desktop"_s}; };
        auto dispatcher = bench.dispatcher(policy, router);

        const QString eventId = bench.route(u"ci.failing"_s, Priority::Warning, {u"slack"_s});
        for (int attempt = 1; attempt <= 3; ++attempt) {
            QTRY_COMPARE(stateOf(bench.delivery(eventId, u"slack"_s)), DeliveryState::Failed);
            const OutboxEntry entry = *bench.delivery(eventId, u"slack"_s);
            QCOMPARE(slack.received.size(), attempt);
            QCOMPARE(entry.attempts, attempt);
            QVERIFY2(entry.lastError.contains(u"HTTP 502 from the webhook"_s), qPrintable(entry.lastError));
            const qint64 backoffMs = 5000LL << (attempt - 1); // 5 s, 10 s, 20 s
            QCOMPARE(entry.nextAttemptAt, bench.clock.addMSecs(backoffMs));

            // Not a moment early.
            bench.clock = bench.clock.addMSecs(backoffMs - 1);
            QTest::qWait(100);
            QCOMPARE(slack.received.size(), attempt);
            bench.clock = bench.clock.addMSecs(1);
            QTRY_COMPARE(slack.received.size(), attempt + 1);
        }

        QTRY_COMPARE(stateOf(bench.delivery(eventId, u"slack"_s)), DeliveryState::Dead);
        QTRY_COMPARE(bench.failures().size(), 1);
        const Event failure = bench.failures().constFirst().event;
        QCOMPARE(failure.priority, Priority::Warning);
        QCOMPARE(failure.sessionId, u"shop-3"_s);
        QCOMPARE(failure.data.value(u"notifier"_s).toString(), u"slack"_s);
        QCOMPARE(failure.data.value(u"eventId"_s).toString(), eventId);
        QCOMPARE(failure.data.value(u"attempts"_s).toInt(), 4);
        QVERIFY2(failure.message.contains(u"HTTP 502"_s), qPrintable(failure.message));
        // Told through the other channel only, never back through the one that failed.
        QTRY_COMPARE(desktop.received.size(), 1);
        QCOMPARE(desktop.received.constFirst().event.id, failure.id);
        QVERIFY(!bench.delivery(failure.id, u"slack"_s));
        QCOMPARE(slack.received.size(), 4);

        // Given up is final.
        bench.clock = bench.clock.addSecs(3600);
        QTest::qWait(100);
        QCOMPARE(slack.received.size(), 4);
    }

    // The reference tool's per-notifier `retries` and `retryDelayMs`.
    void aNotifierOwnRetriesAndDelayApplyToItAlone()
    {
        Bench bench;
        FailingNotifier slack(u"slack"_s);
        FailingNotifier ntfy(u"ntfy"_s);
        bench.notifiers = {{u"slack"_s, &slack}, {u"ntfy"_s, &ntfy}};
        auto dispatcher = bench.dispatcher(bench.fastPolicy());
        dispatcher->setNotifierRetries({{u"slack"_s, 2}}, {{u"slack"_s, 1500ms}});

        const QString eventId = bench.route(u"ci.failing"_s, Priority::Warning, {u"slack"_s, u"ntfy"_s});
        QTRY_COMPARE(stateOf(bench.delivery(eventId, u"slack"_s)), DeliveryState::Failed);
        QTRY_COMPARE(stateOf(bench.delivery(eventId, u"ntfy"_s)), DeliveryState::Failed);
        QCOMPARE(bench.delivery(eventId, u"slack"_s)->nextAttemptAt, bench.clock.addMSecs(1500));
        QCOMPARE(bench.delivery(eventId, u"ntfy"_s)->nextAttemptAt, bench.clock.addMSecs(5000));
        bench.clock = bench.clock.addMSecs(1500);
        QTRY_COMPARE(stateOf(bench.delivery(eventId, u"slack"_s)), DeliveryState::Dead); // one retry, then given up
        QCOMPARE(slack.received.size(), 2);
        QCOMPARE(stateOf(bench.delivery(eventId, u"ntfy"_s)), DeliveryState::Failed); // the default: 8 tries
    }

    void failureOfAFailureNoticeIsOnlyLogged()
    {
        Bench bench;
        FailingNotifier first(u"first"_s);
        FailingNotifier second(u"second"_s);
        bench.notifiers = {{u"first"_s, &first}, {u"second"_s, &second}};
        DispatchPolicy policy = bench.fastPolicy();
        policy.maxAttempts = 1;
        const auto router = [](const QString &, Priority) { return QStringList{u"first"_s, u"second"_s}; };
        auto dispatcher = bench.dispatcher(policy, router);

        bench.route(u"session.errored"_s, Priority::Urgent, {u"first"_s});
        QTRY_COMPARE(bench.failures().size(), 2);
        QTest::qWait(200);
        const QList<StoredEvent> failures = bench.failures();
        QCOMPARE(failures.size(), 2);
        QCOMPARE(failures.at(1).event.data.value(u"notifier"_s).toString(), u"second"_s);
        QVERIFY(!bench.delivery(failures.at(1).event.id, u"first"_s));
        QVERIFY(!bench.delivery(failures.at(1).event.id, u"second"_s));
        QCOMPARE(first.received.size(), 1);
        QCOMPARE(second.received.size(), 1);
    }

    void restartRedeliversWhatACrashLeftDelivering()
    {
        IsolatedEnvironment env;
        const QString path = env.root() + u"/state/flotilla.db"_s;
        QDateTime clock = QDateTime::currentDateTimeUtc().addSecs(3600);
        QString eventId;
        DispatchPolicy policy;
        policy.sweepInterval = 20ms;
        policy.timeout = 10s;
        {
            Store store;
            QVERIFY(store.open(path).ok());
            HangingNotifier desktop(u"desktop"_s);
            NotificationDispatcher dispatcher({store,
                                               [&](const QString &) -> NotifierPlugin * { return &desktop; },
                                               NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)),
                                               {},
                                               [&] { return clock; },
                                               policy});
            dispatcher.start();
            Event event;
            event.type = u"merge.ready"_s;
            event.priority = Priority::Action;
            event.sessionId = u"shop-3"_s;
            eventId = store.events().appendAndRoute(event, {u"desktop"_s})->event.id;
            QTRY_COMPARE(desktop.received.size(), 1);
            // The process dies here: nothing records how the delivery ended.
        }

        Store store;
        QVERIFY(store.open(path).ok());
        ImmediateNotifier desktop(u"desktop"_s);
        NotificationDispatcher dispatcher({store,
                                           [&](const QString &) -> NotifierPlugin * { return &desktop; },
                                           NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)),
                                           {},
                                           [&] { return clock; },
                                           policy});
        dispatcher.start();
        QTest::qWait(100);
        QCOMPARE(desktop.received.size(), 0); // still leased to the dead process
        QCOMPARE(store.outbox().get(store.outbox().history(0)->constFirst().id)->value().state,
                 DeliveryState::Delivering);

        clock = clock.addMSecs(dispatcher.policy().lease.count());
        QTRY_COMPARE(desktop.received.size(), 1);
        QCOMPARE(desktop.received.constFirst().event.id, eventId);
        const OutboxEntry entry = store.outbox().history(0)->constFirst();
        QTRY_COMPARE(store.outbox().get(entry.id)->value().state, DeliveryState::Delivered);
        QCOMPARE(store.outbox().get(entry.id)->value().attempts, 2);
    }

    void lastAttemptCutShortByACrashIsReportedAsGivenUp()
    {
        IsolatedEnvironment env;
        const QString path = env.root() + u"/state/flotilla.db"_s;
        QDateTime clock = QDateTime::currentDateTimeUtc().addSecs(3600);
        DispatchPolicy policy;
        policy.sweepInterval = 20ms;
        policy.timeout = 10s;
        policy.maxAttempts = 1;
        {
            Store store;
            QVERIFY(store.open(path).ok());
            HangingNotifier slack(u"slack"_s);
            NotificationDispatcher dispatcher({store,
                                               [&](const QString &) -> NotifierPlugin * { return &slack; },
                                               NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)),
                                               {},
                                               [&] { return clock; },
                                               policy});
            dispatcher.start();
            Event event;
            event.type = u"ci.failing"_s;
            event.priority = Priority::Warning;
            event.sessionId = u"shop-3"_s;
            QVERIFY(store.events().appendAndRoute(event, {u"slack"_s}).ok());
            QTRY_COMPARE(slack.received.size(), 1);
            // The process dies during the only attempt it had.
        }

        Store store;
        QVERIFY(store.open(path).ok());
        ImmediateNotifier slack(u"slack"_s);
        ImmediateNotifier desktop(u"desktop"_s);
        NotificationDispatcher dispatcher(
            {store, [&](const QString &name) -> NotifierPlugin * { return name == u"slack"_s ? &slack : &desktop; },
             NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)),
             [](const QString &, Priority) {
                 return QStringList{u"slack"_s, u"desktop"_s};
             },
             [&] { return clock; }, policy});
        dispatcher.start();
        clock = clock.addMSecs(dispatcher.policy().lease.count());
        // Not tried again (it had no attempts left), but not silently dropped either.
        QTRY_COMPARE(desktop.received.size(), 1);
        QCOMPARE(desktop.received.constFirst().event.type, u"notification.failed"_s);
        QVERIFY(desktop.received.constFirst().event.message.contains(u"did not finish within its lease"_s));
        QCOMPARE(slack.received.size(), 0);
        const OutboxEntry original = store.outbox().history(0)->constLast();
        QCOMPARE(original.notifier, u"slack"_s);
        QCOMPARE(original.state, DeliveryState::Dead);
    }

    void slowNotifierIsLimitedAndDoesNotHoldUpOthers()
    {
        Bench bench;
        SlowNotifier slack(u"slack"_s, 150ms);
        ImmediateNotifier desktop(u"desktop"_s);
        bench.notifiers = {{u"desktop"_s, &desktop}, {u"slack"_s, &slack}};
        DispatchPolicy policy = bench.fastPolicy();
        policy.perNotifierLimit = 2;
        auto dispatcher = bench.dispatcher(policy);

        for (int i = 0; i < 6; ++i)
            bench.route(u"pr.created"_s, Priority::Info, {u"slack"_s, u"desktop"_s});
        QTRY_COMPARE(desktop.received.size(), 6);
        QVERIFY(slack.received.size() <= 2);
        QCOMPARE(dispatcher->inFlight(u"slack"_s), 2);
        QCOMPARE(dispatcher->waiting(u"slack"_s), 4);
        QTRY_COMPARE(slack.received.size(), 6);
        QTRY_COMPARE(dispatcher->inFlight(u"slack"_s), 0);
        QCOMPARE(slack.mostActive, 2);
    }

    void deliveryIsNeverRunTwiceAtOnce()
    {
        Bench bench;
        SlowNotifier slack(u"slack"_s, 100ms);
        bench.notifiers = {{u"slack"_s, &slack}};
        DispatchPolicy policy = bench.fastPolicy();
        policy.timeout = 200ms;
        policy.lease = 10ms;
        policy.perNotifierLimit = 1;
        auto dispatcher = bench.dispatcher(policy);
        // Never shorter than a timeout, or a live delivery could be handed out again.
        QCOMPARE(dispatcher->policy().lease, 400ms);
        QCOMPARE(bench.store.outbox().policy().lease, 400ms);
        QCOMPARE(bench.store.outbox().policy().maxAttempts, policy.maxAttempts);

        QStringList events;
        for (int i = 0; i < 4; ++i)
            events << bench.route(u"pr.created"_s, Priority::Info, {u"slack"_s});
        // Leases of the queued deliveries run out while they wait their turn.
        for (int i = 0; i < 5; ++i) {
            QTest::qWait(60);
            bench.clock = bench.clock.addSecs(1);
        }
        QTRY_COMPARE(slack.received.size(), 4);
        QTest::qWait(200);
        QCOMPARE(slack.received.size(), 4);
        QCOMPARE(slack.mostActive, 1);
        int handedOutAgain = 0;
        for (const QString &eventId : std::as_const(events)) {
            QTRY_COMPARE(stateOf(bench.delivery(eventId, u"slack"_s)), DeliveryState::Delivered);
            handedOutAgain += bench.delivery(eventId, u"slack"_s)->attempts > 1 ? 1 : 0;
        }
        QVERIFY2(handedOutAgain > 0, "no lease ran out while a delivery waited: the case was not exercised");
    }

    void unknownNotifierFailsNamingIt()
    {
        Bench bench;
        auto dispatcher = bench.dispatcher(bench.fastPolicy());
        QSignalSpy finished(dispatcher.get(), &NotificationDispatcher::deliveryFinished);
        const QString eventId = bench.route(u"ci.failing"_s, Priority::Warning, {u"pager"_s});
        QTRY_COMPARE(finished.size(), 1);
        const QString expected = u"no notifier named \"pager\" is configured: add it under `notifiers:` or remove it "
                                 "from `notificationRouting`"_s;
        QCOMPARE(finished.constFirst().at(1).toString(), u"pager"_s);
        QCOMPARE(finished.constFirst().at(2).toBool(), false);
        QCOMPARE(finished.constFirst().at(3).toString(), expected);
        const auto entry = bench.delivery(eventId, u"pager"_s);
        QCOMPARE(entry->state, DeliveryState::Failed);
        QCOMPARE(entry->lastError, expected);
    }

    void retryDelayDoublesUpToTheCapWithJitter()
    {
        DispatchPolicy policy;
        policy.jitter = 0.0;
        QCOMPARE(NotificationDispatcher::retryDelay(1, policy, 0.0), 5s);
        QCOMPARE(NotificationDispatcher::retryDelay(2, policy, 0.0), 10s);
        QCOMPARE(NotificationDispatcher::retryDelay(3, policy, 0.0), 20s);
        QCOMPARE(NotificationDispatcher::retryDelay(7, policy, 0.0), 320s);
        QCOMPARE(NotificationDispatcher::retryDelay(8, policy, 0.0), 600s);
        QCOMPARE(NotificationDispatcher::retryDelay(100, policy, 0.0), 600s);
        policy.jitter = 0.2;
        QCOMPARE(NotificationDispatcher::retryDelay(1, policy, -1.0), 4s);
        QCOMPARE(NotificationDispatcher::retryDelay(1, policy, 1.0), 6s);
        QCOMPARE(NotificationDispatcher::retryDelay(9, policy, 1.0), 600s);
        QCOMPARE(NotificationDispatcher::retryDelay(9, policy, -1.0), 480s);
    }
};

QTEST_GUILESS_MAIN(TestNotificationDispatcher)
#include "tst_notification_dispatcher.moc"
