#include "notification_dispatcher.h"

#include "plugin/notifier_plugin.h"
#include "store/store.h"

#include <QFutureWatcher>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kFailedType = u"notification.failed"_s;

QString durationText(std::chrono::milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms % 1000 == 0)
        return u"%1 s"_s.arg(ms / 1000);
    return u"%1 ms"_s.arg(ms);
}

void warn(const QString &what, const Error &error)
{
    // The store itself failed, so the log cannot hold this: it goes to the process log.
    qWarning("flotilla: notifications: could not %s: %s", qUtf8Printable(what), qUtf8Printable(error.toString()));
}

} // namespace

NotificationDispatcher::NotificationDispatcher(Dependencies dependencies, QObject *parent)
    : QObject(parent), m_deps(std::move(dependencies))
{
    DispatchPolicy &policy = m_deps.policy;
    policy.maxAttempts = std::max(1, policy.maxAttempts);
    policy.perNotifierLimit = std::max(1, policy.perNotifierLimit);
    policy.claimBatch = std::max(1, policy.claimBatch);
    std::chrono::milliseconds longest = policy.timeout;
    for (const std::chrono::milliseconds timeout : std::as_const(policy.timeoutFor))
        longest = std::max(longest, timeout);
    // A lease shorter than a timeout would let a live, slow delivery be claimed a second time.
    policy.lease = std::max(policy.lease, 2 * longest);
    // The outbox counts the attempts and retires lapsed leases: it must count with our numbers.
    m_deps.store.outbox().setPolicy(DeliveryPolicy{policy.maxAttempts, policy.lease, policy.maxAttemptsFor});

    m_sweep.setInterval(policy.sweepInterval);
    connect(&m_sweep, &QTimer::timeout, this, &NotificationDispatcher::dispatchSoon);
}

NotificationDispatcher::~NotificationDispatcher() = default;

void NotificationDispatcher::setNotifierRetries(QHash<QString, int> maxAttempts,
                                                QHash<QString, std::chrono::milliseconds> firstRetry)
{
    for (int &attempts : maxAttempts)
        attempts = std::max(1, attempts);
    m_deps.policy.maxAttemptsFor = std::move(maxAttempts);
    m_deps.policy.firstRetryFor = std::move(firstRetry);
    DeliveryPolicy delivery = m_deps.store.outbox().policy();
    delivery.maxAttemptsFor = m_deps.policy.maxAttemptsFor;
    m_deps.store.outbox().setPolicy(delivery);
}

void NotificationDispatcher::start()
{
    if (m_started)
        return;
    m_started = true;
    m_appended = connect(&m_deps.store.events(), &EventLog::appended, this, [this] { dispatchSoon(); });
    m_sweep.start();
    dispatchSoon();
}

void NotificationDispatcher::stop()
{
    if (!m_started)
        return;
    m_started = false;
    disconnect(m_appended);
    m_sweep.stop();
    for (const Running &attempt : std::as_const(m_running)) {
        if (attempt.watcher)
            attempt.watcher->deleteLater();
        if (attempt.deadline)
            attempt.deadline->deleteLater();
    }
    m_running.clear();
    m_channels.clear();
    m_held.clear();
}

void NotificationDispatcher::dispatchSoon()
{
    if (!m_started || m_drainQueued)
        return;
    // Never in the caller's stack: whoever logged the event is not kept waiting by a claim or
    // by a plugin that does work before returning its future.
    m_drainQueued = true;
    QMetaObject::invokeMethod(
        this, [this] { drain(); }, Qt::QueuedConnection);
}

int NotificationDispatcher::inFlight(const QString &notifier) const
{
    return m_channels.value(notifier).running;
}

int NotificationDispatcher::waiting(const QString &notifier) const
{
    return static_cast<int>(m_channels.value(notifier).waiting.size());
}

Result<QList<OutboxEntry>> NotificationDispatcher::history(int limit) const
{
    return m_deps.store.outbox().history(limit);
}

std::chrono::milliseconds NotificationDispatcher::retryDelay(int failures, const DispatchPolicy &policy, double unit)
{
    const double cap = static_cast<double>(policy.maxRetry.count());
    const int doublings = std::clamp(failures - 1, 0, 40);
    double delay = std::min(cap, static_cast<double>(policy.firstRetry.count()) * std::ldexp(1.0, doublings));
    delay *= 1.0 + std::clamp(unit, -1.0, 1.0) * std::clamp(policy.jitter, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<qint64>(std::clamp(delay, 0.0, cap)));
}

