#include "main_window.h"

#include "decisions_panel.h"
#include "models/decision_model.h"
#include "models/fleet_model.h"
#include "models/fleet_sort_model.h"
#include "project_sidebar.h"
#include "review_dialog.h"
#include "session_detail.h"
#include "ui_main_window.h"
#include "views/conflict_mark_delegate.h"
#include "views/status_badge_delegate.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace flotilla {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/flotilla/icons/flotilla.svg")));
    QFont headline = m_ui->headlineLabel->font();
    headline.setPointSizeF(headline.pointSizeF() * 1.6);
    m_ui->headlineLabel->setFont(headline);
    connect(m_ui->quitAction, &QAction::triggered, this, &MainWindow::quitRequested);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    auto *spawn = new QAction(tr("Spawn &Agents…"), this);
    spawn->setObjectName(QStringLiteral("spawnAction"));
    spawn->setShortcut(QKeySequence::New);
    connect(spawn, &QAction::triggered, this, &MainWindow::spawnRequested);
    m_ui->fileMenu->insertAction(m_ui->quitAction, spawn);
    auto *settings = new QAction(tr("&Settings…"), this);
    settings->setObjectName(QStringLiteral("settingsAction"));
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);
    connect(settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    m_ui->fileMenu->insertAction(m_ui->quitAction, settings);
    m_ui->fileMenu->insertSeparator(m_ui->quitAction);

    // Two pages: the form's "no agents" page, and the fleet.
    QWidget *emptyPage = takeCentralWidget();
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(emptyPage);
    auto *fleetPage = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(fleetPage);
    m_filter = new QLineEdit(fleetPage);
    m_filter->setObjectName(QStringLiteral("fleetFilter"));
    m_filter->setPlaceholderText(tr("Filter by session, issue, branch or status"));
    m_filter->setClearButtonEnabled(true);
    m_table = new QTableView(fleetPage);
    m_table->setObjectName(QStringLiteral("fleetTable"));
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &MainWindow::showSessionMenu);
    m_changesPrompt = [](QWidget *owner, const SessionRecord &session) -> std::optional<LocalReviewInput> {
        ReviewDialog dialog(session.id, session.pr.number, owner);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return dialog.review();
    };
    m_detail = new SessionDetail(fleetPage);
    connect(m_detail, &SessionDetail::openUrlRequested, this, &MainWindow::openUrlRequested);
    auto *split = new QSplitter(Qt::Vertical, fleetPage);
    split->setObjectName(QStringLiteral("fleetSplit"));
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    m_projects = new ProjectSidebar(fleetPage);
    auto *sides = new QSplitter(Qt::Horizontal, fleetPage);
    sides->setObjectName(QStringLiteral("projectSplit"));
    sides->addWidget(m_projects);
    sides->addWidget(split);
    sides->setStretchFactor(0, 0);
    sides->setStretchFactor(1, 1);
    sides->setSizes({160, 1040});
    layout->addWidget(m_filter);
    layout->addWidget(sides);
    m_pages->addWidget(fleetPage);
    setCentralWidget(m_pages);

    m_decisionsDock = new QDockWidget(tr("Decisions"), this);
    m_decisionsDock->setObjectName(QStringLiteral("decisionsDock"));
    m_decisions = new DecisionsPanel(m_decisionsDock);
    m_decisionsDock->setWidget(m_decisions);
    addDockWidget(Qt::RightDockWidgetArea, m_decisionsDock);
    connect(m_decisions, &DecisionsPanel::openUrlRequested, this, &MainWindow::openUrlRequested);
    connect(m_decisions, &DecisionsPanel::showSessionRequested, this, &MainWindow::selectSession);
    // The picked project's actions (orchestrator, verification), as in its context menu.
    auto *projectMenu = new QMenu(tr("&Project"), this);
    projectMenu->setObjectName(QStringLiteral("projectMenu"));
    // With no project picked (or none shown yet: the fleet is empty), one submenu per project.
    connect(projectMenu, &QMenu::aboutToShow, this, [this, projectMenu] {
        qDeleteAll(projectMenu->findChildren<QMenu *>(Qt::FindDirectChildrenOnly));
        projectMenu->clear();
        if (const QString project = m_projects->currentProject(); !project.isEmpty()) {
            m_projects->fillProjectMenu(projectMenu, project);
            return;
        }
        const QList<ProjectSidebar::Project> projects = m_projects->listedProjects();
        if (projects.isEmpty())
            projectMenu->addAction(tr("No project is configured"))->setEnabled(false);
        for (const ProjectSidebar::Project &project : projects) {
            QMenu *actions = projectMenu->addMenu(project.name.isEmpty() ? project.id : project.name);
            actions->setObjectName(QStringLiteral("projectMenu:") + project.id);
            m_projects->fillProjectMenu(actions, project.id);
        }
    });
    auto *viewMenu = new QMenu(tr("&View"), this);
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    viewMenu->addAction(m_decisionsDock->toggleViewAction());
    QAction *history =
        viewMenu->addAction(tr("Notification &History…"), this, &MainWindow::notificationHistoryRequested);
    history->setObjectName(QStringLiteral("notificationHistoryAction"));
    QAction *dashboard =
        viewMenu->addAction(tr("Open &Dashboard in the Browser"), this, &MainWindow::dashboardRequested);
    dashboard->setObjectName(QStringLiteral("openDashboardAction"));
    menuBar()->insertMenu(m_ui->helpMenu->menuAction(), viewMenu);
    menuBar()->insertMenu(m_ui->helpMenu->menuAction(), projectMenu);
}

