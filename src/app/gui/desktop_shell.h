#pragma once

#include "host/flotilla_link.h"
#include "model/session_facts.h"
#include "store/local_scm_store.h"
#include "views/diff_canvas.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace flotilla {

class DecisionFeed;
class DesktopPreferences;
class DecisionModel;
class FleetFeed;
class FleetModel;
class InstanceHost;
class MainWindow;
class NotificationHistory;
class OrchestratorControls;
class SecretStore;
class SettingsDialog;
class SpawnDialog;
class TerminalController;
class TrayIcon;

// Puts a face on a running InstanceHost: the main window and the tray icon, wired to each
// other and to hand-overs from later launches.
class DesktopShell final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopShell)

public:
    explicit DesktopShell(InstanceHost &host, QObject *parent = nullptr);
    ~DesktopShell() override;

    void show();
    // Brings the window up on what a flotilla:// link names (the window alone for none).
    void openLink(const std::optional<FlotillaLink> &link);
    // The settings dialog (tokens and keys in the keychain), modeless; the open one if any.
    SettingsDialog *openSettings();
    // The spawn dialog (issues from the project's tracker), modeless; the open one if any.
    SpawnDialog *openSpawnDialog();
    // Every notification sent or tried, with what became of it; the open one if any.
    NotificationHistory *openNotificationHistory();
    MainWindow &window() const { return *m_window; }
    TrayIcon &tray() const { return *m_tray; }
    FleetModel &fleetModel() const { return *m_model; }
    DecisionModel &decisionModel() const { return *m_decisionModel; }
    // Orchestrators (start, chat) and the check of merged work.
    OrchestratorControls &orchestratorControls() const { return *m_orchestrators; }
    // How links (pull requests) are opened: the desktop's browser, or a test's recorder.
    void setUrlOpener(std::function<void(const QUrl &)> opener) { m_openUrl = std::move(opener); }
    // Asks what to tell the agent about lines picked in a diff; empty: nothing is sent.
    using CommentPrompt = std::function<QString(QWidget *parent, const DiffSelection &selection)>;
    void setCommentPrompt(CommentPrompt prompt) { m_commentPrompt = std::move(prompt); }

private:
    void toggleWindow();
    void submitReview(const QString &sessionId, const LocalReviewInput &review);
    void showSession(const QString &sessionId);
    void loadDiff(const SessionRecord &session);
    // Reads the picked session's terminal while its tab is shown, else nothing.
    void followTerminal();
    // The picked session's history from the event log, once per pick; new events come live.
    void loadTimeline(const QString &sessionId);
    void commentOnDiff(const QString &sessionId, const DiffSelection &selection);
    void sendToAgent(const QString &sessionId, const QString &text);
    void answerDecision(const QString &decisionId, const QString &answer);

    // Declared first: the window's views refer to the model until they are gone.
    std::unique_ptr<FleetModel> m_model;
    std::unique_ptr<FleetFeed> m_feed;
    std::unique_ptr<DecisionModel> m_decisionModel;
    std::unique_ptr<DecisionFeed> m_decisionFeed;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
    InstanceHost &m_host;
    std::function<void(const QUrl &)> m_openUrl;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<DesktopPreferences> m_preferences;
    std::unique_ptr<TerminalController> m_terminal;
    std::unique_ptr<OrchestratorControls> m_orchestrators;
    CommentPrompt m_commentPrompt;
    quint64 m_diffRequest = 0; // answers of older diff reads are dropped
    QString m_timelineSession; // whose history the Overview shows
};

} // namespace flotilla
