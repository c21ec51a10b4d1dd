#pragma once

#include "pane_snapshot.h"
#include "util/result.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace flotilla {

class TmuxClient;

// Delivers one message to the agent in a tmux pane and makes sure it was submitted:
//   1. the pane must exist and its process still run; a pane that has not drawn anything yet
//      (an agent still starting) is waited for until it has drawn and holds still, since text
//      pasted before the agent asks for bracketed paste arrives as lines, each one submitted;
//   2. the text goes into a named tmux buffer through stdin (never an argv, any length);
//   3. it is pasted as a bracketed paste, so its newlines are text, not Enter;
//   4. the pane is watched until it stops changing: the agent has taken the paste in (agent
//      TUIs collapse big pastes into a placeholder, and an Enter that arrives while they are
//      still busy with it is lost);
//   5. Enter is pressed, and the pane must change again (the input box cleared, the message
//      echoed or queued); if it does not, only Enter is pressed again, a bounded number of
//      times, and a delivery that never shows is reported as unconfirmed, never as sent.
class TextDelivery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TextDelivery)

public:
    struct Timing
    {
        std::chrono::milliseconds poll{150};
        // A paste is taken as settled early only once the pane has shown it; before that
        // two equal snapshots may just mean the agent has not read its input yet.
        std::chrono::milliseconds minSettle{600};
        std::chrono::milliseconds maxSettle{5000};
        std::chrono::milliseconds confirmWindow{2000};
        int extraEnters = 2;
        // How long a blank pane is waited for before the text goes in anyway.
        std::chrono::milliseconds drawWait{5000};
    };
    using Done = std::function<void(Result<void>)>;

    TextDelivery(TmuxClient &client, QString socket, QString session, QString text, QString bufferName, Timing timing,
                 QObject *parent = nullptr);

    // Runs the delivery; `done` is called once, from the event loop.
    void start(Done done);

private:
    void snapshot(const std::function<void(PaneSnapshot)> &next);
    void loadText();
    void awaitDrawn(std::optional<PaneSnapshot> previous);
    void begin(const PaneSnapshot &pane);
    void paste();
    void awaitSettled();
    void pressEnter();
    void awaitReaction();
    void finish(Result<void> result);
    void fail(const QString &code, const QString &message);
    void failMissing();

    TmuxClient &m_client;
    QString m_socket;
    QString m_session;
    QString m_pane;
    QString m_text;
    QString m_buffer;
    Timing m_timing;
    Done m_done;
    QTimer m_poll;
    QElapsedTimer m_phase;
    PaneSnapshot m_before; // before the paste
    PaneSnapshot m_last;   // the latest snapshot
    PaneSnapshot m_base;   // the settled pane Enter's effect is measured against
    PaneNoise m_noise;
    int m_enters = 0;
    std::function<void()> m_onPoll;
};

} // namespace flotilla
