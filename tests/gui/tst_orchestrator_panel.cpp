// A project's orchestrator in the window: pinned on top of the fleet table whatever the sort,
// started from the project's menu, talked to through its chat (the text reaches the agent, a
// failure says so and keeps the text), and merged work verified or sent back from the verify
// dialog, with the tracker's issue files showing the verdict. The fleet runs on in-memory
// runtime, workspace and agent plugins and the real local tracker.
#include "config/config_loader.h"
#include "fleet/fleet.h"
#include "fleet/orchestrator_desk.h"
#include "gui/main_window.h"
#include "gui/orchestrator_controls.h"
#include "gui/orchestrator_panel.h"
#include "gui/orchestrator_starter.h"
#include "gui/project_sidebar.h"
#include "gui/session_detail.h"
#include "gui/verify_dialog.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "lifecycle/session_manager.h"
#include "local_tracker.h"
#include "models/fleet_feed.h"
#include "models/fleet_model.h"
#include "models/fleet_sort_model.h"
#include "plugin/plugin_registry.h"
#include "store/event_log.h"
#include "store/store.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

SessionRecord record(const QString &id, const QString &project, SessionKind kind = SessionKind::Worker,
                     SessionState state = SessionState::Working, int ageMinutes = 5)
{
    SessionRecord s;
    s.id = id;
    s.projectId = project;
    s.kind = kind;
    s.displayName = kind == SessionKind::Orchestrator ? u"orchestrator"_s : u"Work on "_s + id;
    s.issueId = kind == SessionKind::Orchestrator ? QString() : id.section(u'-', 1);
    s.state = state;
    s.reason = state == SessionState::NeedsInput   ? SessionReason::AwaitingUserInput
               : state == SessionState::Terminated ? SessionReason::ManuallyKilled
                                                   : SessionReason::TaskInProgress;
    s.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60 * ageMinutes);
    s.startedAt = s.createdAt;
    if (state == SessionState::Terminated)
        s.terminatedAt = s.createdAt.addSecs(30);
    return s;
}

QStringList shownOrder(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(FleetModel::SessionIdRole).toString();
    return ids;
}

template<typename Fake> void add(PluginRegistry &registry, const QString &name)
{
    QVERIFY(registry.add(PluginRegistry::Entry{Fake::kSlot, name, name, [](const PluginSettings &) {
                                                   return std::unique_ptr<Plugin>(std::make_unique<Fake>());
                                               }}));
}

// Project "shop" on in-memory runtime, workspace and agent, its issues in the real local
// tracker (SHOP-1 and SHOP-2 merged and waiting for verification, SHOP-3 still open), shown in
// the real window the way the desktop shell wires it.
struct Desk
{
    std::unique_ptr<test::IsolatedEnvironment> env = std::make_unique<test::IsolatedEnvironment>();
    Store store;
    PluginRegistry registry;
    std::unique_ptr<Fleet> fleet;
    FleetModel model;
    std::unique_ptr<FleetFeed> feed;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<OrchestratorControls> controls;

    QString shop() const { return env->workDir() + u"/shop"_s; }
    QString issueFile(int number) const { return shop() + u"/.flotilla/issues/SHOP-%1.md"_s.arg(number); }
    fakes::Runtime *runtime() const { return static_cast<fakes::Runtime *>(fleet->plugins(u"shop"_s)->runtime); }