QDateTime NotificationDispatcher::now() const
{
    return m_deps.clock ? m_deps.clock() : QDateTime::currentDateTimeUtc();
}

void NotificationDispatcher::drain()
{
    m_drainQueued = false;
    if (!m_started)
        return;
    if (auto buried = m_deps.store.outbox().buryLapsed(now()); !buried)
        warn(u"retire lapsed notifications"_s, buried.error());
    else {
        for (const OutboxEntry &entry : std::as_const(buried.value()))
            reportGivenUp(entry, entry.lastError);
    }
    auto claimed = m_deps.store.outbox().claimDue(now(), m_deps.policy.claimBatch);
    if (!claimed) {
        warn(u"claim due notifications"_s, claimed.error());
        return;
    }
    int fresh = 0;
    QStringList touched;
    for (const OutboxEntry &entry : std::as_const(claimed.value())) {
        if (m_held.contains(entry.id)) {
            refresh(entry);
            continue;
        }
        m_held.insert(entry.id);
        ++fresh;
        m_channels[entry.notifier].waiting.append(entry);
        if (!touched.contains(entry.notifier))
            touched << entry.notifier;
    }
    for (const QString &notifier : std::as_const(touched))
        pump(notifier);
    if (fresh > 0 && claimed->size() == m_deps.policy.claimBatch)
        dispatchSoon(); // there may be more due than one batch
}

void NotificationDispatcher::refresh(const OutboxEntry &entry)
{
    // The lease of a delivery still queued here ran out and the outbox handed it out again:
    // keep the one copy, with the attempt count the outbox now holds.
    if (auto running = m_running.find(entry.id); running != m_running.end()) {
        running->entry.attempts = entry.attempts;
        return;
    }
    auto channel = m_channels.find(entry.notifier);
    if (channel == m_channels.end())
        return;
    for (OutboxEntry &queued : channel->waiting) {
        if (queued.id == entry.id)
            queued.attempts = entry.attempts;
    }
}

void NotificationDispatcher::pump(const QString &notifier)
{
    // Looked up on every turn: a delivery that finishes at once may re-enter and reshape the map.
    while (m_started) {
        auto channel = m_channels.find(notifier);
        if (channel == m_channels.end() || channel->waiting.isEmpty()
            || channel->running >= m_deps.policy.perNotifierLimit)
            return;
        const OutboxEntry entry = channel->waiting.takeFirst();
        ++channel->running;
        begin(entry);
    }
}

void NotificationDispatcher::begin(const OutboxEntry &entry)
{
    Running attempt;
    attempt.token = ++m_nextToken;
    attempt.entry = entry;
    const qint64 id = entry.id;
    const quint64 token = attempt.token;
    const QString notifier = entry.notifier;

    NotifierPlugin *plugin = m_deps.notifiers ? m_deps.notifiers(notifier) : nullptr;
    if (!plugin) {
        m_running.insert(id, attempt);
        const QString error = u"no notifier named \"%1\" is configured: add it under `notifiers:` or remove it from "
                              "`notificationRouting`"_s.arg(notifier);
        QMetaObject::invokeMethod(
            this, [this, id, token, error] { finish(id, token, false, error); }, Qt::QueuedConnection);
        return;
    }

    const std::chrono::milliseconds timeout = m_deps.policy.timeoutOf(notifier);
    attempt.deadline = new QTimer(this);
    attempt.deadline->setSingleShot(true);
    connect(attempt.deadline, &QTimer::timeout, this, [this, id, token, notifier, timeout] {
        // Abandoned, not cancelled: the plugin may still answer, and that answer is ignored.
        finish(id, token, false, u"%1 did not answer within %2"_s.arg(notifier, durationText(timeout)));
    });
    auto *watcher = new QFutureWatcher<Result<void>>(this);
    attempt.watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, id, token, notifier, watcher] {
        const QFuture<Result<void>> future = watcher->future();
        if (future.isCanceled() || future.resultCount() == 0) {
            finish(id, token, false, u"%1 dropped the delivery without an answer"_s.arg(notifier));
            return;
        }
        const Result<void> result = future.result();
        finish(id, token, result.ok(), result.ok() ? QString() : result.error().toString());
    });
    m_running.insert(id, attempt);
    attempt.deadline->start(timeout);
    watcher->setFuture(plugin->deliver(notificationFor(entry.event)));
}

