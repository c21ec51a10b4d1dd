#include "main_window.h"

#include "ui_main_window.h"

#include <QCloseEvent>
#include <QMessageBox>

namespace flotilla {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/flotilla/icons/flotilla.svg")));
    QFont headline = m_ui->headlineLabel->font();
    headline.setPointSizeF(headline.pointSizeF() * 1.6);
    m_ui->headlineLabel->setFont(headline);
    connect(m_ui->quitAction, &QAction::triggered, this, &MainWindow::quitRequested);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

MainWindow::~MainWindow() = default;

void MainWindow::setApiAddress(const QString &apiBase)
{
    m_ui->detailLabel->setText(tr("The local API listens on %1. Use `flo status` in a terminal to check on the "
                                  "fleet.")
                                   .arg(apiBase));
    m_ui->statusBar->showMessage(tr("Listening on %1").arg(apiBase));
}

void MainWindow::present()
{
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_hideOnClose) {
        hide();
        event->ignore();
        return;
    }
    event->accept();
    emit quitRequested();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Flotilla"),
                       tr("<h3>Flotilla %1</h3><p>Runs fleets of AI coding agents, each in its own git worktree, "
                          "and asks you only when a decision is yours.</p>")
                           .arg(QStringLiteral(FLOTILLA_VERSION)));
}

} // namespace flotilla
