#include "external_test_support.h"
#include "isolated_environment.h"
#include "plugin/external/external_notifier_plugin.h"
#include "plugin/external/external_plugin_process.h"
#include "plugin/external/external_plugin_registration.h"
#include "plugin/plugin_registry.h"
#include "plugin/runtime_plugin.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTimer>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

Notification sampleNotification(const QString &eventId)
{
    Notification notification;
    notification.event.id = eventId;
    notification.event.type = u"ci.failing"_s;
    notification.event.priority = Priority::Urgent;
    notification.event.sessionId = u"app-3"_s;
    notification.event.timestamp = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);
    notification.event.message = u"CI failed on PR #12"_s;
    notification.title = u"CI failed"_s;
    notification.body = u"build and lint failed"_s;
    notification.link = QUrl(u"https://example.com/pr/12"_s);
    Decision decision;
    decision.id = u"d-1"_s;
    decision.question = u"keep trying?"_s;
    decision.options = {u"approve"_s, u"reject"_s};
    notification.decision = decision;
    return notification;
}

std::unique_ptr<ExternalNotifierPlugin> notifier(const PluginSettings &settings, int timeoutMs = 15000)
{
    return std::make_unique<ExternalNotifierPlugin>(
        fakeSpec(PluginSlot::Notifier, u"fake-notifier"_s, u"fake_notifier.py"_s, timeoutMs), settings);
}

QList<QJsonObject> recorded(const QString &path)
{
    QFile file(path);
    QList<QJsonObject> lines;
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            lines << QJsonDocument::fromJson(line).object();
    }
    return lines;
}

} // namespace

class TestExternalPlugin final : public QObject
{
    Q_OBJECT

private slots:
    void handshakeDeclaresThePlugin()
    {
        ExternalPluginProcess process(fakeSpec(PluginSlot::Notifier, u"fake-notifier"_s, u"fake_notifier.py"_s), {});
        QSignalSpy ready(&process, &ExternalPluginProcess::ready);
        QVERIFY(!process.isReady());
        process.start();
        QVERIFY(ready.wait(15000));
        QVERIFY(process.isReady());
        QCOMPARE(process.declarations().value(u"name").toString(), u"fake-notifier"_s);
        QCOMPARE(process.declarations().value(u"slot").toString(), u"notifier"_s);
        QCOMPARE(process.declarations().value(u"version").toString(), u"1.0"_s);
        QVERIFY(process.availability().available);
    }

    void refusesAPluginOfAnotherSlotOrProtocol()
    {
        auto wrongSlot = notifier({{u"answerSlot"_s, u"tracker"_s}});
        const auto refused = await(wrongSlot->deliver(sampleNotification(u"e-1"_s)));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"plugin.handshake"_s);
        QCOMPARE(refused.error().message,
                 u"the plugin fake-notifier was refused: it serves the tracker slot, not the notifier slot"_s);
        QVERIFY(!wrongSlot->detect().available);

