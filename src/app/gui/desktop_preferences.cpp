#include "desktop_preferences.h"

#include "util/app_paths.h"

#include <QSettings>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kThemeKey = u"appearance/theme"_s;
const QString kDesktopKey = u"notifications/desktopPriorities"_s;

constexpr std::pair<Priority, const char16_t *> kPriorityNames[] = {{Priority::Urgent, u"urgent"},
                                                                    {Priority::Action, u"action"},
                                                                    {Priority::Warning, u"warning"},
                                                                    {Priority::Info, u"info"}};

// A file of its own in Flotilla's config folder: the same place on every platform, and
// independent of the organisation name QSettings would otherwise need.
QString preferencesFile()
{
    return AppPaths::configDir() + u"/desktop.ini"_s;
}

} // namespace

DesktopPreferences::DesktopPreferences()
{
    const QSettings settings(preferencesFile(), QSettings::IniFormat);
    const QString theme = settings.value(kThemeKey).toString();
    m_theme = theme == themeName(Theme::Light)  ? Theme::Light
              : theme == themeName(Theme::Dark) ? Theme::Dark
                                                : Theme::System;
    const QStringList names = settings.contains(kDesktopKey)
                                  ? settings.value(kDesktopKey).toStringList()
                                  : QStringList{u"urgent"_s, u"action"_s, u"warning"_s, u"info"_s};
    for (const auto &[priority, name] : kPriorityNames) {
        if (names.contains(QString::fromUtf16(name)))
            m_desktopPriorities.append(priority);
    }
}

QString DesktopPreferences::themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return u"light"_s;
    case Theme::Dark:
        return u"dark"_s;
    case Theme::System:
        break;
    }
    return u"system"_s;
}

void DesktopPreferences::setTheme(Theme theme)
{
    m_theme = theme;
    QSettings(preferencesFile(), QSettings::IniFormat).setValue(kThemeKey, themeName(theme));
}

void DesktopPreferences::setDesktopPriorities(const QList<Priority> &priorities)
{
    m_desktopPriorities = priorities;
    QStringList names;
    for (const auto &[priority, name] : kPriorityNames) {
        if (priorities.contains(priority))
            names << QString::fromUtf16(name);
    }
    // An empty list is a choice too (no desktop pop-ups), so it is stored, not removed.
    QSettings(preferencesFile(), QSettings::IniFormat).setValue(kDesktopKey, names);
}

} // namespace flotilla
