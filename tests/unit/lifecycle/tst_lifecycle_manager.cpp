#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/reaction_engine.h"
#include "lifecycle/session_actions.h"
#include "model/model_enums.h"
#include "store/store.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

class SentToRuntime final : public SessionActions
{
public:
    explicit SentToRuntime(fakes::Runtime &runtime) : m_runtime(runtime) {}
    Async<void> sendToAgent(const SessionRecord &session, const QString &text) override
    {
        return m_runtime.sendText(RuntimeHandle{session.runtime.handle, m_runtime.name(), {}}, text);
    }
    Async<void> kill(const SessionRecord &, const QString &) override { return readyOk(); }
    Async<void> closePullRequest(const SessionRecord &) override { return readyOk(); }
    Async<void> merge(const SessionRecord &, MergeMethod, const QString &) override { return readyOk(); }

private:
    fakes::Runtime &m_runtime;
};

} // namespace

class TestLifecycleManager final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    std::unique_ptr<Store> m_store;
    fakes::Runtime m_runtime;
    fakes::Agent m_agent;
    fakes::Scm m_scm;
    ProjectPlugins m_plugins;
    std::unique_ptr<SentToRuntime> m_actions;
    std::unique_ptr<ReactionEngine> m_reactions;
    std::unique_ptr<LifecycleManager> m_lifecycle;
    QDateTime m_now;

    // A session as the session manager leaves it after spawning, with a live runtime.
    SessionRecord addSession(const QString &id, const QString &branch)
    {
        SessionRecord session;
        session.id = id;
        session.projectId = u"shop"_s;
        session.agent = u"fake-agent"_s;
        session.branch = branch;
        session.createdAt = m_now.addSecs(-3600);
        session.runtime.handle = u"mem-"_s + id;
        m_runtime.launched.insert(session.runtime.handle, RuntimeLaunch{id, {}, {}, {}});
        [&] { QVERIFY(m_store->sessions().insert(session).ok()); }();
        return session;
    }

    LifecycleManager::CycleStats cycle()
    {
        QSignalSpy finished(m_lifecycle.get(), &LifecycleManager::cycleFinished);
        m_lifecycle->pollNow();
        [&] { QTRY_COMPARE(finished.size(), 1); }();
        return finished.isEmpty() ? LifecycleManager::CycleStats{}
                                  : finished.at(0).at(0).value<LifecycleManager::CycleStats>();
    }

    QString status(const QString &id) { return enumName(deriveDisplayStatus(*m_store->sessions().get(id).value())); }

    QList<Event> eventsOfType(const QString &type)
    {
        EventQuery query;
        query.types = {type};
        const auto stored = m_store->events().query(query).value();
        QList<Event> events;
        for (const StoredEvent &entry : stored)
            events << entry.event;
        return events;
    }

    QSet<QString> m_busy;