    QString start()
    {
        if (auto opened = store.open(env->root() + u"/flotilla.db"_s); !opened)
            return opened.error().toString();
        add<fakes::Runtime>(registry, u"tmux"_s);
        add<fakes::Workspace>(registry, u"worktree"_s);
        add<fakes::Agent>(registry, u"claude-code"_s);
        if (!registry.add<TrackerPlugin, LocalTracker>(u"local"_s, u"issues in the project"_s))
            return u"the local tracker was not registered"_s;
        QDir().mkpath(shop() + u"/.flotilla/issues"_s);
        const QList<std::pair<int, QByteArray>> issues = {
            {1, "---\nid: SHOP-1\ntitle: Add a cart\nstate: open\nlabels: [merged-unverified]\n---\nA cart.\n"},
            {2, "---\nid: SHOP-2\ntitle: Export orders to CSV\nstate: open\nlabels: [merged-unverified]\n---\n"
                "One row per order.\n"},
            {3, "---\nid: SHOP-3\ntitle: Dark theme\nstate: open\n---\nFollow the system.\n"},
        };
        for (const auto &[number, text] : issues) {
            QFile file(issueFile(number));
            if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
                return u"cannot write "_s + file.fileName();
        }
        const QByteArray yaml = "projects:\n  shop:\n    name: Shop\n    path: " + shop().toUtf8()
                                + "\n    sessionPrefix: shop\n    tracker:\n      plugin: local\n      prefix: SHOP\n";
        const LoadedConfig loaded = ConfigLoader::loadText(yaml, env->workDir() + u"/flotilla.yaml"_s, std::nullopt);
        if (loaded.hasErrors())
            return loaded.errors().value(0).toString();
        Fleet::Options options;
        options.pollInterval = std::chrono::hours(1);
        fleet = std::make_unique<Fleet>(store, registry, options);
        if (const QStringList problems = fleet->apply(std::make_shared<const Config>(loaded.config));
            !problems.isEmpty())
            return problems.join(u"; "_s);

        model.setBatchInterval(0);
        feed = std::make_unique<FleetFeed>(store, *fleet, model);
        if (auto reloaded = feed->reload(); !reloaded)
            return reloaded.error().toString();
        window = std::make_unique<MainWindow>();
        window->setFleetModel(&model);
        window->projectSidebar()->setProjects({{u"shop"_s, u"Shop"_s}});
        // What the desktop shell does with a pick and with new facts: the detail shows them.
        SessionDetail *detail = window->sessionDetail();
        QObject::connect(window.get(), &MainWindow::sessionSelected, detail, [this, detail](const QString &id) {
            if (const int row = model.rowOf(id); row >= 0)
                detail->showSession(model.session(row));
        });
        QObject::connect(&model, &QAbstractItemModel::dataChanged, detail, [this, detail] {
            if (const int row = model.rowOf(detail->sessionId()); row >= 0)
                detail->showSession(model.session(row));
        });
        controls = std::make_unique<OrchestratorControls>(*fleet, store, *window, model);
        window->resize(1200, 800);
        window->show();
        return QTest::qWaitForWindowExposed(window.get()) ? QString() : u"the window did not show"_s;
    }

    QString issueText(int number) const
    {
        QFile file(issueFile(number));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    ~Desk()
    {
        controls.reset();
        window.reset();
        feed.reset();
        fleet.reset();
    }
};

} // namespace

