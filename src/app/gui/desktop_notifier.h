#pragma once

#include "plugin/notifier_plugin.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>

namespace flotilla {

// Where the desktop's notifications meet the app: the notifier plugin (made by the plugin
// registry) shows them; the window hears here which one a person clicked, and says which
// ones not to show (the session already on screen). One per process, like the desktop's own
// notification service.
class DesktopNotificationCenter final : public QObject
{
    Q_OBJECT

public:
    static DesktopNotificationCenter &instance();

    using Suppress = std::function<bool(const Notification &)>;
    void setSuppress(Suppress suppress) { m_suppress = std::move(suppress); }
    bool suppressed(const Notification &notification) const { return m_suppress && m_suppress(notification); }
    // Where there is no notification service on D-Bus (macOS, Windows): the tray's messages.
    using Presenter = std::function<bool(const Notification &)>;
    void setFallbackPresenter(Presenter presenter) { m_fallback = std::move(presenter); }
    bool presentWithoutDbus(const Notification &notification) const { return m_fallback && m_fallback(notification); }

    // Called for each notification the service accepted, to know its clicks later.
    void remember(uint id, const Notification &notification);

signals:
    // action: "open-pr" or "show" ("default", a click on the notification itself, arrives as
    // "open-pr" when it has a link, else as "show").
    void actionInvoked(const QString &sessionId, const QString &action, const QUrl &link);

private slots:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    DesktopNotificationCenter();

    struct Shown
    {
        QString sessionId;
        QUrl link;
    };
    QHash<uint, Shown> m_shown;
    Suppress m_suppress;
    Presenter m_fallback;
    bool m_listening = false;
};

// Notifier `desktop`: the freedesktop notification service over D-Bus (Linux, BSD) with
// "Open PR" and "Show" actions, urgency and icon by kind (failed, needs you, done); the tray's
// messages where there is no such service.
class DesktopNotifier final : public NotifierPlugin
{
public:
    explicit DesktopNotifier(const PluginSettings &settings);
    QString name() const override { return QStringLiteral("desktop"); }
    Availability detect() const override;
    Async<void> deliver(const Notification &notification) override;
};

} // namespace flotilla
