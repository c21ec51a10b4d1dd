// A person's day with the desktop app, on the sandboxed demo project and its real agents (in
// tmux, under a real X server): agents spawned from the spawn dialog's issue picker, a pull
// request approved, and the merge question that follows answered from the decisions inbox.

#include "fleet/fleet.h"
#include "gui/decisions_panel.h"
#include "gui/desktop_shell.h"
#include "gui/gui_translations.h"
#include "gui/main_window.h"
#include "gui/spawn_dialog.h"
#include "gui/tray_icon.h"
#include "host/demo_sandbox.h"
#include "host/instance_host.h"
#include "isolated_environment.h"
#include "model/display_status.h"
#include "models/decision_model.h"
#include "models/fleet_model.h"
#include "process_helpers.h"
#include "store/decision_store.h"
#include "store/store.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

QStringList issueIds(const QTreeWidget *list)
{
    QStringList ids;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        ids << list->topLevelItem(i)->text(0);
    ids.sort();
    return ids;
}

QTreeWidgetItem *issueRow(const QTreeWidget *list, const QString &id)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(0) == id)
            return list->topLevelItem(i);
    }
    return nullptr;
}

} // namespace

class TestDesktopWorkflow final : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::IsolatedEnvironment> m_env;

private slots:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::platformName(), u"xcb"_s);
        m_env = std::make_unique<test::IsolatedEnvironment>();
        QVERIFY(m_env->useOwnTmuxServer());
        QVERIFY(installTranslations(QLocale(QLocale::English))); // as an English desktop starts
    }

    void cleanupTestCase()
    {
        if (m_env)
            m_env->stopOwnTmuxServer();
    }

    void spawnFromTheDialogAndAnswerTheMergeQuestion()
    {
        // The demo project, configured with the default reactions: an approved, green pull
        // request is a question for the person, not an automatic merge.
        DemoSandbox sandbox(m_env->root() + u"/sandbox"_s);
        const auto prepared =
            sandbox.prepare(false, QDir(QCoreApplication::applicationDirPath()).filePath(u"flotilla-demo-agent"_s));
        QVERIFY2(prepared.ok(), qPrintable(prepared.ok() ? QString() : prepared.error().toString()));
        QFile config(prepared.value());
        QVERIFY(config.open(QIODevice::ReadOnly));
        QByteArray yaml = config.readAll();
        config.close();
        yaml.truncate(yaml.indexOf("    reactions:"));
        yaml += "    sessionPrefix: flow\n";
        yaml += "lifecycle:\n  pollInterval: 2s\n"; // local SCM and tracker: polling often costs nothing
        yaml.replace("    sessionPrefix: demo\n", "");
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(yaml);
        config.close();

        InstanceHost host;
        InstanceHost::Options options;
        options.port = 0;
        options.configFile = prepared.value();
        options.workingDir = m_env->workDir();
        const auto started = host.start(options);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));

        DesktopShell shell(host);
        shell.setUrlOpener([](const QUrl &) {}); // never the desktop's browser
        shell.window().resize(1280, 820);
        shell.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shell.window()));
        FleetModel &model = shell.fleetModel();
        QCOMPARE(model.rowCount(), 0);

        // The picker lists the project's open issues and narrows them as the person types.
        SpawnDialog *dialog = shell.openSpawnDialog();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTreeWidget *issues = dialog->issueList();
        const QStringList all = {u"LOCAL-1"_s, u"LOCAL-2"_s, u"LOCAL-3"_s};
        QTRY_COMPARE(issueIds(issues), all);
        QTest::keyClicks(dialog->searchField(), u"shipping"_s);
        QTRY_COMPARE(issueIds(issues), QStringList{u"LOCAL-2"_s});
        issueRow(issues, u"LOCAL-2"_s)->setCheckState(0, Qt::Checked);
        dialog->searchField()->clear();
        QTRY_COMPARE(issueIds(issues), all);
        QCOMPARE(issueRow(issues, u"LOCAL-2"_s)->checkState(0), Qt::Checked); // a pick survives a search
        issueRow(issues, u"LOCAL-1"_s)->setCheckState(0, Qt::Checked);
        QCOMPARE(dialog->spawnButton()->text(), u"Spawn 2 agents"_s);

        // A batch of two: each row follows its spawn to the session it started.
        QSignalSpy finished(dialog, &SpawnDialog::batchFinished);
        QSignalSpy spawned(dialog, &SpawnDialog::spawned);
        QTest::mouseClick(dialog->spawnButton(), Qt::LeftButton);
        QVERIFY(!dialog->spawnButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.at(0).at(0).toInt(), 2);
        QCOMPARE(finished.at(0).at(1).toInt(), 0);
        QStringList ids;
        for (const QList<QVariant> &signal : std::as_const(spawned))
            ids << signal.at(0).toString();
        QCOMPARE(ids.size(), 2);
        for (const QString &issue : {u"LOCAL-1"_s, u"LOCAL-2"_s})
            QVERIFY2(issueRow(issues, issue)->text(2).startsWith(u"started flow-"_s),
                     qPrintable(issueRow(issues, issue)->text(2)));
        QTRY_COMPARE(model.rowCount(), 2);
        QVERIFY(shell.window().fleetTable()->isVisible());
        (void)dialog->grab().save(test::IsolatedEnvironment::artifactsDir() + u"/spawn-dialog.png"_s);
        dialog->close();

        // Opened again, the dialog knows who works on what: those issues cannot be picked twice.
        dialog = shell.openSpawnDialog();
        issues = dialog->issueList();
        QTRY_COMPARE(issueIds(issues), all);
        QTreeWidgetItem *taken = issueRow(issues, u"LOCAL-1"_s);
        QVERIFY(!(taken->flags() & Qt::ItemIsUserCheckable));
        QVERIFY2(taken->text(2).endsWith(u"works on it"_s), qPrintable(taken->text(2)));
        QVERIFY(issueRow(issues, u"LOCAL-3"_s)->flags() & Qt::ItemIsUserCheckable);
        dialog->close();

        // Both agents reach review; the person approves one pull request from the window.
        const auto statusOf = [&model](const QString &id) {
            return deriveDisplayStatus(model.session(model.rowOf(id)));
        };
        QTRY_VERIFY_WITH_TIMEOUT(statusOf(ids.at(0)) == DisplayStatus::ReviewPending, 150000);
        MainWindow &window = shell.window();
        std::unique_ptr<QMenu> menu = window.sessionMenu(ids.at(0));
        menu->findChild<QAction *>(u"approveAction"_s)->trigger();

        // Approved and green: a merge question in the inbox, and the session in the tray's list.
        DecisionModel &decisions = shell.decisionModel();
        QTRY_COMPARE_WITH_TIMEOUT(decisions.rowCount(), 1, 60000);
        QCOMPARE(decisions.decision(0).sessionId, ids.at(0));
        QCOMPARE(decisions.decision(0).kind, u"merge"_s);
        QCOMPARE(window.decisionsDock()->windowTitle(), u"Decisions (1)"_s);
        DecisionsPanel *inbox = window.decisionsPanel();
        QCOMPARE(inbox->currentDecisionId(), decisions.decision(0).id);
        QVERIFY(inbox->findChild<QLabel *>(u"decisionQuestion"_s)->text().contains(u"Merge it?"_s));
        const QString facts = inbox->findChild<QLabel *>(u"decisionFacts"_s)->text();
        const int prNumber = model.session(model.rowOf(ids.at(0))).pr.number;
        QVERIFY2(prNumber > 0 && facts.contains(u"#%1"_s.arg(prNumber)), qPrintable(facts));
        TrayIcon &tray = shell.tray();
        tray.refreshMenu();
        QVERIFY(tray.menu()->findChild<QAction *>(u"attention:"_s + ids.at(0)));
        QTest::qWait(300);
        QVERIFY(window.grab().save(test::IsolatedEnvironment::artifactsDir() + u"/decisions.png"_s));

        // Approve: merged, the question gone, the answer recorded as the desktop's.
        const QString decisionId = decisions.decision(0).id;
        QTest::mouseClick(inbox->findChild<QPushButton *>(u"approveDecisionButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(decisions.rowCount(), 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(model.session(model.rowOf(ids.at(0))).pr.state == PrState::Merged, 60000);
        QCOMPARE(window.decisionsDock()->windowTitle(), u"Decisions"_s);
        const QString outcome = inbox->findChild<QLabel *>(u"decisionOutcome"_s)->text();
        QVERIFY2(outcome.contains(ids.at(0)), qPrintable(outcome));
        const auto answered = host.store().decisions().get(decisionId);
        QVERIFY(answered && answered.value());
        QCOMPARE(answered.value()->answeredBy, u"desktop"_s);
        QCOMPARE(answered.value()->answer, u"approve"_s);
    }
};

QTEST_MAIN(TestDesktopWorkflow)
#include "tst_desktop_workflow.moc"
