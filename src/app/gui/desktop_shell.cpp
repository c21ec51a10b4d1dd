#include "desktop_shell.h"

#include "decisions_panel.h"
#include "host/instance_host.h"
#include "lifecycle/conflict_radar.h"
#include "lifecycle/escalations.h"
#include "main_window.h"
#include "models/decision_feed.h"
#include "models/decision_model.h"
#include "models/fleet_feed.h"
#include "models/fleet_model.h"
#include "notification_history.h"
#include "notify/notification_dispatcher.h"
#include "orchestrator_controls.h"
#include "project_sidebar.h"
#include "tray_icon.h"

#include "fleet/fleet.h"
#include "fleet/review_desk.h"

#include "config/config_model.h"
#include "desktop_notifier.h"
#include "desktop_preferences.h"
#include "desktop_settings_page.h"
#include "git/git_workspace_diff.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/session_manager.h"
#include "secrets/secret_store.h"
#include "session_detail.h"
#include "session_timeline.h"
#include "settings_dialog.h"
#include "spawn_dialog.h"
#include "store/event_log.h"
#include "store/session_store.h"
#include "store/store.h"
#include "terminal_controller.h"
#include "terminal_panel.h"
#include "theme.h"
#include "views/code_highlighter.h"
#include "views/diff_view.h"

#include <QApplication>
#include <QDebug>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace flotilla {

