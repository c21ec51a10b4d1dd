#include "desktop_shell.h"

#include "host/instance_host.h"
#include "main_window.h"
#include "models/fleet_feed.h"
#include "models/fleet_model.h"
#include "tray_icon.h"

#include <QApplication>
#include <QDebug>

namespace flotilla {

DesktopShell::DesktopShell(InstanceHost &host, QObject *parent)
    : QObject(parent), m_model(std::make_unique<FleetModel>()),
      m_feed(std::make_unique<FleetFeed>(host.store(), host.fleet(), *m_model)),
      m_window(std::make_unique<MainWindow>()), m_tray(std::make_unique<TrayIcon>())
{
    m_window->setApiAddress(host.apiBase());
    connect(m_model.get(), &FleetModel::attentionCountChanged, m_tray.get(), &TrayIcon::setAttentionCount);
    if (auto loaded = m_feed->reload(); !loaded)
        qWarning().noquote() << "cannot show the stored sessions:" << loaded.error().toString();
    m_window->setFleetModel(m_model.get());
    // exit(), not quit(): in a GUI application quit() first asks every window to close, and
    // the main window refuses (it hides to the tray), which would cancel the quit.
    const auto quitApplication = [] { QCoreApplication::exit(0); };
    connect(m_window.get(), &MainWindow::quitRequested, qApp, quitApplication);
    connect(m_tray.get(), &TrayIcon::quitRequested, qApp, quitApplication);
    connect(m_tray.get(), &TrayIcon::showWindowRequested, m_window.get(), &MainWindow::present);
    connect(m_tray.get(), &TrayIcon::toggleWindowRequested, this, &DesktopShell::toggleWindow);
    connect(&host, &InstanceHost::activationRequested, m_window.get(), &MainWindow::present);

    // Quitting is explicit (menu, tray, or closing the window where there is no tray).
    QApplication::setQuitOnLastWindowClosed(false);
    m_window->setHideOnClose(TrayIcon::isAvailable());
}

DesktopShell::~DesktopShell() = default;

void DesktopShell::show()
{
    m_tray->show();
    m_window->present();
}

void DesktopShell::toggleWindow()
{
    if (m_window->isVisible() && m_window->isActiveWindow())
        m_window->hide();
    else
        m_window->present();
}

} // namespace flotilla
