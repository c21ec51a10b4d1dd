#pragma once

#include "model/event.h"

#include <QList>
#include <QString>

namespace flotilla {

// The desktop app's own choices, kept in the user's QSettings (never a secret, never the
// project configuration): the colour theme and which priorities pop up on the desktop.
class DesktopPreferences final
{
public:
    enum class Theme { System, Light, Dark };

    DesktopPreferences();

    Theme theme() const { return m_theme; }
    void setTheme(Theme theme);
    // The desktop's own routing: priorities it shows (the other channels follow the
    // configuration's `notificationRouting`, which also decides what reaches the desktop at
    // all). By default every priority the configuration routes here.
    bool showsOnDesktop(Priority priority) const { return m_desktopPriorities.contains(priority); }
    QList<Priority> desktopPriorities() const { return m_desktopPriorities; }
    void setDesktopPriorities(const QList<Priority> &priorities);

    static QString themeName(Theme theme);

private:
    Theme m_theme = Theme::System;
    QList<Priority> m_desktopPriorities;
};

} // namespace flotilla
