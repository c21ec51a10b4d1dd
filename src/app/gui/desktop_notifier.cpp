#include "desktop_notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QPromise>

namespace flotilla {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

bool serviceOnBus()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    return bus.isConnected() && bus.interface() && bus.interface()->isServiceRegistered(kService).value();
}

// How a notification looks: failures shout, questions ask, finished work is quiet.
struct Look
{
    uchar urgency = 1; // 0 low, 1 normal, 2 critical
    QString icon;
    QString category;
};

Look lookOf(const Notification &notification)
{
    const QString type = notification.event.type;
    if (type.contains(QStringLiteral("merged")) || type.contains(QStringLiteral("done"))
        || type.contains(QStringLiteral("complete")))
        return {0, QStringLiteral("emblem-default"), QStringLiteral("transfer.complete")};
    switch (notification.event.priority) {
    case Priority::Urgent:
        return {2, QStringLiteral("dialog-error"), QStringLiteral("transfer.error")};
    case Priority::Action:
        return {1, QStringLiteral("dialog-question"), QStringLiteral("im.received")};
    case Priority::Warning:
        return {1, QStringLiteral("dialog-warning"), QStringLiteral("transfer.error")};
    case Priority::Info:
        break;
    }
    return {0, QStringLiteral("dialog-information"), QString()};
}

} // namespace

DesktopNotificationCenter &DesktopNotificationCenter::instance()
{
    static DesktopNotificationCenter center;
    return center;
}

DesktopNotificationCenter::DesktopNotificationCenter() = default;

void DesktopNotificationCenter::remember(uint id, const Notification &notification)
{
    if (!m_listening) {
        // Clicks come back as signals of the service; only its own are believed.
        QDBusConnection bus = QDBusConnection::sessionBus();
        m_listening = bus.connect(kService, kPath, kService, QStringLiteral("ActionInvoked"), this,
                                  SLOT(onActionInvoked(uint, QString)))
                      && bus.connect(kService, kPath, kService, QStringLiteral("NotificationClosed"), this,
                                     SLOT(onClosed(uint, uint)));
    }
    m_shown.insert(id, Shown{notification.event.sessionId, notification.link});
}

void DesktopNotificationCenter::onActionInvoked(uint id, const QString &action)
{
    const auto shown = m_shown.constFind(id);
    if (shown == m_shown.cend())
        return; // another application's notification
    QString what = action;
    if (what == QStringLiteral("default"))
        what = shown->link.isValid() ? QStringLiteral("open-pr") : QStringLiteral("show");
    emit actionInvoked(shown->sessionId, what, shown->link);
}

void DesktopNotificationCenter::onClosed(uint id, uint)
{
    m_shown.remove(id);
}

DesktopNotifier::DesktopNotifier(const PluginSettings &) {}

Availability DesktopNotifier::detect() const
{
    if (serviceOnBus())
        return Availability::ok();
    return Availability{false, QStringLiteral("no desktop notification service on the session bus"),
                        QStringLiteral("run a notification daemon (the desktop's own, or dunst)")};
}

Async<void> DesktopNotifier::deliver(const Notification &notification)
{
    DesktopNotificationCenter &center = DesktopNotificationCenter::instance();
    if (center.suppressed(notification))
        return readyOk(); // the person is looking at this session already
    if (!serviceOnBus()) {
        if (center.presentWithoutDbus(notification))
            return readyOk();
        return failed<void>(makeError(QStringLiteral("notify.desktop_unavailable"),
                                      QStringLiteral("no desktop notification service on the session bus")));
    }
    const Look look = lookOf(notification);
    QStringList actions;
    if (notification.link.isValid())
        actions << QStringLiteral("default") << DesktopNotificationCenter::tr("Open PR") << QStringLiteral("open-pr")
                << DesktopNotificationCenter::tr("Open PR");
    else
        actions << QStringLiteral("default") << DesktopNotificationCenter::tr("Show");
    actions << QStringLiteral("show") << DesktopNotificationCenter::tr("Show");
    QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue(look.urgency)},
                      {QStringLiteral("desktop-entry"), QStringLiteral("flotilla")}};
    if (!look.category.isEmpty())
        hints.insert(QStringLiteral("category"), look.category);
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    call << QStringLiteral("Flotilla") << uint(0) << look.icon << notification.title
         << notification.body.toHtmlEscaped() << actions << hints << int(look.urgency == 2 ? 0 : -1);
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    auto future = promise->future();
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, 10000), &center);
    QObject::connect(
        watcher, &QDBusPendingCallWatcher::finished, &center, [promise, notification](QDBusPendingCallWatcher *done) {
            done->deleteLater();
            QDBusPendingReply<uint> reply = *done;
            if (reply.isError()) {
                promise->addResult(
                    makeError(QStringLiteral("notify.desktop_failed"),
                              QStringLiteral("the desktop refused the notification: %1").arg(reply.error().message())));
            } else {
                DesktopNotificationCenter::instance().remember(reply.value(), notification);
                promise->addResult(Result<void>());
            }
            promise->finish();
        });
    return future;
}

} // namespace flotilla
