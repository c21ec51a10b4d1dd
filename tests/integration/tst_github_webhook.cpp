#include "api_access.h"
#include "api_server.h"
#include "async_wait.h"
#include "config/config_loader.h"
#include "fleet/fleet.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/session_manager.h"
#include "plugin/plugin_registry.h"
#include "process_helpers.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kToken = "user-token-0123456789abcdefghijklmnopqrstuvwxyz";
const QByteArray kSecret = "It's a Secret to Everybody";
const char kSecretVariable[] = "FLOTILLA_TEST_GITHUB_WEBHOOK_SECRET";
const QString kHeadSha = u"6dcb09b5b57875f334f61aebed695e2e4193db5e"_s;
constexpr qint64 kBodyLimit = 65536;

template<typename Fake> void add(PluginRegistry &registry, const QString &name)
{
    (void)registry.add(PluginRegistry::Entry{Fake::kSlot, name, name, [](const PluginSettings &) {
                                                 return std::unique_ptr<Plugin>(std::make_unique<Fake>());
                                             }});
}

QByteArray signatureOf(const QByteArray &body, const QByteArray &secret)
{
    return "sha256=" + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

QByteArray pullRequestEvent(const QString &repository, int number, const QString &branch = u"feat/issue-1"_s,
                            const QString &headSha = kHeadSha)
{
    const QJsonObject payload{
        {u"action"_s, u"synchronize"_s},
        {u"number"_s, number},
        {u"pull_request"_s, QJsonObject{{u"number"_s, number},
                                        {u"head"_s, QJsonObject{{u"ref"_s, branch}, {u"sha"_s, headSha}}},
                                        {u"base"_s, QJsonObject{{u"ref"_s, u"main"_s}}}}},
        {u"repository"_s, QJsonObject{{u"full_name"_s, repository}, {u"private"_s, false}}},
        {u"sender"_s, QJsonObject{{u"login"_s, u"octocat"_s}}},
    };
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

struct Reply
{
    int status = 0;
    QJsonObject body;

    QString errorCode() const { return body.value(u"error"_s).toObject().value(u"code"_s).toString(); }
    QStringList sessions() const
    {
        QStringList ids;
        for (const QJsonValue &id : body.value(u"sessions"_s).toArray())
            ids << id.toString();
        return ids;
    }
};

} // namespace

// GitHub deliveries over a real socket, sent with QNetworkAccessManager: only a body signed with
// the project's secret makes the sessions it names be checked, once per delivery.
class TestGithubWebhook final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<ApiAccess> m_access;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
    QList<int> m_checked; // sessions in each lifecycle cycle since the deliveries began

    QByteArray configText(const QByteArray &webhook) const
    {
        return "projects:\n  shop:\n    path: " + m_env->workDir().toUtf8()
               + "\n    repo: Acme/Shop\n    sessionPrefix: shop\n    tracker:\n      plugin: local\n"
                 "    scm:\n      plugin: github\n      webhook:\n"
               + webhook;
    }

    QString applyConfig(const QByteArray &webhook)
    {
        const LoadedConfig loaded =
            ConfigLoader::loadText(configText(webhook), m_env->workDir() + u"/flotilla.yaml"_s, std::nullopt);
        if (loaded.hasErrors())
            return loaded.errors().value(0).toString();
        return m_fleet->apply(std::make_shared<const Config>(loaded.config)).join(u'\n');
    }

    Reply post(const QString &path, const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers,
               const QByteArray &contentType = "application/json")
    {
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        request.setRawHeader("User-Agent", "GitHub-Hookshot/044aadd");
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        std::unique_ptr<QNetworkReply> reply(m_network.post(request, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(20000))
            return {};
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                QJsonDocument::fromJson(reply->readAll()).object()};
    }

    // A delivery as GitHub sends it: signed with `secret`, a fresh delivery id unless given.
    Reply deliver(const QString &event, const QByteArray &body, const QByteArray &secret = kSecret,
                  QByteArray delivery = {}, const QString &path = u"/api/v1/webhooks/github"_s)
    {
        if (delivery.isEmpty())
            delivery = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        return post(path, body,
                    {{"X-GitHub-Event", event.toLatin1()},
                     {"X-GitHub-Delivery", delivery},
                     {"X-GitHub-Hook-ID", "292430182"},
                     {"X-Hub-Signature-256", signatureOf(body, secret)}});
    }

    // Whatever a delivery set off has had time to run.
    void settle() { QTest::qWait(150); }

private slots:
    void initTestCase()
    {
        m_network.setProxy(QNetworkProxy::NoProxy);
        qputenv(kSecretVariable, kSecret);
    }

    void init()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/flotilla.db"_s).ok());
        m_registry = std::make_unique<PluginRegistry>();
        add<fakes::Runtime>(*m_registry, u"tmux"_s);
        add<fakes::Workspace>(*m_registry, u"worktree"_s);
        add<fakes::Agent>(*m_registry, u"claude-code"_s);
        add<fakes::Tracker>(*m_registry, u"local"_s);
        add<fakes::Scm>(*m_registry, u"github"_s);

        m_server = std::make_unique<ApiServer>();
        ApiServer::Options options;
        options.port = 0;
        options.token = kToken;
        options.keychainService.clear(); // the secret comes from the environment here
        QVERIFY(m_server->listen(options).ok());
        m_port = quint16(m_server->port());

        Fleet::Options fleetOptions;
        fleetOptions.pollInterval = std::chrono::hours(1); // only deliveries start cycles
        m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, fleetOptions);
        m_access = std::make_unique<ApiAccess>(kToken, m_store->sessions());
        m_fleet->addHook(m_access.get());
        const QString problems = applyConfig("        secretEnvVar: " + QByteArray(kSecretVariable)
                                             + "\n        maxBodyBytes: " + QByteArray::number(kBodyLimit) + "\n");
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        m_server->attach(*m_fleet, *m_store, *m_access);

        // shop-1 has pull request #7 on feat/issue-1; shop-2 has only its branch.
        const ProjectPlugins *plugins = m_fleet->plugins(u"shop"_s);
        auto *tracker = static_cast<fakes::Tracker *>(plugins->tracker);
        auto *scm = static_cast<fakes::Scm *>(plugins->scm);
        for (const QString &id : {u"1"_s, u"2"_s}) {
            tracker->issues.insert(id, Issue{id, u"Issue "_s + id, {}, {}, Issue::State::Open, {}, {}, {}});
            SpawnRequest spawn;
            spawn.projectId = u"shop"_s;
            spawn.issueId = id;
            const auto spawned = waitFor(m_fleet->sessions().spawn(spawn));
            QVERIFY2(spawned, qPrintable(spawned ? QString() : spawned.error().toString()));
        }
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = 7;
        pr.headSha = kHeadSha;
        pr.headBranch = u"feat/issue-1"_s;
        scm->byBranch.insert(u"feat/issue-1"_s, pr);
        QSignalSpy cycles(&m_fleet->lifecycle(), &LifecycleManager::cycleFinished);
        m_fleet->lifecycle().pollNow();
        QTRY_VERIFY(!cycles.isEmpty() && !m_fleet->lifecycle().isPolling());
        const auto first = m_store->sessions().get(u"shop-1"_s);
        QVERIFY(first && first.value());
        QCOMPARE(first.value()->pr.number, 7);

        m_checked.clear();
        connect(&m_fleet->lifecycle(), &LifecycleManager::cycleFinished, this,
                [this](const LifecycleManager::CycleStats &stats) { m_checked << stats.sessions; });
    }

    void cleanup()
    {
        m_server.reset();
        m_fleet.reset();
        m_access.reset();
        m_store.reset();
        m_env.reset();
    }

    void checksTheSessionOfThePullRequest()
    {
        // The configured repository is Acme/Shop; GitHub's spelling may differ in case.
        const Reply reply = deliver(u"pull_request"_s, pullRequestEvent(u"acme/shop"_s, 7));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.body.value(u"accepted"_s).toBool(), true);
        QCOMPARE(reply.sessions(), QStringList{u"shop-1"_s});
        QTRY_COMPARE(m_checked, QList<int>{1}); // one cycle, of that one session
    }

    void matchesCiEventsByBranchAndSha()
    {
        const QJsonObject byBranch{
            {u"action"_s, u"completed"_s},
            {u"workflow_run"_s, QJsonObject{{u"head_branch"_s, u"feat/issue-2"_s},
                                            {u"head_sha"_s, u"1111111111111111111111111111111111111111"_s},
                                            {u"pull_requests"_s, QJsonArray()}}},
            {u"repository"_s, QJsonObject{{u"full_name"_s, u"Acme/Shop"_s}}},
        };
        Reply reply = deliver(u"workflow_run"_s, QJsonDocument(byBranch).toJson());
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.sessions(), QStringList{u"shop-2"_s});
        QTRY_COMPARE(m_checked.size(), 1);

        const QJsonObject bySha{
            {u"action"_s, u"completed"_s},
            {u"check_suite"_s, QJsonObject{{u"head_branch"_s, QJsonValue()},
                                           {u"head_sha"_s, kHeadSha.toUpper()},
                                           {u"pull_requests"_s, QJsonArray()}}},
            {u"repository"_s, QJsonObject{{u"full_name"_s, u"Acme/Shop"_s}}},
        };
        reply = deliver(u"check_suite"_s, QJsonDocument(bySha).toJson());
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.sessions(), QStringList{u"shop-1"_s});
        QTRY_COMPARE(m_checked.size(), 2);
    }

    void refusesABadSignature()
    {
        const QByteArray body = pullRequestEvent(u"Acme/Shop"_s, 7);
        Reply reply = deliver(u"pull_request"_s, body, "not the secret");
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), u"bad_signature"_s);
        // Signed right, but over other bytes than those sent.
        reply = post(u"/api/v1/webhooks/github"_s, body + ' ',
                     {{"X-GitHub-Event", "pull_request"}, {"X-Hub-Signature-256", signatureOf(body, kSecret)}});
        QCOMPARE(reply.status, 401);
        // The legacy SHA-1 header is no signature.
        reply = post(u"/api/v1/webhooks/github"_s, body,
                     {{"X-GitHub-Event", "pull_request"},
                      {"X-Hub-Signature",
                       "sha1=" + QMessageAuthenticationCode::hash(body, kSecret, QCryptographicHash::Sha1).toHex()}});
        QCOMPARE(reply.status, 401);
        settle();
        QVERIFY(m_checked.isEmpty());
    }

    void refusesAMissingSignature()
    {
        const Reply reply = post(u"/api/v1/webhooks/github"_s, pullRequestEvent(u"Acme/Shop"_s, 7),
                                 {{"X-GitHub-Event", "pull_request"}, {"X-GitHub-Delivery", "d-1"}});
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), u"bad_signature"_s);
        // Nor does the API token stand in for it.
        const Reply withToken = post(u"/api/v1/webhooks/github"_s, pullRequestEvent(u"Acme/Shop"_s, 7),
                                     {{"X-GitHub-Event", "pull_request"}, {"Authorization", "Bearer " + kToken}});
        QCOMPARE(withToken.status, 401);
        settle();
        QVERIFY(m_checked.isEmpty());
    }

    void refusesAnOversizedBody()
    {
        QJsonObject payload = QJsonDocument::fromJson(pullRequestEvent(u"Acme/Shop"_s, 7)).object();
        payload.insert(u"padding"_s, QString(int(kBodyLimit), u'x'));
        const Reply reply = deliver(u"pull_request"_s, QJsonDocument(payload).toJson());
        QCOMPARE(reply.status, 413);
        QCOMPARE(reply.errorCode(), u"too_large"_s);
        settle();
        QVERIFY(m_checked.isEmpty());
    }

    void checksOncePerDelivery()
    {
        const QByteArray body = pullRequestEvent(u"Acme/Shop"_s, 7);
        QCOMPARE(deliver(u"pull_request"_s, body, kSecret, "72d3162e-cc78-11e3-81ab-4c9367dc0958").status, 202);
        QTRY_COMPARE(m_checked.size(), 1);
        // A redelivery repeats the id.
        const Reply again = deliver(u"pull_request"_s, body, kSecret, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body.value(u"duplicate"_s).toBool(), true);
        settle();
        QCOMPARE(m_checked.size(), 1);
        // Another delivery of the same event is news.
        QCOMPARE(deliver(u"pull_request"_s, body, kSecret, "8a1b0c2e-cc78-11e3-81ab-4c9367dc0958").status, 202);
        QTRY_COMPARE(m_checked.size(), 2);
    }

    void answersPing()
    {
        const QByteArray body = R"({"zen":"Keep it logically awesome.","hook_id":292430182,)"
                                R"("repository":{"full_name":"Acme/Shop"}})";
        const Reply reply = deliver(u"ping"_s, body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body.value(u"ok"_s).toBool(), true);
        settle();
        QVERIFY(m_checked.isEmpty());
    }

    void refusesMalformedJsonEvenWhenSigned()
    {
        for (const QByteArray &body : {QByteArray("{\"repository\": {"), QByteArray("[1,2,3]"), QByteArray()}) {
            const Reply reply = deliver(u"pull_request"_s, body);
            QCOMPARE(reply.status, 400);
            QCOMPARE(reply.errorCode(), u"invalid_json"_s);
        }
        settle();
        QVERIFY(m_checked.isEmpty());
    }

    void acceptsButIgnoresOtherRepositories()
    {
        const Reply reply = deliver(u"pull_request"_s, pullRequestEvent(u"someone/else"_s, 7));
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.body.value(u"accepted"_s).toBool(), true);
        QVERIFY(reply.body.value(u"sessions"_s).isArray());
        QVERIFY(reply.sessions().isEmpty());
        // Nor does an event name nothing of ours check anything (not even the whole fleet).
        QCOMPARE(deliver(u"pull_request"_s, pullRequestEvent(u"Acme/Shop"_s, 99, u"feat/other"_s,
                                                             u"2222222222222222222222222222222222222222"_s))
                     .sessions(),
                 QStringList());
        settle();
        QVERIFY(m_checked.isEmpty());
    }

    void acceptsFormEncodedDeliveries()
    {
        const QByteArray body = "payload=" + pullRequestEvent(u"Acme/Shop"_s, 7).toPercentEncoding();
        const Reply reply = post(u"/api/v1/webhooks/github"_s, body,
                                 {{"X-GitHub-Event", "pull_request"},
                                  {"X-GitHub-Delivery", "f-1"},
                                  {"X-Hub-Signature-256", signatureOf(body, kSecret)}},
                                 "application/x-www-form-urlencoded");
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.sessions(), QStringList{u"shop-1"_s});
    }

    void servesTheReferenceToolPath()
    {
        const QByteArray body = pullRequestEvent(u"Acme/Shop"_s, 7);
        Reply reply = deliver(u"pull_request"_s, body, kSecret, {}, u"/api/webhooks/github"_s);
        QCOMPARE(reply.status, 202);
        QCOMPARE(reply.sessions(), QStringList{u"shop-1"_s});
        QCOMPARE(deliver(u"pull_request"_s, body, "wrong", {}, u"/api/webhooks/github"_s).status, 401);

        // A configured path replaces the default one, from the next delivery on.
        QCOMPARE(applyConfig("        secretEnvVar: " + QByteArray(kSecretVariable) + "\n        path: /hooks/gh\n"),
                 QString());
        QCOMPARE(deliver(u"pull_request"_s, body, kSecret, {}, u"/hooks/gh"_s).status, 202);
        QCOMPARE(deliver(u"pull_request"_s, body, kSecret, {}, u"/api/webhooks/github"_s).status, 404);
        QCOMPARE(deliver(u"pull_request"_s, body, kSecret).status, 202); // the API path stays
    }

    void keepsTheLoopbackHostCheck()
    {
        const QByteArray body = pullRequestEvent(u"Acme/Shop"_s, 7);
        const QByteArray request = "POST /api/v1/webhooks/github HTTP/1.1\r\nHost: hooks.example.com\r\n"
                                   "X-GitHub-Event: pull_request\r\nX-GitHub-Delivery: h-1\r\nX-Hub-Signature-256: "
                                   + signatureOf(body, kSecret) + "\r\nContent-Type: application/json\r\n"
                                   + "Content-Length: " + QByteArray::number(body.size())
                                   + "\r\nConnection: close\r\n\r\n" + body;
        const quint16 port = m_port;
        auto future = QtConcurrent::run([port, request] { return rawHttp(port, request); });
        while (!future.isFinished())
            QTest::qWait(5);
        QCOMPARE(future.result().status, 403);
        settle();
        QVERIFY(m_checked.isEmpty());
    }

    void refusesEverythingWithoutASecret()
    {
        qunsetenv("FLOTILLA_TEST_UNSET_WEBHOOK_SECRET");
        QCOMPARE(applyConfig("        secretEnvVar: FLOTILLA_TEST_UNSET_WEBHOOK_SECRET\n"), QString());
        const QByteArray body = pullRequestEvent(u"Acme/Shop"_s, 7);
        Reply reply = deliver(u"pull_request"_s, body, QByteArray());
        QCOMPARE(reply.status, 503);
        QCOMPARE(reply.errorCode(), u"webhook_not_configured"_s);
        QVERIFY(reply.body.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"secretEnvVar"_s));
        reply = deliver(u"pull_request"_s, body, kSecret);
        QCOMPARE(reply.status, 503);
        settle();
        QVERIFY(m_checked.isEmpty());

        // `secret` names the variable as a reference, and wins over secretEnvVar.
        QCOMPARE(applyConfig("        secretEnvVar: FLOTILLA_TEST_UNSET_WEBHOOK_SECRET\n        secret: ${"
                             + QByteArray(kSecretVariable) + "}\n"),
                 QString());
        QCOMPARE(deliver(u"pull_request"_s, body, kSecret).status, 202);
    }
};

QTEST_GUILESS_MAIN(TestGithubWebhook)
#include "tst_github_webhook.moc"
