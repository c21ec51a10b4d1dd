#pragma once

#include "dispatch_policy.h"
#include "notification_composer.h"
#include "store/notification_outbox.h"
#include "util/result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <functional>

namespace flotilla {

class NotifierPlugin;
class Store;

// Delivers the notification outbox. Every delivery runs on its own: each has a timeout, a
// notifier that hangs is abandoned when it runs out (a late answer is ignored) and never
// holds up the other notifiers, the event loop or whoever logged the event. Failures are
// retried with exponential backoff and jitter; a delivery that keeps failing is given up and
// logged as `notification.failed`. Delivery is at least once: a delivery cut short by a crash
// is made again once its lease runs out, and the Notification carries the event id so a
// channel can drop a repeat. Within one dispatcher a delivery never runs twice at once.
class NotificationDispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationDispatcher)

public:
    // The plugin that serves a configured notifier name; nullptr when none does.
    using NotifierLookup = std::function<NotifierPlugin *(const QString &name)>;
    // The notifiers configured for a priority in a project (`notificationRouting`).
    using Router = std::function<QStringList(const QString &projectId, Priority priority)>;
    using Clock = std::function<QDateTime()>;

    struct Dependencies
    {
        Store &store;
        NotifierLookup notifiers;
        NotificationComposer composer;
        // Optional: when set, a given-up delivery is also told through the event's other
        // notifiers; when empty the failure is only logged.
        Router router = {};
        Clock clock = {}; // empty: the wall clock
        DispatchPolicy policy = {};
    };

    explicit NotificationDispatcher(Dependencies dependencies, QObject *parent = nullptr);
    ~NotificationDispatcher() override;

    // Starts listening to the event log and sweeping for due retries; delivers what is due now.
    void start();
    // Stops taking new work. Deliveries in flight are abandoned unrecorded: their leases run
    // out and the next dispatcher on this store makes them again.
    void stop();
    bool isStarted() const { return m_started; }
    // Looks for due deliveries on the next turn of the event loop (several calls coalesce).
    void dispatchSoon();

    DispatchPolicy policy() const { return m_deps.policy; }
    // Per-notifier tries and first retry delay, from the configuration of the moment.
    void setNotifierRetries(QHash<QString, int> maxAttempts, QHash<QString, std::chrono::milliseconds> firstRetry);
    // Deliveries of `notifier` running or waiting for a free slot right now.
    int inFlight(const QString &notifier) const;
    int waiting(const QString &notifier) const;

    // Newest first, for the notification history view; `limit` <= 0: all of it.
    Result<QList<OutboxEntry>> history(int limit) const;

    // The wait after `failures` failed tries; `unit` in [-1, 1] picks where in the jitter band.
    static std::chrono::milliseconds retryDelay(int failures, const DispatchPolicy &policy, double unit);

signals:
    // Every finished attempt: `delivered` false with the reason when it failed or timed out.
    void deliveryFinished(qint64 outboxId, const QString &notifier, bool delivered, const QString &error);

private:
    struct Running
    {
        quint64 token = 0; // tells this attempt's answer from a late one of an abandoned attempt
        OutboxEntry entry;
        QObject *watcher = nullptr; // the plugin's future; deleted when the attempt ends
        QTimer *deadline = nullptr;
    };
    struct Channel
    {
        int running = 0;
        QList<OutboxEntry> waiting;
    };

    QDateTime now() const;
    void drain();
    void pump(const QString &notifier);
    void begin(const OutboxEntry &entry);
    void finish(qint64 outboxId, quint64 token, bool delivered, const QString &error);
    void refresh(const OutboxEntry &entry);
    void reportGivenUp(const OutboxEntry &entry, const QString &error);
    Notification notificationFor(const Event &event) const;

    Dependencies m_deps;
    QTimer m_sweep;
    QMetaObject::Connection m_appended;
    bool m_started = false;
    bool m_drainQueued = false;
    quint64 m_nextToken = 0;
    QHash<QString, Channel> m_channels;
    QHash<qint64, Running> m_running;
    QSet<qint64> m_held; // waiting or running here: never claimed into a second attempt
};

} // namespace flotilla
