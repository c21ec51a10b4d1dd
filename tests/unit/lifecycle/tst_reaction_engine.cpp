#include "isolated_environment.h"
#include "lifecycle/reaction_engine.h"
#include "lifecycle/session_actions.h"
#include "model/model_enums.h"
#include "store/store.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

// Records what reactions asked of sessions; can be told to fail.
class RecordingActions final : public SessionActions
{
public:
    struct Sent
    {
        QString sessionId;
        QString text;
    };
    QList<Sent> sent;
    QList<QString> mergedAt;
    bool failSends = false;

    Async<void> sendToAgent(const SessionRecord &session, const QString &text) override
    {
        if (failSends)
            return failed<void>(makeError(u"runtime.gone"_s, u"the tmux session is gone"_s, session.id));
        sent.append({session.id, text});
        return readyOk();
    }
    Async<void> kill(const SessionRecord &, const QString &) override { return readyOk(); }
    Async<void> closePullRequest(const SessionRecord &) override { return readyOk(); }
    Async<void> merge(const SessionRecord &, MergeMethod, const QString &expectedHeadSha) override
    {
        mergedAt.append(expectedHeadSha);
        return readyOk();
    }
};

ReactionPolicy sendPolicy(const QString &key)
{
    ReactionPolicy policy;
    policy.key = key;
    policy.action = ReactionPolicy::Action::SendToAgent;
    policy.priority = Priority::Warning;
    return policy;
}

SessionRecord sessionWithPr()
{
    SessionRecord session;
    session.id = u"shop-1"_s;
    session.projectId = u"shop"_s;
    session.state = SessionState::Working;
    session.reason = SessionReason::TaskInProgress;
    session.pr.state = PrState::Open;
    session.pr.reason = PrReason::CiFailing;
    session.pr.number = 12;
    session.pr.url = u"https://example.invalid/pr/12"_s;
    return session;
}

PrSnapshot failingPr()
{
    PrSnapshot pr;
    pr.state = PrState::Open;
    pr.number = 12;
    pr.headSha = u"feedbeef"_s;
    pr.ciStatus = PrSnapshot::CiStatus::Failing;
    pr.checks = {{u"build"_s, CiCheck::Status::Failed, u"failure"_s, {}, u"src/a.cpp:3: error: boom"_s, {}},
                 {u"lint"_s, CiCheck::Status::Passed, u"success"_s, {}, {}, {}}};
    return pr;
}

} // namespace

class TestReactionEngine final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RecordingActions> m_actions;
    std::unique_ptr<ReactionEngine> m_engine;
    QHash<QString, ReactionPolicy> m_policies;
    QDateTime m_now;

    void startEngine()
    {
        m_engine = std::make_unique<ReactionEngine>(ReactionEngine::Dependencies{
            m_store->events(), m_store->trackers(), m_store->decisions(), *m_actions,
            [this](const QString &, const QString &key) -> std::optional<ReactionPolicy> {
                if (m_policies.contains(key))
                    return m_policies.value(key);
                return std::nullopt;
            },
            [](const QString &, Priority priority) {
                return priority == Priority::Info ? QStringList{} : QStringList{u"desktop"_s};
            },
            [this] { return m_now; }});
    }

    void restartStore()
    {
        m_engine.reset();
        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/flotilla.db"_s).ok());
        startEngine();
    }

    QStringList outcomes(QSignalSpy &spy)
    {
        QStringList result;
        for (const QList<QVariant> &call : spy)
            result << call.at(2).toString();
        return result;
    }

    QList<Event> eventsOfType(const QString &type)
    {
        EventQuery query;
        query.types = {type};
        query.order = EventQuery::Order::OldestFirst;
        QList<Event> result;
        for (const StoredEvent &stored : m_store->events().query(query).value())
            result << stored.event;
        return result;
    }

    int routedNotifications() { return static_cast<int>(m_store->outbox().history(1000).value().size()); }

