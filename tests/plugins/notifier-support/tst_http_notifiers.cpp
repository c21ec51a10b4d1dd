// Slack, Discord, webhook and ntfy against fake endpoints: what each payload says for a CI
// failure and for a question, the webhook's signature, a 429's Retry-After honoured by the
// outbox, a hanging endpoint that holds up no other channel, and secrets that appear in no
// error, log line or notification history.
#include "async_wait.h"
#include "discord_notifier.h"
#include "fake_receiver.h"
#include "notify/notification_composer.h"
#include "notify/notification_dispatcher.h"
#include "ntfy_notifier.h"
#include "slack_notifier.h"
#include "store/store.h"
#include "webhook_notifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

using namespace flotilla;
using namespace flotilla::fakes;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QString kPrUrl = u"https://github.com/acme/shop/pull/12"_s;

SessionRecord session()
{
    SessionRecord record;
    record.id = u"shop-3"_s;
    record.projectId = u"shop"_s;
    record.issueId = u"SHOP-7"_s;
    record.displayName = u"Export orders as CSV"_s;
    record.pr.number = 12;
    record.pr.url = kPrUrl;
    return record;
}

Notification ciFailed()
{
    Event event;
    event.id = u"e-ci-1"_s;
    event.type = u"ci.failing"_s;
    event.priority = Priority::Warning;
    event.sessionId = u"shop-3"_s;
    event.projectId = u"shop"_s;
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.data = QJsonObject{
        {u"prNumber"_s, 12}, {u"prUrl"_s, kPrUrl}, {u"failingChecks"_s, QJsonArray{u"unit-tests"_s, u"lint"_s}}};
    return NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)).compose(event, std::nullopt, session());
}

Notification question()
{
    Decision decision;
    decision.id = u"d-42"_s;
    decision.sessionId = u"shop-3"_s;
    decision.projectId = u"shop"_s;
    decision.kind = u"merge"_s;
    decision.question = u"PR #12 is approved and green. Merge it?"_s;
    decision.options = {u"approve"_s, u"reject"_s};
    decision.context = QJsonObject{{u"status"_s, u"mergeable"_s}};
    Event event;
    event.id = u"e-q-1"_s;
    event.type = u"decision.requested"_s;
    event.priority = Priority::Action;
    event.sessionId = u"shop-3"_s;
    event.projectId = u"shop"_s;
    event.message = decision.question;
    event.data = QJsonObject{{u"decision"_s, decision.id}, {u"status"_s, u"mergeable"_s}};
    return NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)).compose(event, decision, session());
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// Every message logged while the test runs, to look for secrets in them.
QStringList g_logged;
void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_logged << message;
}

} // namespace

