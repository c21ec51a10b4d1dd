#pragma once

#include "views/message_editor.h"
#include "views/screen_view.h"

#include "model/session_facts.h"

#include <QDateTime>
#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace flotilla {

// A project's orchestrator as a conversation: what people told it (from here, the dashboard or
// `flo send`), the agent's screen as last read, and a message box that may hold several lines
// (Ctrl+Enter sends). An orchestrator that has ended offers to start again. A message being
// sent shows in the conversation at once and says whether it arrived. The controller reads the
// agent and delivers the messages.
class OrchestratorPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrchestratorPanel)

public:
    struct Message
    {
        enum class State { Sending, Delivered, Failed };

        QString who;       // as people read it: "You", "You (dashboard)", "flotilla"
        bool mine = false; // the person at this desk (or their other front ends) said it
        QString text;
        QDateTime at;
        State state = State::Delivered;
        QString problem; // why a failed one did not arrive
    };

    static constexpr int kMaxMessages = 200; // of the conversation kept on screen

    explicit OrchestratorPanel(QWidget *parent = nullptr);

    // The orchestrator shown (its facts changed, or another one); another clears the screen.
    void showOrchestrator(const SessionRecord &session);
    QString sessionId() const { return m_sessionId; }
    QString projectId() const { return m_projectId; }
    // The conversation so far, oldest first; then one message at a time as it happens.
    void setMessages(const QList<Message> &messages);
    void addMessage(const Message &message);
    QList<Message> messages() const { return m_messages; }
    // The agent's screen as last read; the view follows new output unless scrolled up.
    void showOutput(const QString &text);
    // Instead of output: why there is none.
    void showProblem(const QString &problem);
    // While a message is on its way: its text (the log's own record of it is then not shown twice).
    std::optional<QString> sending() const { return m_sending; }
    // The outcome of the last sendRequested(): sent clears the box, a failure keeps the text
    // and marks the message in the conversation with `reason` (the status when there is none).
    void sendFinished(bool sent, const QString &status, const QString &reason = QString());
    // The line under the message box; `problem` shows it as an error.
    void showStatus(const QString &status, bool problem = false);
    // While the orchestrator is being started again.
    void setStarting(bool starting);

    QTextBrowser *conversationView() const { return m_conversation; }
    QPlainTextEdit *outputView() const { return m_output; }
    QPlainTextEdit *messageField() const { return m_message; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *restartButton() const { return m_restart; }
    QString statusText() const;

signals:
    void sendRequested(const QString &text);
    void restartRequested(const QString &projectId);

private:
    void send();
    void render();
    void updateSendButton();

    QString m_sessionId;
    QString m_projectId;
    bool m_ended = false;
    QLabel *m_title = nullptr;
    QPushButton *m_restart = nullptr;
    QTextBrowser *m_conversation = nullptr;
    ScreenView *m_output = nullptr;
    MessageEditor *m_message = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_status = nullptr;
    QList<Message> m_messages;
    std::optional<QString> m_sending;
};

} // namespace flotilla
