#include "store_test_support.h"

#include "model/model_enums.h"

#include <QJsonArray>
#include <QSet>
#include <QSqlQuery>

#include <thread>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

// Every field set to something other than its default, so a column that is not written or not
// read back shows up as a difference.
SessionRecord fullRecord()
{
    const QTimeZone berlin("Europe/Berlin");
    SessionRecord s;
    s.id = u"ao-7"_s;
    s.projectId = u"shop"_s;
    s.kind = SessionKind::Orchestrator;
    s.issueId = u"INT-100"_s;
    s.displayName = u"Fix the checkout – ünïcode"_s;
    s.branch = u"feat/INT-100"_s;
    s.workspacePath = u"/home/me/.flotilla/worktrees/ao-7"_s;
    s.agent = u"claude-code"_s;
    s.identity = u"bot-7"_s;
    s.summary = u"Rewrote the cart totals"_s;
    s.state = SessionState::NeedsInput;
    s.reason = SessionReason::AwaitingUserInput;
    s.pr = {PrState::Open,
            PrReason::ChangesRequested,
            12,
            u"https://github.com/o/r/pull/12"_s,
            u"Fix checkout"_s,
            u"0123abcd"_s,
            u"main"_s,
            true,
            PrCiState::Failing,
            PrReviewState::ChangesRequested,
            QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, berlin)};
    s.runtime = {RuntimeState::Alive, RuntimeReason::ProcessRunning, u"tmux:ao-7"_s, at(1'700'000'001'456)};
    s.activity = {ActivityState::WaitingInput, at(1'700'000'002'789)};
    s.cost = {123456789012, 987654321, 12.375};
    s.budgetUsd = 20.5;
    s.createdAt = at(1'699'999'000'000);
    s.lastTransitionAt = at(1'700'000'003'000);
    s.completedAt = at(1'700'000'004'000);
    s.terminatedAt = at(1'700'000'005'000);
    s.extra = QJsonObject{{u"agentSessionId"_s, u"abc"_s}, {u"nested"_s, QJsonArray{1, 2, u"x"_s}}};
    return s;
}

void verifySame(const SessionRecord &a, const SessionRecord &b)
{
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.projectId, b.projectId);
    QCOMPARE(a.kind, b.kind);
    QCOMPARE(a.issueId, b.issueId);
    QCOMPARE(a.displayName, b.displayName);
    QCOMPARE(a.branch, b.branch);
    QCOMPARE(a.workspacePath, b.workspacePath);
    QCOMPARE(a.agent, b.agent);
    QCOMPARE(a.identity, b.identity);
    QCOMPARE(a.summary, b.summary);
    QCOMPARE(a.state, b.state);
    QCOMPARE(a.reason, b.reason);
    QCOMPARE(a.pr.state, b.pr.state);
    QCOMPARE(a.pr.reason, b.pr.reason);
    QCOMPARE(a.pr.number, b.pr.number);
    QCOMPARE(a.pr.url, b.pr.url);
    QCOMPARE(a.pr.title, b.pr.title);
    QCOMPARE(a.pr.headSha, b.pr.headSha);
    QCOMPARE(a.pr.baseBranch, b.pr.baseBranch);
    QCOMPARE(a.pr.draft, b.pr.draft);
    QCOMPARE(a.pr.ci, b.pr.ci);
    QCOMPARE(a.pr.review, b.pr.review);
    QCOMPARE(a.pr.lastObservedAt, b.pr.lastObservedAt);
    QCOMPARE(a.runtime.state, b.runtime.state);
    QCOMPARE(a.runtime.reason, b.runtime.reason);
    QCOMPARE(a.runtime.handle, b.runtime.handle);
    QCOMPARE(a.runtime.lastObservedAt, b.runtime.lastObservedAt);
    QCOMPARE(a.activity.state, b.activity.state);
    QCOMPARE(a.activity.at, b.activity.at);
    QCOMPARE(a.cost.inputTokens, b.cost.inputTokens);
    QCOMPARE(a.cost.outputTokens, b.cost.outputTokens);
    QCOMPARE(a.cost.usd, b.cost.usd);
    QCOMPARE(a.budgetUsd.has_value(), b.budgetUsd.has_value());
    if (a.budgetUsd)
        QCOMPARE(*a.budgetUsd, *b.budgetUsd);
    QCOMPARE(a.createdAt, b.createdAt);
    QCOMPARE(a.lastTransitionAt, b.lastTransitionAt);
    QCOMPARE(a.completedAt, b.completedAt);
    QCOMPARE(a.terminatedAt, b.terminatedAt);
    QCOMPARE(a.extra, b.extra);
}

