#include "text_delivery.h"

#include "tmux_client.h"

using namespace Qt::StringLiterals;

namespace flotilla {

TextDelivery::TextDelivery(TmuxClient &client, QString socket, QString session, QString text, QString bufferName,
                           Timing timing, QObject *parent)
    : QObject(parent), m_client(client), m_socket(std::move(socket)), m_session(std::move(session)),
      m_pane(TmuxClient::paneTarget(m_session)), m_text(std::move(text)), m_buffer(std::move(bufferName)),
      m_timing(timing)
{
    m_poll.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (m_onPoll)
            m_onPoll();
    });
}

void TextDelivery::start(Done done)
{
    m_done = std::move(done);
    m_phase.start();
    awaitDrawn(std::nullopt);
}

void TextDelivery::awaitDrawn(std::optional<PaneSnapshot> previous)
{
    snapshot([this, previous](PaneSnapshot pane) {
        if (pane.dead)
            return fail(u"runtime.agent_exited"_s,
                        u"the agent in tmux session %1 has exited; the message was not sent"_s.arg(m_session));
        const bool drawn = std::any_of(pane.rows.cbegin(), pane.rows.cend(),
                                       [](const QString &row) { return !row.trimmed().isEmpty(); });
        // An agent that was already on screen takes the text at once; one that is starting
        // is given until it has drawn and stopped moving.
        const bool ready = drawn && (!previous || pane == *previous);
        if (ready || m_phase.elapsed() >= m_timing.drawWait.count())
            return begin(pane);
        m_onPoll = [this, pane] { awaitDrawn(pane); };
        m_poll.start(m_timing.poll);
    });
}

void TextDelivery::begin(const PaneSnapshot &pane)
{
    m_before = pane;
    m_last = pane;
    if (m_text.isEmpty()) {
        m_base = pane;
        return pressEnter();
    }
    loadText();
}

void TextDelivery::snapshot(const std::function<void(PaneSnapshot)> &next)
{
    m_client.run(m_socket, PaneSnapshot::arguments(m_pane), [this, next](Result<TmuxOutput> ran) {
        if (!ran)
            return finish(ran.error());
        if (!ran->ok()) {
            if (TmuxClient::isTargetMissing(ran->err))
                return failMissing();
            return fail(u"runtime.send_failed"_s,
                        u"cannot read the pane of tmux session %1: %2"_s.arg(m_session, ran->err));
        }
        std::optional<PaneSnapshot> pane = PaneSnapshot::parse(ran->out);
        if (!pane)
            return fail(u"runtime.send_failed"_s,
                        u"tmux described the pane of session %1 in an unexpected way"_s.arg(m_session));
        next(std::move(*pane));
    });
}

void TextDelivery::loadText()
{
    m_client.run(
        m_socket, {u"load-buffer"_s, u"-b"_s, m_buffer, u"-"_s},
        [this](Result<TmuxOutput> ran) {
            if (!ran)
                return finish(ran.error());
            if (!ran->ok())
                return fail(u"runtime.send_failed"_s,
                            u"tmux did not take the message for session %1: %2"_s.arg(m_session, ran->err));
            paste();
        },
        m_text.toUtf8());
}

void TextDelivery::paste()
{
    // A person scrolling back in the pane has put it in copy mode, where keys drive the mode
    // instead of reaching the agent: leave the mode first. -p: bracketed paste when the
    // program asked for it, as agent TUIs do, so the newlines in the text stay text; -d: the
    // buffer is deleted once pasted.
    m_client.run(m_socket,
                 {u"copy-mode"_s, u"-q"_s, u"-t"_s, m_pane, u";"_s, u"paste-buffer"_s, u"-p"_s, u"-d"_s, u"-b"_s,
                  m_buffer, u"-t"_s, m_pane},
                 [this](Result<TmuxOutput> ran) {
                     if (!ran)
                         return finish(ran.error());
                     if (!ran->ok()) {
                         // The buffer would otherwise stay in the server with the message in it.
                         m_client.run(m_socket, {u"delete-buffer"_s, u"-b"_s, m_buffer}, [](Result<TmuxOutput>) {});
                         if (TmuxClient::isTargetMissing(ran->err))
                             return failMissing();
                         return fail(u"runtime.send_failed"_s,
                                     u"tmux could not paste into session %1: %2"_s.arg(m_session, ran->err));
                     }
                     m_phase.start();
                     awaitSettled();
                 });
}

void TextDelivery::awaitSettled()
{
    m_onPoll = [this] {
        snapshot([this](PaneSnapshot pane) {
            if (pane.dead)
                return fail(u"runtime.agent_exited"_s,
                            u"the agent in tmux session %1 exited while the message was pasted"_s.arg(m_session));
            const PaneSnapshot previous = std::exchange(m_last, pane);
            const bool still = pane == previous;
            const bool shown = pane != m_before || m_phase.elapsed() >= m_timing.minSettle.count();
            if (still && shown) {
                m_base = pane;
                m_noise = {};
                return pressEnter();
            }
            if (m_phase.elapsed() >= m_timing.maxSettle.count()) {
                // Still moving: what keeps changing is the agent's own animation, not the
                // paste; leave it out when looking for the reaction to Enter.
                m_base = pane;
                m_noise = PaneNoise::between(previous, pane);
                return pressEnter();
            }
            m_poll.start(m_timing.poll);
        });
    };
    m_poll.start(m_timing.poll);
}

void TextDelivery::pressEnter()
{
    ++m_enters;
    m_client.run(m_socket,
                 {u"copy-mode"_s, u"-q"_s, u"-t"_s, m_pane, u";"_s, u"send-keys"_s, u"-t"_s, m_pane, u"Enter"_s},
                 [this](Result<TmuxOutput> ran) {
                     if (!ran)
                         return finish(ran.error());
                     if (!ran->ok()) {
                         if (TmuxClient::isTargetMissing(ran->err))
                             return failMissing();
                         return fail(u"runtime.send_failed"_s,
                                     u"tmux could not press Enter in session %1: %2"_s.arg(m_session, ran->err));
                     }
                     m_phase.start();
                     awaitReaction();
                 });
}

void TextDelivery::awaitReaction()
{
    m_onPoll = [this] {
        snapshot([this](PaneSnapshot pane) {
            m_last = pane;
            if (changedBeyondNoise(m_base, pane, m_noise))
                return finish({});
            if (m_phase.elapsed() < m_timing.confirmWindow.count())
                return m_poll.start(m_timing.poll);
            if (m_enters <= m_timing.extraEnters)
                return pressEnter();
            fail(u"runtime.send_unconfirmed"_s,
                 u"delivery not confirmed: the pane of tmux session %1 did not react to Enter (pressed %2 times); "
                 u"the message may still wait unsubmitted in the agent's input"_s.arg(m_session)
                     .arg(m_enters));
        });
    };
    m_poll.start(m_timing.poll);
}

void TextDelivery::finish(Result<void> result)
{
    m_poll.stop();
    m_onPoll = nullptr;
    if (Done done = std::exchange(m_done, nullptr))
        done(std::move(result));
}

void TextDelivery::fail(const QString &code, const QString &message)
{
    finish(makeError(code, message, m_session));
}

void TextDelivery::failMissing()
{
    fail(u"runtime.session_missing"_s,
         u"tmux session %1 does not exist (tmux server \"%2\"); the message was not sent"_s.arg(m_session, m_socket));
}

} // namespace flotilla
