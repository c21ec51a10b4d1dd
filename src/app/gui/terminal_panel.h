#pragma once

#include "views/message_editor.h"
#include "views/screen_view.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace flotilla {

// The agent's terminal inside the window: its screen as last read (colours kept), a message
// box that may hold several lines (Ctrl+Enter sends), and "Open in Terminal" for taking over
// in the person's own terminal emulator. The shell reads the output and delivers the messages.
class TerminalPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalPanel)

public:
    explicit TerminalPanel(QWidget *parent = nullptr);

    // The screen as last read. The view follows new output unless the person scrolled up.
    void showOutput(const QString &text);
    // Instead of output: why there is none (no running agent, a failed read).
    void showProblem(const QString &problem);
    // Another session: the old screen and any half-written message's status go.
    void reset();
    // The outcome of the last sendRequested(): sent clears the box, a failure keeps the text.
    void sendFinished(bool sent, const QString &status);
    // A line under the message box: what became of the last message or "Open in Terminal".
    void showStatus(const QString &status);

    QPlainTextEdit *outputView() const { return m_output; }
    QPlainTextEdit *messageField() const { return m_message; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *openTerminalButton() const { return m_openTerminal; }
    QString statusText() const;

signals:
    void sendRequested(const QString &text);
    void openInTerminalRequested();

private:
    void send();

    ScreenView *m_output = nullptr;
    MessageEditor *m_message = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_openTerminal = nullptr;
    QLabel *m_status = nullptr;
    bool m_sending = false;
};

} // namespace flotilla
