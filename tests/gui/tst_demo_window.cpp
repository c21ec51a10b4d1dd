// What a newcomer sees on a fresh machine: with no configuration the app opens the demo fleet,
// and its sessions visibly move through the loop in the real main window under a real X server.

#include "fleet/fleet.h"
#include "gui/ci_panel.h"
#include "gui/desktop_shell.h"
#include "gui/main_window.h"
#include "gui/session_detail.h"
#include "gui/terminal_panel.h"
#include "gui/tray_icon.h"
#include "host/instance_host.h"
#include "isolated_environment.h"
#include "lifecycle/lifecycle_manager.h"
#include "model/display_status.h"
#include "models/fleet_model.h"
#include "process_helpers.h"
#include "views/ci_log_view.h"
#include "views/diff_view.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestDemoWindow final : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::IsolatedEnvironment> m_env;

private slots:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::platformName(), u"xcb"_s);
        m_env = std::make_unique<test::IsolatedEnvironment>();
        // The demo's agents run in tmux; theirs is a server of this test alone.
        QVERIFY(m_env->useOwnTmuxServer());
    }

    void cleanupTestCase()
    {
        if (m_env)
            m_env->stopOwnTmuxServer();
    }

    void withoutAConfigurationTheDemoFleetMovesInTheWindow()
    {
        InstanceHost host;
        InstanceHost::Options options;
        options.port = 0;
        options.workingDir = m_env->workDir();
        options.demoIfUnconfigured = true; // what scripts/run asks for
        const auto started = host.start(options);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));

        DesktopShell shell(host);
        shell.window().resize(1200, 820);
        shell.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shell.window()));
        QTableView *table = shell.window().fleetTable();
        QVERIFY(table);

        // Every status each session has been shown with, as the rows change.
        FleetModel &model = shell.fleetModel();
        QHash<QString, QSet<int>> seen;
        const auto record = [&model, &seen] {
            for (int row = 0; row < model.rowCount(); ++row)
                seen[model.session(row).id].insert(static_cast<int>(deriveDisplayStatus(model.session(row))));
        };
        connect(&model, &QAbstractItemModel::dataChanged, this, record);
        connect(&model, &QAbstractItemModel::rowsInserted, this, record);
        record();

        // The first session's CI tab is open from the start; each time its pull request is read
        // (after the shell has shown it), a failing check must show its log at the first error.
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0, 30000);
        table->selectRow(0);
        SessionDetail *detail = shell.window().sessionDetail();
        detail->setCurrentWidget(detail->ciPanel());
        bool failingLogShown = false;
        QString sentFromCiTab;
        connect(&host.fleet().lifecycle(), &LifecycleManager::pullRequestRead, this, [&](const QString &id) {
            CiPanel *ci = detail->ciPanel();
            if (failingLogShown || id != detail->sessionId() || !ci->checkList()->currentItem()
                || !ci->checkList()->currentItem()->text().contains(u"failed"_s))
                return;
            CiLogView *ciLog = ci->logView();
            if (ciLog->firstErrorLine() < 0 || ciLog->textCursor().blockNumber() != ciLog->firstErrorLine())
                return;
            failingLogShown = true;
            (void)shell.window().grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/demo-ci.png"_s);
            connect(shell.window().statusBar(), &QStatusBar::messageChanged, this, [&](const QString &message) {
                if (sentFromCiTab.isEmpty() && !message.isEmpty())
                    sentFromCiTab = message;
            });
            ci->findChild<QPushButton *>(u"sendLogButton"_s)->click();
        });

        // Moving: three sessions on screen, each past its first steps to a pull request whose
        // CI has run, within the minute a newcomer gives it.
        const auto moved = [&] {
            if (table->model()->rowCount() != 3 || seen.size() != 3)
                return false;
            return std::all_of(seen.cbegin(), seen.cend(), [](const QSet<int> &statuses) {
                return statuses.size() >= 3 && statuses.contains(static_cast<int>(DisplayStatus::CiFailed));
            });
        };
        QElapsedTimer clock;
        clock.start();
        while (!moved() && clock.elapsed() < 60000)
            QTest::qWait(100);
        QVERIFY2(moved(), qPrintable(u"statuses seen: %1"_s.arg(describe(seen))));
        // The checks' own badge, beside the status.
        const auto someChecksShown = [&model] {
            for (int row = 0; row < model.rowCount(); ++row) {
                const QString ci = model.index(row, FleetModel::CiColumn).data().toString();
                if (ci == u"failing"_s || ci == u"passing"_s)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY(someChecksShown());
        QVERIFY(table->isVisible());
        QStringList issues;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            issues << table->model()->index(row, FleetModel::IssueColumn).data().toString().section(u' ', 0, 0);
        issues.sort();
        QCOMPARE(issues, QStringList({u"LOCAL-1"_s, u"LOCAL-2"_s, u"LOCAL-3"_s}));

        QTest::qWait(300); // a repaint after the last change, for the picture
        QVERIFY(shell.window().grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/demo-fleet.png"_s));

        // A session's diff, read from its workspace, and a comment on its lines to the agent.
        QStringList commentedOn;
        shell.setCommentPrompt([&commentedOn](QWidget *, const DiffSelection &selection) {
            commentedOn << selection.path;
            return u"Use a named constant here."_s;
        });
        table->selectRow(0);
        detail->setCurrentWidget(detail->diffView());
        DiffView *diffView = detail->diffView();
        QTRY_VERIFY_WITH_TIMEOUT(diffView->fileList()->topLevelItemCount() > 0, 15000);
        const QList<DiffRow> &rows = diffView->document().rows();
        const auto added = std::find_if(rows.cbegin(), rows.cend(),
                                        [](const DiffRow &row) { return row.kind == DiffRow::Kind::Added; });
        QVERIFY(added != rows.cend());
        const int addedRow = int(added - rows.cbegin());
        diffView->canvas()->selectRows(addedRow, addedRow);
        shell.window().statusBar()->clearMessage();
        diffView->findChild<QPushButton *>(u"commentToAgentButton"_s)->click();
        QCOMPARE(commentedOn.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(shell.window().statusBar()->currentMessage().startsWith(u"Sent to"_s), 10000);
        QTest::qWait(200);
        QVERIFY(shell.window().grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/demo-diff.png"_s));

        // The agent's terminal, live in its tab; a message of two lines reaches the agent whole.
        TerminalPanel *terminal = detail->terminalPanel();
        detail->setCurrentWidget(terminal);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->outputView()->toPlainText().contains(u"Working in"_s), 15000);
        terminal->messageField()->setFocus();
        QTest::keyClicks(terminal->messageField(), u"Thanks, looks right so far."_s);
        QTest::keyClick(terminal->messageField(), Qt::Key_Return);
        QTest::keyClicks(terminal->messageField(), u"Keep the changelog entry short."_s);
        QTest::keyClick(terminal->messageField(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->statusText().startsWith(u"Sent to"_s), 10000);
        QVERIFY(terminal->messageField()->toPlainText().isEmpty());
        // The demo agent echoes each message's first line when it takes it (or queues it).
        QTRY_VERIFY_WITH_TIMEOUT(terminal->outputView()->toPlainText().contains(u"“Thanks, looks right so far.”"_s),
                                 15000);
        QVERIFY(
            shell.window().grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/demo-terminal.png"_s));

        // The failing CI seen in the CI tab while it lasted: the check, the log at its first
        // error, sent back to the agent.
        QVERIFY2(failingLogShown, "the CI tab never showed a failing check's log");
        QTRY_VERIFY_WITH_TIMEOUT(!sentFromCiTab.isEmpty(), 10000);
        QVERIFY2(sentFromCiTab.startsWith(u"Sent to"_s), qPrintable(sentFromCiTab));

        // The person's part, from the window: changes asked of one agent with a line comment,
        // the others approved; every pull request ends merged.
        const auto statusOf = [&model](const QString &id) {
            return deriveDisplayStatus(model.session(model.rowOf(id)));
        };
        const QStringList ids = {model.session(0).id, model.session(1).id, model.session(2).id};
        const auto allWaitForReview = [&] {
            return std::all_of(ids.cbegin(), ids.cend(),
                               [&](const QString &id) { return statusOf(id) == DisplayStatus::ReviewPending; });
        };
        QTRY_VERIFY2_WITH_TIMEOUT(allWaitForReview(), qPrintable(describe(seen)), 120000);

        MainWindow &window = shell.window();
        QStringList prompted;
        window.setChangesPrompt([&prompted](QWidget *, const SessionRecord &session) {
            prompted << session.id;
            LocalReviewInput review;
            review.summary = u"Mention the change in the README too."_s;
            review.comments.append({u"README.md"_s, 1, u"Name the new feature here."_s});
            return std::optional<LocalReviewInput>(review);
        });
        const QString reviewedHead = model.session(model.rowOf(ids.at(0))).pr.headSha;
        triggerMenuAction(window, ids.at(0), u"requestChangesAction"_s);
        QCOMPARE(prompted, QStringList{ids.at(0)});
        QVERIFY2(window.statusBar()->currentMessage().contains(u"for changes"_s),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(seen[ids.at(0)].contains(static_cast<int>(DisplayStatus::ChangesRequested)), 30000);
        triggerMenuAction(window, ids.at(1), u"approveAction"_s);
        QVERIFY2(window.statusBar()->currentMessage().startsWith(u"Approved pull request"_s),
                 qPrintable(window.statusBar()->currentMessage()));
        triggerMenuAction(window, ids.at(2), u"approveAction"_s);

        // The first agent answers the comment with a new commit; the request for changes stands
        // (as on a hosting service) until the person looks again and approves.
        QTRY_VERIFY2_WITH_TIMEOUT(model.session(model.rowOf(ids.at(0))).pr.headSha != reviewedHead,
                                  qPrintable(describe(seen)), 120000);
        QCOMPARE(statusOf(ids.at(0)), DisplayStatus::ChangesRequested);
        triggerMenuAction(window, ids.at(0), u"approveAction"_s);
        const auto allMerged = [&] {
            return std::all_of(ids.cbegin(), ids.cend(), [&](const QString &id) {
                return model.session(model.rowOf(id)).pr.state == PrState::Merged;
            });
        };
        QTRY_VERIFY2_WITH_TIMEOUT(allMerged(), qPrintable(describe(seen)), 120000);
        // A merged pull request takes no more reviews.
        std::unique_ptr<QMenu> menu = window.sessionMenu(ids.at(1));
        QVERIFY(!menu->findChild<QAction *>(u"approveAction"_s)->isEnabled());

        QTest::qWait(300);
        QVERIFY(window.grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/demo-fleet-merged.png"_s));
    }

private:
    static void triggerMenuAction(MainWindow &window, const QString &sessionId, const QString &action)
    {
        std::unique_ptr<QMenu> menu = window.sessionMenu(sessionId);
        auto *found = menu->findChild<QAction *>(action);
        QVERIFY2(found && found->isEnabled(), qPrintable(sessionId + u": "_s + action));
        found->trigger();
    }

    static QString describe(const QHash<QString, QSet<int>> &seen)
    {
        QStringList parts;
        for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
            QStringList names;
            for (int status : it.value())
                names << FleetModel::statusText(status);
            names.sort();
            parts << it.key() + u": "_s + names.join(u", "_s);
        }
        return parts.join(u"; "_s);
    }
};

QTEST_MAIN(TestDemoWindow)
#include "tst_demo_window.moc"
