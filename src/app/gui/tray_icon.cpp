#include "tray_icon.h"

#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace flotilla {

TrayIcon::TrayIcon(QObject *parent) : QObject(parent), m_menu(new QMenu)
{
    m_icon = new QSystemTrayIcon(QIcon(QStringLiteral(":/flotilla/icons/flotilla.svg")), this);
    m_icon->setToolTip(tr("Flotilla — nothing needs you"));
    m_menu->addAction(tr("Show Flotilla"), this, &TrayIcon::showWindowRequested);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit Flotilla"), this, &TrayIcon::quitRequested);
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            emit toggleWindowRequested();
    });
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

void TrayIcon::setAttentionCount(int count)
{
    m_icon->setToolTip(count == 0 ? tr("Flotilla — nothing needs you")
                                  : tr("Flotilla — %n session(s) need you", nullptr, count));
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
