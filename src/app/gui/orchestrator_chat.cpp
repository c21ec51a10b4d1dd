#include "orchestrator_chat.h"

#include "fleet/fleet.h"
#include "fleet/session_console.h"
#include "lifecycle/session_manager.h"
#include "plugin/await_result.h"
#include "store/event_log.h"

namespace flotilla {

namespace {

const QString kSent = QStringLiteral("session.message_sent");
const QString kNotSent = QStringLiteral("session.message_failed");
// Who the desktop says it is when it sends.
const QString kActor = QStringLiteral("desktop");

} // namespace

OrchestratorChat::OrchestratorChat(Fleet &fleet, EventLog &events, OrchestratorPanel &panel, QObject *parent)
    : QObject(parent), m_fleet(fleet), m_events(events), m_panel(panel)
{
    m_timer.setInterval(kRefresh);
    connect(&m_timer, &QTimer::timeout, this, &OrchestratorChat::read);
    connect(&panel, &OrchestratorPanel::sendRequested, this, &OrchestratorChat::send);
    connect(&events, &EventLog::appended, this, [this](const Event &event) { logged(event); });
}

void OrchestratorChat::follow(const std::optional<SessionRecord> &session)
{
    const bool another = !session || !m_session || session->id != m_session->id;
    m_session = session;
    if (!session) {
        m_timer.stop();
        return;
    }
    if (another || !m_timer.isActive()) {
        // Whatever was said while the panel was away (from the dashboard, `flo send`) shows too.
        loadHistory();
        m_timer.start();
        read();
    }
}

std::optional<OrchestratorPanel::Message> OrchestratorChat::messageOf(const Event &event)
{
    if (event.type != kSent && event.type != kNotSent)
        return std::nullopt;
    OrchestratorPanel::Message message;
    message.at = event.timestamp;
    // The log keeps an orchestrator's messages whole up to a limit; a longer one says it goes on.
    message.text = event.data.value(QStringLiteral("preview")).toString();
    if (event.data.value(QStringLiteral("length")).toInt() > message.text.size())
        message.text += QStringLiteral("…");
    message.mine = true;
    if (event.actor == kActor || event.actor == QStringLiteral("app"))
        message.who = tr("You");
    else if (event.actor == QStringLiteral("dashboard"))
        message.who = tr("You (dashboard)");
    else if (event.actor == QStringLiteral("cli"))
        message.who = tr("You (flo)");
    else {
        message.who = event.actor;
        message.mine = false;
    }
    if (event.type == kNotSent) {
        message.state = OrchestratorPanel::Message::State::Failed;
        message.problem = event.data.value(QStringLiteral("error")).toString();
        if (message.problem.isEmpty())
            message.problem = event.message; // logged before the error had its own field
    }
    return message;
}

void OrchestratorChat::loadHistory()
{
    EventQuery query;
    query.sessionId = m_session->id;
    query.types = {kSent, kNotSent};
    query.limit = OrchestratorPanel::kMaxMessages;
    query.order = EventQuery::Order::NewestFirst;
    auto events = m_events.query(query);
    if (!events) {
        m_panel.showStatus(tr("The conversation could not be read: %1").arg(events.error().message), true);
        return;
    }
    QList<OrchestratorPanel::Message> messages;
    for (auto it = events->crbegin(); it != events->crend(); ++it) {
        if (auto message = messageOf(it->event))
            messages.append(*message);
    }
    m_panel.setMessages(messages);
}

void OrchestratorChat::logged(const Event &event)
{
    if (!m_session || event.sessionId != m_session->id)
        return;
    auto message = messageOf(event);
    if (!message)
        return;
    // The panel already shows the message it is sending (one at a time); it learns the outcome
    // from send().
    if (m_panel.sending() && event.actor == kActor)
        return;
    m_panel.addMessage(*message);
}

void OrchestratorChat::read()
{
    if (!m_session || m_reading || !m_panel.isVisible())
        return;
    m_reading = true;
    const QString id = m_session->id;
    awaitResult(readSessionOutput(m_fleet, *m_session, kLines), this, kSendTimeout,
                tr("reading the screen of %1").arg(id), [this, id](Result<QString> output) {
                    m_reading = false;
                    if (!m_session || m_session->id != id)
                        return;
                    if (output)
                        m_panel.showOutput(output.value());
                    else
                        m_panel.showProblem(tr("No output from %1: %2").arg(id, output.error().message));
                });
}

void OrchestratorChat::send(const QString &text)
{
    if (!m_session) {
        m_panel.sendFinished(false, tr("The orchestrator is not shown any more; pick it again."));
        return;
    }
    const QString id = m_session->id;
    awaitResult(m_fleet.sessions().send(id, text, kActor), this, kSendTimeout, tr("sending to %1").arg(id),
                [this, id](Result<void> sent) {
                    const QString status = sent ? tr("Delivered to %1").arg(id)
                                                : tr("The message did not reach %1: %2").arg(id, sent.error().message);
                    emit statusMessage(status);
                    if (m_panel.sessionId() != id)
                        return; // another orchestrator is shown: the status bar said it
                    m_panel.sendFinished(bool(sent), status, sent ? QString() : sent.error().message);
                    if (sent)
                        read(); // its answer starts showing at once
                });
}

} // namespace flotilla