void NotificationDispatcher::finish(qint64 outboxId, quint64 token, bool delivered, const QString &error)
{
    const auto found = m_running.constFind(outboxId);
    if (found == m_running.cend() || found->token != token)
        return; // the answer of an attempt that was already given up on
    const Running attempt = *found;
    m_running.erase(found);
    m_held.remove(outboxId);
    if (attempt.watcher)
        attempt.watcher->deleteLater();
    if (attempt.deadline)
        attempt.deadline->deleteLater();
    if (auto channel = m_channels.find(attempt.entry.notifier); channel != m_channels.end())
        --channel->running;

    const QDateTime at = now();
    if (delivered) {
        if (auto marked = m_deps.store.outbox().markDelivered(outboxId, at); !marked)
            warn(u"record delivery %1"_s.arg(outboxId), marked.error());
    } else {
        const double unit = QRandomGenerator::global()->bounded(2.0) - 1.0;
        const DispatchPolicy own = m_deps.policy.forNotifier(attempt.entry.notifier);
        QDateTime next = at.addMSecs(retryDelay(attempt.entry.attempts, own, unit).count());
        // A channel that said when to come back (Retry-After) is not tried before then.
        NotifierPlugin *plugin = m_deps.notifiers ? m_deps.notifiers(attempt.entry.notifier) : nullptr;
        if (const QDateTime paused = plugin ? plugin->pausedUntil() : QDateTime(); paused.isValid() && paused > next)
            next = paused;
        auto state = m_deps.store.outbox().markFailed(outboxId, error, next);
        if (!state)
            warn(u"record the failure of delivery %1"_s.arg(outboxId), state.error());
        else if (state.value() == DeliveryState::Dead)
            reportGivenUp(attempt.entry, error);
    }
    emit deliveryFinished(outboxId, attempt.entry.notifier, delivered, error);
    pump(attempt.entry.notifier);
}

void NotificationDispatcher::reportGivenUp(const OutboxEntry &entry, const QString &error)
{
    const Event &original = entry.event;
    Event failure;
    failure.type = kFailedType;
    failure.priority = Priority::Warning;
    failure.sessionId = original.sessionId;
    failure.projectId = original.projectId;
    failure.actor = u"notifications"_s;
    failure.timestamp = now();
    failure.message = u"%1 could not deliver the %2 notification after %3 attempt(s): %4"_s.arg(
        entry.notifier, original.type, QString::number(entry.attempts), error);
    failure.data =
        QJsonObject{{u"notifier"_s, entry.notifier}, {u"eventId"_s, original.id},     {u"eventType"_s, original.type},
                    {u"outboxId"_s, entry.id},       {u"attempts"_s, entry.attempts}, {u"error"_s, error}};
    QStringList notifiers;
    // Told through the channels the person expected the original on, never through the one
    // that failed; a failure to tell of a failure is only logged, so nothing can go round.
    if (m_deps.router && original.type != kFailedType) {
        notifiers = m_deps.router(original.projectId, original.priority);
        notifiers.removeAll(entry.notifier);
        notifiers.removeDuplicates();
    }
    if (auto written = m_deps.store.events().appendAndRoute(failure, notifiers); !written)
        warn(u"log that %1 gave up on %2"_s.arg(entry.notifier, original.id), written.error());
}

Notification NotificationDispatcher::notificationFor(const Event &event) const
{
    std::optional<Decision> decision;
    if (const QString decisionId = NotificationComposer::decisionIdOf(event); !decisionId.isEmpty()) {
        if (auto found = m_deps.store.decisions().get(decisionId); !found)
            warn(u"read decision %1"_s.arg(decisionId), found.error());
        else
            decision = found.value();
    }
    std::optional<SessionRecord> session;
    if (!event.sessionId.isEmpty()) {
        if (auto found = m_deps.store.sessions().get(event.sessionId); !found)
            warn(u"read session %1"_s.arg(event.sessionId), found.error());
        else
            session = found.value();
    }
    return m_deps.composer.compose(event, decision, session);
}

} // namespace flotilla
