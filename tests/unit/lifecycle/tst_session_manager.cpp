#include "session_test_fixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

// Spawn, send, kill, restore, cleanup and claim-pr composed from in-memory plugins over a real
// store: every step's product, every rollback, and what the audit log says about it.
class TestSessionManager final : public QObject
{
    Q_OBJECT

    std::unique_ptr<SessionFixture> f;

    static QByteArray eventsText(const QList<Event> &events)
    {
        QByteArray text;
        for (const Event &event : events)
            text += event.message.toUtf8() + QJsonDocument(event.data).toJson(QJsonDocument::Compact);
        return text;
    }

private slots:
    void init() { f = std::make_unique<SessionFixture>(); }
    void cleanup() { f.reset(); }

    void spawnComposesWorkspaceHooksAgentAndRuntime()
    {
        QSignalSpy progress(f->manager.get(), &SessionManager::progress);
        const SessionRecord s = f->spawned();

        QCOMPARE(s.id, u"shop-1"_s);
        QCOMPARE(s.branch, u"feat/issue-42"_s);
        QCOMPARE(s.displayName, u"Fix the login form"_s);
        QCOMPARE(s.workspacePath, u"/worktrees/shop/shop-1"_s);
        QCOMPARE(s.runtime.handle, u"mem-shop-1"_s);
        QCOMPARE(s.identity, u"agent-shop"_s);
        QCOMPARE(f->status(s.id), u"spawning"_s); // until the agent shows activity
        QCOMPARE(f->session(s.id).runtime.state, RuntimeState::Alive);

        QCOMPARE(f->workspace.created.size(), 1);
        const WorkspaceRequest request = f->workspace.created.first();
        QCOMPARE(request.baseBranch, u"main"_s);
        QCOMPARE(request.symlinks, QStringList{u".env"_s});
        QCOMPARE(request.postCreate, QStringList{u"make deps"_s});

        const RuntimeLaunch launch = f->runtime.launched.value(u"mem-shop-1"_s);
        QCOMPARE(launch.workDir, s.workspacePath);
        QCOMPARE(launch.command, (QStringList{u"fake-agent"_s, u"--model"_s, u"sonnet"_s}));
        QCOMPARE(launch.environment.value(u"SHOP_API_TOKEN"_s), u"s3cret-value-123"_s);
        QCOMPARE(launch.environment.value(u"FLOTILLA_SESSION"_s), u"shop-1"_s);
        QCOMPARE(launch.environment.value(u"GIT_AUTHOR_NAME"_s), u"agent-shop"_s);
        QCOMPARE(launch.environment.value(u"GIT_COMMITTER_EMAIL"_s), u"agent-shop@agents.example"_s);
        QVERIFY(!launch.command.join(u' ').contains(u"s3cret"_s));

        const QStringList prompt = f->runtime.received.value(u"mem-shop-1"_s);
        QCOMPARE(prompt.size(), 1);
        QVERIFY(prompt.first().contains(u"Fix the login form"_s));

        QStringList steps;
        for (const QList<QVariant> &signal : std::as_const(progress))
            steps << signal.at(1).toString();
        QCOMPARE(steps, (QStringList{u"record"_s, u"workspace"_s, u"hook:memory-hook"_s, u"launch"_s, u"runtime"_s,
                                     u"prompt"_s, u"finish"_s}));

        const QList<Event> spawnedEvents = f->events(u"session.spawned"_s);
        QCOMPARE(spawnedEvents.size(), 1);
        QCOMPARE(spawnedEvents.first().identity, u"agent-shop"_s);
        QCOMPARE(spawnedEvents.first().data.value(u"environmentKeys"_s).toArray(), QJsonArray{u"SHOP_API_TOKEN"_s});
        // The secret's name is audited; its value is nowhere in the log.
        QVERIFY(!eventsText(f->events()).contains("s3cret"));
    }