class TestHttpNotifiers final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInstallMessageHandler(capture); }

    void aCiFailureSaysWhichSessionWhatFailedAndWhere()
    {
        const Notification failing = ciFailed();
        const QString slack = compact(SlackNotifier::payload(failing, {}));
        const QString discord = compact(DiscordNotifier::payload(failing, {}));
        const QString webhook = compact(WebhookNotifier::payload(failing));
        for (const QString &payload : {slack, discord, webhook}) {
            QVERIFY2(payload.contains(u"shop-3"_s) && payload.contains(u"Export orders as CSV"_s), qPrintable(payload));
            QVERIFY2(payload.contains(u"unit-tests"_s) && payload.contains(u"lint"_s), qPrintable(payload));
            QVERIFY2(payload.contains(kPrUrl), qPrintable(payload));
            QVERIFY2(payload.contains(u"CI failing on PR #12"_s), qPrintable(payload));
        }
        const QJsonObject document = WebhookNotifier::payload(failing);
        QCOMPARE(document.value(u"schema"_s).toString(), u"flotilla.notification/v1"_s);
        QCOMPARE(document.value(u"priority"_s).toString(), u"warning"_s);
        QCOMPARE(document.value(u"tone"_s).toString(), u"failed"_s);
        QCOMPARE(document.value(u"ci"_s).toObject().value(u"state"_s).toString(), u"failing"_s);
        QCOMPARE(document.value(u"pullRequest"_s).toObject().value(u"number"_s).toInt(), 12);
        QVERIFY(document.value(u"decision"_s).isNull());
        // Failed, needs you and done look different on Discord.
        QCOMPARE(DiscordNotifier::payload(failing, {})
                     .value(u"embeds"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"color"_s)
                     .toInt(),
                 DiscordNotifier::colourOf(u"failed"_s));
        QVERIFY(DiscordNotifier::colourOf(u"failed"_s) != DiscordNotifier::colourOf(u"needs-you"_s));
        QVERIFY(DiscordNotifier::colourOf(u"done"_s) != DiscordNotifier::colourOf(u"needs-you"_s));
        QVERIFY(slack.contains(u":x: Failed"_s));
    }

    void aQuestionSaysHowToAnswer()
    {
        const Notification asked = question();
        const QString slack = compact(SlackNotifier::payload(asked, {{u"channel"_s, u"#agents"_s}}));
        const QString discord = compact(DiscordNotifier::payload(asked, {}));
        const QJsonObject document = WebhookNotifier::payload(asked);
        for (const QString &payload : {slack, discord, compact(document)}) {
            QVERIFY2(payload.contains(u"Merge it?"_s), qPrintable(payload));
            QVERIFY2(payload.contains(u"flo decide d-42 approve|reject|"_s), qPrintable(payload));
            QVERIFY2(payload.contains(u"http://127.0.0.1:3000/decisions/d-42"_s), qPrintable(payload));
            QVERIFY2(payload.contains(u"approved"_s) && payload.contains(u"passing"_s), qPrintable(payload));
        }
        QVERIFY(slack.contains(u"\"channel\":\"#agents\""_s));
        QVERIFY(slack.contains(u"\"type\":\"button\""_s) && slack.contains(u"Answer"_s));
        QCOMPARE(document.value(u"tone"_s).toString(), u"needs-you"_s);
        QCOMPARE(document.value(u"decision"_s).toObject().value(u"options"_s).toArray().size(), 2);
        QCOMPARE(NtfyNotifier::priorityOf(asked), 4);
        QCOMPARE(NtfyNotifier::priorityOf(ciFailed()), 3);
    }

    void theWebhookIsSignedAsDocumented()
    {
        FakeReceiver receiver;
        qputenv("TEST_WEBHOOK_SECRET", "s3cret-signing-key");
        qputenv("TEST_WEBHOOK_TOKEN", "header-token-value");
        WebhookNotifier notifier({{u"_notifier"_s, u"ops"_s},
                                  {u"url"_s, receiver.url(u"/hooks/flotilla"_s).toString()},
                                  {u"secret"_s, u"${TEST_WEBHOOK_SECRET}"_s},
                                  {u"headers"_s, QJsonObject{{u"X-Api-Key"_s, u"${TEST_WEBHOOK_TOKEN}"_s}}}});
        QVERIFY(waitFor(notifier.deliver(question())));
        QCOMPARE(receiver.requests().size(), 1);
        const auto &request = receiver.requests().first();
        QCOMPARE(request.headers.value("x-api-key"), QByteArray("header-token-value"));
        QCOMPARE(request.headers.value("x-flotilla-event"), QByteArray("decision.requested"));
        // The receiver's side of the check, as docs/notifications.md describes it.
        const QByteArray timestamp = request.headers.value("x-flotilla-timestamp");
        const QByteArray expected = "sha256="
                                    + QMessageAuthenticationCode::hash(timestamp + '.' + request.body,
                                                                       "s3cret-signing-key", QCryptographicHash::Sha256)
                                          .toHex();
        QCOMPARE(request.headers.value("x-flotilla-signature"), expected);
        QVERIFY(qAbs(timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);
        QCOMPARE(QJsonDocument::fromJson(request.body).object().value(u"id"_s).toString(), u"e-q-1"_s);
        // The same notification again within the dedupe window is not sent twice.
        QVERIFY(waitFor(notifier.deliver(question())));
        QCOMPARE(receiver.requests().size(), 1);
    }

    void ntfyGetsTitlePriorityClickAndToken()
    {
        FakeReceiver receiver;
        qputenv("TEST_NTFY_TOKEN", "tk_ntfy_access");
        NtfyNotifier notifier({{u"url"_s, receiver.url().toString()},
                               {u"topic"_s, u"flotilla-alerts"_s},
                               {u"token"_s, u"${TEST_NTFY_TOKEN}"_s}});
        QVERIFY(waitFor(notifier.deliver(ciFailed())));
        const auto &request = receiver.requests().first();
        QCOMPARE(request.path, u"/flotilla-alerts"_s);
        QCOMPARE(request.headers.value("priority"), QByteArray("3"));
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer tk_ntfy_access"));
        QCOMPARE(request.headers.value("click"), kPrUrl.toUtf8());
        QVERIFY(
            request.headers.value("actions").contains(QByteArray(QByteArray("view, Open PR #12, ") + kPrUrl.toUtf8())));
        QVERIFY(QString::fromUtf8(request.body).contains(u"CI: failing: unit-tests, lint"_s));
    }

    // The outbox with four channels at once: Slack answers 429 with Retry-After, Discord
    // hangs, the webhook and ntfy work. The working ones are delivered at once, the hanging
    // one times out, and Slack is tried again only after its Retry-After.
    void channelsFailOnTheirOwnAndSecretsStayOut()
    {
        QTemporaryDir dir;
        Store store;
        QVERIFY(store.open(dir.filePath(u"state.db"_s)));
        FakeReceiver slackEnd, discordEnd, webhookEnd, ntfyEnd;
        slackEnd.rateLimitNext = 1;
        slackEnd.retryAfterSeconds = 2;
        discordEnd.hang = true;
        const QString slackSecret = u"/services/T000/B000/SLACKSECRET123"_s;
        const QString discordSecret = u"/api/webhooks/42/DISCORDSECRET456"_s;
        qputenv("TEST_SLACK_URL", slackEnd.url(slackSecret).toString().toUtf8());
        qputenv("TEST_DISCORD_URL", discordEnd.url(discordSecret).toString().toUtf8());
        SlackNotifier slack({{u"_notifier"_s, u"team"_s}, {u"webhookUrl"_s, u"${TEST_SLACK_URL}"_s}});
        DiscordNotifier discord({{u"_notifier"_s, u"chat"_s}, {u"webhookUrl"_s, u"${TEST_DISCORD_URL}"_s}});
        WebhookNotifier webhook({{u"_notifier"_s, u"ops"_s}, {u"url"_s, webhookEnd.url().toString()}});
        NtfyNotifier ntfy({{u"_notifier"_s, u"phone"_s}, {u"url"_s, ntfyEnd.url(u"/alerts"_s).toString()}});
        const QHash<QString, NotifierPlugin *> plugins{
            {u"team"_s, &slack}, {u"chat"_s, &discord}, {u"ops"_s, &webhook}, {u"phone"_s, &ntfy}};
        DispatchPolicy policy;
        policy.timeout = std::chrono::milliseconds(1500);
        policy.firstRetry = std::chrono::milliseconds(200);
        policy.sweepInterval = std::chrono::milliseconds(100);
        policy.maxAttempts = 2;
        policy.lease = std::chrono::seconds(10);
        NotificationDispatcher dispatcher({store,
                                           [&](const QString &name) { return plugins.value(name); },
                                           NotificationComposer(QUrl(u"http://127.0.0.1:3000"_s)),
                                           {},
                                           {},
                                           policy});
        QElapsedTimer clock;
        clock.start();
        dispatcher.start();
        Event event = ciFailed().event;
        event.id.clear();
        QVERIFY(store.events().appendAndRoute(event, {u"team"_s, u"chat"_s, u"ops"_s, u"phone"_s}));

        QVERIFY(eventually([&] { return webhookEnd.requests().size() == 1 && ntfyEnd.requests().size() == 1; }, 5000));
        QVERIFY2(clock.elapsed() < 1000, "the working channels waited for the hanging one");
        QVERIFY(eventually([&] { return slackEnd.requests().size() == 2; }, 15000));
        const qint64 waited = slackEnd.requests().at(0).receivedAt.msecsTo(slackEnd.requests().at(1).receivedAt);
        QVERIFY2(waited >= 1900, qPrintable(u"Slack was tried again after %1 ms"_s.arg(waited)));
        QVERIFY(eventually([&] { return dispatcher.inFlight(u"chat"_s) == 0 && discordEnd.requests().size() == 2; },
                           15000));

        // The hanging channel's failure is in the history, and no secret is anywhere.
        QString everything = g_logged.join(u'\n');
        bool discordFailed = false;
        for (const OutboxEntry &entry : dispatcher.history(0).value()) {
            everything += entry.lastError;
            discordFailed = discordFailed || (entry.notifier == u"chat"_s && entry.lastError.contains(u"within"_s));
        }
        for (const StoredEvent &stored : store.events().query({}).value())
            everything += stored.event.message + compact(stored.event.data);
        QVERIFY2(discordFailed, "the timed-out Discord delivery is not in the history");
        for (const QString &secret : {u"SLACKSECRET123"_s, u"DISCORDSECRET456"_s})
            QVERIFY2(!everything.contains(secret), qPrintable(everything));
    }

    void aRefusalNamesTheHostButNotTheUrl()
    {
        FakeReceiver receiver;
        receiver.status = 404;
        receiver.answerBody = "no such hook";
        SlackNotifier slack({{u"webhookUrl"_s, receiver.url(u"/services/T1/B1/TOKENXYZ"_s).toString()}});
        const auto refused = waitFor(slack.deliver(ciFailed()));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"127.0.0.1"_s) && refused.error().message.contains(u"404"_s),
                 qPrintable(refused.error().message));
        QVERIFY2(!refused.error().toString().contains(u"TOKENXYZ"_s), qPrintable(refused.error().toString()));
    }
};

QTEST_GUILESS_MAIN(TestHttpNotifiers)
#include "tst_http_notifiers.moc"
