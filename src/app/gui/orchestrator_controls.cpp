#include "orchestrator_controls.h"

#include "config/config_model.h"
#include "fleet/backlog_desk.h"
#include "fleet/fleet.h"
#include "main_window.h"
#include "models/fleet_model.h"
#include "orchestrator_chat.h"
#include "orchestrator_panel.h"
#include "orchestrator_starter.h"
#include "project_sidebar.h"
#include "session_detail.h"
#include "store/store.h"

#include <QMessageBox>

namespace flotilla {

namespace {

// Who the desktop says it is when it acts.
const QString kActor = QStringLiteral("desktop");

} // namespace

OrchestratorControls::OrchestratorControls(Fleet &fleet, Store &store, MainWindow &window, FleetModel &model,
                                           QObject *parent)
    : QObject(parent), m_fleet(fleet), m_store(store), m_window(window), m_model(model),
      m_starter(std::make_unique<OrchestratorStarter>(fleet, store))
{
    SessionDetail *detail = window.sessionDetail();
    OrchestratorPanel *panel = detail->orchestratorPanel();
    m_chat = std::make_unique<OrchestratorChat>(fleet, store.events(), *panel);
    connect(m_chat.get(), &OrchestratorChat::statusMessage, &window, &MainWindow::showStatusMessage);
    connect(detail, &SessionDetail::sessionShown, this, &OrchestratorControls::followChat);
    connect(detail, &QTabWidget::currentChanged, this, &OrchestratorControls::followChat);
    connect(panel, &OrchestratorPanel::restartRequested, this, &OrchestratorControls::startOrchestrator);

    ProjectSidebar *sidebar = window.projectSidebar();
    connect(sidebar, &ProjectSidebar::startOrchestratorRequested, this, &OrchestratorControls::startOrchestrator);
    connect(sidebar, &ProjectSidebar::showSessionRequested, &window, &MainWindow::selectSession);
    connect(sidebar, &ProjectSidebar::verifyRequested, this, &OrchestratorControls::openVerifyDialog);

    connect(m_starter.get(), &OrchestratorStarter::startingChanged, this,
            [sidebar, panel](const QString &projectId, bool starting) {
                sidebar->setStartingOrchestrator(projectId, starting);
                if (panel->projectId() == projectId)
                    panel->setStarting(starting);
            });
    connect(m_starter.get(), &OrchestratorStarter::progress, &window, &MainWindow::showStatusMessage);
    connect(m_starter.get(), &OrchestratorStarter::started, this,
            [this](const QString &projectId, const QString &sessionId, const QString &outcome) {
                m_window.showStatusMessage(tr("The orchestrator of %1 is %2: %3").arg(projectId, outcome, sessionId));
                // Straight to its chat: the person started it to talk to it.
                m_model.flush();
                m_window.selectSession(sessionId);
            });
    connect(m_starter.get(), &OrchestratorStarter::failed, this, &OrchestratorControls::showStartFailure);
}

OrchestratorControls::~OrchestratorControls() = default;

void OrchestratorControls::startOrchestrator(const QString &projectId)
{
    m_starter->start(projectId);
}

void OrchestratorControls::followChat()
{
    SessionDetail *detail = m_window.sessionDetail();
    const int row = m_model.rowOf(detail->sessionId());
    const bool shown = row >= 0 && m_model.session(row).kind == SessionKind::Orchestrator
                       && detail->currentWidget() == detail->orchestratorPanel();
    if (!shown) {
        m_chat->follow(std::nullopt);
        return;
    }
    const SessionRecord session = m_model.session(row);
    detail->orchestratorPanel()->setStarting(m_starter->isStarting(session.projectId));
    m_chat->follow(session);
}

void OrchestratorControls::showStartFailure(const QString &projectId, const QString &problem)
{
    const QString text = tr("The orchestrator of %1 did not start: %2").arg(projectId, problem);
    m_window.showStatusMessage(text);
    // Not modal: the fleet goes on, and the message waits for the person.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Orchestrator not started"), text, QMessageBox::Ok, &m_window);
    box->setObjectName(QStringLiteral("orchestratorStartFailure"));
    box->setInformativeText(tr("The event log has the details. Fix the project's configuration or agent, then start "
                               "it again from the project's menu."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

VerifyDialog *OrchestratorControls::openVerifyDialog(const QString &projectId)
{
    for (VerifyDialog *open : m_window.findChildren<VerifyDialog *>()) {
        if (open->isVisible() && open->projectId() == projectId) {
            open->raise();
            open->activateWindow();
            return open;
        }
    }
    Fleet &fleet = m_fleet;
    Store &store = m_store;
    VerifyDialog::Backend backend;
    backend.projectId = projectId;
    if (const auto config = fleet.config()) {
        if (const ProjectConfig *project = config->project(projectId))
            backend.projectName = project->name;
    }
    backend.unverified = [&fleet, projectId] { return fleet.backlog().unverified(projectId); };
    backend.verify = [&fleet, projectId](const QString &issueId, bool passed, const QString &comment) {
        return fleet.backlog().verify(projectId, issueId, passed, comment, kActor);
    };
    backend.claims = [&store, projectId] {
        QHash<QString, BacklogClaim> claims;
        if (auto listed = store.backlogClaims().list(projectId)) {
            for (const BacklogClaim &claim : std::as_const(listed.value()))
                claims.insert(claim.issueId, claim);
        }
        return claims;
    };
    auto *dialog = new VerifyDialog(std::move(backend), &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_failurePrompt)
        dialog->setFailurePrompt(m_failurePrompt);
    connect(dialog, &VerifyDialog::openUrlRequested, this, &OrchestratorControls::openUrlRequested);
    connect(dialog, &VerifyDialog::verdictGiven, &m_window, [this](const QString &issueId, bool passed) {
        m_window.showStatusMessage(passed ? tr("%1 verified and closed").arg(issueId)
                                          : tr("%1 failed verification and is open again").arg(issueId));
    });
    dialog->show();
    return dialog;
}

} // namespace flotilla
