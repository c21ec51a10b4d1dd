#pragma once

#include "desktop_preferences.h"
#include "host/login_item.h"

#include <QWidget>

class QCheckBox;
class QComboBox;

namespace flotilla {

// The Settings dialog's Desktop page: the colour theme (following the system by default),
// starting at login, which priorities pop up on the desktop, and where the dashboard and the
// configuration are, with how the other channels are routed.
class DesktopSettingsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopSettingsPage)

public:
    struct Context
    {
        QString dashboardUrl;
        QString configFile;  // empty: the embedded defaults
        QStringList routing; // "urgent → desktop, slack", one line per priority
    };

    DesktopSettingsPage(DesktopPreferences &preferences, LoginItem loginItem, Context context,
                        QWidget *parent = nullptr);

    // Stores and applies what the page shows; an error says what could not be changed.
    Result<void> apply();

    QComboBox *themeBox() const { return m_theme; }
    QCheckBox *startAtLoginBox() const { return m_startAtLogin; }
    QCheckBox *priorityBox(Priority priority) const;

private:
    DesktopPreferences &m_preferences;
    LoginItem m_loginItem;
    QComboBox *m_theme = nullptr;
    QCheckBox *m_startAtLogin = nullptr;
    QList<std::pair<Priority, QCheckBox *>> m_priorities;
};

} // namespace flotilla
