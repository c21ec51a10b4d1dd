#pragma once

#include "store/notification_outbox.h"

#include <QDialog>

#include <functional>

class QLabel;
class QTreeWidget;

namespace flotilla {

// Every notification Flotilla sent or tried to send, newest first: when, through which channel,
// for which session, what it said, and what became of it (delivered, retrying after an error,
// given up). Double-clicking a row shows its session. The shell refreshes it after each
// delivery attempt.
class NotificationHistory final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationHistory)

public:
    static constexpr int kLimit = 500;
    using Reader = std::function<Result<QList<OutboxEntry>>(int limit)>;

    NotificationHistory(Reader reader, QWidget *parent = nullptr);

    void refresh();
    QTreeWidget *list() const { return m_list; }
    // "Delivered 10:02", "Retrying: HTTP 500 (attempt 2)", … as the State column shows it.
    static QString stateText(const OutboxEntry &entry);

signals:
    void showSessionRequested(const QString &sessionId);

private:
    Reader m_reader;
    QTreeWidget *m_list = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace flotilla
