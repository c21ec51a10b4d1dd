#include "terminal_panel.h"

#include "views/message_editor.h"
#include "views/screen_view.h"

#include <QHBoxLayout>
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

    m_message = new MessageEditor(tr("Message to the agent (Ctrl+Enter sends)"), this);
    m_message->setObjectName(QStringLiteral("terminalMessage"));
    connect(m_message, &MessageEditor::submitted, this, &TerminalPanel::send);

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

} // namespace flotilla
