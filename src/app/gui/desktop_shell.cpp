#include "desktop_shell.h"

#include "host/instance_host.h"
#include "main_window.h"
#include "models/fleet_feed.h"
#include "models/fleet_model.h"
#include "tray_icon.h"

#include "fleet/fleet.h"
#include "fleet/review_desk.h"

#include <QApplication>
#include <QDebug>
#include <QDesktopServices>

namespace flotilla {

DesktopShell::DesktopShell(InstanceHost &host, QObject *parent)
    : QObject(parent), m_model(std::make_unique<FleetModel>()),
      m_feed(std::make_unique<FleetFeed>(host.store(), host.fleet(), *m_model)),
      m_window(std::make_unique<MainWindow>()), m_tray(std::make_unique<TrayIcon>()), m_host(host),
      m_openUrl([](const QUrl &url) { QDesktopServices::openUrl(url); })
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
    connect(m_window.get(), &MainWindow::reviewSubmitted, this, &DesktopShell::submitReview);
    connect(m_window.get(), &MainWindow::openUrlRequested, this, [this](const QUrl &url) { m_openUrl(url); });
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

void DesktopShell::submitReview(const QString &sessionId, const LocalReviewInput &review)
{
    auto submitted = m_host.fleet().reviews().submit(sessionId, review, QStringLiteral("app"));
    if (!submitted) {
        m_window->showStatusMessage(tr("The review of %1 was not saved: %2").arg(sessionId, submitted.error().message));
        return;
    }
    m_window->showStatusMessage(
        review.verdict == LocalReviewInput::Verdict::Approved
            ? tr("Approved pull request #%1 of %2").arg(submitted->prNumber).arg(sessionId)
            : tr("Asked %2 for changes on pull request #%1").arg(submitted->prNumber).arg(sessionId));
}

} // namespace flotilla