class TestOrchestratorPanel final : public QObject
{
    Q_OBJECT

private slots:
    void theOrchestratorIsPinnedOnTopWhateverTheSort()
    {
        FleetModel model;
        model.reset({record(u"shop-1"_s, u"shop"_s, SessionKind::Worker, SessionState::Working, 1),
                     record(u"shop-2"_s, u"shop"_s, SessionKind::Worker, SessionState::NeedsInput, 50),
                     record(u"api-1"_s, u"api"_s, SessionKind::Worker, SessionState::Working, 2),
                     record(u"shop-orchestrator"_s, u"shop"_s, SessionKind::Orchestrator, SessionState::Working, 90),
                     record(u"api-orchestrator"_s, u"api"_s, SessionKind::Orchestrator, SessionState::Working, 3),
                     record(u"old-orchestrator"_s, u"old"_s, SessionKind::Orchestrator, SessionState::Terminated, 9),
                     record(u"shop-3"_s, u"shop"_s, SessionKind::Worker, SessionState::Terminated, 7)});
        MainWindow window;
        window.setFleetModel(&model);
        window.projectSidebar()->setProjects({{u"shop"_s, u"Shop"_s}, {u"api"_s, u"API"_s}});
        window.resize(1200, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTableView *table = window.fleetTable();
        QHeaderView *header = table->horizontalHeader();
        const QAbstractItemModel &shown = *table->model();

        // Every column, both ways, by clicking its header like a person: the running
        // orchestrators stay first (by project); an ended one sorts like any ended session.
        for (int column = 0; column < FleetModel::ColumnCount; ++column) {
            for (int click = 0; click < 2; ++click) {
                const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                                header->height() / 2);
                QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
                QCOMPARE(header->sortIndicatorSection(), column);
                const QStringList order = shownOrder(shown);
                QVERIFY2(order.mid(0, 2) == QStringList({u"api-orchestrator"_s, u"shop-orchestrator"_s}),
                         qPrintable(u"column %1, %2: %3"_s.arg(column).arg(
                             header->sortIndicatorOrder() == Qt::AscendingOrder ? u"ascending"_s : u"descending"_s,
                             order.join(u", "_s))));
                QVERIFY(!order.mid(0, 3).contains(u"old-orchestrator"_s));
            }
        }

        // Marked as what it is: its issue cell names whose agents it steers, and it says so.
        const QModelIndex first = shown.index(0, FleetModel::IssueColumn);
        QCOMPARE(first.data().toString(), u"Orchestrator of api"_s);
        QVERIFY(first.data(FleetModel::OrchestratorRole).toBool());
        QVERIFY(shown.index(0, FleetModel::SessionColumn).data(Qt::ToolTipRole).toString().contains(u"Orchestrator"_s));
        QVERIFY(!shown.index(2, 0).data(FleetModel::OrchestratorRole).toBool());

        // One project picked: its orchestrator heads its sessions; a new worker does not move it.
        window.projectSidebar()->selectProject(u"shop"_s);
        QCOMPARE(shownOrder(shown).value(0), u"shop-orchestrator"_s);
        model.queue(record(u"shop-4"_s, u"shop"_s, SessionKind::Worker, SessionState::NeedsInput, 0));
        model.flush();
        QCOMPARE(shownOrder(shown).value(0), u"shop-orchestrator"_s);
        QCOMPARE(shownOrder(shown).value(1), u"shop-4"_s); // then who needs a person
        QVERIFY(window.grab().save(test::IsolatedEnvironment::artifactsDir() + u"/fleet-orchestrator-pinned.png"_s));
    }