    void spawnWithoutIssueUsesThePromptAndASessionBranch()
    {
        SpawnRequest request;
        request.projectId = u"shop"_s;
        request.prompt = u"Tidy the README\nand its links"_s;
        const auto spawned = wait(f->manager->spawn(request));
        QVERIFY2(spawned, qPrintable(spawned ? QString() : spawned.error().toString()));
        QCOMPARE(spawned->branch, u"session/shop-1"_s);
        QCOMPARE(spawned->displayName, u"Tidy the README"_s);
        QCOMPARE(f->runtime.received.value(u"mem-shop-1"_s).value(0), request.prompt);
    }

    void failedSpawnUndoesEachEarlierStep_data()
    {
        QTest::addColumn<QString>("failing");
        QTest::addColumn<QString>("step");
        QTest::addColumn<bool>("workspaceRemoved");
        QTest::addColumn<bool>("runtimeStopped");
        QTest::newRow("workspace") << u"workspace"_s << u"workspace"_s << false << false;
        QTest::newRow("hook") << u"hook"_s << u"hook:memory-hook"_s << true << false;
        QTest::newRow("runtime") << u"runtime"_s << u"runtime"_s << true << false;
        QTest::newRow("runtime hangs") << u"runtime-hang"_s << u"runtime"_s << true << false;
        QTest::newRow("prompt") << u"prompt"_s << u"prompt"_s << true << true;
    }

