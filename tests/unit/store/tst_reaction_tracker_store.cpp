#include "store_test_support.h"

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

ReactionTracker tracker(const QString &session, const QString &key, int attempts)
{
    ReactionTracker t;
    t.sessionId = session;
    t.reactionKey = key;
    t.attempts = attempts;
    t.firstTriggeredAt = at(1000);
    t.lastTriggeredAt = at(2000 + attempts);
    t.lastSentAt = at(3000);
    t.fingerprint = u"comments:abc"_s;
    t.escalated = attempts > 2;
    return t;
}

QStringList keys(const QList<ReactionTracker> &trackers)
{
    QStringList list;
    for (const ReactionTracker &t : trackers)
        list << t.reactionKey;
    return list;
}

} // namespace

class TestReactionTrackerStore final : public QObject
{
    Q_OBJECT

private slots:
    void survivesARestart()
    {
        IsolatedEnvironment env;
        {
            Store store;
            STORE_VERIFY(store.open(storePath(env)));
            STORE_VERIFY(store.trackers().upsert(tracker(u"ao-1"_s, u"ci-failed"_s, 1)));
            STORE_VERIFY(store.trackers().upsert(tracker(u"ao-1"_s, u"ci-failed"_s, 3))); // an update, not a copy
            STORE_VERIFY(store.trackers().upsert(tracker(u"ao-1"_s, u"changes-requested"_s, 1)));
        }
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const auto read = store.trackers().get(u"ao-1"_s, u"ci-failed"_s);
        STORE_VERIFY(read);
        QVERIFY(read->has_value());
        const ReactionTracker &t = *read.value();
        QCOMPARE(t.attempts, 3);
        QCOMPARE(t.firstTriggeredAt, at(1000));
        QCOMPARE(t.lastTriggeredAt, at(2003));
        QCOMPARE(t.lastSentAt, at(3000));
        QCOMPARE(t.fingerprint, u"comments:abc"_s);
        QVERIFY(t.escalated);
        QCOMPARE(keys(store.trackers().list(u"ao-1"_s).value()), (QStringList{u"changes-requested"_s, u"ci-failed"_s}));

        ReactionTracker fresh;
        fresh.sessionId = u"ao-2"_s;
        fresh.reactionKey = u"agent-stuck"_s;
        STORE_VERIFY(store.trackers().upsert(fresh));
        const auto back = store.trackers().get(u"ao-2"_s, u"agent-stuck"_s).value();
        QVERIFY(!back->firstTriggeredAt.isValid());
        QVERIFY(back->fingerprint.isEmpty());
        QVERIFY(!store.trackers().get(u"ao-2"_s, u"ci-failed"_s)->has_value());
        QCOMPARE(store.trackers().upsert(ReactionTracker()).error().code, u"store.invalid_tracker"_s);
    }

    void resets()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        for (const QString &key : {u"ci-failed"_s, u"changes-requested"_s, u"agent-stuck"_s, u"merge-conflicts"_s}) {
            STORE_VERIFY(store.trackers().upsert(tracker(u"ao-1"_s, key, 1)));
            STORE_VERIFY(store.trackers().upsert(tracker(u"ao-2"_s, key, 1)));
        }
        STORE_VERIFY(store.trackers().reset(u"ao-1"_s, u"ci-failed"_s));
        QCOMPARE(keys(store.trackers().list(u"ao-1"_s).value()),
                 (QStringList{u"agent-stuck"_s, u"changes-requested"_s, u"merge-conflicts"_s}));
        STORE_VERIFY(store.trackers().resetAllExcept(u"ao-1"_s, {u"agent-stuck"_s, u"merge-conflicts"_s}));
        QCOMPARE(keys(store.trackers().list(u"ao-1"_s).value()), (QStringList{u"agent-stuck"_s, u"merge-conflicts"_s}));
        STORE_VERIFY(store.trackers().resetForSession(u"ao-1"_s));
        QVERIFY(store.trackers().list(u"ao-1"_s)->isEmpty());
        // The other session is untouched.
        QCOMPARE(store.trackers().list(u"ao-2"_s)->size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestReactionTrackerStore)
#include "tst_reaction_tracker_store.moc"
