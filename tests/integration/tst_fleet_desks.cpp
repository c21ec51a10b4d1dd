// The orchestrator desk and the backlog desk over a real store and the real session manager,
// with in-memory plugins: one orchestrator per project however it is asked for, brought back
// or replaced only as the strategy or the person says; and the backlog's cap, claims, comments,
// returns and settling after a restart.
#include "async_wait.h"
#include "config/config_loader.h"
#include "fleet/backlog_desk.h"
#include "fleet/fleet.h"
#include "fleet/orchestrator_desk.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/session_manager.h"
#include "model/display_status.h"
#include "model/model_enums.h"
#include "plugin/plugin_registry.h"
#include "store/store.h"

#include <QSignalSpy>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

template<typename Fake> Result<void> add(PluginRegistry &registry, const QString &name)
{
    return registry.add(PluginRegistry::Entry{Fake::kSlot, name, u"in-memory "_s + name, [](const PluginSettings &) {
                                                  return std::unique_ptr<Plugin>(std::make_unique<Fake>());
                                              }});
}

Issue labelled(int n, const QStringList &labels = {u"agent:backlog"_s})
{
    return Issue{QString::number(n), u"Task %1"_s.arg(n), {}, {}, Issue::State::Open, labels, {}, {}};
}

} // namespace

class TestFleetDesks final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<Fleet> m_fleet;

    void startFleet(const QByteArray &moreProjects = {})
    {
        m_registry = std::make_unique<PluginRegistry>();
        QVERIFY(add<fakes::Runtime>(*m_registry, u"tmux"_s).ok());
        QVERIFY(add<fakes::Workspace>(*m_registry, u"worktree"_s).ok());
        QVERIFY(add<fakes::Agent>(*m_registry, u"claude-code"_s).ok());
        QVERIFY(add<fakes::Tracker>(*m_registry, u"local"_s).ok());
        QVERIFY(add<fakes::Scm>(*m_registry, u"local"_s).ok());
        const QByteArray path = m_env->workDir().toUtf8();
        const LoadedConfig loaded = ConfigLoader::loadText(
            "projects:\n"
            "  shop:\n    path: "
                + path
                + "\n    sessionPrefix: shop\n    tracker:\n      plugin: local\n"
                  "    scm:\n      plugin: local\n"
                  "    backlog:\n      maxConcurrent: 2\n      pollInterval: 1h\n"
                  "  desk:\n    path: "
                + path + "\n    sessionPrefix: desk\n    orchestratorSessionStrategy: delete\n" + moreProjects,
            m_env->workDir() + u"/flotilla.yaml"_s, std::nullopt);
        QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.errors().value(0).toString()));
        Fleet::Options options;
        options.pollInterval = std::chrono::hours(1); // cycles are run by hand
        m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, options);
        m_fleet->apply(std::make_shared<const Config>(loaded.config));
        m_fleet->start();
    }

    fakes::Runtime *runtime() { return static_cast<fakes::Runtime *>(m_fleet->plugins(u"shop"_s)->runtime); }
    fakes::Workspace *workspace() { return static_cast<fakes::Workspace *>(m_fleet->plugins(u"shop"_s)->workspace); }
    fakes::Tracker *tracker() { return static_cast<fakes::Tracker *>(m_fleet->plugins(u"shop"_s)->tracker); }
    fakes::Scm *scm() { return static_cast<fakes::Scm *>(m_fleet->plugins(u"shop"_s)->scm); }

    SessionRecord session(const QString &id) { return *m_store->sessions().get(id).value(); }

    void pass()
    {
        QSignalSpy finished(&m_fleet->backlog(), &BacklogDesk::passFinished);
        m_fleet->backlog().pollSoon(u"shop"_s);
        QVERIFY(finished.wait(10000));
    }

    QString sessionOf(const QString &issue)
    {
        auto claim = m_store->backlogClaims().get(u"shop"_s, issue);
        return claim && claim.value() ? claim.value()->sessionId : QString();
    }

    BacklogClaim::State stateOf(const QString &issue)
    {
        return m_store->backlogClaims().get(u"shop"_s, issue).value()->state;
    }

    int running()
    {
        int count = 0;
        for (const SessionRecord &s : m_store->sessions().list(u"shop"_s).value())
            count += s.kind == SessionKind::Worker && !isTerminal(deriveDisplayStatus(s)) ? 1 : 0;
        return count;
    }