void MainWindow::setDecisionModel(DecisionModel *model)
{
    m_decisions->setModel(model);
    const auto retitle = [this](int pending) {
        m_decisionsDock->setWindowTitle(pending > 0 ? tr("Decisions (%1)").arg(pending) : tr("Decisions"));
    };
    connect(model, &DecisionModel::pendingCountChanged, this, retitle);
    retitle(model->rowCount());
}

MainWindow::~MainWindow() = default;

void MainWindow::setApiAddress(const QString &apiBase)
{
    m_ui->detailLabel->setText(tr("The local API listens on %1. Use `flo status` in a terminal to check on the "
                                  "fleet.")
                                   .arg(apiBase));
    m_ui->statusBar->showMessage(tr("Listening on %1").arg(apiBase));
}

void MainWindow::setFleetModel(FleetModel *model)
{
    m_model = model;
    m_sorted = new FleetSortModel(this);
    m_sorted->setSourceModel(model);
    m_table->setModel(m_sorted);
    auto *badges = new StatusBadgeDelegate(m_table);
    for (int column : {FleetModel::StatusColumn, FleetModel::CiColumn, FleetModel::ReviewColumn})
        m_table->setItemDelegateForColumn(column, badges);
    m_table->setItemDelegateForColumn(FleetModel::SessionColumn, new ConflictMarkDelegate(m_table));
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(FleetModel::IssueColumn, QHeaderView::Stretch);
    m_table->sortByColumn(FleetModel::AgeColumn, Qt::AscendingOrder);
    connect(m_filter, &QLineEdit::textChanged, m_sorted, &FleetSortModel::setFilterText);
    m_projects->setFleetModel(model);
    connect(m_projects, &ProjectSidebar::projectChosen, m_sorted, &FleetSortModel::setProjectFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    emit sessionSelected(current.data(FleetModel::SessionIdRole).toString());
            });
    connect(model, &QAbstractItemModel::rowsInserted, this, &MainWindow::showFleetOrEmptyPage);
    connect(model, &QAbstractItemModel::modelReset, this, &MainWindow::showFleetOrEmptyPage);
    // Ages move with the clock, not with the facts.
    auto *ages = new QTimer(this);
    ages->setInterval(std::chrono::seconds(15));
    connect(ages, &QTimer::timeout, model, &FleetModel::refreshAges);
    ages->start();
    showFleetOrEmptyPage();
}

void MainWindow::showFleetOrEmptyPage()
{
    m_pages->setCurrentIndex(m_model && m_model->rowCount() > 0 ? 1 : 0);
}

std::unique_ptr<QMenu> MainWindow::sessionMenu(const QString &sessionId)
{
    auto menu = std::make_unique<QMenu>(this);
    const int row = m_model ? m_model->rowOf(sessionId) : -1;
    if (row < 0)
        return menu;
    const SessionRecord session = m_model->session(row);
    const bool open = session.pr.state == PrState::Open;
    QAction *approve = menu->addAction(tr("Approve pull request #%1").arg(session.pr.number), this, [this, session] {
        LocalReviewInput review;
        review.verdict = LocalReviewInput::Verdict::Approved;
        review.headSha = session.pr.headSha;
        emit reviewSubmitted(session.id, review);
    });
    approve->setObjectName(QStringLiteral("approveAction"));
    approve->setEnabled(open);
    QAction *changes = menu->addAction(tr("Request changes on #%1…").arg(session.pr.number), this, [this, session] {
        std::optional<LocalReviewInput> review = m_changesPrompt(this, session);
        if (!review)
            return;
        review->verdict = LocalReviewInput::Verdict::ChangesRequested;
        review->headSha = session.pr.headSha;
        emit reviewSubmitted(session.id, *review);
    });
    changes->setObjectName(QStringLiteral("requestChangesAction"));
    changes->setEnabled(open);
    if (!session.pr.url.isEmpty()) {
        menu->addSeparator();
        QAction *openPr = menu->addAction(tr("Open pull request"), this,
                                          [this, url = QUrl(session.pr.url)] { emit openUrlRequested(url); });
        openPr->setObjectName(QStringLiteral("openPrAction"));
    }
    return menu;
}

void MainWindow::showSessionMenu(const QPoint &position)
{
    const QModelIndex index = m_table->indexAt(position);
    if (!index.isValid())
        return;
    std::unique_ptr<QMenu> menu = sessionMenu(index.data(FleetModel::SessionIdRole).toString());
    menu->exec(m_table->viewport()->mapToGlobal(position));
}

void MainWindow::selectSession(const QString &sessionId)
{
    const int row = m_model ? m_model->rowOf(sessionId) : -1;
    if (row < 0)
        return;
    QModelIndex index = m_sorted->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        m_filter->clear();
        index = m_sorted->mapFromSource(m_model->index(row, 0));
    }
    m_table->setCurrentIndex(index);
    m_table->selectRow(index.row());
    m_table->scrollTo(index);
}

void MainWindow::showStatusMessage(const QString &text)
{
    m_ui->statusBar->showMessage(text, 15000);
}

void MainWindow::present()
{
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_hideOnClose) {
        hide();
        event->ignore();
        return;
    }
    event->accept();
    emit quitRequested();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Flotilla"),
                       tr("<h3>Flotilla %1</h3><p>Runs fleets of AI coding agents, each in its own git worktree, "
                          "and asks you only when a decision is yours.</p>")
                           .arg(QStringLiteral(FLOTILLA_VERSION)));
}

} // namespace flotilla
