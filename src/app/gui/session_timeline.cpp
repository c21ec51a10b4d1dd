#include "session_timeline.h"

#include <QHeaderView>
#include <QLocale>

#include <algorithm>

namespace flotilla {

namespace {

constexpr int kSeqRole = Qt::UserRole + 1;

} // namespace

SessionTimeline::SessionTimeline(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("sessionTimeline"));
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setHeaderLabels({tr("When"), tr("What happened"), tr("By")});
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(1, QHeaderView::Stretch);
    header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(false);
}

QTreeWidgetItem *SessionTimeline::rowFor(const Event &event, qint64 seq) const
{
    const QString when = QLocale().toString(event.timestamp.toLocalTime(), QLocale::ShortFormat);
    auto *item = new QTreeWidgetItem({when, event.message.isEmpty() ? event.type : event.message, event.actor});
    item->setData(0, kSeqRole, seq);
    item->setToolTip(1, event.type);
    if (event.priority == Priority::Urgent || event.priority == Priority::Warning) {
        QFont font = item->font(1);
        font.setBold(event.priority == Priority::Urgent);
        item->setFont(1, font);
        item->setForeground(1,
                            event.priority == Priority::Urgent ? QColor(0xc6, 0x28, 0x28) : QColor(0xb2, 0x6a, 0x00));
    }
    return item;
}

void SessionTimeline::setEvents(QList<StoredEvent> events)
{
    std::sort(events.begin(), events.end(), [](const StoredEvent &a, const StoredEvent &b) { return a.seq > b.seq; });
    if (events.size() > kMaxRows)
        events.resize(kMaxRows);
    clear();
    QList<QTreeWidgetItem *> rows;
    rows.reserve(events.size());
    for (const StoredEvent &stored : std::as_const(events))
        rows << rowFor(stored.event, stored.seq);
    addTopLevelItems(rows);
    m_newestSeq = events.isEmpty() ? 0 : events.first().seq;
}

void SessionTimeline::addEvent(const Event &event, qint64 seq)
{
    if (seq <= m_newestSeq)
        return;
    m_newestSeq = seq;
    insertTopLevelItem(0, rowFor(event, seq));
    while (topLevelItemCount() > kMaxRows)
        delete takeTopLevelItem(topLevelItemCount() - 1);
}

} // namespace flotilla
