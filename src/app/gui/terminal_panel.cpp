#include "terminal_panel.h"

#include "views/screen_view.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace flotilla {

TerminalPanel::TerminalPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("terminalPanel"));
    m_output = new ScreenView(this);
    m_output->setObjectName(QStringLiteral("terminalOutput"));

    m_message = new QPlainTextEdit(this);
    m_message->setObjectName(QStringLiteral("terminalMessage"));
    m_message->setTabChangesFocus(true);
    m_message->setPlaceholderText(tr("Message to the agent (Ctrl+Enter sends)"));
    m_message->setFixedHeight(m_message->fontMetrics().lineSpacing() * 4 + 12);
    m_message->installEventFilter(this);

    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("terminalSendButton"));
    m_send->setEnabled(false);
    m_openTerminal = new QPushButton(tr("Open in &Terminal"), this);
    m_openTerminal->setObjectName(QStringLiteral("openTerminalButton"));
    m_openTerminal->setToolTip(tr("Attach your own terminal to the agent's session; closing it leaves the agent "
                                  "running."));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("terminalStatus"));
    m_status->setWordWrap(true);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_openTerminal);
    buttons->addStretch();
    auto *input = new QHBoxLayout;
    input->addWidget(m_message, 1);
    input->addLayout(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_output, 1);
    layout->addLayout(input);
    layout->addWidget(m_status);

    connect(m_message, &QPlainTextEdit::textChanged, this,
            [this] { m_send->setEnabled(!m_sending && !m_message->toPlainText().trimmed().isEmpty()); });
    connect(m_send, &QPushButton::clicked, this, &TerminalPanel::send);
    connect(m_openTerminal, &QPushButton::clicked, this, &TerminalPanel::openInTerminalRequested);
}

void TerminalPanel::showOutput(const QString &text)
{
    m_output->showScreen(text);
}

void TerminalPanel::showProblem(const QString &problem)
{
    m_output->showProblem(problem);
}

void TerminalPanel::reset()
{
    m_output->clearScreen();
    m_status->clear();
}

void TerminalPanel::sendFinished(bool sent, const QString &status)
{
    m_sending = false;
    if (sent)
        m_message->clear();
    m_send->setEnabled(!m_message->toPlainText().trimmed().isEmpty());
    showStatus(status);
}

void TerminalPanel::showStatus(const QString &status)
{
    m_status->setText(status);
}

QString TerminalPanel::statusText() const
{
    return m_status->text();
}

void TerminalPanel::send()
{
    const QString text = m_message->toPlainText();
    if (m_sending || text.trimmed().isEmpty())
        return;
    m_sending = true;
    m_send->setEnabled(false);
    m_status->setText(tr("Sending…"));
    emit sendRequested(text);
}

bool TerminalPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_message && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace flotilla
