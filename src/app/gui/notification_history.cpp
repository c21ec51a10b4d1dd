#include "notification_history.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace flotilla {

namespace {

enum Column { WhenColumn, ChannelColumn, SessionColumn, MessageColumn, StateColumn };

QString shortTime(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

NotificationHistory::NotificationHistory(Reader reader, QWidget *parent) : QDialog(parent), m_reader(std::move(reader))
{
    setObjectName(QStringLiteral("notificationHistory"));
    setWindowTitle(tr("Notification History"));
    resize(900, 480);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("notificationList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("When"), tr("Channel"), tr("Session"), tr("Notification"), tr("State")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reload = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_problem);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(reload, &QPushButton::clicked, this, &NotificationHistory::refresh);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (const QString session = item->text(SessionColumn); !session.isEmpty())
            emit showSessionRequested(session);
    });
    refresh();
}

QString NotificationHistory::stateText(const OutboxEntry &entry)
{
    switch (entry.state) {
    case DeliveryState::Pending:
        return tr("Waiting to be sent");
    case DeliveryState::Delivering:
        return tr("Sending (attempt %1)").arg(entry.attempts);
    case DeliveryState::Delivered:
        return tr("Delivered %1").arg(shortTime(entry.deliveredAt));
    case DeliveryState::Failed:
        return tr("Retrying %1 after: %2 (attempt %3)")
            .arg(shortTime(entry.nextAttemptAt), entry.lastError)
            .arg(entry.attempts);
    case DeliveryState::Dead:
        return tr("Given up: %1").arg(entry.lastError);
    }
    return {};
}

void NotificationHistory::refresh()
{
    const auto entries = m_reader(kLimit);
    if (!entries) {
        m_problem->setText(tr("The history could not be read: %1").arg(entries.error().message));
        m_problem->show();
        return;
    }
    m_problem->hide();
    m_list->clear();
    QList<QTreeWidgetItem *> rows;
    for (const OutboxEntry &entry : entries.value()) {
        const QString message = entry.event.message.isEmpty() ? entry.event.type : entry.event.message;
        auto *row = new QTreeWidgetItem(
            {shortTime(entry.createdAt), entry.notifier, entry.event.sessionId, message, stateText(entry)});
        row->setToolTip(MessageColumn, entry.event.type);
        row->setToolTip(StateColumn, entry.lastError);
        if (entry.state == DeliveryState::Dead || entry.state == DeliveryState::Failed)
            row->setForeground(StateColumn, QColor(0xc6, 0x28, 0x28));
        rows << row;
    }
    m_list->addTopLevelItems(rows);
}

} // namespace flotilla
