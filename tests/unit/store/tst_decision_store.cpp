#include "store_test_support.h"

#include <thread>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

Decision question(const QString &session = u"ao-1"_s)
{
    Decision decision;
    decision.sessionId = session;
    decision.projectId = u"shop"_s;
    decision.kind = u"merge"_s;
    decision.question = u"Merge PR #12?"_s;
    decision.options = {u"approve"_s, u"reject"_s};
    decision.priority = Priority::Action;
    decision.context = QJsonObject{{u"pr"_s, 12}, {u"checks"_s, u"green"_s}};
    return decision;
}

} // namespace

class TestDecisionStore final : public QObject
{
    Q_OBJECT

private slots:
    void createsAndReadsBack()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        Event asked;
        asked.type = u"decision.requested"_s;
        asked.sessionId = u"ao-1"_s;
        auto created = store.decisions().create(question(), {RoutedEvent(asked, {u"desktop"_s})});
        STORE_VERIFY(created);
        QCOMPARE(created->id.size(), 36);
        QVERIFY(created->createdAt.isValid());
        QCOMPARE(store.outbox().history(5)->size(), 1);

        const auto read = store.decisions().get(created->id);
        STORE_VERIFY(read);
        QVERIFY(read->has_value());
        const Decision &d = *read.value();
        QCOMPARE(d.sessionId, u"ao-1"_s);
        QCOMPARE(d.projectId, u"shop"_s);
        QCOMPARE(d.kind, u"merge"_s);
        QCOMPARE(d.question, u"Merge PR #12?"_s);
        QCOMPARE(d.options, (QStringList{u"approve"_s, u"reject"_s}));
        QCOMPARE(d.priority, Priority::Action);
        QCOMPARE(d.state, Decision::State::Pending);
        QCOMPARE(d.context, question().context);
        QCOMPARE(d.createdAt.toMSecsSinceEpoch(), created->createdAt.toMSecsSinceEpoch());
        QVERIFY(!d.answeredAt.isValid());

        Decision answered = question();
        answered.state = Decision::State::Answered;
        QCOMPARE(store.decisions().create(answered).error().code, u"store.invalid_decision"_s);
        QVERIFY(!store.decisions().get(u"nope"_s)->has_value());
    }

    void firstAnswerWinsAndLaterOnesAreRefused()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const QString id = store.decisions().create(question()).value().id;
        QCOMPARE(store.decisions().listPending()->size(), 1);

        auto first = store.decisions().answer(id, u"approve"_s, u"desktop"_s, at(10'000));
        STORE_VERIFY(first);
        QVERIFY(first->accepted);
        QCOMPARE(first->decision.state, Decision::State::Answered);
        QCOMPARE(first->decision.answer, u"approve"_s);
        QCOMPARE(first->decision.answeredBy, u"desktop"_s);
        QCOMPARE(first->decision.answeredAt, at(10'000));

        auto second = store.decisions().answer(id, u"reject"_s, u"ravi:me@example.com"_s, at(11'000));
        STORE_VERIFY(second);
        QVERIFY(!second->accepted);
        QCOMPARE(second->decision.answer, u"approve"_s); // the first answer stands
        QCOMPARE(second->decision.answeredBy, u"desktop"_s);

        const auto answers = store.decisions().answers(id);
        STORE_VERIFY(answers);
        QCOMPARE(answers->size(), 2);
        QCOMPARE(answers->at(0).answer, u"approve"_s);
        QVERIFY(answers->at(0).accepted);
        QCOMPARE(answers->at(1).answer, u"reject"_s);
        QCOMPARE(answers->at(1).channel, u"ravi:me@example.com"_s);
        QCOMPARE(answers->at(1).receivedAt, at(11'000));
        QVERIFY(!answers->at(1).accepted);
        QVERIFY(store.decisions().listPending()->isEmpty());

        QCOMPARE(store.decisions().answer(id, u"  "_s, u"cli"_s).error().code, u"store.invalid_answer"_s);
        QCOMPARE(store.decisions().answer(u"unknown"_s, u"approve"_s, u"cli"_s).error().code, u"store.not_found"_s);
        QCOMPARE(store.decisions().answers(id)->size(), 2);
    }

    void racingChannelsGetExactlyOneWinner()
    {
        IsolatedEnvironment env;
        const QString path = storePath(env);
        QStringList ids;
        {
            Store store;
            STORE_VERIFY(store.open(path));
            for (int i = 0; i < 20; ++i)
                ids << store.decisions().create(question(u"ao-%1"_s.arg(i))).value().id;
        }
        int accepted[2] = {0, 0};
        QString failures[2];
        auto answerAll = [&](int slot, const QString &channel) {
            Store store;
            if (auto opened = store.open(path); !opened) {
                failures[slot] = opened.error().toString();
                return;
            }
            for (const QString &id : ids) {
                auto outcome = store.decisions().answer(id, channel, channel);
                if (!outcome) {
                    failures[slot] = outcome.error().toString();
                    return;
                }
                accepted[slot] += outcome->accepted ? 1 : 0;
            }
        };
        std::thread desktop(answerAll, 0, u"desktop"_s);
        std::thread dashboard(answerAll, 1, u"dashboard"_s);
        desktop.join();
        dashboard.join();
        QVERIFY2(failures[0].isEmpty(), qPrintable(failures[0]));
        QVERIFY2(failures[1].isEmpty(), qPrintable(failures[1]));
        QCOMPARE(accepted[0] + accepted[1], int(ids.size()));

        Store store;
        STORE_VERIFY(store.open(path));
        for (const QString &id : ids) {
            const auto answers = store.decisions().answers(id).value();
            QCOMPARE(answers.size(), 2);
            QCOMPARE(int(answers[0].accepted) + int(answers[1].accepted), 1);
            const QString winner = answers[0].accepted ? answers[0].channel : answers[1].channel;
            QCOMPARE(store.decisions().get(id).value()->answeredBy, winner);
        }
    }

    void expiresAndCancels()
    {
        IsolatedEnvironment env;
        Store store;
        STORE_VERIFY(store.open(storePath(env)));
        const QString expiring = store.decisions().create(question(u"ao-1"_s)).value().id;
        const QString cancelled = store.decisions().create(question(u"ao-2"_s)).value().id;
        const QString open = store.decisions().create(question(u"ao-1"_s)).value().id;

        QCOMPARE(store.decisions().expire(expiring).value(), true);
        QCOMPARE(store.decisions().expire(expiring).value(), false);
        QCOMPARE(store.decisions().cancel(cancelled).value(), true);
        QCOMPARE(store.decisions().cancel(expiring).value(), false);
        QCOMPARE(store.decisions().get(expiring).value()->state, Decision::State::Expired);
        QCOMPARE(store.decisions().get(cancelled).value()->state, Decision::State::Cancelled);
        QCOMPARE(store.decisions().cancel(u"unknown"_s).error().code, u"store.not_found"_s);

        // A late answer to an expired question is kept, refused.
        const auto late = store.decisions().answer(expiring, u"approve"_s, u"cli"_s);
        STORE_VERIFY(late);
        QVERIFY(!late->accepted);
        QCOMPARE(late->decision.state, Decision::State::Expired);

        const auto pending = store.decisions().listPending();
        STORE_VERIFY(pending);
        QCOMPARE(pending->size(), 1);
        QCOMPARE(pending->constFirst().id, open);
        QCOMPARE(store.decisions().listPending(u"ao-2"_s)->size(), 0);
        QCOMPARE(store.decisions().listPending(u"ao-1"_s)->size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDecisionStore)
#include "tst_decision_store.moc"