private slots:
    void init()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/flotilla.db"_s).ok());
        startFleet();
    }

    void cleanup()
    {
        m_fleet.reset();
        m_registry.reset();
        m_store.reset();
        m_env.reset();
    }

    void anOrchestratorIsStartedOnceHoweverOftenItIsAskedFor()
    {
        OrchestratorDesk &desk = m_fleet->orchestrators();
        auto first = desk.ensure(u"shop"_s, u"cli"_s);
        auto second = desk.ensure(u"shop"_s, u"dashboard"_s); // while the first is under way
        const auto a = waitFor(first);
        const auto b = waitFor(second);
        QVERIFY2(a && b, qPrintable(a ? QString() : a.error().toString()));
        QCOMPARE(a->session.id, u"shop-orchestrator"_s);
        QCOMPARE(b->session.id, a->session.id);
        QCOMPARE(a->how, OrchestratorStart::How::Started);
        QCOMPARE(a->session.kind, SessionKind::Orchestrator);
        QCOMPARE(a->session.branch, u"orchestrator/shop-orchestrator"_s);
        QCOMPARE(workspace()->created.size(), 1);
        // Its instructions and first message.
        const RuntimeLaunch launch = runtime()->launched.value(a->session.runtime.handle);
        QVERIFY(launch.environment.contains(u"FLOTILLA_PROJECT"_s));

        // Asked again while it runs: adopted, nothing new.
        const auto again = waitFor(desk.ensure(u"shop"_s, u"cli"_s));
        QVERIFY(again);
        QCOMPARE(again->how, OrchestratorStart::How::Adopted);
        QCOMPARE(again->session.id, a->session.id);
        QCOMPARE(workspace()->created.size(), 1);
        QCOMPARE(desk.current(u"shop"_s)->id, a->session.id);
        QVERIFY(!desk.current(u"desk"_s));
    }

    void aDeadOrchestratorIsBroughtBackOrFollowedAsTheStrategySays()
    {
        OrchestratorDesk &desk = m_fleet->orchestrators();
        const auto started = waitFor(desk.ensure(u"shop"_s, u"cli"_s));
        QVERIFY(started);
        // Its terminal died while Flotilla was away: the same session comes back (reuse).
        runtime()->dead.insert(started->session.runtime.handle);
        const auto back = waitFor(desk.ensure(u"shop"_s, u"flotilla"_s));
        QVERIFY2(back, qPrintable(back ? QString() : back.error().toString()));
        QCOMPARE(back->how, OrchestratorStart::How::Restored);
        QCOMPARE(back->session.id, started->session.id);
        QVERIFY(!isTerminal(deriveDisplayStatus(session(back->session.id))));

        // Replacing a live one takes the person's word for it, and the old one stops.
        const auto replaced = waitFor(desk.ensure(u"shop"_s, u"desktop"_s, true));
        QVERIFY(replaced);
        QCOMPARE(replaced->how, OrchestratorStart::How::Replaced);
        QCOMPARE(replaced->session.id, u"shop-orchestrator-2"_s);
        QVERIFY(isTerminal(deriveDisplayStatus(session(started->session.id))));

        // Project desk says `delete`: a finished orchestrator is followed by a new one.
        const auto deskFirst = waitFor(desk.ensure(u"desk"_s, u"cli"_s));
        QVERIFY(deskFirst);
        QVERIFY(waitFor(m_fleet->sessions().kill(deskFirst->session.id, u"done"_s, u"cli"_s)));
        const auto deskSecond = waitFor(desk.ensure(u"desk"_s, u"cli"_s));
        QVERIFY(deskSecond);
        QCOMPARE(deskSecond->how, OrchestratorStart::How::Replaced);
        QCOMPARE(deskSecond->session.id, u"desk-orchestrator-2"_s);

        // The audit log tells each step.
        EventQuery query;
        query.types = {u"orchestrator.started"_s, u"orchestrator.restored"_s, u"orchestrator.replaced"_s};
        QCOMPARE(m_store->events().query(query).value().size(), 5);
    }

    void anEnabledOrchestratorThatDiesIsBroughtBackButNotOneAPersonStopped()
    {
        m_fleet.reset();
        startFleet("  ops:\n    path: " + m_env->workDir().toUtf8()
                   + "\n    sessionPrefix: ops\n    orchestrator:\n      enabled: true\n");
        OrchestratorDesk &desk = m_fleet->orchestrators();
        const auto logged = [&](const QString &type) {
            EventQuery query;
            query.types = {type};
            return int(m_store->events().query(query).value().size());
        };
        QTRY_COMPARE_WITH_TIMEOUT(logged(u"orchestrator.started"_s), 1, 10000); // started with the fleet
        const QString id = desk.current(u"ops"_s)->id;
        QCOMPARE(id, u"ops-orchestrator"_s);
        // What the lifecycle records and announces once the terminal is confirmed gone (its
        // verdicts themselves are tested with the lifecycle).
        const auto ends = [&](SessionReason reason) {
            SessionRecord record = session(id);
            record.state = SessionState::Terminated;
            record.reason = reason;
            record.terminatedAt = QDateTime::currentDateTimeUtc();
            QVERIFY(m_store->sessions().update(record));
            emit m_fleet->lifecycle().sessionChanged(session(id));
        };
        const auto dies = [&] { ends(SessionReason::RuntimeLost); };
        // Its terminal dies: the same session comes back, up to the limit in the window.
        for (int death = 1; death <= OrchestratorDesk::kMaxRevivals; ++death) {
            dies();
            QTRY_COMPARE_WITH_TIMEOUT(logged(u"orchestrator.restored"_s), death, 10000);
            QCOMPARE(desk.current(u"ops"_s)->id, id);
        }
        // One more death in the window: it stays down, and the person hears why.
        dies();
        QTRY_COMPARE_WITH_TIMEOUT(logged(u"orchestrator.failed"_s), 1, 10000);
        QVERIFY(isTerminal(deriveDisplayStatus(session(id))));
        EventQuery failed;
        failed.types = {u"orchestrator.failed"_s};
        QVERIFY(m_store->events().query(failed).value().first().event.message.contains(u"not brought back again"_s));
        QCOMPARE(logged(u"orchestrator.restored"_s), OrchestratorDesk::kMaxRevivals);
        QVERIFY(!desk.current(u"ops"_s));

        // Started again by a person, then stopped by one: that stop stands.
        QVERIFY(waitFor(desk.ensure(u"ops"_s, u"cli"_s)));
        QCOMPARE(logged(u"orchestrator.restored"_s), OrchestratorDesk::kMaxRevivals + 1);
        QVERIFY(waitFor(m_fleet->sessions().kill(id, u"not needed today"_s, u"cli"_s)));
        emit m_fleet->lifecycle().sessionChanged(session(id));
        QTest::qWait(300);
        QVERIFY(!desk.current(u"ops"_s));
        QCOMPARE(logged(u"orchestrator.restored"_s), OrchestratorDesk::kMaxRevivals + 1);
    }

    void theBacklogClaimsUnderItsCapAndSettlesEveryEnding()
    {
        for (int n = 1; n <= 4; ++n)
            tracker()->issues.insert(QString::number(n), labelled(n));
        tracker()->issues.insert(u"9"_s, labelled(9, {u"bug"_s}));

        pass();
        QCOMPARE(running(), 2);
        for (const QString &id : {u"1"_s, u"2"_s}) {
            const Issue issue = tracker()->issues.value(id);
            QCOMPARE(issue.state, Issue::State::InProgress);
            QCOMPARE(issue.labels, QStringList{u"agent:in-progress"_s});
            QVERIFY(tracker()->comments.value(id).last().contains(u"session "_s + sessionOf(id)));
            QCOMPARE(stateOf(id), BacklogClaim::State::Running);
        }
        QVERIFY(tracker()->issues.value(u"3"_s).labels.contains(u"agent:backlog"_s));
        QVERIFY(tracker()->comments.value(u"9"_s).isEmpty());
        pass(); // full: nothing more
        QCOMPARE(running(), 2);

        // Issue 1's pull request merges: the issue closes and issue 3 takes the slot.
        PrSnapshot merged;
        merged.state = PrState::Merged;
        merged.number = 11;
        merged.url = u"https://example.invalid/pr/11"_s;
        scm()->byBranch.insert(session(sessionOf(u"1"_s)).branch, merged);
        QSignalSpy finished(&m_fleet->backlog(), &BacklogDesk::passFinished);
        m_fleet->lifecycle().pollNow(); // the session's change starts a pass by itself
        QTRY_VERIFY_WITH_TIMEOUT(tracker()->issues.value(u"1"_s).state == Issue::State::Closed, 10000);
        QVERIFY(tracker()->comments.value(u"1"_s).last().contains(u"Merged in pull request #11"_s));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(u"3"_s), BacklogClaim::State::Running, 10000);
        QCOMPARE(running(), 2);

        // Issue 2's session is killed, and issue 4 cannot start: both go back with the reason.
        workspace()->failCreate = u"disk full"_s;
        QVERIFY(waitFor(m_fleet->sessions().kill(sessionOf(u"2"_s), u"wrong approach"_s, u"cli"_s)));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(u"2"_s), BacklogClaim::State::Returned, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(u"4"_s), BacklogClaim::State::Returned, 10000);
        for (const QString &id : {u"2"_s, u"4"_s}) {
            const Issue issue = tracker()->issues.value(id);
            QCOMPARE(issue.state, Issue::State::Open);
            QCOMPARE(issue.labels, QStringList{u"agent:backlog"_s});
            QVERIFY(tracker()->comments.value(id).last().startsWith(u"Back in the backlog: "_s));
        }
        QVERIFY2(tracker()->comments.value(u"2"_s).last().contains(u"ended killed"_s),
                 qPrintable(tracker()->comments.value(u"2"_s).last()));
        QVERIFY2(tracker()->comments.value(u"4"_s).last().contains(u"disk full"_s),
                 qPrintable(tracker()->comments.value(u"4"_s).last()));
        // They wait before another try, even with room.
        workspace()->failCreate.clear();
        pass();
        QCOMPARE(stateOf(u"2"_s), BacklogClaim::State::Returned);
        QCOMPARE(running(), 1);
    }

    void anIssueAPersonAlreadyStartedIsClaimedWithItsSession()
    {
        tracker()->issues.insert(u"1"_s, labelled(1));
        SpawnRequest request;
        request.projectId = u"shop"_s;
        request.issueId = u"1"_s;
        const auto byHand = waitFor(m_fleet->sessions().spawn(request));
        QVERIFY(byHand);
        pass();
        QCOMPARE(running(), 1);
        QCOMPARE(stateOf(u"1"_s), BacklogClaim::State::Running);
        QCOMPARE(sessionOf(u"1"_s), byHand->id);
    }

    void aTrackerThatRefusesTheClaimLeavesTheIssueWhereItWas()
    {
        tracker()->issues.insert(u"1"_s, labelled(1));
        tracker()->failUpdate = u"403 Resource not accessible by integration"_s;
        pass();
        QCOMPARE(running(), 0);
        QCOMPARE(stateOf(u"1"_s), BacklogClaim::State::Returned);
        QVERIFY(m_store->backlogClaims().get(u"shop"_s, u"1"_s).value()->reason.contains(u"403"_s));
        QCOMPARE(tracker()->issues.value(u"1"_s).labels, QStringList{u"agent:backlog"_s});
    }

    void aRestartSettlesWhatRanBeforeIt()
    {
        tracker()->issues.insert(u"1"_s, labelled(1));
        pass();
        const QString id = sessionOf(u"1"_s);
        QVERIFY(!id.isEmpty());
        // Flotilla stops; the pull request merges meanwhile.
        m_fleet.reset();
        SessionRecord record = session(id);
        record.pr.state = PrState::Merged;
        record.pr.number = 5;
        QVERIFY(m_store->sessions().update(record));
        startFleet();
        tracker()->issues.insert(u"1"_s, labelled(1, {u"agent:in-progress"_s}));
        pass();
        QCOMPARE(stateOf(u"1"_s), BacklogClaim::State::Merged);
        QCOMPARE(tracker()->issues.value(u"1"_s).state, Issue::State::Closed);
        QVERIFY(tracker()->issues.value(u"1"_s).labels.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFleetDesks)
#include "tst_fleet_desks.moc"
