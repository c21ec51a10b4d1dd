// Desktop notifications through the real freedesktop service: dunst on the test session's bus,
// watched by dbus-monitor; a click (dunstctl's default action) reaches the app with the PR link.
#include "gui/desktop_notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

Notification ciFailed(const QString &session, const QString &title)
{
    Notification notification;
    notification.event.type = u"session.ci_failed"_s;
    notification.event.priority = Priority::Action;
    notification.event.sessionId = session;
    notification.title = title;
    notification.body = u"Check \"test\" failed on PR #7: FAIL src/cart.test.js"_s;
    notification.link = QUrl(u"https://github.example/acme/shop/pull/7"_s);
    return notification;
}

} // namespace

class TestDesktopNotifier final : public QObject
{
    Q_OBJECT

    QProcess m_dunst;
    QProcess m_monitor;
    QString m_seen;

    bool seen(const QString &text)
    {
        m_seen += QString::fromUtf8(m_monitor.readAllStandardOutput());
        return m_seen.contains(text);
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"dunst"_s).isEmpty() || qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs dunst and an X display: run under tests/session/run-in-test-session");
        QVERIFY(QDBusConnection::sessionBus().isConnected());
        m_monitor.start(u"dbus-monitor"_s,
                        {u"--session"_s, u"type='method_call',interface='org.freedesktop.Notifications'"_s});
        QVERIFY(m_monitor.waitForStarted());
        m_dunst.start(u"dunst"_s, {});
        QVERIFY(m_dunst.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            QDBusConnection::sessionBus().interface()->isServiceRegistered(u"org.freedesktop.Notifications"_s).value(),
            10000);
        // dbus-monitor hears calls only once it has become a monitor, some time after it
        // started: a harmless call it must report proves it listens.
        QTRY_VERIFY_WITH_TIMEOUT(
            [this] {
                QDBusInterface server(u"org.freedesktop.Notifications"_s, u"/org/freedesktop/Notifications"_s,
                                      u"org.freedesktop.Notifications"_s);
                server.call(u"GetServerInformation"_s);
                return seen(u"GetServerInformation"_s);
            }(),
            10000);
    }

    void cleanupTestCase()
    {
        for (QProcess *process : {&m_dunst, &m_monitor}) {
            process->terminate();
            if (!process->waitForFinished(3000))
                process->kill();
        }
    }

    void aNotificationCarriesThePrActionAndItsClickOpensThePr()
    {
        DesktopNotifier notifier{PluginSettings()};
        QVERIFY(notifier.detect().available);
        QSignalSpy clicked(&DesktopNotificationCenter::instance(), &DesktopNotificationCenter::actionInvoked);
        auto delivered = notifier.deliver(ciFailed(u"shop-3"_s, u"shop-3: CI failed on PR #7"_s));
        QTRY_VERIFY_WITH_TIMEOUT(delivered.isFinished(), 10000);
        QVERIFY2(delivered.result(), qPrintable(delivered.result() ? QString() : delivered.result().error().message));
        QTRY_VERIFY_WITH_TIMEOUT(seen(u"shop-3: CI failed on PR #7"_s), 10000);
        QVERIFY2(m_seen.contains(u"string \"open-pr\""_s) && m_seen.contains(u"string \"Open PR\""_s),
                 qPrintable(m_seen));
        QVERIFY(m_seen.contains(u"string \"urgency\""_s));

        // dunst performs the notification's default action, as a click on it does.
        QTRY_VERIFY_WITH_TIMEOUT(QProcess::execute(u"dunstctl"_s, {u"count"_s, u"displayed"_s}) == 0, 5000);
        QCOMPARE(QProcess::execute(u"dunstctl"_s, {u"action"_s, u"0"_s}), 0);
        QTRY_COMPARE_WITH_TIMEOUT(clicked.size(), 1, 10000);
        QCOMPARE(clicked.first().at(0).toString(), u"shop-3"_s);
        QCOMPARE(clicked.first().at(1).toString(), u"open-pr"_s);
        QCOMPARE(clicked.first().at(2).toUrl(), QUrl(u"https://github.example/acme/shop/pull/7"_s));
    }

    void noNotificationForTheSessionOnScreen()
    {
        DesktopNotifier notifier{PluginSettings()};
        DesktopNotificationCenter::instance().setSuppress(
            [](const Notification &notification) { return notification.event.sessionId == u"shop-5"_s; });
        auto hidden = notifier.deliver(ciFailed(u"shop-5"_s, u"shop-5: looked at already"_s));
        auto shown = notifier.deliver(ciFailed(u"shop-6"_s, u"shop-6: CI failed"_s));
        QTRY_VERIFY_WITH_TIMEOUT(hidden.isFinished() && shown.isFinished(), 10000);
        QVERIFY(hidden.result());
        QTRY_VERIFY_WITH_TIMEOUT(seen(u"shop-6: CI failed"_s), 10000);
        QVERIFY(!m_seen.contains(u"shop-5: looked at already"_s)); // sent before shop-6, so it would show
        DesktopNotificationCenter::instance().setSuppress({});
    }
};

QTEST_MAIN(TestDesktopNotifier)
#include "tst_desktop_notifier.moc"