DesktopShell::DesktopShell(InstanceHost &host, QObject *parent)
    : QObject(parent), m_model(std::make_unique<FleetModel>()),
      m_feed(std::make_unique<FleetFeed>(host.store(), host.fleet(), *m_model)),
      m_decisionModel(std::make_unique<DecisionModel>()),
      m_decisionFeed(std::make_unique<DecisionFeed>(host.store(), host.fleet().escalations(), *m_decisionModel)),
      m_window(std::make_unique<MainWindow>()), m_tray(std::make_unique<TrayIcon>()), m_host(host),
      m_openUrl([](const QUrl &url) { QDesktopServices::openUrl(url); })
{
    m_preferences = std::make_unique<DesktopPreferences>();
    applyTheme(m_preferences->theme());
    m_window->setApiAddress(host.apiBase());
    connect(m_model.get(), &FleetModel::attentionCountChanged, m_tray.get(), &TrayIcon::setAttentionCount);
    if (auto loaded = m_feed->reload(); !loaded)
        qWarning().noquote() << "cannot show the stored sessions:" << loaded.error().toString();
    m_window->setFleetModel(m_model.get());
    if (const auto config = host.fleet().config()) {
        QList<ProjectSidebar::Project> projects;
        for (const ProjectConfig &project : config->projects)
            projects.append({project.id, project.name});
        m_window->projectSidebar()->setProjects(projects);
    }
    if (auto loaded = m_decisionFeed->reload(); !loaded)
        qWarning().noquote() << "cannot show the pending decisions:" << loaded.error().toString();
    m_window->setDecisionModel(m_decisionModel.get());
    connect(m_window->decisionsPanel(), &DecisionsPanel::answerRequested, this, &DesktopShell::answerDecision);
    // exit(), not quit(): in a GUI application quit() first asks every window to close, and
    // the main window refuses (it hides to the tray), which would cancel the quit.
    const auto quitApplication = [] { QCoreApplication::exit(0); };
    connect(m_window.get(), &MainWindow::quitRequested, qApp, quitApplication);
    connect(m_tray.get(), &TrayIcon::quitRequested, qApp, quitApplication);
    connect(m_tray.get(), &TrayIcon::showWindowRequested, m_window.get(), &MainWindow::present);
    connect(m_tray.get(), &TrayIcon::toggleWindowRequested, this, &DesktopShell::toggleWindow);
    m_tray->setModel(m_model.get());
    connect(m_tray.get(), &TrayIcon::openUrlRequested, this, [this](const QUrl &url) { m_openUrl(url); });
    connect(m_tray.get(), &TrayIcon::showSessionRequested, this, [this](const QString &id) {
        m_window->present();
        m_window->selectSession(id);
    });
    LifecycleManager &lifecycle = host.fleet().lifecycle();
    connect(m_tray.get(), &TrayIcon::pauseRequested, &lifecycle, &LifecycleManager::setPaused);
    connect(&lifecycle, &LifecycleManager::pausedChanged, m_tray.get(), &TrayIcon::setPaused);
    connect(&lifecycle, &LifecycleManager::pausedChanged, m_window.get(), [this](bool paused) {
        m_window->showStatusMessage(paused ? tr("Polling is paused: agents, pull requests and CI are not read.")
                                           : tr("Polling resumed."));
    });
    m_tray->setPaused(lifecycle.isPaused());

    // Desktop notifications: none for the session the person is looking at; a click opens
    // the pull request or shows the session.
    DesktopNotificationCenter &notifications = DesktopNotificationCenter::instance();
    notifications.setSuppress([this](const Notification &notification) {
        if (!m_preferences->showsOnDesktop(notification.event.priority))
            return true;
        return m_window->isActiveWindow() && !notification.event.sessionId.isEmpty()
               && m_window->sessionDetail()->sessionId() == notification.event.sessionId;
    });
    notifications.setFallbackPresenter([this](const Notification &notification) {
        if (!m_tray->isVisible())
            return false;
        m_tray->showMessage(notification);
        return true;
    });
    connect(&notifications, &DesktopNotificationCenter::actionInvoked, this,
            [this](const QString &sessionId, const QString &action, const QUrl &link) {
                if (action == QStringLiteral("open-pr") && link.isValid()) {
                    m_openUrl(link);
                    return;
                }
                m_window->present();
                m_window->selectSession(sessionId);
            });
    connect(m_tray.get(), &TrayIcon::messageClicked, this, [this](const QString &sessionId, const QUrl &link) {
        if (link.isValid())
            m_openUrl(link);
        else {
            m_window->present();
            m_window->selectSession(sessionId);
        }
    });
    connect(m_window.get(), &MainWindow::reviewSubmitted, this, &DesktopShell::submitReview);
    connect(m_window.get(), &MainWindow::openUrlRequested, this, [this](const QUrl &url) { m_openUrl(url); });
    connect(&host, &InstanceHost::activationRequested, this,
            [this](const QStringList &arguments) { openLink(FlotillaLink::among(arguments)); });
    connect(m_window.get(), &MainWindow::sessionSelected, this, &DesktopShell::showSession);
    connect(m_window.get(), &MainWindow::settingsRequested, this, &DesktopShell::openSettings);
    connect(m_window.get(), &MainWindow::spawnRequested, this, &DesktopShell::openSpawnDialog);
    connect(m_window.get(), &MainWindow::notificationHistoryRequested, this, &DesktopShell::openNotificationHistory);
    // A one-time sign-in link each time: the browser never sees the API token.
    const auto openDashboard = [this] { m_openUrl(QUrl(m_host.dashboardLoginLink())); };
    connect(m_window.get(), &MainWindow::dashboardRequested, this, openDashboard);
    connect(m_tray.get(), &TrayIcon::dashboardRequested, this, openDashboard);
    SessionDetail *detail = m_window->sessionDetail();
    connect(detail, &SessionDetail::commentRequested, this, &DesktopShell::commentOnDiff);
    connect(detail, &SessionDetail::sendToAgentRequested, this, &DesktopShell::sendToAgent);
    connect(detail, &SessionDetail::resolveThreadRequested, this, [this](const QString &id, const QString &thread) {
        m_host.fleet().reviews().resolve(id, thread, QStringLiteral("app")).then(this, [this, id](Result<void> done) {
            m_window->showStatusMessage(done ? tr("Resolved a review thread of %1").arg(id)
                                             : tr("The thread was not resolved: %1").arg(done.error().message));
        });
    });
    connect(&host.fleet().lifecycle(), &LifecycleManager::pullRequestRead, this, [this, detail](const QString &id) {
        if (id == detail->sessionId())
            detail->showPullRequest(m_host.fleet().lifecycle().lastPullRequest(id));
    });
    // The diff is read when its tab is shown, so browsing the fleet costs no disk reads.
    connect(detail, &QTabWidget::currentChanged, this, [this, detail] { showSession(detail->sessionId()); });
    // The conflict radar's overlaps, marked on the session cells after every scan.
    ConflictRadar &radar = host.fleet().conflictRadar();
    connect(&radar, &ConflictRadar::scanned, this, [this, &radar] {
        QHash<QString, QHash<QString, QStringList>> overlaps;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QString id = m_model->session(row).id;
            if (QHash<QString, QStringList> found = radar.overlapsOf(id); !found.isEmpty())
                overlaps.insert(id, std::move(found));
        }
        m_model->setOverlaps(overlaps);
    });
    connect(&host.store().events(), &EventLog::appended, this, [this, detail](const Event &event, qint64 seq) {
        if (!event.sessionId.isEmpty() && event.sessionId == m_timelineSession)
            detail->timeline()->addEvent(event, seq);
    });
    m_terminal = std::make_unique<TerminalController>(host.fleet(), *detail->terminalPanel());
    connect(m_terminal.get(), &TerminalController::statusMessage, m_window.get(), &MainWindow::showStatusMessage);
    m_orchestrators = std::make_unique<OrchestratorControls>(host.fleet(), host.store(), *m_window, *m_model);
    connect(m_orchestrators.get(), &OrchestratorControls::openUrlRequested, this,
            [this](const QUrl &url) { m_openUrl(url); });
    connect(m_model.get(), &QAbstractItemModel::dataChanged, this,
            [this, detail](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int row = m_model->rowOf(detail->sessionId());
                if (row >= topLeft.row() && row <= bottomRight.row()) {
                    detail->showSession(m_model->session(row));
                    followTerminal();
                }
            });
    m_commentPrompt = [](QWidget *owner, const DiffSelection &selection) {
        const QString where =
            selection.firstLine == selection.lastLine
                ? tr("%1, line %2").arg(selection.path).arg(selection.firstLine)
                : tr("%1, lines %2–%3").arg(selection.path).arg(selection.firstLine).arg(selection.lastLine);
        return QInputDialog::getMultiLineText(owner, tr("Comment to agent"),
                                              tr("What should the agent change in %1?").arg(where));
    };

    // Quitting is explicit (menu, tray, or closing the window where there is no tray).
    QApplication::setQuitOnLastWindowClosed(false);
    m_window->setHideOnClose(TrayIcon::isAvailable());
}

