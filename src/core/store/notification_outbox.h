#pragma once

#include "model/event.h"
#include "util/result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace flotilla {

class Database;

enum class DeliveryState {
    Pending,    // queued, never tried
    Delivering, // claimed by a dispatcher; due again when its lease runs out
    Delivered,
    Failed, // the last try failed; due again at nextAttemptAt
    Dead,   // gave up
};

// One event to be delivered by one notifier.
struct OutboxEntry
{
    qint64 id = 0;
    QString eventId;
    QString notifier;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0; // tries started, including one in progress
    QDateTime nextAttemptAt;
    QString lastError;
    QDateTime createdAt;
    QDateTime deliveredAt;
    Event event; // the event being delivered, read with the entry
};

struct DeliveryPolicy
{
    int maxAttempts = 5;
    // How long a claimed delivery may run before it is presumed lost (the process died
    // mid-delivery) and becomes due again.
    std::chrono::milliseconds lease{std::chrono::minutes(2)};
    // Per notifier name, where the configuration says otherwise (`retries`).
    QHash<QString, int> maxAttemptsFor = {};
};

// Deliveries still to make. Rows are unique per (event, notifier), so routing an event twice,
// or replaying it after a restart, never notifies a person twice through the same channel.
class NotificationOutbox final
{
public:
    explicit NotificationOutbox(Database &database, DeliveryPolicy policy = {});
    NotificationOutbox(const NotificationOutbox &) = delete;
    NotificationOutbox &operator=(const NotificationOutbox &) = delete;

    DeliveryPolicy policy() const { return m_policy; }
    void setPolicy(DeliveryPolicy policy) { m_policy = policy; }

    // Returns how many of the deliveries were new.
    Result<int> enqueue(const QString &eventId, const QStringList &notifiers,
                        const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Marks up to `limit` due deliveries as Delivering (counting an attempt and starting a lease)
    // and returns them, oldest due first. A lapsed lease that has used every attempt goes Dead.
    Result<QList<OutboxEntry>> claimDue(const QDateTime &now, int limit);
    // Deliveries whose last attempt never finished (the process died while it ran): marked
    // dead and returned, so the caller can tell someone they were given up.
    Result<QList<OutboxEntry>> buryLapsed(const QDateTime &now);
    Result<void> markDelivered(qint64 id, const QDateTime &at = QDateTime::currentDateTimeUtc());
    // Schedules another try, or gives up once maxAttempts tries have been made; returns the
    // state the delivery is left in (Failed or Dead).
    Result<DeliveryState> markFailed(qint64 id, const QString &error, const QDateTime &nextAttemptAt);
    Result<void> markDead(qint64 id, const QString &error);

    Result<std::optional<OutboxEntry>> get(qint64 id) const;
    // Newest first, for the app's notification history; `limit` <= 0: all of it.
    Result<QList<OutboxEntry>> history(int limit) const;

private:
    Database &m_database;
    DeliveryPolicy m_policy;
};

QString deliveryStateName(DeliveryState state);

} // namespace flotilla
