#pragma once

#include "model/session_facts.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace flotilla {

class Fleet;
class TerminalPanel;

// Keeps the Terminal tab live: while it shows a session, reads the agent's screen about once a
// second (never two reads at once, answers for a session no longer shown dropped), and carries
// out the panel's messages and "Open in Terminal".
class TerminalController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalController)

public:
    static constexpr int kLines = 1000; // of the agent's scrollback shown
    static constexpr std::chrono::milliseconds kRefresh{1000};

    TerminalController(Fleet &fleet, TerminalPanel &panel, QObject *parent = nullptr);

    // The session whose terminal is on screen; nothing: the tab is not shown, reading stops.
    void follow(const std::optional<SessionRecord> &session);

signals:
    void statusMessage(const QString &message);

private:
    void read();
    void send(const QString &text);
    void openInTerminal();

    Fleet &m_fleet;
    TerminalPanel &m_panel;
    std::optional<SessionRecord> m_session;
    QTimer m_timer;
    bool m_reading = false;
};

} // namespace flotilla
