#pragma once

#include "verify_dialog.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace flotilla {

class Fleet;
class FleetModel;
class MainWindow;
class OrchestratorChat;
class OrchestratorStarter;
class Store;

// The window's ways to the projects' orchestrators and to the check of merged work, wired to
// the fleet: starting an orchestrator from the project list (progress in the status bar,
// failures said plainly), its chat kept live while the picked orchestrator's chat tab shows,
// and the verify dialog per project.
class OrchestratorControls final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrchestratorControls)

public:
    OrchestratorControls(Fleet &fleet, Store &store, MainWindow &window, FleetModel &model, QObject *parent = nullptr);
    ~OrchestratorControls() override;

    void startOrchestrator(const QString &projectId);
    // The check of the project's merged work, modeless; the open one of the project if any.
    VerifyDialog *openVerifyDialog(const QString &projectId);
    // How the verify dialogs ask why merged work failed; tests answer for the person.
    void setFailurePrompt(VerifyDialog::FailurePrompt prompt) { m_failurePrompt = std::move(prompt); }
    OrchestratorStarter &starter() const { return *m_starter; }

signals:
    void openUrlRequested(const QUrl &url);

private:
    // Follows the picked orchestrator's chat while its tab shows, else nothing.
    void followChat();
    void showStartFailure(const QString &projectId, const QString &problem);

    Fleet &m_fleet;
    Store &m_store;
    MainWindow &m_window;
    FleetModel &m_model;
    std::unique_ptr<OrchestratorStarter> m_starter;
    std::unique_ptr<OrchestratorChat> m_chat;
    VerifyDialog::FailurePrompt m_failurePrompt;
};

} // namespace flotilla
