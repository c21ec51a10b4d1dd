#pragma once

#include <QObject>
#include <QUrl>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace flotilla {

class FleetModel;
struct Notification;

// The tray icon: always there while Flotilla runs, so the fleet is one click away even with
// the main window closed. Left click toggles the window. The menu lists the sessions that
// need a person (each opens its pull request or the session), pauses and resumes polling,
// shows the window and quits.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    explicit TrayIcon(QObject *parent = nullptr);
    ~TrayIcon() override;

    // False where the desktop has no system tray (the window then stays the only way in).
    static bool isAvailable();
    bool isVisible() const;
    void show();
    // The sessions to list; the menu is rebuilt from it each time it opens.
    void setModel(const FleetModel *model);
    // How many sessions need a person, shown in the tooltip.
    void setAttentionCount(int count);
    void setPaused(bool paused);
    QString toolTip() const;
    QMenu *menu() const { return m_menu; }
    // Rebuilds the attention list now (the menu does so when it opens).
    void refreshMenu();
    // A tray message (platforms without a notification service); its click is messageClicked.
    void showMessage(const Notification &notification);

signals:
    void showWindowRequested();
    void dashboardRequested();
    void toggleWindowRequested();
    void quitRequested();
    void showSessionRequested(const QString &sessionId);
    void openUrlRequested(const QUrl &url);
    void pauseRequested(bool paused);
    void messageClicked(const QString &sessionId, const QUrl &link);

private:
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_attentionStart = nullptr; // the list goes after this separator
    QAction *m_pause = nullptr;
    QList<QObject *> m_listed; // the listed sessions' submenus and notes, replaced on each refresh
    const FleetModel *m_model = nullptr;
    int m_attention = 0;
    QString m_messageSession; // what the last tray message was about
    QUrl m_messageLink;
};

} // namespace flotilla