        auto wrongProtocol = notifier({{u"answerProtocol"_s, 2}});
        const auto refusedProtocol = await(wrongProtocol->deliver(sampleNotification(u"e-1"_s)));
        QVERIFY(!refusedProtocol.ok());
        QCOMPARE(refusedProtocol.error().code, u"plugin.handshake"_s);
        QVERIFY(refusedProtocol.error().message.contains(u"it speaks protocol 2, Flotilla speaks protocol 1"_s));
    }

    void deliversNotificationsThroughTheRegistry()
    {
        IsolatedEnvironment env;
        CapturedLog log;
        const QString record = env.root() + u"/delivered.jsonl"_s;
        PluginRegistry registry;
        QVERIFY(
            registerExternalPlugin(registry, fakeSpec(PluginSlot::Notifier, u"fake-notifier"_s, u"fake_notifier.py"_s))
                .ok());
        QVERIFY(registry.contains(PluginSlot::Notifier, u"fake-notifier"_s));
        auto plugin = registry.create<NotifierPlugin>(u"fake-notifier"_s, {{u"recordFile"_s, record}});
        QVERIFY(plugin.ok());
        QCOMPARE(plugin.value()->name(), u"fake-notifier"_s);

        const auto delivered = await(plugin.value()->deliver(sampleNotification(u"e-42"_s)));
        QVERIFY2(delivered.ok(), qPrintable(delivered.ok() ? QString() : delivered.error().toString()));
        const QList<QJsonObject> lines = recorded(record);
        QCOMPARE(lines.size(), 1);
        const QJsonObject sent = lines.first();
        QCOMPARE(sent.value(u"title").toString(), u"CI failed"_s);
        QCOMPARE(sent.value(u"link").toString(), u"https://example.com/pr/12"_s);
        QCOMPARE(sent.value(u"event").toObject().value(u"id").toString(), u"e-42"_s);
        QCOMPARE(sent.value(u"event").toObject().value(u"priority").toString(), u"urgent"_s);
        QCOMPARE(sent.value(u"event").toObject().value(u"timestamp").toString(), u"2025-03-01T12:00:00.000Z"_s);
        QCOMPARE(sent.value(u"decision").toObject().value(u"state").toString(), u"pending"_s);
        QCOMPARE(sent.value(u"decision").toObject().value(u"options").toArray().size(), 2);
        // The plugin's own notifications are logged, never mistaken for answers.
        QTRY_VERIFY(CapturedLog::contains(u"plugin fake-notifier: log: delivered event e-42"_s));
    }

    void mapsPluginErrors()
    {
        auto plugin = notifier({{u"errorCode"_s, 429}, {u"errorMessage"_s, u"rate limited, retry in 30 s"_s}});
        const auto refused = await(plugin->deliver(sampleNotification(u"e-1"_s)));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"plugin.fake-notifier.429"_s);
        QCOMPARE(refused.error().message, u"rate limited, retry in 30 s"_s);
        QCOMPARE(refused.error().context, u"notifier.deliver"_s);
    }

    void hangingPluginTimesOutWithoutBlocking()
    {
        auto plugin = notifier({{u"hang"_s, true}}, 600);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(10);
        QElapsedTimer clock;
        clock.start();
        auto future = plugin->deliver(sampleNotification(u"e-1"_s));
        QVERIFY2(clock.elapsed() < 100, "deliver() must return at once");
        QVERIFY(!future.isFinished());
        const auto timedOut = await(future);
        QVERIFY(!timedOut.ok());
        QCOMPARE(timedOut.error().code, u"plugin.timeout"_s);
        QCOMPARE(timedOut.error().message, u"the plugin fake-notifier did not answer notifier.deliver within 600 ms"_s);
        QVERIFY(clock.elapsed() >= 550);
        QVERIFY2(ticks >= 20, qPrintable(u"the event loop ran only %1 timer ticks"_s.arg(ticks)));
    }

    void crashingPluginFailsInFlightCallsAndIsRestarted()
    {
        IsolatedEnvironment env;
        const QString record = env.root() + u"/delivered.jsonl"_s;
        auto plugin = notifier({{u"recordFile"_s, record}, {u"crashAfter"_s, 1}});
        QVERIFY(await(plugin->deliver(sampleNotification(u"e-1"_s))).ok());

        const auto crashed = await(plugin->deliver(sampleNotification(u"e-2"_s)));
        QVERIFY(!crashed.ok());
        QCOMPARE(crashed.error().code, u"plugin.exited"_s);
        QCOMPARE(crashed.error().message,
                 u"the plugin fake-notifier exited with code 3: fake_notifier: crashing after 1 deliveries"_s);

        const auto again = await(plugin->deliver(sampleNotification(u"e-3"_s)));
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
        const QList<QJsonObject> lines = recorded(record);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.last().value(u"event").toObject().value(u"id").toString(), u"e-3"_s);
    }

    void garbageOutputIsLoggedAndIgnored()
    {
        CapturedLog log;
        auto chatty = notifier({{u"garbage"_s, u"before"_s}});
        QVERIFY(await(chatty->deliver(sampleNotification(u"e-1"_s))).ok());
        QVERIFY(CapturedLog::contains(u"plugin fake-notifier wrote a line that is not JSON-RPC, ignored"_s));

        auto broken = notifier({{u"garbage"_s, u"only"_s}}, 800);
        const auto unanswered = await(broken->deliver(sampleNotification(u"e-1"_s)));
        QVERIFY(!unanswered.ok());
        QCOMPARE(unanswered.error().code, u"plugin.timeout"_s);
    }

    void overlongLineStopsThePlugin()
    {
        auto plugin = notifier({{u"hugeLine"_s, true}});
        const auto stopped = await(plugin->deliver(sampleNotification(u"e-1"_s)));
        QVERIFY(!stopped.ok());
        QCOMPARE(stopped.error().code, u"plugin.protocol"_s);
        QCOMPARE(stopped.error().message,
                 u"the plugin fake-notifier wrote a line longer than 16 MiB and was stopped"_s);
    }

    void missingExecutableIsExplained()
    {
        const ExternalPluginSpec spec{
            PluginSlot::Notifier, u"fake-notifier"_s, {u"flotilla-no-such-plugin"_s, u"--serve"_s}, {}, 5000, {}};
        ExternalNotifierPlugin plugin(spec, {});
        const Availability availability = plugin.detect();
        QVERIFY(!availability.available);
        QCOMPARE(availability.problem, u"cannot start plugin fake-notifier: flotilla-no-such-plugin not found"_s);

        const auto failed = await(plugin.deliver(sampleNotification(u"e-1"_s)));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, u"plugin.not_found"_s);
        QCOMPARE(failed.error().message, u"cannot start plugin fake-notifier: flotilla-no-such-plugin not found"_s);

        PluginRegistry registry;
        QVERIFY(
            !registerExternalPlugin(registry, ExternalPluginSpec{PluginSlot::Notifier, u"empty"_s, {}, {}, 5000, {}})
                 .ok());
        QVERIFY(registerExternalPlugin(registry, spec).ok());
        const auto detected = registry.detect(PluginSlot::Notifier, u"fake-notifier"_s);
        QVERIFY(detected.ok());
        QVERIFY(!detected.value().available);
    }

    void secretsNeverReachTheLogs()
    {
        CapturedLog log;
        const QString secret = u"sk-live-4f9a2b7c1d"_s;
        const QString settingsSecret = u"settings-token-8e1f"_s;
        PluginRegistry registry;
        QVERIFY(registerExternalPlugin(registry, fakeSpec(PluginSlot::Runtime, u"fake-runtime"_s, u"fake_runtime.py"_s))
                    .ok());
        auto runtime = registry.create<RuntimePlugin>(u"fake-runtime"_s, {{u"apiToken"_s, settingsSecret}});
        QVERIFY(runtime.ok());

        RuntimeLaunch launch{u"app-1"_s, u"/tmp"_s, {u"claude"_s}, {{u"API_TOKEN"_s, secret}, {u"MODE"_s, u"fast"_s}}};
        const auto handle = await(runtime.value()->create(launch));
        QVERIFY2(handle.ok(), qPrintable(handle.ok() ? QString() : handle.error().toString()));
        QCOMPARE(handle.value().id, u"fake-app-1"_s);
        QCOMPARE(handle.value().plugin, u"fake-runtime"_s);
        QCOMPARE(handle.value().data.value(u"pane").toString(), u"%1"_s);
        QCOMPARE(runtime.value()->attachCommand(handle.value()),
                 (QStringList{u"tmux"_s, u"attach"_s, u"-t"_s, u"fake-app-1"_s}));
        QTRY_VERIFY(CapturedLog::contains(u"fake_runtime: API_TOKEN=[redacted]"_s));
        QVERIFY(CapturedLog::contains(u"fake_runtime: configured with token [redacted]"_s));

        auto crashing = registry.create<RuntimePlugin>(u"fake-runtime"_s, {{u"crashOnCreate"_s, true}});
        QVERIFY(crashing.ok());
        const auto crashed = await(crashing.value()->create(launch));
        QVERIFY(!crashed.ok());
        QCOMPARE(crashed.error().message,
                 u"the plugin fake-runtime exited with code 4: fake_runtime: giving up with token [redacted]"_s);

        for (const QString &line : CapturedLog::lines()) {
            QVERIFY2(!line.contains(secret), qPrintable(line));
            QVERIFY2(!line.contains(settingsSecret), qPrintable(line));
        }
    }
};

QTEST_GUILESS_MAIN(TestExternalPlugin)
#include "tst_external_plugin.moc"
