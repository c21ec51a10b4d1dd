#pragma once

#include "model/session_facts.h"
#include "orchestrator_panel.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace flotilla {

class EventLog;
class Fleet;
struct Event;

// Keeps the orchestrator's conversation live while its panel shows: the messages people sent
// it, from the event log (every front end's, and new ones as they are logged), the agent's
// screen read about once a second (never two reads at once, answers for another orchestrator
// dropped), and the panel's messages delivered through the session manager as the desktop's.
class OrchestratorChat final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrchestratorChat)

public:
    static constexpr int kLines = 400; // of the agent's scrollback shown
    static constexpr std::chrono::milliseconds kRefresh{1000};
    static constexpr std::chrono::seconds kSendTimeout{60};

    OrchestratorChat(Fleet &fleet, EventLog &events, OrchestratorPanel &panel, QObject *parent = nullptr);

    // The orchestrator whose panel is on screen; nothing: it is not shown, reading stops.
    void follow(const std::optional<SessionRecord> &session);

    // A logged message to a session as the conversation shows it; nothing for other events.
    static std::optional<OrchestratorPanel::Message> messageOf(const Event &event);

signals:
    void statusMessage(const QString &message);

private:
    void read();
    void send(const QString &text);
    void loadHistory();
    void logged(const Event &event);

    Fleet &m_fleet;
    EventLog &m_events;
    OrchestratorPanel &m_panel;
    std::optional<SessionRecord> m_session;
    QTimer m_timer;
    bool m_reading = false;
};

} // namespace flotilla