private slots:
    void init()
    {
        m_env = std::make_unique<test::IsolatedEnvironment>();
        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/flotilla.db"_s).ok());
        m_actions = std::make_unique<RecordingActions>();
        m_policies.clear();
        m_now = QDateTime(QDate(2026, 11, 2), QTime(10, 0), Qt::UTC);
        startEngine();
    }

    void cleanup()
    {
        m_engine.reset();
        m_store.reset();
        m_env.reset();
    }

    void ciFailureSendsTheLogThenEscalatesAcrossARestart()
    {
        ReactionPolicy ci = sendPolicy(u"ci-failed"_s);
        ci.retries = 2;
        m_policies.insert(ci.key, ci);
        QSignalSpy ran(m_engine.get(), &ReactionEngine::reactionRan);
        const SessionRecord session = sessionWithPr();

        m_engine->onTransition(session, DisplayStatus::PrOpen, DisplayStatus::CiFailed, failingPr());
        QTRY_COMPARE(m_actions->sent.size(), 1);
        QVERIFY(m_actions->sent.at(0).text.contains(u"src/a.cpp:3: error: boom"_s));
        QVERIFY(m_actions->sent.at(0).text.contains(u"Passing checks: lint."_s));

        // A fix is pushed, CI runs and fails again: the same problem, attempts keep counting.
        m_now = m_now.addSecs(600);
        m_engine->onTransition(session, DisplayStatus::CiFailed, DisplayStatus::PrOpen, std::nullopt);
        m_engine->onTransition(session, DisplayStatus::PrOpen, DisplayStatus::CiFailed, failingPr());
        QTRY_COMPARE(m_actions->sent.size(), 2);

        restartStore(); // attempt counts live in the database
        m_engine->onTransition(session, DisplayStatus::PrOpen, DisplayStatus::CiFailed, failingPr());
        QCOMPARE(m_actions->sent.size(), 2);
        const auto pending = m_store->decisions().listPending(session.id).value();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.at(0).kind, u"escalation"_s);
        QVERIFY(pending.at(0).question.contains(u"after 2 automatic attempt(s)"_s));
        const auto escalated = eventsOfType(u"reaction.escalated"_s);
        QCOMPARE(escalated.size(), 1);
        QCOMPARE(escalated.at(0).priority, Priority::Urgent);
        QCOMPARE(escalated.at(0).data.value(u"failingChecks"_s).toArray().at(0).toString(), u"build"_s);
        QCOMPARE(routedNotifications(), 1);

        QSignalSpy after(m_engine.get(), &ReactionEngine::reactionRan);
        m_engine->onTransition(session, DisplayStatus::PrOpen, DisplayStatus::CiFailed, failingPr());
        QCOMPARE(outcomes(after), QStringList{u"waiting-on-person"_s});

        // Green CI settles it: the next failure starts counting from one.
        m_engine->onTransition(session, DisplayStatus::CiFailed, DisplayStatus::ReviewPending, std::nullopt);
        m_engine->onTransition(session, DisplayStatus::ReviewPending, DisplayStatus::CiFailed, failingPr());
        QTRY_COMPARE(m_actions->sent.size(), 3);
    }

    void escalatesAfterADuration()
    {
        ReactionPolicy review = sendPolicy(u"changes-requested"_s);
        review.escalateAfterMs = 30 * 60 * 1000;
        m_policies.insert(review.key, review);
        SessionRecord session = sessionWithPr();
        PrSnapshot pr = failingPr();
        pr.ciStatus = PrSnapshot::CiStatus::Passing;
        pr.reviewDecision = PrSnapshot::ReviewDecision::ChangesRequested;
        pr.unresolvedComments = {
            {u"c1"_s, u"t1"_s, u"alice"_s, false, u"Rename this."_s, u"a.cpp"_s, 3, false, {}, {}}};
        m_engine->onTransition(session, DisplayStatus::ReviewPending, DisplayStatus::ChangesRequested, pr);
        QTRY_COMPARE(m_actions->sent.size(), 1);
        QVERIFY(m_actions->sent.at(0).text.contains(u"a.cpp:3 — alice: Rename this."_s));

        // Same comments next cycle: nothing new to hand over.
        m_engine->onCycle(session, pr);
        QCOMPARE(m_actions->sent.size(), 1);

        // A new comment 40 minutes later is a new request and starts over.
        m_now = m_now.addSecs(40 * 60);
        pr.unresolvedComments.append({u"c2"_s, u"t2"_s, u"bob"_s, false, u"And add a test."_s, {}, 0, false, {}, {}});
        m_engine->onCycle(session, pr);
        QTRY_COMPARE(m_actions->sent.size(), 2);
        QVERIFY(m_actions->sent.at(1).text.contains(u"bob: And add a test."_s));

        // Re-entering 31 minutes after that escalates.
        m_now = m_now.addSecs(31 * 60);
        m_engine->onTransition(session, DisplayStatus::ReviewPending, DisplayStatus::ChangesRequested, pr);
        QCOMPARE(m_store->decisions().listPending().value().size(), 1);
    }

    void aFailedSendReachesAPerson()
    {
        m_policies.insert(u"ci-failed"_s, sendPolicy(u"ci-failed"_s));
        m_actions->failSends = true;
        QSignalSpy ran(m_engine.get(), &ReactionEngine::reactionRan);
        m_engine->onTransition(sessionWithPr(), DisplayStatus::PrOpen, DisplayStatus::CiFailed, failingPr());
        QTRY_COMPARE(outcomes(ran), QStringList{u"send-failed"_s});
        const auto failedEvents = eventsOfType(u"reaction.failed"_s);
        QCOMPARE(failedEvents.size(), 1);
        QVERIFY(failedEvents.at(0).message.contains(u"the tmux session is gone"_s));
        QCOMPARE(failedEvents.at(0).priority, Priority::Warning);
        QCOMPARE(routedNotifications(), 1);
    }

    void unconfiguredKeysStillNotify()
    {
        SessionRecord session = sessionWithPr();
        session.state = SessionState::Terminated;
        session.reason = SessionReason::RuntimeLost;
        m_engine->onTransition(session, DisplayStatus::Working, DisplayStatus::Killed, std::nullopt);
        const auto notices = eventsOfType(u"reaction.notify"_s);
        QCOMPARE(notices.size(), 1);
        QVERIFY(notices.at(0).message.contains(u"shop-1 stopped (runtime_lost)"_s));
        QCOMPARE(notices.at(0).data.value(u"prUrl"_s).toString(), u"https://example.invalid/pr/12"_s);
    }

    void routesTransitionsOnlyWhenNoReactionSpeaks()
    {
        ReactionPolicy ci = sendPolicy(u"ci-failed"_s);
        m_policies.insert(ci.key, ci);
        const SessionRecord session = sessionWithPr();
        QVERIFY(m_engine->routeTransition(session, DisplayStatus::CiFailed).isEmpty());
        QCOMPARE(m_engine->routeTransition(session, DisplayStatus::Approved), QStringList{u"desktop"_s});
        QVERIFY(m_engine->routeTransition(session, DisplayStatus::Working).isEmpty()); // info: routed nowhere here

        ci.automatic = false; // a person handles CI: the plain transition notification goes out
        m_policies.insert(ci.key, ci);
        QCOMPARE(m_engine->routeTransition(session, DisplayStatus::CiFailed), QStringList{u"desktop"_s});
        QSignalSpy ran(m_engine.get(), &ReactionEngine::reactionRan);
        m_engine->onTransition(session, DisplayStatus::PrOpen, DisplayStatus::CiFailed, failingPr());
        QCOMPARE(outcomes(ran), QStringList{u"manual"_s});
        QVERIFY(m_actions->sent.isEmpty());
    }

    void approvedAndGreenAsksAPersonToMerge()
    {
        ReactionPolicy green;
        green.key = u"approved-and-green"_s;
        green.automatic = false;
        green.priority = Priority::Action;
        m_policies.insert(green.key, green);
        PrSnapshot pr = failingPr();
        pr.ciStatus = PrSnapshot::CiStatus::Passing;
        m_engine->onTransition(sessionWithPr(), DisplayStatus::Approved, DisplayStatus::Mergeable, pr);
        const auto pending = m_store->decisions().listPending().value();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.at(0).kind, u"merge"_s);
        QCOMPARE(pending.at(0).options, (QStringList{u"approve"_s, u"reject"_s}));
        QCOMPARE(pending.at(0).context.value(u"headSha"_s).toString(), u"feedbeef"_s);
        QCOMPARE(eventsOfType(u"decision.requested"_s).size(), 1);
    }

    void autoMergeOnlyWhenEveryGuardHolds()
    {
        ReactionPolicy merge;
        merge.key = u"approved-and-green"_s;
        merge.action = ReactionPolicy::Action::AutoMerge;
        m_policies.insert(merge.key, merge);
        PrSnapshot pr = failingPr();
        pr.ciStatus = PrSnapshot::CiStatus::Passing;
        pr.reviewDecision = PrSnapshot::ReviewDecision::Pending;
        pr.mergeable = true;
        QSignalSpy ran(m_engine.get(), &ReactionEngine::reactionRan);
        m_engine->onTransition(sessionWithPr(), DisplayStatus::Approved, DisplayStatus::Mergeable, pr);
        QCOMPARE(outcomes(ran), QStringList{u"merge-refused"_s});
        QVERIFY(eventsOfType(u"merge.held"_s).at(0).message.contains(u"it is not approved"_s));
        QVERIFY(m_actions->mergedAt.isEmpty());

        pr.reviewDecision = PrSnapshot::ReviewDecision::Approved;
        m_engine->onTransition(sessionWithPr(), DisplayStatus::Approved, DisplayStatus::Mergeable, pr);
        QTRY_COMPARE(outcomes(ran).last(), u"merged"_s);
        QCOMPARE(m_actions->mergedAt, QList<QString>{u"feedbeef"_s});
        const QList<Event> requested = eventsOfType(u"merge.requested"_s);
        QCOMPARE(requested.size(), 1);
        QVERIFY2(requested.at(0).message.contains(u"feedbee"_s), qPrintable(requested.at(0).message));
    }

    void renagsAQuietAgentAndCountsIt()
    {
        ReactionPolicy ci = sendPolicy(u"ci-failed"_s);
        ci.renagAfterMs = 10 * 60 * 1000;
        ci.retries = 2;
        m_policies.insert(ci.key, ci);
        SessionRecord session = sessionWithPr();
        session.activity.state = ActivityState::Idle;
        m_engine->onTransition(session, DisplayStatus::PrOpen, DisplayStatus::CiFailed, failingPr());
        QTRY_COMPARE(m_actions->sent.size(), 1);

        m_now = m_now.addSecs(5 * 60);
        m_engine->onCycle(session, failingPr());
        QCOMPARE(m_actions->sent.size(), 1); // too soon

        session.activity.state = ActivityState::Active;
        m_now = m_now.addSecs(10 * 60);
        m_engine->onCycle(session, failingPr());
        QCOMPARE(m_actions->sent.size(), 1); // busy: leave it alone

        session.activity.state = ActivityState::Idle;
        m_engine->onCycle(session, failingPr());
        QTRY_COMPARE(m_actions->sent.size(), 2);
        m_now = m_now.addSecs(11 * 60);
        m_engine->onCycle(session, failingPr());
        QCOMPARE(m_actions->sent.size(), 2); // the third run escalates instead
        QCOMPARE(m_store->decisions().listPending().value().size(), 1);
    }

    void conflictsAreReportedOncePerHead()
    {
        m_policies.insert(u"merge-conflicts"_s, sendPolicy(u"merge-conflicts"_s));
        PrSnapshot pr = failingPr();
        pr.hasConflicts = true;
        pr.baseBranch = u"main"_s;
        const SessionRecord session = sessionWithPr();
        m_engine->onCycle(session, pr);
        QTRY_COMPARE(m_actions->sent.size(), 1);
        QVERIFY(m_actions->sent.at(0).text.contains(u"Rebase onto the latest main"_s));
        m_now = m_now.addSecs(600);
        m_engine->onCycle(session, pr);
        QCOMPARE(m_actions->sent.size(), 1);
        pr.headSha = u"0ddba11"_s; // pushed, still conflicting
        m_engine->onCycle(session, pr);
        QTRY_COMPARE(m_actions->sent.size(), 2);
    }

    void allCompleteFiresOnce()
    {
        m_engine->onAllComplete(u"shop"_s, 4);
        m_engine->onAllComplete(u"shop"_s, 4);
        const auto notices = eventsOfType(u"reaction.notify"_s);
        QCOMPARE(notices.size(), 1);
        QCOMPARE(notices.at(0).message, u"All 4 sessions of shop have finished."_s);
    }
};

QTEST_GUILESS_MAIN(TestReactionEngine)
#include "tst_reaction_engine.moc"
