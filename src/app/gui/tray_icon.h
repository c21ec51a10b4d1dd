#pragma once

#include <QObject>

class QMenu;
class QSystemTrayIcon;

namespace flotilla {

// The tray icon: always there while Flotilla runs, so the fleet is one click away even with
// the main window closed. Left click toggles the window; the menu shows it or quits.
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
    // How many sessions need a person, shown in the tooltip.
    void setAttentionCount(int count);
    QString toolTip() const;

signals:
    void showWindowRequested();
    void toggleWindowRequested();
    void quitRequested();

private:
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
};

} // namespace flotilla
