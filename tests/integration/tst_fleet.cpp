#include "config/config_loader.h"
#include "fleet/fleet.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "lifecycle/escalations.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/session_manager.h"
#include "model/display_status.h"
#include "model/model_enums.h"
#include "notify/notification_dispatcher.h"
#include "plugin/plugin_registry.h"
#include "store/store.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

template<typename T> Result<T> wait(Async<T> future)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished() || future.resultCount() == 0)
        return makeError(u"test.timeout"_s, u"no answer"_s);
    return future.result();
}

template<typename Fake> Result<void> add(PluginRegistry &registry, const QString &name)
{
    return registry.add(PluginRegistry::Entry{Fake::kSlot, name, u"in-memory "_s + name, [](const PluginSettings &) {
                                                  return std::unique_ptr<Plugin>(std::make_unique<Fake>());
                                              }});
}

} // namespace

// The fleet as the app runs it: plugins chosen by the configuration from a registry, and the
// whole loop (spawn → lifecycle poll → reaction → agent; escalation → decision → answer →
// merge; notification → external notifier) running over a real store.
class TestFleet final : public QObject
{
    Q_OBJECT

    QByteArray configText(const IsolatedEnvironment &env, const QString &recordFile) const
    {
        return "defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: claude-code\n"
               "  notifiers: [log]\n"
               "plugins:\n  - name: file-notifier\n    source: local\n    path: "
               + QByteArray(FLOTILLA_FAKE_PLUGINS_DIR) + "/fake_notifier.py\n"
               + "notifiers:\n  log:\n    plugin: file-notifier\n    recordFile: " + recordFile.toUtf8() + "\n"
               + "reactions:\n  approved-and-green:\n    auto: false\n    action: notify\n"
               + "projects:\n  shop:\n    path: " + env.workDir().toUtf8() + "\n    sessionPrefix: shop\n"
               + "    tracker:\n      plugin: local\n    scm:\n      plugin: local\n"
               + "  broken:\n    path: " + env.workDir().toUtf8() + "\n    runtime: process\n";
    }

private slots:
    void runsTheWholeLoopFromTheConfiguration()
    {
        IsolatedEnvironment env;
        Store store;
        QVERIFY(store.open(env.root() + u"/flotilla.db"_s).ok());
        PluginRegistry registry;
        // The in-memory plugins stand in for the built-ins of the same names.
        QVERIFY(add<fakes::Runtime>(registry, u"tmux"_s).ok());
        QVERIFY(add<fakes::Workspace>(registry, u"worktree"_s).ok());
        QVERIFY(add<fakes::Agent>(registry, u"claude-code"_s).ok());
        QVERIFY(add<fakes::Tracker>(registry, u"local"_s).ok());
        QVERIFY(add<fakes::Scm>(registry, u"local"_s).ok());

        const QString recordFile = env.root() + u"/notifications.jsonl"_s;
        const LoadedConfig loaded =
            ConfigLoader::loadText(configText(env, recordFile), env.workDir() + u"/flotilla.yaml"_s, std::nullopt);
        QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.errors().value(0).toString()));

        Fleet::Options options;
        options.pollInterval = std::chrono::hours(1); // cycles are run by hand below
        Fleet fleet(store, registry, options);
        const QStringList problems = fleet.apply(std::make_shared<const Config>(loaded.config));
        // The broken project says what is wrong and suggests the name; the good one has none.
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(u"project broken: runtime:"_s), qPrintable(problems.first()));
        QVERIFY(problems.first().contains(u"process"_s));
        QVERIFY(fleet.problems(u"shop"_s).isEmpty());
        fleet.start();

        const ProjectPlugins *plugins = fleet.plugins(u"shop"_s);
        QVERIFY(plugins && plugins->runtime && plugins->workspace && plugins->tracker && plugins->scm);
        QCOMPARE(fleet.plugins(u"broken"_s)->workspace, plugins->workspace); // shared instance
        auto *runtime = static_cast<fakes::Runtime *>(plugins->runtime);
        auto *tracker = static_cast<fakes::Tracker *>(plugins->tracker);
        auto *scm = static_cast<fakes::Scm *>(plugins->scm);
        auto *agent = static_cast<fakes::Agent *>(plugins->agent(u"claude-code"_s));
        tracker->issues.insert(u"7"_s, Issue{u"7"_s, u"Add a cart"_s, {}, {}, Issue::State::Open, {}, {}, {}});

        SpawnRequest request;
        request.projectId = u"shop"_s;
        request.issueId = u"7"_s;
        const auto spawned = wait(fleet.sessions().spawn(request));
        QVERIFY2(spawned, qPrintable(spawned ? QString() : spawned.error().toString()));
        const QString id = spawned->id;
        const QString handle = spawned->runtime.handle;

        // CI fails on the session's PR: the next cycle sends the failing log to the agent.
        agent->activity.insert(id, ActivityReading{ActivityState::Active,
                                                   QDateTime::currentDateTimeUtc(),
                                                   ActivityReading::Confidence::Valid,
                                                   ActivityReading::Source::Native,
                                                   {}});
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 31;
        pr.headSha = u"f00d"_s;
        pr.ciStatus = PrSnapshot::CiStatus::Failing;
        pr.checks = {
            CiCheck{u"unit"_s, CiCheck::Status::Failed, u"failure"_s, {}, u"cart_test.cpp:12: expected 3"_s, {}}};
        scm->byBranch.insert(spawned->branch, pr);
        QSignalSpy cycles(&fleet.lifecycle(), &LifecycleManager::cycleFinished);
        fleet.lifecycle().pollNow();
        QTRY_COMPARE(cycles.size(), 1);
        QCOMPARE(enumName(deriveDisplayStatus(*store.sessions().get(id).value())), u"ci_failed"_s);
        // The agent's own summary is kept with the session.
        QCOMPARE(store.sessions().get(id).value()->summary, u"working on Add a cart"_s);
        QTRY_VERIFY(runtime->received.value(handle).join(u'\n').contains(u"cart_test.cpp:12: expected 3"_s));

        // Approved and green: a question for a person, answered once, merged.
        pr.ciStatus = PrSnapshot::CiStatus::Passing;
        pr.checks = {CiCheck{u"unit"_s, CiCheck::Status::Passed, u"success"_s, {}, {}, {}}};
        pr.reviewDecision = PrSnapshot::ReviewDecision::Approved;
        pr.mergeable = true;
        scm->byBranch.insert(spawned->branch, pr);
        fleet.lifecycle().pollNow();
        QTRY_COMPARE(cycles.size(), 2);
        QTRY_COMPARE(store.decisions().listPending().value().size(), 1);
        const Decision decision = store.decisions().listPending().value().first();
        QCOMPARE(decision.kind, u"merge"_s);
        const auto applied = wait(fleet.escalations().answer(decision.id, u"approve"_s, u"desktop"_s));
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().toString()));
        QCOMPARE(scm->merged, QStringList{spawned->branch + u"@f00d"_s});

        // The external notifier configured by name heard about the decision.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(recordFile), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QFile file(recordFile);
                return file.open(QIODevice::ReadOnly) && file.readAll().contains("approved and green");
            }(),
            10000);
        fleet.stop();
    }
};

QTEST_GUILESS_MAIN(TestFleet)
#include "tst_fleet.moc"
