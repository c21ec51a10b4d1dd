#include "terminal_controller.h"

#include "fleet/fleet.h"
#include "fleet/session_console.h"
#include "lifecycle/session_manager.h"
#include "terminal_panel.h"

namespace flotilla {

TerminalController::TerminalController(Fleet &fleet, TerminalPanel &panel, QObject *parent)
    : QObject(parent), m_fleet(fleet), m_panel(panel)
{
    m_timer.setInterval(kRefresh);
    connect(&m_timer, &QTimer::timeout, this, &TerminalController::read);
    connect(&panel, &TerminalPanel::sendRequested, this, &TerminalController::send);
    connect(&panel, &TerminalPanel::openInTerminalRequested, this, &TerminalController::openInTerminal);
}

void TerminalController::follow(const std::optional<SessionRecord> &session)
{
    const bool another = !session || !m_session || session->id != m_session->id;
    m_session = session;
    if (!session) {
        m_timer.stop();
        return;
    }
    if (another || !m_timer.isActive()) {
        m_timer.start();
        read();
    }
}

void TerminalController::read()
{
    if (!m_session || m_reading || !m_panel.isVisible())
        return;
    m_reading = true;
    const QString id = m_session->id;
    readSessionOutput(m_fleet, *m_session, kLines).then(this, [this, id](Result<QString> output) {
        m_reading = false;
        if (!m_session || m_session->id != id)
            return;
        if (output)
            m_panel.showOutput(output.value());
        else
            m_panel.showProblem(tr("No output from %1: %2").arg(id, output.error().message));
    });
}

void TerminalController::send(const QString &text)
{
    if (!m_session) {
        m_panel.sendFinished(false, tr("Pick a session first."));
        return;
    }
    const QString id = m_session->id;
    m_fleet.sessions().send(id, text, QStringLiteral("app")).then(this, [this, id](Result<void> sent) {
        const QString status =
            sent ? tr("Sent to %1").arg(id) : tr("The message did not reach %1: %2").arg(id, sent.error().message);
        m_panel.sendFinished(bool(sent), status);
        emit statusMessage(status);
        if (sent)
            read(); // the agent's answer starts showing at once
    });
}

void TerminalController::openInTerminal()
{
    if (!m_session)
        return;
    const QString id = m_session->id;
    openSessionInTerminal(m_fleet, *m_session).then(this, [this, id](Result<void> opened) {
        const QString status = opened ? tr("Opened %1 in your terminal").arg(id)
                                      : tr("%1 did not open in a terminal: %2").arg(id, opened.error().message);
        m_panel.showStatus(status);
        emit statusMessage(status);
    });
}

} // namespace flotilla
