#pragma once

#include "model/session_facts.h"
#include "store/local_scm_store.h"

#include <QMainWindow>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}

class QDockWidget;
class QLineEdit;
class QMenu;
class QStackedWidget;
class QTableView;

namespace flotilla {

class DecisionModel;
class DecisionsPanel;
class FleetModel;
class FleetSortModel;
class ProjectSidebar;
class SessionDetail;

// The desktop app's main window. Closing it hides it to the tray: the fleet keeps running
// and the tray keeps showing what needs a person; Quit (menu or tray) ends the app.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setApiAddress(const QString &apiBase);
    // Shows the fleet from `model` (which outlives the window); until it has a session the
    // window says that no agents run and how to start some.
    void setFleetModel(FleetModel *model);
    // The decisions inbox, docked beside the fleet; its title counts what is pending.
    void setDecisionModel(DecisionModel *model);
    DecisionsPanel *decisionsPanel() const { return m_decisions; }
    QDockWidget *decisionsDock() const { return m_decisionsDock; }
    QTableView *fleetTable() const { return m_table; }
    SessionDetail *sessionDetail() const { return m_detail; }
    ProjectSidebar *projectSidebar() const { return m_projects; }

    // Asks the person what should change in a session's pull request; nothing when they
    // cancel. The review dialog by default; tests put in their own answer.
    using ChangesPrompt = std::function<std::optional<LocalReviewInput>(QWidget *parent, const SessionRecord &session)>;
    void setChangesPrompt(ChangesPrompt prompt) { m_changesPrompt = std::move(prompt); }
    // The actions on one session, as its context menu in the fleet table shows them.
    std::unique_ptr<QMenu> sessionMenu(const QString &sessionId);
    void showStatusMessage(const QString &text);
    // With a tray, closing the window hides it (the fleet keeps running); without one,
    // closing is quitting, or the app would run on with no way back to it.
    void setHideOnClose(bool hide) { m_hideOnClose = hide; }
    // Brings the window to the front (from the tray, or when another launch hands over).
    void present();
    // Picks the session's row in the fleet table (clearing a filter that hides it).
    void selectSession(const QString &sessionId);

signals:
    void quitRequested();
    void reviewSubmitted(const QString &sessionId, const flotilla::LocalReviewInput &review);
    void openUrlRequested(const QUrl &url);
    void sessionSelected(const QString &sessionId);
    void settingsRequested();
    void spawnRequested();
    void notificationHistoryRequested();
    void dashboardRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showAbout();
    void showFleetOrEmptyPage();
    void showSessionMenu(const QPoint &position);

    std::unique_ptr<Ui::MainWindow> m_ui;
    bool m_hideOnClose = true;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_table = nullptr;
    FleetSortModel *m_sorted = nullptr;
    ProjectSidebar *m_projects = nullptr;
    FleetModel *m_model = nullptr;
    SessionDetail *m_detail = nullptr;
    DecisionsPanel *m_decisions = nullptr;
    QDockWidget *m_decisionsDock = nullptr;
    ChangesPrompt m_changesPrompt;
};

} // namespace flotilla