    void failedSpawnUndoesEachEarlierStep()
    {
        QFETCH(QString, failing);
        QFETCH(QString, step);
        QFETCH(bool, workspaceRemoved);
        QFETCH(bool, runtimeStopped);
        if (failing == u"workspace"_s)
            f->workspace.failCreate = u"postCreate `make deps` exited with 2"_s;
        else if (failing == u"hook"_s)
            f->hook.failSpawn = u"the secrets service refused"_s;
        else if (failing == u"runtime"_s)
            f->runtime.failCreate = u"tmux: server exited"_s;
        else if (failing == u"runtime-hang"_s)
            f->runtime.hangCreate = true;
        else
            f->runtime.failSend = u"the pane did not change"_s;

        SpawnRequest request;
        request.projectId = u"shop"_s;
        request.issueId = u"42"_s;
        const auto result = wait(f->manager->spawn(request));
        QVERIFY(!result);
        QCOMPARE(result.error().context, step);
        QVERIFY2(result.error().message.contains(u"at step \"%1\""_s.arg(step)), qPrintable(result.error().message));
        if (failing == u"runtime-hang"_s)
            QVERIFY(result.error().message.contains(u"did not answer within"_s));

        QCOMPARE(f->workspace.destroyed.contains(u"/worktrees/shop/shop-1"_s), workspaceRemoved);
        QCOMPARE(f->runtime.destroyed.contains(u"mem-shop-1"_s), runtimeStopped);
        const SessionRecord s = f->session(u"shop-1"_s);
        QCOMPARE(f->status(s.id), u"errored"_s);
        QVERIFY(s.workspacePath.isEmpty());
        QVERIFY(s.runtime.handle.isEmpty());
        const QList<Event> failures = f->events(u"session.spawn_failed"_s);
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures.first().data.value(u"step"_s).toString(), step);
        QCOMPARE(failures.first().priority, Priority::Warning);
        QVERIFY(!f->manager->isBusy(s.id));
    }

    void spawnRefusesWhatCannotWork()
    {
        SpawnRequest request;
        request.projectId = u"shpo"_s;
        request.issueId = u"42"_s;
        auto result = wait(f->manager->spawn(request));
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"spawn.unknown_project"_s);
        QVERIFY(result.error().message.contains(u"did you mean \"shop\""_s));

        request.projectId = u"shop"_s;
        request.issueId = u"404"_s;
        result = wait(f->manager->spawn(request));
        QVERIFY(!result);
        QCOMPARE(result.error().context, u"issue"_s);

        request.issueId = u"42"_s;
        request.agent = u"no-such-agent"_s;
        result = wait(f->manager->spawn(request));
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"spawn.plugin_missing"_s);
        QVERIFY(result.error().message.contains(u"no-such-agent"_s));

        request.agent.clear();
        f->runtime.availability = Availability::missing(u"tmux not found"_s, u"install package tmux"_s);
        result = wait(f->manager->spawn(request));
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"spawn.plugin_unavailable"_s);
        QVERIFY(result.error().message.contains(u"tmux not found (install package tmux)"_s));
        f->runtime.availability = Availability::ok();

        QVERIFY(wait(f->manager->spawn(request)));
        result = wait(f->manager->spawn(request));
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"spawn.duplicate"_s);
        QVERIFY(result.error().message.contains(u"shop-1"_s));
        // Nothing of the refused spawns was stored.
        QCOMPARE(f->store->sessions().list().value().size(), 1);
    }

    void killStopsEverythingAndIsIdempotent()
    {
        const SessionRecord s = f->spawned();
        QVERIFY(wait(f->manager->kill(s.id, u"wrong approach"_s, u"cli"_s)));
        QCOMPARE(f->status(s.id), u"killed"_s);
        QCOMPARE(f->runtime.destroyed, QStringList{u"mem-shop-1"_s});
        QCOMPARE(f->workspace.destroyed, QStringList{u"/worktrees/shop/shop-1"_s});
        QCOMPARE(f->hook.killed, QStringList{s.id});
        const QList<Event> killed = f->events(u"session.killed"_s);
        QCOMPARE(killed.size(), 1);
        QCOMPARE(killed.first().actor, u"cli"_s);
        QVERIFY(killed.first().message.contains(u"wrong approach"_s));

        QVERIFY(wait(f->manager->kill(s.id, {}, u"cli"_s)));
        QCOMPARE(f->events(u"session.killed"_s).size(), 1);
        QCOMPARE(f->runtime.destroyed.size(), 1);
    }

    void killThatCannotRemoveTheWorkspaceSaysWhatIsLeft()
    {
        const SessionRecord s = f->spawned();
        f->workspace.failDestroy = u"permission denied"_s;
        const auto killed = wait(f->manager->kill(s.id, {}, u"cli"_s));
        QVERIFY(!killed);
        QCOMPARE(killed.error().code, u"session.kill_incomplete"_s);
        QVERIFY(killed.error().message.contains(u"permission denied"_s));
        QCOMPARE(f->status(s.id), u"killed"_s);
        QCOMPARE(f->session(s.id).workspacePath, s.workspacePath); // kept, so it can be retried
    }

    void restoreRecreatesTheWorkspaceAndResumesTheAgent()
    {
        const SessionRecord s = f->spawned();
        QVERIFY(wait(f->manager->kill(s.id, {}, u"cli"_s)));
        STORE_OK(f->store->trackers().upsert(ReactionTracker{s.id, u"ci-failed"_s, 2, f->now, f->now, {}, {}, true}));
        f->hook.environment.clear(); // a revoked secret is absent from the next start

        const auto restored = wait(f->manager->restore(s.id, u"dashboard"_s));
        QVERIFY2(restored, qPrintable(restored ? QString() : restored.error().toString()));
        QCOMPARE(f->workspace.restored.size(), 1);
        QCOMPARE(f->workspace.restored.first().branch, u"feat/issue-42"_s);
        const RuntimeLaunch launch = f->runtime.launched.value(u"mem-shop-1"_s);
        QCOMPARE(launch.command, (QStringList{u"fake-agent"_s, u"--resume"_s, s.id}));
        QVERIFY(!launch.environment.contains(u"SHOP_API_TOKEN"_s));
        QCOMPARE(f->status(s.id), u"spawning"_s);
        QVERIFY(!f->session(s.id).terminatedAt.isValid());
        QVERIFY(f->store->trackers().list(s.id).value().isEmpty());
        QCOMPARE(f->events(u"session.restored"_s).size(), 1);

        const auto again = wait(f->manager->restore(s.id, u"dashboard"_s));
        QVERIFY(!again);
        QCOMPARE(again.error().code, u"session.not_restorable"_s);
    }

    void restoreClearsAMergedPullRequest()
    {
        SessionRecord s = f->spawned();
        s.state = SessionState::Terminated;
        s.reason = SessionReason::PrMerged;
        s.pr.state = PrState::Merged;
        s.pr.number = 9;
        STORE_OK(f->store->sessions().update(s));
        const auto restored = wait(f->manager->restore(s.id, u"cli"_s));
        QVERIFY(restored);
        QCOMPARE(f->session(s.id).pr.state, PrState::None);
        QCOMPARE(f->session(s.id).pr.reason, PrReason::ClearedOnRestore);
    }

    void sendDeliversCleanTextAndRestoresAKilledSession()
    {
        const SessionRecord s = f->spawned();
        QVERIFY(wait(f->manager->send(s.id, u"Run the tests\x1b[2J again\n\tplease"_s, u"dashboard"_s)));
        QCOMPARE(f->runtime.received.value(s.runtime.handle).last(), u"Run the tests[2J again\n\tplease"_s);
        const QList<Event> sent = f->events(u"session.message_sent"_s);
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.first().actor, u"dashboard"_s);

        QVERIFY(wait(f->manager->kill(s.id, {}, u"cli"_s)));
        QVERIFY(wait(f->manager->send(s.id, u"continue"_s, u"cli"_s)));
        QCOMPARE(f->events(u"session.restored"_s).size(), 1);
        QCOMPARE(f->runtime.received.value(s.runtime.handle).last(), u"continue"_s);

        const auto empty = wait(f->manager->send(s.id, u"  "_s, u"cli"_s));
        QVERIFY(!empty);
        QCOMPARE(empty.error().code, u"session.empty_message"_s);
    }

    void operationsOnOneSessionNeverOverlap()
    {
        const SessionRecord s = f->spawned();
        QVERIFY(wait(f->manager->kill(s.id, {}, u"cli"_s)));
        f->runtime.hangCreate = true;
        Async<SessionRecord> restoring = f->manager->restore(s.id, u"cli"_s);
        QVERIFY(f->manager->isBusy(s.id));
        const auto kill = wait(f->manager->kill(s.id, {}, u"cli"_s));
        QVERIFY(!kill);
        QCOMPARE(kill.error().code, u"session.busy"_s);
        QVERIFY(!wait(restoring)); // the hanging runtime times out
        QVERIFY(!f->manager->isBusy(s.id));
        QCOMPARE(f->status(s.id), u"killed"_s); // a failed restore leaves it as it was
        QCOMPARE(f->events(u"session.restore_failed"_s).size(), 1);
    }

    void cleanupTakesFinishedWorkersOnly()
    {
        const SessionRecord merged = f->spawned();
        f->tracker.issues.insert(u"43"_s, Issue{u"43"_s, u"Second"_s, {}, {}, Issue::State::Open, {}, {}, {}});
        f->tracker.issues.insert(u"44"_s, Issue{u"44"_s, u"Third"_s, {}, {}, Issue::State::Open, {}, {}, {}});
        const SessionRecord closedIssue = f->spawned(u"43"_s);
        const SessionRecord working = f->spawned(u"44"_s);
        SessionRecord m = f->session(merged.id);
        m.pr.state = PrState::Merged;
        m.pr.number = 5;
        STORE_OK(f->store->sessions().update(m));
        f->tracker.issues[u"43"_s].state = Issue::State::Closed;

        auto found = wait(f->manager->cleanup(u"shop"_s, true, u"cli"_s));
        QVERIFY(found);
        QCOMPARE(found->size(), 2);
        QCOMPARE(found->at(0).sessionId, merged.id);
        QCOMPARE(found->at(0).why, u"PR #5 merged"_s);
        QCOMPARE(found->at(1).sessionId, closedIssue.id);
        QCOMPARE(found->at(1).why, u"issue 43 closed"_s);
        QVERIFY(f->runtime.destroyed.isEmpty()); // a dry run touches nothing

        found = wait(f->manager->cleanup({}, false, u"cli"_s));
        QVERIFY(found);
        QCOMPARE(found->size(), 2);
        QCOMPARE(f->status(merged.id), u"cleanup"_s);
        QCOMPARE(f->status(closedIssue.id), u"cleanup"_s);
        QCOMPARE(f->status(working.id), u"spawning"_s);
        QCOMPARE(f->events(u"session.cleaned_up"_s).size(), 2);
        QVERIFY(wait(f->manager->cleanup({}, true, u"cli"_s))->isEmpty());
    }

    void spawnCanClaimAnOpenPullRequest()
    {
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 7;
        pr.headSha = u"abc123"_s;
        pr.url = u"https://example.invalid/pr/7"_s;
        f->scm.byBranch.insert(u"fix/checkout"_s, pr);
        SpawnRequest request;
        request.projectId = u"shop"_s;
        request.prompt = u"Finish the checkout fix"_s;
        request.claimPr = 7;
        const auto s = wait(f->manager->spawn(request));
        QVERIFY2(s, qPrintable(s ? QString() : s.error().toString()));
        QCOMPARE(s->branch, u"fix/checkout"_s);
        QCOMPARE(s->pr.number, 7);
        QCOMPARE(f->workspace.created.last().branch, u"fix/checkout"_s);

        request.claimPr = 8;
        const auto missing = wait(f->manager->spawn(request));
        QVERIFY(!missing);
        QCOMPARE(missing.error().context, u"claim-pr"_s);
    }

    void claimPrMovesAFinishedSessionAndRespectsHolders()
    {
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 7;
        f->scm.byBranch.insert(u"fix/checkout"_s, pr);
        const SessionRecord holder = f->spawned();
        SessionRecord h = f->session(holder.id);
        h.branch = u"fix/checkout"_s;
        STORE_OK(f->store->sessions().update(h));

        f->tracker.issues.insert(u"43"_s, Issue{u"43"_s, u"Second"_s, {}, {}, Issue::State::Open, {}, {}, {}});
        const SessionRecord other = f->spawned(u"43"_s);
        auto claimed = wait(f->manager->claimPr(other.id, 7, false, u"cli"_s));
        QVERIFY(!claimed);
        QCOMPARE(claimed.error().code, u"pr.claimed"_s);
        QVERIFY(claimed.error().message.contains(holder.id));

        claimed = wait(f->manager->claimPr(other.id, 7, true, u"cli"_s));
        QVERIFY(!claimed);
        QCOMPARE(claimed.error().code, u"session.branch_mismatch"_s); // still live on its own branch

        QVERIFY(wait(f->manager->kill(other.id, {}, u"cli"_s)));
        claimed = wait(f->manager->claimPr(other.id, 7, true, u"cli"_s));
        QVERIFY2(claimed, qPrintable(claimed ? QString() : claimed.error().toString()));
        QCOMPARE(claimed->branch, u"fix/checkout"_s);
        QCOMPARE(claimed->pr.number, 7);
        QCOMPARE(f->workspace.restored.last().branch, u"fix/checkout"_s);
        QTRY_COMPARE(f->status(holder.id), u"killed"_s);
        QCOMPARE(f->events(u"pr.claimed"_s).size(), 1);
    }

    void interruptedSpawnsAreMarkedAndCleanedAtStartUp()
    {
        SessionRecord half;
        half.id = u"shop-9"_s;
        half.projectId = u"shop"_s;
        half.workspacePath = u"/worktrees/shop/shop-9"_s;
        half.runtime.reason = RuntimeReason::SpawnIncomplete;
        half.createdAt = f->now;
        STORE_OK(f->store->sessions().insert(half));
        const SessionRecord healthy = f->spawned();

        QCOMPARE(f->manager->recoverInterruptedSpawns(), 1);
        QCOMPARE(f->status(u"shop-9"_s), u"errored"_s);
        QCOMPARE(f->status(healthy.id), u"spawning"_s);
        QTRY_COMPARE(f->workspace.destroyed, QStringList{u"/worktrees/shop/shop-9"_s});
        QCOMPARE(f->events(u"session.spawn_interrupted"_s).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSessionManager)
#include "tst_session_manager.moc"