    void startsTheOrchestratorAndTalksToIt()
    {
        Desk desk;
        const QString problem = desk.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        MainWindow &window = *desk.window;
        ProjectSidebar *sidebar = window.projectSidebar();
        QVERIFY(sidebar->orchestratorOf(u"shop"_s).isEmpty());

        // No orchestrator yet: the project's menu starts one, and says it is starting.
        std::unique_ptr<QMenu> menu = sidebar->projectMenu(u"shop"_s);
        QAction *start = menu->findChild<QAction *>(u"orchestratorAction"_s);
        QVERIFY(start && start->isEnabled());
        QCOMPARE(start->text(), u"Start the &Orchestrator"_s);
        QVERIFY(menu->findChild<QAction *>(u"verifyAction"_s));
        start->trigger();
        QVERIFY(desk.controls->starter().isStarting(u"shop"_s));
        QVERIFY(sidebar->item(1)->text().contains(u"starting orchestrator"_s));
        QVERIFY(!sidebar->projectMenu(u"shop"_s)->findChild<QAction *>(u"orchestratorAction"_s)->isEnabled());

        // Once it runs it is picked, first in the table, with its chat open.
        QTRY_COMPARE(window.sessionDetail()->sessionId(), u"shop-orchestrator"_s);
        QVERIFY(!desk.controls->starter().isStarting(u"shop"_s));
        QVERIFY(!sidebar->item(1)->text().contains(u"starting"_s));
        QCOMPARE(desk.fleet->orchestrators().current(u"shop"_s)->id, u"shop-orchestrator"_s);
        QCOMPARE(shownOrder(*window.fleetTable()->model()).value(0), u"shop-orchestrator"_s);
        SessionDetail *detail = window.sessionDetail();
        OrchestratorPanel *chat = detail->orchestratorPanel();
        QCOMPARE(detail->currentWidget(), chat);
        QVERIFY(chat->isVisible());
        QCOMPARE(sidebar->orchestratorOf(u"shop"_s), u"shop-orchestrator"_s);
        QCOMPARE(sidebar->projectMenu(u"shop"_s)->findChild<QAction *>(u"orchestratorAction"_s)->text(),
                 u"Talk to the &Orchestrator"_s);
        QVERIFY(window.statusBar()->currentMessage().contains(u"shop-orchestrator"_s));

        // Several lines, Ctrl+Enter: they reach the agent exactly, and the chat shows them.
        const QString handle = u"mem-shop-orchestrator"_s;
        const QString text = u"Split the checkout work in three issues.\nStart agents on the first two."_s;
        chat->messageField()->setFocus();
        QTest::keyClicks(chat->messageField(), u"Split the checkout work in three issues."_s);
        QTest::keyClick(chat->messageField(), Qt::Key_Return);
        QTest::keyClicks(chat->messageField(), u"Start agents on the first two."_s);
        QCOMPARE(chat->messageField()->toPlainText(), text);
        QVERIFY(chat->sendButton()->isEnabled());
        QTest::keyClick(chat->messageField(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(desk.runtime()->received.value(handle).contains(text));
        QTRY_VERIFY(chat->statusText().startsWith(u"Delivered to shop-orchestrator"_s));
        QVERIFY(chat->messageField()->toPlainText().isEmpty());
        QCOMPARE(chat->messages().size(), 1);
        QCOMPARE(chat->messages().constFirst().text, text);
        QCOMPARE(chat->messages().constFirst().state, OrchestratorPanel::Message::State::Delivered);
        QVERIFY(chat->conversationView()->toPlainText().contains(u"Start agents on the first two."_s));
        QVERIFY(!chat->conversationView()->toPlainText().contains(u"sending"_s));
        // The agent's screen follows (the in-memory runtime echoes what it received).
        QTRY_VERIFY(chat->outputView()->toPlainText().contains(u"Start agents on the first two."_s));

        // A message from another front end shows as it is logged.
        auto fromFlo = desk.fleet->sessions().send(u"shop-orchestrator"_s, u"Also look at SHOP-3"_s, u"cli"_s);
        QTRY_VERIFY(fromFlo.isFinished());
        QVERIFY(fromFlo.result().ok());
        QTRY_COMPARE(chat->messages().size(), 2);
        QCOMPARE(chat->messages().constLast().who, u"You (flo)"_s);
        QVERIFY(chat->conversationView()->toPlainText().contains(u"Also look at SHOP-3"_s));

        // Delivery fails: the chat says so plainly, the text stays to be sent again.
        desk.runtime()->failSend = u"the terminal is gone"_s;
        QTest::keyClicks(chat->messageField(), u"Are you there?"_s);
        QTest::mouseClick(chat->sendButton(), Qt::LeftButton);
        QTRY_VERIFY(chat->statusText().contains(u"did not reach shop-orchestrator"_s));
        QVERIFY2(chat->statusText().contains(u"the terminal is gone"_s), qPrintable(chat->statusText()));
        QCOMPARE(chat->messageField()->toPlainText(), u"Are you there?"_s);
        QCOMPARE(chat->messages().constLast().state, OrchestratorPanel::Message::State::Failed);
        QVERIFY(chat->conversationView()->toPlainText().contains(u"Not delivered"_s));
        QVERIFY(chat->sendButton()->isEnabled());
        QVERIFY(!desk.runtime()->received.value(handle).contains(u"Are you there?"_s));
        desk.runtime()->failSend.clear();
        QTest::mouseClick(chat->sendButton(), Qt::LeftButton);
        QTRY_VERIFY(desk.runtime()->received.value(handle).contains(u"Are you there?"_s));
        QTRY_VERIFY(chat->statusText().startsWith(u"Delivered"_s));

        // Picking a worker hides the chat; picking the orchestrator again reads the
        // conversation back from the log.
        SpawnRequest worker;
        worker.projectId = u"shop"_s;
        worker.prompt = u"Fix the footer"_s;
        worker.actor = u"test"_s;
        auto spawned = desk.fleet->sessions().spawn(worker);
        QTRY_VERIFY(spawned.isFinished());
        QVERIFY(spawned.result().ok());
        const QString workerId = spawned.result()->id;
        QTRY_VERIFY(desk.model.rowOf(workerId) >= 0);
        window.selectSession(workerId);
        QCOMPARE(detail->sessionId(), workerId);
        QVERIFY(!detail->isTabVisible(detail->indexOf(chat)));
        QVERIFY(detail->currentWidget() != chat);
        QCOMPARE(shownOrder(*window.fleetTable()->model()).value(0), u"shop-orchestrator"_s);
        window.selectSession(u"shop-orchestrator"_s);
        QCOMPARE(detail->currentWidget(), chat);
        QCOMPARE(chat->messages().size(), 4); // two delivered, one failed, one delivered
        QCOMPARE(chat->messages().at(2).state, OrchestratorPanel::Message::State::Failed);
        QVERIFY(window.grab().save(test::IsolatedEnvironment::artifactsDir() + u"/orchestrator-chat.png"_s));

        // Starting it again adopts the running one: nothing new is spawned.
        sidebar->projectMenu(u"shop"_s)->findChild<QAction *>(u"orchestratorAction"_s)->trigger();
        QCOMPARE(detail->sessionId(), u"shop-orchestrator"_s);
        desk.controls->startOrchestrator(u"shop"_s);
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(u"already running"_s));
        QCOMPARE(desk.runtime()->launched.size(), 2); // the orchestrator and the worker

        // Ended, it is no longer pinned and its chat offers to start it again, which brings it back.
        QVERIFY(!chat->restartButton()->isVisible());
        auto killed = desk.fleet->sessions().kill(u"shop-orchestrator"_s, u"test"_s, u"test"_s);
        QTRY_VERIFY(killed.isFinished());
        QVERIFY(killed.result().ok());
        QTRY_VERIFY(chat->restartButton()->isVisible());
        QTRY_VERIFY(shownOrder(*window.fleetTable()->model()).value(0) != u"shop-orchestrator"_s);
        QCOMPARE(sidebar->projectMenu(u"shop"_s)->findChild<QAction *>(u"orchestratorAction"_s)->text(),
                 u"Start the &Orchestrator"_s);
        QTest::mouseClick(chat->restartButton(), Qt::LeftButton);
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(u"brought back"_s));
        QTRY_VERIFY(!chat->restartButton()->isVisible());
        QCOMPARE(detail->sessionId(), u"shop-orchestrator"_s);
        QTRY_COMPARE(shownOrder(*window.fleetTable()->model()).value(0), u"shop-orchestrator"_s);
    }

