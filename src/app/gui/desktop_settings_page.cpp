#include "desktop_settings_page.h"

#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>

namespace flotilla {

DesktopSettingsPage::DesktopSettingsPage(DesktopPreferences &preferences, LoginItem loginItem, Context context,
                                         QWidget *parent)
    : QWidget(parent), m_preferences(preferences), m_loginItem(std::move(loginItem))
{
    setObjectName(QStringLiteral("desktopSettings"));
    auto *form = new QFormLayout(this);

    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("themeBox"));
    m_theme->addItem(tr("Follow the system"), int(DesktopPreferences::Theme::System));
    m_theme->addItem(tr("Light"), int(DesktopPreferences::Theme::Light));
    m_theme->addItem(tr("Dark"), int(DesktopPreferences::Theme::Dark));
    m_theme->setCurrentIndex(m_theme->findData(int(preferences.theme())));
    form->addRow(tr("Theme"), m_theme);

    m_startAtLogin = new QCheckBox(tr("Start Flotilla when I log in"), this);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLoginBox"));
    m_startAtLogin->setChecked(m_loginItem.isEnabled());
    m_startAtLogin->setToolTip(m_loginItem.location());
    form->addRow(QString(), m_startAtLogin);

    auto *priorities = new QWidget(this);
    auto *row = new QHBoxLayout(priorities);
    row->setContentsMargins(0, 0, 0, 0);
    const std::pair<Priority, QString> choices[] = {{Priority::Urgent, tr("Urgent")},
                                                    {Priority::Action, tr("Needs you")},
                                                    {Priority::Warning, tr("Warnings")},
                                                    {Priority::Info, tr("Information")}};
    for (const auto &[priority, label] : choices) {
        auto *box = new QCheckBox(label, priorities);
        box->setChecked(preferences.showsOnDesktop(priority));
        row->addWidget(box);
        m_priorities.append({priority, box});
    }
    row->addStretch();
    form->addRow(tr("Desktop notifications"), priorities);

    auto *routing = new QLabel(this);
    routing->setObjectName(QStringLiteral("routingSummary"));
    routing->setWordWrap(true);
    routing->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QString where =
        context.configFile.isEmpty() ? tr("the embedded defaults (no configuration file yet)") : context.configFile;
    routing->setText(tr("Other channels follow notificationRouting in %1:\n%2")
                         .arg(where, context.routing.isEmpty() ? tr("(nothing routed)") : context.routing.join(u'\n')));
    form->addRow(tr("Routing"), routing);

    auto *dashboard = new QLabel(this);
    dashboard->setObjectName(QStringLiteral("dashboardAddress"));
    dashboard->setTextInteractionFlags(Qt::TextSelectableByMouse);
    dashboard->setText(tr("%1 (the port is the configuration's `port`, or --port)").arg(context.dashboardUrl));
    form->addRow(tr("Dashboard"), dashboard);
}

QCheckBox *DesktopSettingsPage::priorityBox(Priority priority) const
{
    for (const auto &[candidate, box] : m_priorities) {
        if (candidate == priority)
            return box;
    }
    return nullptr;
}

Result<void> DesktopSettingsPage::apply()
{
    const auto theme = DesktopPreferences::Theme(m_theme->currentData().toInt());
    if (theme != m_preferences.theme()) {
        m_preferences.setTheme(theme);
        applyTheme(theme);
    }
    QList<Priority> shown;
    for (const auto &[priority, box] : std::as_const(m_priorities)) {
        if (box->isChecked())
            shown << priority;
    }
    m_preferences.setDesktopPriorities(shown);
    if (m_startAtLogin->isChecked() != m_loginItem.isEnabled())
        return m_loginItem.setEnabled(m_startAtLogin->isChecked());
    return {};
}

} // namespace flotilla
