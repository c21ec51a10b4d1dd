#include "tray_icon.h"

#include "model/display_status.h"
#include "models/fleet_model.h"
#include "plugin/notifier_plugin.h"

#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace flotilla {

namespace {

// At most this many sessions in the menu; the window lists the rest.
constexpr int kMaxListed = 15;

} // namespace

TrayIcon::TrayIcon(QObject *parent) : QObject(parent), m_menu(new QMenu)
{
    m_icon = new QSystemTrayIcon(QIcon(QStringLiteral(":/flotilla/icons/flotilla.svg")), this);
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_menu->addAction(tr("Show Flotilla"), this, &TrayIcon::showWindowRequested);
    m_menu->addAction(tr("Open Dashboard in the Browser"), this, &TrayIcon::dashboardRequested)
        ->setObjectName(QStringLiteral("trayDashboardAction"));
    m_attentionStart = m_menu->addSeparator();
    m_menu->addSeparator();
    m_pause = m_menu->addAction(tr("Pause polling"));
    m_pause->setObjectName(QStringLiteral("pauseAction"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Stops reading agents, pull requests and CI until resumed."));
    connect(m_pause, &QAction::triggered, this, &TrayIcon::pauseRequested);
    m_menu->addAction(tr("Quit Flotilla"), this, &TrayIcon::quitRequested);
    m_icon->setContextMenu(m_menu);
    connect(m_menu, &QMenu::aboutToShow, this, &TrayIcon::refreshMenu);
    connect(m_icon, &QSystemTrayIcon::messageClicked, this,
            [this] { emit messageClicked(m_messageSession, m_messageLink); });
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            emit toggleWindowRequested();
    });
    setAttentionCount(0);
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // a context menu has no QObject parent (QSystemTrayIcon does not own it)
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

bool TrayIcon::isVisible() const
{
    return m_icon->isVisible();
}

void TrayIcon::setModel(const FleetModel *model)
{
    m_model = model;
    refreshMenu();
}

void TrayIcon::setAttentionCount(int count)
{
    m_attention = count;
    QString tip =
        count == 0 ? tr("Flotilla — nothing needs you") : tr("Flotilla — %n session(s) need you", nullptr, count);
    if (m_pause->isChecked())
        tip += u'\n' + tr("Polling is paused");
    m_icon->setToolTip(tip);
}

void TrayIcon::setPaused(bool paused)
{
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume polling") : tr("Pause polling"));
    setAttentionCount(m_attention);
}

void TrayIcon::refreshMenu()
{
    qDeleteAll(m_listed); // a submenu takes its entry in the menu with it
    m_listed.clear();
    if (!m_model)
        return;
    QList<QAction *> actions;
    int listed = 0;
    int waiting = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, FleetModel::StatusColumn);
        if (!index.data(FleetModel::AttentionRole).toBool())
            continue;
        ++waiting;
        if (listed >= kMaxListed)
            continue;
        ++listed;
        const SessionRecord &session = m_model->session(row);
        const QString status = index.data().toString();
        auto *entry = new QMenu(m_menu);
        entry->setTitle(session.pr.number > 0 ? tr("%1 — %2 · #%3").arg(session.id, status).arg(session.pr.number)
                                              : tr("%1 — %2").arg(session.id, status));
        entry->menuAction()->setObjectName(QStringLiteral("attention:") + session.id);
        entry->menuAction()->setToolTip(session.displayName);
        if (!session.pr.url.isEmpty()) {
            QAction *open = entry->addAction(tr("Open pull request #%1").arg(session.pr.number), this,
                                             [this, url = QUrl(session.pr.url)] { emit openUrlRequested(url); });
            open->setObjectName(QStringLiteral("openPr"));
        }
        QAction *show =
            entry->addAction(tr("Show in Flotilla"), this, [this, id = session.id] { emit showSessionRequested(id); });
        show->setObjectName(QStringLiteral("showSession"));
        actions << entry->menuAction();
        m_listed << entry;
    }
    if (waiting > listed) {
        QAction *more = new QAction(tr("… and %n more in the window", nullptr, waiting - listed), m_menu);
        connect(more, &QAction::triggered, this, &TrayIcon::showWindowRequested);
        actions << more;
        m_listed << more;
    }
    if (actions.isEmpty()) {
        QAction *none = new QAction(tr("Nothing needs you"), m_menu);
        none->setEnabled(false);
        actions << none;
        m_listed << none;
    }
    // Inserted after the separator that opens the list, in order.
    QAction *before = m_menu->actions().value(m_menu->actions().indexOf(m_attentionStart) + 1);
    m_menu->insertActions(before, actions);
}

void TrayIcon::showMessage(const Notification &notification)
{
    m_messageSession = notification.event.sessionId;
    m_messageLink = notification.link;
    const QSystemTrayIcon::MessageIcon icon =
        notification.event.priority == Priority::Urgent ? QSystemTrayIcon::Critical
        : notification.event.priority == Priority::Info ? QSystemTrayIcon::Information
                                                        : QSystemTrayIcon::Warning;
    m_icon->showMessage(notification.title, notification.body, icon);
}

QString TrayIcon::toolTip() const
{
    return m_icon->toolTip();
}

void TrayIcon::show()
{
    m_icon->show();
}

} // namespace flotilla
