#include "orchestrator_panel.h"

#include "model/display_status.h"
#include "models/fleet_model.h"
#include "views/message_editor.h"
#include "views/screen_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace flotilla {

namespace {

// A tint of `accent` over `base`: readable in light and dark themes alike.
QColor tint(const QColor &base, const QColor &accent, double amount)
{
    return QColor::fromRgbF(float(base.redF() + (accent.redF() - base.redF()) * amount),
                            float(base.greenF() + (accent.greenF() - base.greenF()) * amount),
                            float(base.blueF() + (accent.blueF() - base.blueF()) * amount));
}

QString when(const QDateTime &at)
{
    if (!at.isValid())
        return QString();
    const QDateTime local = at.toLocalTime();
    return local.date() == QDate::currentDate() ? QLocale().toString(local.time(), QLocale::ShortFormat)
                                                : QLocale().toString(local, QLocale::ShortFormat);
}

const QColor kProblem(0xc6, 0x28, 0x28);

} // namespace

OrchestratorPanel::OrchestratorPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("orchestratorPanel"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("orchestratorTitle"));
    m_title->setWordWrap(true);
    m_restart = new QPushButton(tr("Start &Again"), this);
    m_restart->setObjectName(QStringLiteral("orchestratorRestartButton"));
    m_restart->setToolTip(tr("This orchestrator has ended; bring it back (or start a fresh one, as the project's "
                             "configuration says)."));
    m_restart->hide();

    m_conversation = new QTextBrowser(this);
    m_conversation->setObjectName(QStringLiteral("orchestratorConversation"));
    m_conversation->setOpenLinks(false);
    m_conversation->setPlaceholderText(tr("Nothing said yet. Tell the orchestrator what the project needs: it "
                                          "plans the work and starts and steers the agents."));
    m_output = new ScreenView(this);
    m_output->setObjectName(QStringLiteral("orchestratorOutput"));
    m_output->setToolTip(tr("The orchestrator's terminal as last read: its answers show here."));

    auto *said = new QWidget(this);
    auto *saidLayout = new QVBoxLayout(said);
    saidLayout->setContentsMargins(0, 0, 0, 0);
    saidLayout->addWidget(new QLabel(tr("Conversation"), said));
    saidLayout->addWidget(m_conversation, 1);
    auto *screen = new QWidget(this);
    auto *screenLayout = new QVBoxLayout(screen);
    screenLayout->setContentsMargins(0, 0, 0, 0);
    screenLayout->addWidget(new QLabel(tr("The agent's screen"), screen));
    screenLayout->addWidget(m_output, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(said);
    split->addWidget(screen);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    m_message = new MessageEditor(tr("Message to the orchestrator (Ctrl+Enter sends)"), this);
    m_message->setObjectName(QStringLiteral("orchestratorMessage"));
    connect(m_message, &MessageEditor::submitted, this, &OrchestratorPanel::send);
    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("orchestratorSendButton"));
    m_send->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("orchestratorStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_restart);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addStretch();
    auto *input = new QHBoxLayout;
    input->addWidget(m_message, 1);
    input->addLayout(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(split, 1);
    layout->addLayout(input);
    layout->addWidget(m_status);

    connect(m_message, &QPlainTextEdit::textChanged, this, &OrchestratorPanel::updateSendButton);
    connect(m_send, &QPushButton::clicked, this, &OrchestratorPanel::send);
    connect(m_restart, &QPushButton::clicked, this, [this] { emit restartRequested(m_projectId); });
}

void OrchestratorPanel::showOrchestrator(const SessionRecord &session)
{
    if (session.id != m_sessionId) {
        m_messages.clear();
        m_output->clearScreen();
        m_status->clear();
        m_sending.reset();
        render();
        updateSendButton();
    }
    m_sessionId = session.id;
    m_projectId = session.projectId;
    const DisplayStatus status = deriveDisplayStatus(session);
    m_ended = isTerminal(status);
    m_title->setText(tr("<b>%1</b> · orchestrator of %2 · %3")
                         .arg(session.id.toHtmlEscaped(), session.projectId.toHtmlEscaped(),
                              FleetModel::statusText(int(status)).toHtmlEscaped()));
    m_restart->setVisible(m_ended);
}

void OrchestratorPanel::setMessages(const QList<Message> &messages)
{
    m_messages = messages.mid(std::max<qsizetype>(0, messages.size() - kMaxMessages));
    if (m_sending) {
        // The message on its way stays last, whatever the log held before it.
        Message pending;
        pending.who = tr("You");
        pending.mine = true;
        pending.text = *m_sending;
        pending.at = QDateTime::currentDateTimeUtc();
        pending.state = Message::State::Sending;
        m_messages.append(pending);
    }
    render();
}

void OrchestratorPanel::addMessage(const Message &message)
{
    // Before the one still on its way, which answers last.
    qsizetype at = m_messages.size();
    if (m_sending && !m_messages.isEmpty() && m_messages.constLast().state == Message::State::Sending)
        --at;
    m_messages.insert(at, message);
    if (m_messages.size() > kMaxMessages)
        m_messages.removeFirst();
    render();
}

void OrchestratorPanel::showOutput(const QString &text)
{
    m_output->showScreen(text);
}

void OrchestratorPanel::showProblem(const QString &problem)
{
    m_output->showProblem(problem);
}

void OrchestratorPanel::sendFinished(bool sent, const QString &status, const QString &reason)
{
    m_sending.reset();
    for (auto it = m_messages.rbegin(); it != m_messages.rend(); ++it) {
        if (it->state == Message::State::Sending) {
            it->state = sent ? Message::State::Delivered : Message::State::Failed;
            it->problem = sent ? QString() : reason.isEmpty() ? status : reason;
            break;
        }
    }
    if (sent)
        m_message->clear();
    updateSendButton();
    render();
    showStatus(status, !sent);
}

void OrchestratorPanel::showStatus(const QString &status, bool problem)
{
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, problem ? kProblem : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
    m_status->setText(status);
}

QString OrchestratorPanel::statusText() const
{
    return m_status->text();
}

void OrchestratorPanel::setStarting(bool starting)
{
    m_restart->setEnabled(!starting);
    m_restart->setText(starting ? tr("Starting…") : tr("Start &Again"));
}

void OrchestratorPanel::send()
{
    const QString text = m_message->toPlainText();
    if (m_sending || text.trimmed().isEmpty() || m_sessionId.isEmpty())
        return;
    m_sending = text;
    Message pending;
    pending.who = tr("You");
    pending.mine = true;
    pending.text = text;
    pending.at = QDateTime::currentDateTimeUtc();
    pending.state = Message::State::Sending;
    m_messages.append(pending);
    render();
    updateSendButton();
    showStatus(tr("Sending…"));
    emit sendRequested(text);
}

void OrchestratorPanel::updateSendButton()
{
    m_send->setEnabled(!m_sending && !m_sessionId.isEmpty() && !m_message->toPlainText().trimmed().isEmpty());
}

void OrchestratorPanel::render()
{
    QScrollBar *bar = m_conversation->verticalScrollBar();
    const bool following = bar->value() >= bar->maximum();
    const int kept = bar->value();
    const QPalette colours = palette();
    const QColor base = colours.color(QPalette::Base);
    const QString mine = tint(base, colours.color(QPalette::Highlight), 0.18).name();
    const QString theirs = tint(base, colours.color(QPalette::Text), 0.07).name();
    const QString muted = tint(base, colours.color(QPalette::Text), 0.55).name();
    QString html;
    for (const Message &message : std::as_const(m_messages)) {
        const bool fromYou = message.mine;
        QString note;
        if (message.state == Message::State::Sending)
            note = QStringLiteral("<br><span style='color:%1'>%2</span>").arg(muted, tr("sending…"));
        else if (message.state == Message::State::Failed)
            note = QStringLiteral("<br><span style='color:%1'><b>%2</b></span>")
                       .arg(kProblem.name(), (tr("Not delivered: %1").arg(message.problem)).toHtmlEscaped());
        const QString cell = QStringLiteral("<td style='background-color:%1'><b>%2</b> "
                                            "<span style='color:%3'>%4</span>"
                                            "<p style='white-space:pre-wrap; margin:2px 0 0 0'>%5</p>%6</td>")
                                 .arg(fromYou ? mine : theirs, message.who.toHtmlEscaped(), muted,
                                      when(message.at).toHtmlEscaped(), message.text.toHtmlEscaped(), note);
        // A person's own messages lean right, like any chat; what others sent leans left.
        const QString spacer = QStringLiteral("<td width='15%'></td>");
        html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='6' style='margin-bottom:6px'>"
                               "<tr>%1%2%3</tr></table>")
                    .arg(fromYou ? spacer : QString(), cell, fromYou ? QString() : spacer);
    }
    m_conversation->setHtml(html);
    bar->setValue(following ? bar->maximum() : kept);
}

} // namespace flotilla
