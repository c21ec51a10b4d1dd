#pragma once

#include "store/stored_event.h"

#include <QTreeWidget>

namespace flotilla {

// A session's history, newest first: when, what happened in a person's words, and who did it.
// Urgent and warning events stand out; the full event type is in each row's tooltip.
class SessionTimeline final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionTimeline)

public:
    static constexpr int kMaxRows = 500;

    explicit SessionTimeline(QWidget *parent = nullptr);

    // Replaces the rows with `events` (any order; shown newest first).
    void setEvents(QList<StoredEvent> events);
    // One new event on top, unless it is already shown.
    void addEvent(const Event &event, qint64 seq);
    qint64 newestSeq() const { return m_newestSeq; }

private:
    QTreeWidgetItem *rowFor(const Event &event, qint64 seq) const;

    qint64 m_newestSeq = 0;
};

} // namespace flotilla