DesktopShell::~DesktopShell()
{
    DesktopNotificationCenter::instance().setSuppress({});
    DesktopNotificationCenter::instance().setFallbackPresenter({});
}

void DesktopShell::show()
{
    m_tray->show();
    m_window->present();
    // Once the window is up and the person looks at it, not before it is drawn.
    QTimer::singleShot(std::chrono::seconds(2), this, [] { CodeHighlighter::warmUp(); });
}

void DesktopShell::openLink(const std::optional<FlotillaLink> &link)
{
    m_window->present();
    if (!link)
        return;
    if (link->target == FlotillaLink::Target::Session)
        m_window->selectSession(link->id);
    else if (link->target == FlotillaLink::Target::Decision) {
        m_window->decisionsDock()->show();
        m_window->decisionsDock()->raise();
        m_window->decisionsPanel()->selectDecision(link->id);
    }
}

void DesktopShell::toggleWindow()
{
    if (m_window->isVisible() && m_window->isActiveWindow())
        m_window->hide();
    else
        m_window->present();
}

SettingsDialog *DesktopShell::openSettings()
{
    if (auto *open = m_window->findChild<SettingsDialog *>(); open && open->isVisible()) {
        open->raise();
        open->activateWindow();
        return open;
    }
    if (!m_secrets)
        m_secrets = std::make_unique<SecretStore>();
    DesktopSettingsPage::Context context;
    context.dashboardUrl = m_host.apiBase();
    context.configFile = m_host.settings().configFile;
    if (const auto config = m_host.fleet().config()) {
        const std::pair<Priority, QString> priorities[] = {{Priority::Urgent, QStringLiteral("urgent")},
                                                           {Priority::Action, QStringLiteral("action")},
                                                           {Priority::Warning, QStringLiteral("warning")},
                                                           {Priority::Info, QStringLiteral("info")}};
        for (const auto &[priority, name] : priorities) {
            const QStringList notifiers = config->notifiersFor(priority);
            context.routing << QStringLiteral("%1 → %2").arg(
                name, notifiers.isEmpty() ? tr("nobody") : notifiers.join(QStringLiteral(", ")));
        }
    }
    auto *page =
        new DesktopSettingsPage(*m_preferences, LoginItem(QCoreApplication::applicationFilePath()), std::move(context));
    auto *dialog = new SettingsDialog(*m_secrets, page, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

SpawnDialog *DesktopShell::openSpawnDialog()
{
    // A closed one is only waiting for deletion.
    if (auto *open = m_window->findChild<SpawnDialog *>(); open && open->isVisible()) {
        open->raise();
        open->activateWindow();
        return open;
    }
    Fleet &fleet = m_host.fleet();
    SpawnDialog::Backend backend;
    if (const auto config = fleet.config()) {
        for (const ProjectConfig &project : config->projects) {
            const ProjectPlugins *plugins = fleet.plugins(project.id);
            if (!plugins)
                continue; // its plugins could not be selected: `problems()` says why
            QStringList agents = plugins->agents.keys();
            agents.sort();
            backend.projects.append({project.id, project.name, agents, config->workerAgent(project.id)});
        }
    }
    backend.searchIssues = [&fleet](const QString &projectId, const IssueQuery &query) -> Async<QList<Issue>> {
        const ProjectPlugins *plugins = fleet.plugins(projectId);
        if (!plugins || !plugins->tracker)
            return failed<QList<Issue>>(
                makeError(QStringLiteral("spawn.no_tracker"), tr("project %1 has no issue tracker").arg(projectId)));
        return plugins->tracker->listIssues(query);
    };
    backend.liveSessionsByIssue = [this](const QString &projectId) {
        QHash<QString, QString> live;
        if (auto sessions = m_host.store().sessions().list(projectId, SessionStore::Terminated::Exclude)) {
            for (const SessionRecord &session : sessions.value()) {
                if (!session.issueId.isEmpty() && session.kind == SessionKind::Worker)
                    live.insert(session.issueId, session.id);
            }
        }
        return live;
    };
    backend.spawn = [&fleet](const SpawnRequest &request) { return fleet.sessions().spawn(request); };
    auto *dialog = new SpawnDialog(std::move(backend), m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(&fleet.sessions(), &SessionManager::progress, dialog,
            [this, dialog](const QString &id, const QString &step) {
                if (auto session = m_host.store().sessions().get(id); session && session.value())
                    dialog->showProgress(session.value()->issueId, step);
            });
    connect(dialog, &SpawnDialog::batchFinished, this, [this](int started, int failedCount) {
        m_window->showStatusMessage(
            failedCount == 0 ? tr("Started %n agent(s)", "", started)
                             : tr("Started %1, %2 failed (the spawn dialog says why)").arg(started).arg(failedCount));
    });
    dialog->show();
    return dialog;
}

void DesktopShell::showSession(const QString &sessionId)
{
    const int row = m_model->rowOf(sessionId);
    if (row < 0)
        return;
    const SessionRecord session = m_model->session(row);
    SessionDetail *detail = m_window->sessionDetail();
    detail->showSession(session);
    detail->showPullRequest(m_host.fleet().lifecycle().lastPullRequest(sessionId));
    if (detail->currentWidget() == detail->diffView())
        loadDiff(session);
    followTerminal();
    if (sessionId != m_timelineSession)
        loadTimeline(sessionId);
}

NotificationHistory *DesktopShell::openNotificationHistory()
{
    if (auto *open = m_window->findChild<NotificationHistory *>(); open && open->isVisible()) {
        open->raise();
        open->activateWindow();
        return open;
    }
    Store &store = m_host.store();
    auto *history =
        new NotificationHistory([&store](int limit) { return store.outbox().history(limit); }, m_window.get());
    history->setAttribute(Qt::WA_DeleteOnClose);
    connect(&m_host.fleet().dispatcher(), &NotificationDispatcher::deliveryFinished, history,
            &NotificationHistory::refresh);
    connect(history, &NotificationHistory::showSessionRequested, this, [this](const QString &id) {
        m_window->present();
        m_window->selectSession(id);
    });
    history->show();
    return history;
}

void DesktopShell::loadTimeline(const QString &sessionId)
{
    m_timelineSession = sessionId;
    EventQuery query;
    query.sessionId = sessionId;
    query.limit = SessionTimeline::kMaxRows;
    auto events = m_host.store().events().query(query);
    if (!events) {
        m_window->showStatusMessage(
            tr("The history of %1 could not be read: %2").arg(sessionId, events.error().message));
        return;
    }
    m_window->sessionDetail()->timeline()->setEvents(events.value());
}

void DesktopShell::followTerminal()
{
    SessionDetail *detail = m_window->sessionDetail();
    const int row = m_model->rowOf(detail->sessionId());
    if (row >= 0 && detail->currentWidget() == detail->terminalPanel())
        m_terminal->follow(m_model->session(row));
    else
        m_terminal->follow(std::nullopt);
}

void DesktopShell::loadDiff(const SessionRecord &session)
{
    SessionDetail *detail = m_window->sessionDetail();
    if (session.workspacePath.isEmpty() || !QFileInfo::exists(session.workspacePath)) {
        detail->showDiffProblem(tr("the workspace of %1 is gone").arg(session.id));
        return;
    }
    QString base = QStringLiteral("main");
    if (const auto config = m_host.fleet().config()) {
        for (const ProjectConfig &project : config->projects)
            if (project.id == session.projectId)
                base = project.defaultBranch;
    }
    detail->showDiffLoading();
    const quint64 request = ++m_diffRequest;
    auto *watcher = new QFutureWatcher<Result<WorkspaceDiff>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, request, id = session.id] {
        watcher->deleteLater();
        if (request != m_diffRequest || m_window->sessionDetail()->sessionId() != id)
            return; // another session was picked meanwhile
        Result<WorkspaceDiff> diff = watcher->result();
        if (!diff)
            m_window->sessionDetail()->showDiffProblem(diff.error().message);
        else
            m_window->sessionDetail()->showDiff(std::move(diff).value());
    });
    // libgit2 reads the workspace without the index lock, off the GUI thread.
    watcher->setFuture(QtConcurrent::run([path = session.workspacePath, base] { return workspaceDiff(path, base); }));
}

void DesktopShell::commentOnDiff(const QString &sessionId, const DiffSelection &selection)
{
    const QString comment = m_commentPrompt(m_window.get(), selection).trimmed();
    if (comment.isEmpty())
        return;
    const QString where =
        selection.firstLine == selection.lastLine
            ? QStringLiteral("%1, line %2").arg(selection.path).arg(selection.firstLine)
            : QStringLiteral("%1, lines %2-%3").arg(selection.path).arg(selection.firstLine).arg(selection.lastLine);
    const QString message =
        QStringLiteral("A comment on your changes in %1%2:\n```diff\n%3\n```\n%4")
            .arg(where, selection.oldSide ? QStringLiteral(" (removed lines)") : QString(), selection.text, comment);
    sendToAgent(sessionId, message);
}

void DesktopShell::sendToAgent(const QString &sessionId, const QString &text)
{
    auto sent = m_host.fleet().sessions().send(sessionId, text, QStringLiteral("app"));
    sent.then(this, [this, sessionId](Result<void> result) {
        m_window->showStatusMessage(
            result ? tr("Sent to %1").arg(sessionId)
                   : tr("The message did not reach %1: %2").arg(sessionId, result.error().message));
    });
}

void DesktopShell::answerDecision(const QString &decisionId, const QString &answer)
{
    m_host.fleet()
        .escalations()
        .answer(decisionId, answer, QStringLiteral("desktop"))
        .then(this, [this](Result<AppliedAnswer> applied) {
            const QString outcome =
                applied ? (applied->accepted ? tr("%1: %2").arg(applied->decision.sessionId, applied->outcome)
                                             : tr("Not applied: %1").arg(applied->outcome))
                        : tr("The answer was not applied: %1").arg(applied.error().message);
            m_window->decisionsPanel()->showOutcome(outcome);
            m_window->showStatusMessage(outcome);
        });
}

void DesktopShell::submitReview(const QString &sessionId, const LocalReviewInput &review)
{
    auto submitted = m_host.fleet().reviews().submit(sessionId, review, QStringLiteral("app"));
    if (!submitted) {
        m_window->showStatusMessage(tr("The review of %1 was not saved: %2").arg(sessionId, submitted.error().message));
        return;
    }
    m_window->showStatusMessage(
        review.verdict == LocalReviewInput::Verdict::Approved
            ? tr("Approved pull request #%1 of %2").arg(submitted->prNumber).arg(sessionId)
            : tr("Asked %2 for changes on pull request #%1").arg(submitted->prNumber).arg(sessionId));
}

} // namespace flotilla