    void aFailedStartSaysWhy()
    {
        Desk desk;
        const QString problem = desk.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        desk.runtime()->failCreate = u"tmux is not installed"_s;
        // From the window's Project menu: with no project picked, one submenu per project.
        QCOMPARE(desk.window->projectSidebar()->currentProject(), QString());
        auto *projectMenu = desk.window->findChild<QMenu *>(u"projectMenu"_s);
        emit projectMenu->aboutToShow();
        auto *shopMenu = projectMenu->findChild<QMenu *>(u"projectMenu:shop"_s);
        QVERIFY(shopMenu);
        QCOMPARE(shopMenu->title(), u"Shop"_s);
        emit projectMenu->aboutToShow(); // shown again: rebuilt, not doubled
        QCOMPARE(projectMenu->findChildren<QMenu *>().size(), 1);
        shopMenu = projectMenu->findChild<QMenu *>(u"projectMenu:shop"_s);
        shopMenu->findChild<QAction *>(u"orchestratorAction"_s)->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = desk.window->findChild<QMessageBox *>(u"orchestratorStartFailure"_s)) != nullptr);
        QVERIFY2(box->text().contains(u"tmux is not installed"_s), qPrintable(box->text()));
        QVERIFY(box->isVisible());
        QVERIFY(!box->isModal());
        QVERIFY(desk.window->statusBar()->currentMessage().contains(u"did not start"_s));
        QVERIFY(!desk.controls->starter().isStarting(u"shop"_s));
        QCOMPARE(desk.window->projectSidebar()
                     ->projectMenu(u"shop"_s)
                     ->findChild<QAction *>(u"orchestratorAction"_s)
                     ->text(),
                 u"Start the &Orchestrator"_s);
        box->close();
    }

    void verifyingMergedWorkUpdatesTheTracker()
    {
        Desk desk;
        const QString problem = desk.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QStringList asked;
        std::optional<QString> answer = std::nullopt; // first the person cancels
        desk.controls->setFailurePrompt([&asked, &answer](QWidget *, const Issue &issue) {
            asked << issue.id;
            return answer;
        });

        // Through the window's Project menu, for the picked project.
        desk.window->projectSidebar()->selectProject(u"shop"_s);
        auto *projectMenu = desk.window->findChild<QMenu *>(u"projectMenu"_s);
        QVERIFY(projectMenu);
        emit projectMenu->aboutToShow();
        QAction *verify = projectMenu->findChild<QAction *>(u"verifyAction"_s);
        QVERIFY(verify);
        verify->trigger();
        auto *dialog = desk.window->findChild<VerifyDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->projectId(), u"shop"_s);
        QTRY_COMPARE(dialog->issueList()->topLevelItemCount(), 2); // SHOP-3 has not merged
        QVERIFY2(dialog->statusText().startsWith(u"2 issue"_s), qPrintable(dialog->statusText()));
        QTreeWidget *list = dialog->issueList();
        QCOMPARE(list->topLevelItem(0)->text(0) + list->topLevelItem(1)->text(0), u"SHOP-1SHOP-2"_s);
        // Asking again brings the open dialog forward rather than a second one.
        QCOMPARE(desk.controls->openVerifyDialog(u"shop"_s), dialog);

        // Verified: the issue is closed and labelled so.
        QVERIFY(dialog->selectIssue(u"SHOP-1"_s));
        QTest::mouseClick(dialog->verifiedButton(), Qt::LeftButton);
        QTRY_COMPARE(list->topLevelItemCount(), 1);
        QVERIFY2(dialog->statusText().contains(u"SHOP-1 is verified and closed"_s), qPrintable(dialog->statusText()));
        QString shop1 = desk.issueText(1);
        QVERIFY2(shop1.contains(u"state: closed"_s), qPrintable(shop1));
        QVERIFY(shop1.contains(u"verified"_s));
        QVERIFY(!shop1.contains(u"merged-unverified"_s));
        QVERIFY(shop1.contains(u"Verified by desktop."_s));

        // Failed…: cancelled, nothing changes; answered, the issue opens again with the comment.
        QVERIFY(dialog->selectIssue(u"SHOP-2"_s));
        QTest::mouseClick(dialog->failedButton(), Qt::LeftButton);
        QCOMPARE(asked, QStringList{u"SHOP-2"_s});
        QTest::qWait(50);
        QCOMPARE(list->topLevelItemCount(), 1);
        QVERIFY(desk.issueText(2).contains(u"merged-unverified"_s));
        answer = u"The export misses the header row."_s;
        QTest::mouseClick(dialog->failedButton(), Qt::LeftButton);
        QTRY_COMPARE(list->topLevelItemCount(), 0);
        QVERIFY(dialog->statusText().contains(u"SHOP-2 failed verification"_s));
        const QString shop2 = desk.issueText(2);
        QVERIFY2(shop2.contains(u"state: open"_s), qPrintable(shop2));
        QVERIFY(shop2.contains(u"verification-failed"_s));
        QVERIFY(!shop2.contains(u"merged-unverified"_s));
        QVERIFY(shop2.contains(u"The export misses the header row."_s));
        QVERIFY(!dialog->verifiedButton()->isEnabled());

        // The audit log says who decided.
        EventQuery query;
        query.types = {u"backlog.*"_s};
        auto events = desk.store.events().query(query);
        QVERIFY(events);
        QStringList seen;
        for (const StoredEvent &stored : std::as_const(events.value()))
            seen << stored.event.type + u'/' + stored.event.actor;
        QVERIFY2(seen.contains(u"backlog.verified/desktop"_s), qPrintable(seen.join(u", "_s)));
        QVERIFY(seen.contains(u"backlog.verification_failed/desktop"_s));

        // Reading again finds nothing left, and says so.
        QTest::mouseClick(dialog->refreshButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isLoading());
        QVERIFY(dialog->statusText().contains(u"Nothing in Shop waits"_s));
    }
};

QTEST_MAIN(TestOrchestratorPanel)
#include "tst_orchestrator_panel.moc"
