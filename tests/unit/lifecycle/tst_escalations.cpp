#include "lifecycle/escalations.h"
#include "lifecycle/reaction_engine.h"
#include "session_test_fixture.h"
#include "store/decision_store.h"

#include <QJsonArray>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

// Answers to the reactions' questions, applied through the real session manager and the
// in-memory plugins: once, whichever channel is first, and surviving a restart in between.
class TestEscalations final : public QObject
{
    Q_OBJECT

    std::unique_ptr<SessionFixture> f;
    std::unique_ptr<Escalations> escalations;
    ReactionPolicy::OnReject onReject = ReactionPolicy::OnReject::Nothing;

    void makeEscalations()
    {
        escalations = std::make_unique<Escalations>(Escalations::Dependencies{
            f->store->decisions(),
            f->store->trackers(),
            f->store->sessions(),
            f->store->events(),
            *f->manager,
            [this](const QString &, const QString &key) -> std::optional<ReactionPolicy> {
                ReactionPolicy policy;
                policy.key = key;
                policy.onReject = onReject;
                policy.mergeMethod = u"squash"_s;
                return policy;
            },
            [](const QString &, Priority) { return QStringList{u"desktop"_s}; },
            [this] { return f->now; },
        });
    }

    Decision ask(const SessionRecord &session, const QString &kind, const QString &reaction = {})
    {
        Decision decision;
        decision.sessionId = session.id;
        decision.projectId = session.projectId;
        decision.kind = kind;
        decision.question = u"What now?"_s;
        decision.options = {u"approve"_s, u"reject"_s};
        if (!reaction.isEmpty())
            decision.context.insert(u"reaction"_s, reaction);
        decision.context.insert(u"headSha"_s, u"abc123"_s);
        auto created = f->store->decisions().create(decision);
        if (!created)
            qFatal("%s", qPrintable(created.error().toString()));
        return created.value();
    }

    SessionRecord withOpenPr()
    {
        SessionRecord s = f->spawned();
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 12;
        pr.headSha = u"abc123"_s;
        f->scm.byBranch.insert(s.branch, pr);
        return s;
    }

private slots:
    void init()
    {
        f = std::make_unique<SessionFixture>();
        onReject = ReactionPolicy::OnReject::Nothing;
        makeEscalations();
    }
    void cleanup()
    {
        escalations.reset();
        f.reset();
    }

    void classifiesAnswers()
    {
        QCOMPARE(Escalations::classify(u" Approve "_s), Escalations::Verdict::Approve);
        QCOMPARE(Escalations::classify(u"yes!"_s), Escalations::Verdict::Approve);
        QCOMPARE(Escalations::classify(u"REJECT."_s), Escalations::Verdict::Reject);
        QCOMPARE(Escalations::classify(u"no"_s), Escalations::Verdict::Reject);
        QCOMPARE(Escalations::classify(u"yes, but squash the fixups first"_s), Escalations::Verdict::Text);
    }

    void approvedMergeIsAppliedOnceWhicheverChannelIsFirst()
    {
        const SessionRecord s = withOpenPr();
        const Decision decision = ask(s, u"merge"_s, u"approved-and-green"_s);

        const auto first = wait(escalations->answer(decision.id, u"approve"_s, u"dashboard"_s));
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        QVERIFY(first->accepted);
        QCOMPARE(first->outcome, u"merged"_s);
        QCOMPARE(f->scm.merged, QStringList{s.branch + u"@abc123"_s});

        const auto second = wait(escalations->answer(decision.id, u"reject"_s, u"ravi:oncall"_s));
        QVERIFY(second);
        QVERIFY(!second->accepted);
        QVERIFY(second->outcome.contains(u"already answered \"approve\" from dashboard"_s));
        QCOMPARE(f->scm.merged.size(), 1);
        const auto answers = f->store->decisions().answers(decision.id).value();
        QCOMPARE(answers.size(), 2);
        QVERIFY(answers.at(0).accepted);
        QVERIFY(!answers.at(1).accepted);
        QCOMPARE(f->events(u"decision.applied"_s).size(), 1);
    }

    void rejectedEscalationDoesWhatTheReactionSays_data()
    {
        QTest::addColumn<int>("onRejectValue");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("outcome");
        QTest::newRow("nothing") << int(ReactionPolicy::OnReject::Nothing) << u"spawning"_s << u"left as it is"_s;
        QTest::newRow("kill") << int(ReactionPolicy::OnReject::Kill) << u"killed"_s << u"session killed"_s;
        QTest::newRow("close PR") << int(ReactionPolicy::OnReject::ClosePr) << u"spawning"_s
                                  << u"pull request closed"_s;
    }

