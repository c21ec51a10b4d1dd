#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <chrono>

namespace flotilla {

// Keeps one notifier from flooding its channel: at most `perMinute` sends in any minute, and a
// notification identical to one sent within `dedupeWindow` (same title and body) is not sent
// again. Both are per notifier instance and in memory: a restart starts them afresh.
class NotifierGate final
{
public:
    enum class Verdict { Send, Duplicate, Throttled };

    NotifierGate(int perMinute = 30, std::chrono::milliseconds dedupeWindow = std::chrono::minutes(10));

    // Whether to send now; a send is counted only by sent().
    Verdict check(const QString &title, const QString &body, const QDateTime &now) const;
    void sent(const QString &title, const QString &body, const QDateTime &now);
    // When a throttled notification may go.
    QDateTime nextSlot(const QDateTime &now) const;

private:
    void forget(const QDateTime &now) const;

    int m_perMinute;
    std::chrono::milliseconds m_window;
    mutable QList<QDateTime> m_sends;          // within the last minute
    mutable QHash<size_t, QDateTime> m_recent; // content hash → when it was sent
};

} // namespace flotilla