private slots:
    void init()
    {
        qRegisterMetaType<LifecycleManager::CycleStats>();
        m_env = std::make_unique<test::IsolatedEnvironment>();
        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/flotilla.db"_s).ok());
        m_runtime = fakes::Runtime();
        m_agent = fakes::Agent();
        m_scm = fakes::Scm();
        m_plugins = ProjectPlugins{u"shop"_s, u"acme/shop"_s, &m_runtime, nullptr, nullptr, &m_scm, {}, {}};
        m_plugins.agents.insert(u"fake-agent"_s, &m_agent);
        m_now = QDateTime(QDate(2026, 11, 3), QTime(12, 0), Qt::UTC);
        m_actions = std::make_unique<SentToRuntime>(m_runtime);
        m_reactions = std::make_unique<ReactionEngine>(ReactionEngine::Dependencies{
            m_store->events(), m_store->trackers(), m_store->decisions(), *m_actions,
            [](const QString &, const QString &key) -> std::optional<ReactionPolicy> {
                if (key != u"ci-failed"_s)
                    return std::nullopt;
                ReactionPolicy policy;
                policy.key = key;
                policy.action = ReactionPolicy::Action::SendToAgent;
                return policy;
            },
            [](const QString &, Priority) { return QStringList{u"desktop"_s}; }, [this] { return m_now; }});
        LifecyclePolicy policy;
        policy.cycleTimeoutMs = 300;
        m_lifecycle = std::make_unique<LifecycleManager>(LifecycleManager::Dependencies{
            m_store->sessions(), *m_reactions,
            [this](const QString &projectId) { return projectId == u"shop"_s ? &m_plugins : nullptr; },
            [this] { return m_now; }, policy, [this](const QString &id) { return m_busy.contains(id); }});
    }

    void cleanup()
    {
        m_lifecycle.reset();
        m_reactions.reset();
        m_store.reset();
        m_env.reset();
    }

    void asksEachPluginOncePerCycleForTheWholeFleet()
    {
        for (int i = 1; i <= 25; ++i)
            addSession(u"shop-%1"_s.arg(i), u"feat/%1"_s.arg(i));
        const auto stats = cycle();
        QCOMPARE(stats.sessions, 25);
        QCOMPARE(m_runtime.probeCalls, 1);
        QCOMPARE(m_scm.batchCalls, 1);
        QCOMPARE(m_scm.largestBatch, 25);
        QCOMPARE(m_agent.activityCalls, 25);
        QCOMPARE(stats.transitions, 25); // spawning → working
        QCOMPARE(status(u"shop-7"_s), u"working"_s);
        QCOMPARE(eventsOfType(u"session.working"_s).size(), 25);
    }

    void leavesASessionAloneWhileAnOperationRunsOnIt()
    {
        addSession(u"shop-1"_s, u"feat/a"_s);
        addSession(u"shop-2"_s, u"feat/b"_s);
        m_busy.insert(u"shop-2"_s); // e.g. its spawn is still finishing
        const auto stats = cycle();
        QCOMPARE(stats.sessions, 1);
        QCOMPARE(status(u"shop-1"_s), u"working"_s);
        QCOMPARE(status(u"shop-2"_s), u"spawning"_s);
        m_busy.clear();
        m_now = m_now.addSecs(30);
        cycle();
        QCOMPARE(status(u"shop-2"_s), u"working"_s);
    }

    void aFailingCiReachesTheAgentWithItsLog()
    {
        addSession(u"shop-1"_s, u"feat/login"_s);
        cycle();
        const auto routedBefore = m_store->outbox().history(100).value().size();
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 3;
        pr.headSha = u"c0ffee"_s;
        pr.ciStatus = PrSnapshot::CiStatus::Failing;
        pr.checks = {{u"test"_s, CiCheck::Status::Failed, u"failure"_s, {}, u"FAIL: login_test.cpp:12"_s, {}}};
        m_scm.byBranch.insert(u"feat/login"_s, pr);
        m_now = m_now.addSecs(30);
        const auto stats = cycle();
        QCOMPARE(stats.transitions, 1);
        QCOMPARE(status(u"shop-1"_s), u"ci_failed"_s);
        QTRY_COMPARE(m_runtime.received.value(u"mem-shop-1"_s).size(), 1);
        QVERIFY(m_runtime.received.value(u"mem-shop-1"_s).at(0).contains(u"FAIL: login_test.cpp:12"_s));
        const auto failing = eventsOfType(u"ci.failing"_s);
        QCOMPARE(failing.size(), 1);
        QCOMPARE(failing.at(0).data.value(u"prNumber"_s).toInt(), 3);
        // The reaction speaks for this transition: the transition event itself is not routed.
        QCOMPARE(m_store->outbox().history(100).value().size(), routedBefore);

        // The next cycle with the same facts changes and sends nothing.
        m_now = m_now.addSecs(30);
        QCOMPARE(cycle().transitions, 0);
        QCOMPARE(m_runtime.received.value(u"mem-shop-1"_s).size(), 1);
    }

    void aCiResultThatKeepsTheStatusStillReachesTheStoredFacts()
    {
        addSession(u"shop-1"_s, u"feat/search"_s);
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 4;
        pr.headSha = u"5ea7c4"_s;
        pr.reviewDecision = PrSnapshot::ReviewDecision::Pending;
        pr.ciStatus = PrSnapshot::CiStatus::Pending;
        m_scm.byBranch.insert(u"feat/search"_s, pr);
        cycle();
        QCOMPARE(status(u"shop-1"_s), u"review_pending"_s);
        QCOMPARE(m_store->sessions().get(u"shop-1"_s).value()->pr.ci, PrCiState::Pending);

        // CI passes while the review is still pending: the status stays, the badge must not.
        pr.ciStatus = PrSnapshot::CiStatus::Passing;
        m_scm.byBranch.insert(u"feat/search"_s, pr);
        QSignalSpy changed(m_lifecycle.get(), &LifecycleManager::sessionChanged);
        m_now = m_now.addSecs(30);
        QCOMPARE(cycle().transitions, 0);
        QCOMPARE(status(u"shop-1"_s), u"review_pending"_s);
        QCOMPARE(m_store->sessions().get(u"shop-1"_s).value()->pr.ci, PrCiState::Passing);
        QCOMPARE(changed.size(), 1);
    }

    void aFailedBatchDerivesNothing()
    {
        addSession(u"shop-1"_s, u"feat/login"_s);
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 3;
        pr.reviewDecision = PrSnapshot::ReviewDecision::Pending;
        m_scm.byBranch.insert(u"feat/login"_s, pr);
        cycle();
        QCOMPARE(status(u"shop-1"_s), u"review_pending"_s);
        m_scm.failBatch = u"HTTP 403: rate limit exceeded"_s;
        m_now = m_now.addSecs(30);
        QCOMPARE(cycle().transitions, 0);
        QCOMPARE(status(u"shop-1"_s), u"review_pending"_s);
    }

    void aVanishedRuntimeIsKilledOnTheSecondProbe()
    {
        addSession(u"shop-1"_s, u"feat/a"_s);
        cycle();
        m_runtime.dead.insert(u"mem-shop-1"_s);
        m_now = m_now.addSecs(30);
        QCOMPARE(cycle().transitions, 0);
        QCOMPARE(status(u"shop-1"_s), u"working"_s);
        m_now = m_now.addSecs(30);
        QCOMPARE(cycle().transitions, 1);
        QCOMPARE(status(u"shop-1"_s), u"killed"_s);
        // agent-exited reaches a person, and so does the project's last session ending (once).
        const auto notices = eventsOfType(u"reaction.notify"_s); // newest first
        QCOMPARE(notices.size(), 2);
        QCOMPARE(notices.at(0).message, u"All 1 sessions of shop have finished."_s);
        QVERIFY(notices.at(1).message.startsWith(u"shop-1 stopped"_s));
        m_now = m_now.addSecs(30);
        QCOMPARE(cycle().sessions, 0); // killed sessions leave the poll
        QCOMPARE(eventsOfType(u"reaction.notify"_s).size(), 2);
    }

    void aHangingPluginDoesNotStallTheCycle()
    {
        addSession(u"shop-1"_s, u"feat/a"_s);
        m_runtime.hangProbe = true;
        QElapsedTimer timer;
        timer.start();
        const auto stats = cycle();
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(stats.sessions, 1);
        QCOMPARE(status(u"shop-1"_s), u"spawning"_s); // nothing known about the runtime: no verdict
    }

    void aPollDuringAPollRunsOnceMore()
    {
        addSession(u"shop-1"_s, u"feat/a"_s);
        m_runtime.hangProbe = true;
        QSignalSpy finished(m_lifecycle.get(), &LifecycleManager::cycleFinished);
        m_lifecycle->pollNow();
        QVERIFY(m_lifecycle->isPolling());
        m_lifecycle->pollNow();
        m_lifecycle->pollNow({u"shop-1"_s});
        QTRY_COMPARE(finished.size(), 2);
        QTest::qWait(700);
        QCOMPARE(finished.size(), 2);
    }

    void aPausedLifecycleRunsNothingUntilResumed()
    {
        addSession(u"shop-1"_s, u"feat/a"_s);
        QSignalSpy finished(m_lifecycle.get(), &LifecycleManager::cycleFinished);
        QSignalSpy paused(m_lifecycle.get(), &LifecycleManager::pausedChanged);
        m_lifecycle->setPaused(true);
        m_lifecycle->pollNow();
        m_lifecycle->pollNow({u"shop-1"_s});
        QVERIFY(!m_lifecycle->isPolling()); // refused synchronously: no cycle was started
        QCOMPARE(finished.size(), 0);
        m_lifecycle->setPaused(false);
        QCOMPARE(paused.size(), 2);
        QTRY_COMPARE(finished.size(), 1); // what was asked meanwhile runs once, as a whole cycle
        QCOMPARE(finished.first().first().value<LifecycleManager::CycleStats>().sessions, 1);
    }
};

QTEST_GUILESS_MAIN(TestLifecycleManager)
#include "tst_lifecycle_manager.moc"