    void rejectedEscalationDoesWhatTheReactionSays()
    {
        QFETCH(int, onRejectValue);
        QFETCH(QString, status);
        QFETCH(QString, outcome);
        onReject = ReactionPolicy::OnReject(onRejectValue);
        const SessionRecord s = withOpenPr();
        const Decision decision = ask(s, u"escalation"_s, u"ci-failed"_s);
        const auto applied = wait(escalations->answer(decision.id, u"reject"_s, u"desktop"_s));
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().toString()));
        QCOMPARE(applied->outcome, outcome);
        QCOMPARE(f->status(s.id), status);
        QCOMPARE(f->scm.byBranch.value(s.branch).state,
                 onReject == ReactionPolicy::OnReject::ClosePr ? PrState::Closed : PrState::Open);
    }

    void approvedEscalationLetsTheReactionTryAgain()
    {
        const SessionRecord s = withOpenPr();
        STORE_OK(f->store->trackers().upsert(ReactionTracker{s.id, u"ci-failed"_s, 4, f->now, f->now, {}, {}, true}));
        const Decision decision = ask(s, u"escalation"_s, u"ci-failed"_s);
        const auto applied = wait(escalations->answer(decision.id, u"approve"_s, u"cli"_s));
        QVERIFY(applied);
        QVERIFY(!f->store->trackers().get(s.id, u"ci-failed"_s).value().has_value());
    }

    void freeTextGoesToTheAgent()
    {
        const SessionRecord s = withOpenPr();
        const Decision decision = ask(s, u"escalation"_s, u"ci-failed"_s);
        const auto applied =
            wait(escalations->answer(decision.id, u"Skip the flaky e2e job and fix unit tests"_s, u"ravi:oncall"_s));
        QVERIFY(applied);
        QCOMPARE(applied->outcome, u"sent to the agent"_s);
        QCOMPARE(f->runtime.received.value(s.runtime.handle).last(), u"Skip the flaky e2e job and fix unit tests"_s);
        QCOMPARE(f->events(u"decision.applied"_s).first().actor, u"ravi:oncall"_s);
    }

    void anAnswerThatCannotBeAppliedIsReported()
    {
        const SessionRecord s = withOpenPr();
        f->scm.byBranch[s.branch].headSha = u"def456"_s; // pushed after the question was asked
        const Decision decision = ask(s, u"merge"_s, u"approved-and-green"_s);
        const auto applied = wait(escalations->answer(decision.id, u"approve"_s, u"desktop"_s));
        QVERIFY(!applied);
        QVERIFY(f->scm.merged.isEmpty());
        const QList<Event> failures = f->events(u"decision.apply_failed"_s);
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures.first().priority, Priority::Warning);
        QVERIFY(failures.first().message.contains(u"head moved"_s));
        QCOMPARE(f->store->outbox().history(10)->size() >= 1, true); // someone hears about it
    }

    void pendingDecisionsSurviveARestart()
    {
        const SessionRecord s = withOpenPr();
        const Decision decision = ask(s, u"merge"_s, u"approved-and-green"_s);
        const QString path = f->env.root() + u"/flotilla.db"_s;
        escalations.reset();
        f->manager.reset();
        f->store->close();

        f->store = std::make_unique<Store>();
        STORE_OK(f->store->open(path));
        QCOMPARE(f->store->decisions().listPending().value().size(), 1);
        f->manager = std::make_unique<SessionManager>(SessionManager::Dependencies{
            f->store->sessions(), f->store->events(), f->store->trackers(),
            [this](const QString &) { return &f->plugins; }, [this] { return f->config; },
            [](const QString &, Priority) { return QStringList(); }, [this] { return f->now; },
            std::chrono::milliseconds(300), std::chrono::milliseconds(300)});
        makeEscalations();
        const auto applied = wait(escalations->answer(decision.id, u"approve"_s, u"cli"_s));
        QVERIFY(applied);
        QVERIFY(applied->accepted);
        QCOMPARE(f->scm.merged.size(), 1);
        QVERIFY(f->store->decisions().listPending().value().isEmpty());
    }

    void unknownDecisionIsAnError()
    {
        const auto applied = wait(escalations->answer(u"no-such-id"_s, u"approve"_s, u"cli"_s));
        QVERIFY(!applied);
        const auto empty = wait(escalations->answer(u"no-such-id"_s, u"  "_s, u"cli"_s));
        QCOMPARE(empty.error().code, u"decision.empty_answer"_s);
    }
};

QTEST_GUILESS_MAIN(TestEscalations)
#include "tst_escalations.moc"