SessionRecord minimal(const QString &id, const QString &project, qint64 created)
{
    SessionRecord s;
    s.id = id;
    s.projectId = project;
    s.createdAt = at(created);
    return s;
}

} // namespace

class TestSessionStore final : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsEveryField()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const SessionRecord original = fullRecord();
        STORE_VERIFY(store.sessions().insert(original));

        auto read = store.sessions().get(original.id);
        STORE_VERIFY(read);
        QVERIFY(read->has_value());
        verifySame(*read.value(), original);
        if (QTest::currentTestFailed())
            return;

        // Every field changed again, including back to "nothing".
        SessionRecord changed = original;
        changed.kind = SessionKind::Worker;
        changed.summary.clear();
        changed.state = SessionState::Terminated;
        changed.reason = SessionReason::ManuallyKilled;
        changed.pr = {};
        changed.runtime.state = RuntimeState::Missing;
        changed.runtime.lastObservedAt = QDateTime();
        changed.activity = {};
        changed.cost.usd = 0.1 + 0.2;
        changed.budgetUsd.reset();
        changed.terminatedAt = at(1'800'000'000'000);
        changed.extra = {};
        STORE_VERIFY(store.sessions().update(changed));
        store.close();

        Store reopened;
        STORE_VERIFY(reopened.open(storePath(env)));
        read = reopened.sessions().get(original.id);
        STORE_VERIFY(read);
        QVERIFY(read->has_value());
        verifySame(*read.value(), changed);
    }

    void storesEnumsByName()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        STORE_VERIFY(store.sessions().insert(fullRecord()));
        QSqlQuery query(store.database().connection());
        QVERIFY(query.exec(u"SELECT state, reason, pr_reason, runtime_state, extra FROM sessions"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), u"needs_input"_s);
        QCOMPARE(query.value(1).toString(), u"awaiting_user_input"_s);
        QCOMPARE(query.value(2).toString(), u"changes_requested"_s);
        QCOMPARE(query.value(3).toString(), u"alive"_s);
        QVERIFY(query.value(4).toString().contains(u"agentSessionId"_s));
    }

    void refusesDuplicatesAndUnknownSessions()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        STORE_VERIFY(store.sessions().insert(minimal(u"ao-1"_s, u"shop"_s, 1000)));
        const auto duplicate = store.sessions().insert(minimal(u"ao-1"_s, u"shop"_s, 2000));
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().code, u"store.duplicate"_s);
        const auto unknown = store.sessions().update(minimal(u"ao-2"_s, u"shop"_s, 1000));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, u"store.not_found"_s);
        QCOMPARE(store.sessions().insert(minimal(u"ao 3"_s, u"shop"_s, 1)).error().code, u"store.invalid_id"_s);
        const auto missing = store.sessions().get(u"ao-9"_s);
        STORE_VERIFY(missing);
        QVERIFY(!missing->has_value());
    }

    void refusesAnUpdateBasedOnAStaleRead()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        STORE_VERIFY(store.sessions().insert(minimal(u"ao-1"_s, u"shop"_s, 1000)));
        SessionRecord lifecycleRead = *store.sessions().get(u"ao-1"_s).value();
        SessionRecord killerRead = lifecycleRead;
        QCOMPARE(lifecycleRead.revision, 0);

        killerRead.state = SessionState::Terminated;
        killerRead.reason = SessionReason::ManuallyKilled;
        STORE_VERIFY(store.sessions().update(killerRead));

        lifecycleRead.state = SessionState::Working; // based on what it saw before the kill
        Event transition;
        transition.type = u"session.working"_s;
        transition.sessionId = u"ao-1"_s;
        const auto stale = store.sessions().update(lifecycleRead, {RoutedEvent(transition, {u"desktop"_s})});
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().code, u"store.conflict"_s);
        const SessionRecord stored = *store.sessions().get(u"ao-1"_s).value();
        QCOMPARE(stored.state, SessionState::Terminated);
        QCOMPARE(stored.revision, 1);
        QVERIFY(store.events().query({}).value().isEmpty()); // the refused write's event is not logged

        SessionRecord fresh = stored;
        fresh.summary = u"after the kill"_s;
        STORE_VERIFY(store.sessions().update(fresh));
        QCOMPARE(store.sessions().get(u"ao-1"_s).value()->revision, 2);
    }

    void reservesSequentialIdsPerPrefix()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        QCOMPARE(store.sessions().reserveSessionId(u"ao"_s).value(), u"ao-1"_s);
        QCOMPARE(store.sessions().reserveSessionId(u"ao"_s).value(), u"ao-2"_s);
        QCOMPARE(store.sessions().reserveSessionId(u"shop_x"_s).value(), u"shop_x-1"_s);

        // Ids stored without a reservation move the counter on; look-alikes do not.
        STORE_VERIFY(store.sessions().insert(minimal(u"ao-17"_s, u"p"_s, 1)));
        STORE_VERIFY(store.sessions().insert(minimal(u"ao-orchestrator"_s, u"p"_s, 2)));
        STORE_VERIFY(store.sessions().insert(minimal(u"ao-99x"_s, u"p"_s, 3)));
        STORE_VERIFY(store.sessions().insert(minimal(u"aox-50"_s, u"p"_s, 4)));
        QCOMPARE(store.sessions().reserveSessionId(u"ao"_s).value(), u"ao-18"_s);

        // Survives a restart and never goes back, even when the sessions are gone from view.
        store.close();
        Store reopened;
        STORE_VERIFY(reopened.open(storePath(env)));
        QCOMPARE(reopened.sessions().reserveSessionId(u"ao"_s).value(), u"ao-19"_s);

        const auto invalid = reopened.sessions().reserveSessionId(u"a/b"_s);
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().code, u"store.invalid_prefix"_s);
        QVERIFY(!reopened.sessions().reserveSessionId(QString()).ok());
    }

    void concurrentReservationsNeverCollide()
    {
        IsolatedEnvironment env;
        const QString path = storePath(env);
        {
            Store creator; // schema first, so the racers only race for ids
            STORE_VERIFY(creator.open(path));
        }
        constexpr int perThread = 60;
        QStringList ids[2];
        QString failures[2];
        auto reserve = [&](int slot) {
            Store store;
            if (auto opened = store.open(path); !opened) {
                failures[slot] = opened.error().toString();
                return;
            }
            for (int i = 0; i < perThread; ++i) {
                auto id = store.sessions().reserveSessionId(u"ao"_s);
                if (!id) {
                    failures[slot] = id.error().toString();
                    return;
                }
                ids[slot] << id.value();
            }
        };
        std::thread first(reserve, 0);
        std::thread second(reserve, 1);
        first.join();
        second.join();
        QVERIFY2(failures[0].isEmpty(), qPrintable(failures[0]));
        QVERIFY2(failures[1].isEmpty(), qPrintable(failures[1]));

        QSet<QString> all;
        for (const QStringList &list : ids)
            for (const QString &id : list)
                all.insert(id);
        QCOMPARE(all.size(), 2 * perThread);
        for (int n = 1; n <= 2 * perThread; ++n)
            QVERIFY2(all.contains(u"ao-%1"_s.arg(n)), qPrintable(u"ao-%1 missing"_s.arg(n)));

        // Two stores on the same file in one thread, interleaved.
        Store a;
        Store b;
        STORE_VERIFY(a.open(path));
        STORE_VERIFY(b.open(path));
        QCOMPARE(a.sessions().reserveSessionId(u"ao"_s).value(), u"ao-%1"_s.arg(2 * perThread + 1));
        QCOMPARE(b.sessions().reserveSessionId(u"ao"_s).value(), u"ao-%1"_s.arg(2 * perThread + 2));
        QCOMPARE(a.sessions().reserveSessionId(u"ao"_s).value(), u"ao-%1"_s.arg(2 * perThread + 3));
    }

    void writesSessionAndEventsTogether()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        int signalled = 0;
        QObject::connect(&store.events(), &EventLog::appended, &store.events(),
                         [&](const Event &, qint64) { ++signalled; });

        Event spawned;
        spawned.type = u"session.spawned"_s;
        spawned.sessionId = u"ao-1"_s;
        spawned.projectId = u"shop"_s;
        auto written =
            store.sessions().insert(minimal(u"ao-1"_s, u"shop"_s, 1000), {RoutedEvent(spawned, {u"desktop"_s})});
        STORE_VERIFY(written);
        QCOMPARE(written->size(), 1);
        QVERIFY(!written->constFirst().event.id.isEmpty());
        QCOMPARE(signalled, 1);
        QCOMPARE(store.outbox().history(10).value().size(), 1);

        // A bad event takes the session change down with it.
        SessionRecord working = minimal(u"ao-1"_s, u"shop"_s, 1000);
        working.state = SessionState::Working;
        Event nameless; // no type: refused
        QVERIFY(!store.sessions().update(working, {RoutedEvent(nameless)}).ok());
        QCOMPARE(store.sessions().get(u"ao-1"_s).value()->state, SessionState::NotStarted);
        QVERIFY(!store.sessions().insert(minimal(u"ao-2"_s, u"shop"_s, 2000), {RoutedEvent(nameless)}).ok());
        QVERIFY(!store.sessions().get(u"ao-2"_s).value().has_value());
        QCOMPARE(signalled, 1);
        QCOMPARE(store.events().query({}).value().size(), 1);
    }

    void listsByProjectAndHidesTerminated()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        SessionRecord killed = minimal(u"ao-1"_s, u"shop"_s, 1000);
        killed.state = SessionState::Terminated;
        killed.reason = SessionReason::ManuallyKilled;
        SessionRecord working = minimal(u"ao-2"_s, u"shop"_s, 2000);
        working.state = SessionState::Working;
        SessionRecord other = minimal(u"bl-1"_s, u"blog"_s, 1500);
        other.state = SessionState::Idle;
        for (const SessionRecord &record : {working, killed, other})
            STORE_VERIFY(store.sessions().insert(record));

        auto ids = [](const QList<SessionRecord> &records) {
            QStringList list;
            for (const SessionRecord &record : records)
                list << record.id;
            return list;
        };
        QCOMPARE(ids(store.sessions().list().value()), (QStringList{u"ao-1"_s, u"bl-1"_s, u"ao-2"_s}));
        QCOMPARE(ids(store.sessions().list(u"shop"_s).value()), (QStringList{u"ao-1"_s, u"ao-2"_s}));
        QCOMPARE(ids(store.sessions().list(u"shop"_s, SessionStore::Terminated::Exclude).value()),
                 QStringList{u"ao-2"_s});
        QCOMPARE(ids(store.sessions().list({}, SessionStore::Terminated::Exclude).value()),
                 (QStringList{u"bl-1"_s, u"ao-2"_s}));
        QVERIFY(store.sessions().list(u"none"_s).value().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_session_store.moc"
