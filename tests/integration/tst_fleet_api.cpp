#include "api_access.h"
#include "api_server.h"
#include "config/config_loader.h"
#include "fleet/fleet.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "plugin/plugin_registry.h"
#include "process_helpers.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QtConcurrent/QtConcurrentRun>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kToken = "user-token-0123456789abcdefghijklmnopqrstuvwxyz";

HttpExchange inBackground(std::function<HttpExchange()> exchange)
{
    auto future = QtConcurrent::run(std::move(exchange));
    while (!future.isFinished())
        QTest::qWait(5);
    return future.result();
}

template<typename Fake> void add(PluginRegistry &registry, const QString &name)
{
    (void)registry.add(PluginRegistry::Entry{Fake::kSlot, name, name, [](const PluginSettings &) {
                                                 return std::unique_ptr<Plugin>(std::make_unique<Fake>());
                                             }});
}

} // namespace

// The fleet's REST endpoints over a real socket: spawn, send, kill, restore, reports with a
// session's own token, decisions, events, and every refusal (token, Host, Origin, size).
class TestFleetApi final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<ApiAccess> m_access;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;

    QByteArray host() const { return "127.0.0.1:" + QByteArray::number(m_port); }

    HttpExchange call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                      const QByteArray &token = kToken, const QByteArray &extraHeaders = {})
    {
        QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + host() + "\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        request += extraHeaders;
        if (method == "POST")
            request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        request += "Connection: close\r\n\r\n" + body;
        const quint16 port = m_port;
        return inBackground([port, request] { return rawHttp(port, request, 20000); });
    }

    static QJsonObject json(const HttpExchange &reply) { return QJsonDocument::fromJson(reply.body).object(); }

    fakes::Runtime *runtime() const { return static_cast<fakes::Runtime *>(m_fleet->plugins(u"shop"_s)->runtime); }

private slots:
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

        const QByteArray yaml = "projects:\n  shop:\n    path: " + m_env->workDir().toUtf8()
                                + "\n    sessionPrefix: shop\n    tracker:\n      plugin: local\n";
        const LoadedConfig loaded = ConfigLoader::loadText(yaml, m_env->workDir() + u"/flotilla.yaml"_s, std::nullopt);
        QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.errors().value(0).toString()));

        m_server = std::make_unique<ApiServer>();
        ApiServer::Options options;
        options.port = 0;
        options.token = kToken;
        QVERIFY(m_server->listen(options).ok());
        m_port = quint16(m_server->port());

        Fleet::Options fleetOptions;
        fleetOptions.pollInterval = std::chrono::hours(1);
        m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, fleetOptions);
        m_access = std::make_unique<ApiAccess>(kToken, m_store->sessions());
        m_access->setApiBase(u"http://"_s + QString::fromLatin1(host()));
        m_fleet->addHook(m_access.get());
        QVERIFY(m_fleet->apply(std::make_shared<const Config>(loaded.config)).isEmpty());
        m_server->attach(*m_fleet, *m_store, *m_access);
        auto *tracker = static_cast<fakes::Tracker *>(m_fleet->plugins(u"shop"_s)->tracker);
        for (const QString &id : {u"1"_s, u"2"_s})
            tracker->issues.insert(id, Issue{id, u"Issue "_s + id, {}, {}, Issue::State::Open, {}, {}, {}});
    }

    void cleanup()
    {
        m_server.reset();
        m_fleet.reset();
        m_access.reset();
        m_store.reset();
        m_env.reset();
    }

    void spawnsSendsKillsAndRestores()
    {
        const auto spawned = call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})");
        QCOMPARE(spawned.status, 201);
        const QJsonObject session = json(spawned).value(u"session"_s).toObject();
        QCOMPARE(session.value(u"id"_s).toString(), u"shop-1"_s);
        QCOMPARE(session.value(u"status"_s).toString(), u"spawning"_s);
        QVERIFY(!session.contains(u"extra"_s));

        const QByteArray longText = QByteArray(9000, 'x') + "\nline two";
        const auto sent = call("POST", "/api/v1/sessions/shop-1/send",
                               QJsonDocument(QJsonObject{{u"text"_s, QString::fromUtf8(longText)}}).toJson());
        QCOMPARE(sent.status, 200);
        QCOMPARE(runtime()->received.value(u"mem-shop-1"_s).last().toUtf8(), longText);

        const auto listed = call("GET", "/api/v1/sessions");
        QCOMPARE(listed.status, 200);
        QCOMPARE(json(listed).value(u"sessions"_s).toArray().size(), 1);

        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/kill", R"({"why":"enough"})").status, 200);
        const auto hidden = json(call("GET", "/api/v1/sessions"));
        QCOMPARE(hidden.value(u"sessions"_s).toArray().size(), 0);
        QCOMPARE(hidden.value(u"meta"_s).toObject().value(u"hiddenTerminatedCount"_s).toInt(), 1);
        QCOMPARE(json(call("GET", "/api/v1/sessions?all=1")).value(u"sessions"_s).toArray().size(), 1);

        const auto restored = call("POST", "/api/v1/sessions/shop-1/restore");
        QCOMPARE(restored.status, 200);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/restore").status, 409); // live again

        const auto events = json(call("GET", "/api/v1/events?session=shop-1&type=session.killed"));
        QCOMPARE(events.value(u"events"_s).toArray().size(), 1);
        QCOMPARE(events.value(u"events"_s).toArray().first().toObject().value(u"actor"_s).toString(), u"api"_s);
    }

    void errorsHaveCodesAndStatuses()
    {
        auto reply = call("POST", "/api/v1/sessions", R"({"project":"shpo","issue":"1"})");
        QCOMPARE(reply.status, 404);
        QCOMPARE(json(reply).value(u"error"_s).toObject().value(u"code"_s).toString(), u"spawn.unknown_project"_s);
        QVERIFY(json(reply).value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"shop"_s));
        reply = call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1","agent":"nope"})");
        QCOMPARE(reply.status, 422);
        reply = call("POST", "/api/v1/sessions", "{not json");
        QCOMPARE(reply.status, 422);
        QCOMPARE(json(reply).value(u"error"_s).toObject().value(u"code"_s).toString(), u"api.invalid_json"_s);
        QCOMPARE(call("GET", "/api/v1/sessions/shop-9").status, 404);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-9/send", R"({"text":"hi"})").status, 404);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 201);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 409); // duplicate
    }

    void refusesWhatIsNotOurs()
    {
        QCOMPARE(call("GET", "/api/v1/sessions", {}, {}).status, 401);
        QCOMPARE(call("GET", "/api/v1/sessions", {}, "wrong-token").status, 401);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})", kToken,
                      "Origin: https://evil.example\r\n")
                     .status,
                 403);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})", kToken,
                      "Origin: http://127.0.0.1:1\r\n")
                     .status,
                 403); // another local port is another site
        const QByteArray foreignHost = "GET /api/v1/sessions HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer "
                                       + kToken + "\r\nConnection: close\r\n\r\n";
        const quint16 port = m_port;
        QCOMPARE(inBackground([port, foreignHost] { return rawHttp(port, foreignHost); }).status, 403);
        const QByteArray huge = "{\"text\":\"" + QByteArray(FleetApiLimit + 10, 'a') + "\"}";
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/send", huge).status, 413);
        // Our own page's Origin is fine.
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})", kToken,
                      "Origin: http://" + host() + "\r\n")
                     .status,
                 201);
        QVERIFY(m_store->sessions().list().value().size() == 1);
    }

    void sessionTokenActsForItsOwnSessionOnly()
    {
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 201);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"2"})").status, 201);
        const QByteArray first =
            runtime()->launched.value(u"mem-shop-1"_s).environment.value(u"FLOTILLA_TOKEN"_s).toLatin1();
        QVERIFY(first.size() >= 40);
        QCOMPARE(runtime()->launched.value(u"mem-shop-1"_s).environment.value(u"FLOTILLA_API"_s),
                 u"http://"_s + QString::fromLatin1(host()));
        // The token is only in the agent's environment: not in the database.
        QVERIFY(!m_store->sessions().get(u"shop-1"_s).value()->extra.value(u"apiTokenSha256"_s).toString().isEmpty());
        QVERIFY(!QJsonDocument(m_store->sessions().get(u"shop-1"_s).value()->extra).toJson().contains(first));

        QCOMPARE(call("GET", "/api/v1/sessions/shop-1", {}, first).status, 200);
        QCOMPARE(call("GET", "/api/v1/sessions/shop-2", {}, first).status, 403);
        const auto listed = json(call("GET", "/api/v1/sessions", {}, first));
        QCOMPARE(listed.value(u"sessions"_s).toArray().size(), 1);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/report", R"({"state":"pr-created","note":"opened #4"})", first)
                     .status,
                 202);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-2/report", R"({"state":"working"})", first).status, 403);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/report", R"({"state":"merged"})", first).status, 422);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-2/kill", {}, first).status, 403);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","prompt":"x"})", first).status, 403);
        QCOMPARE(call("GET", "/api/v1/projects", {}, first).status, 403);

        // Killed: its token stops working.
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/kill").status, 200);
        QCOMPARE(call("GET", "/api/v1/sessions/shop-1", {}, first).status, 401);
    }

    void decisionsAreAnsweredOnce()
    {
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 201);
        Decision decision;
        decision.sessionId = u"shop-1"_s;
        decision.projectId = u"shop"_s;
        decision.kind = u"needs-input"_s;
        decision.question = u"Which database?"_s;
        const QString id = m_store->decisions().create(decision)->id;
        const auto pending = json(call("GET", "/api/v1/decisions"));
        QCOMPARE(pending.value(u"decisions"_s).toArray().size(), 1);
        auto answered = call("POST", "/api/v1/decisions/" + id.toLatin1() + "/answer",
                             R"({"answer":"Use SQLite","channel":"cli"})");
        QCOMPARE(answered.status, 200);
        QCOMPARE(json(answered).value(u"outcome"_s).toString(), u"sent to the agent"_s);
        QCOMPARE(runtime()->received.value(u"mem-shop-1"_s).last(), u"Use SQLite"_s);
        answered = call("POST", "/api/v1/decisions/" + id.toLatin1() + "/answer", R"({"answer":"Postgres"})");
        QCOMPARE(answered.status, 409);
        QCOMPARE(json(answered).value(u"accepted"_s).toBool(), false);
        QCOMPARE(json(call("GET", "/api/v1/decisions")).value(u"decisions"_s).toArray().size(), 0);
    }

    void pushesEventsAndSessionChangesOverWebSocket()
    {
        const auto open = [this](const QByteArray &token) {
            auto socket = std::make_unique<QWebSocket>();
            QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/ws"_s.arg(m_port)));
            if (!token.isEmpty())
                request.setRawHeader("Authorization", "Bearer " + token);
            socket->open(request);
            return socket;
        };
        auto anonymous = open({});
        QSignalSpy anonymousConnected(anonymous.get(), &QWebSocket::connected);
        auto user = open(kToken);
        QSignalSpy userConnected(user.get(), &QWebSocket::connected);
        QTRY_COMPARE(userConnected.size(), 1);
        QVERIFY(!anonymousConnected.wait(300)); // refused at the upgrade
        QStringList heard;
        connect(user.get(), &QWebSocket::textMessageReceived, this, [&heard](const QString &text) { heard << text; });

        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 201);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"2"})").status, 201);
        QTRY_VERIFY(heard.join(u'\n').contains(u"session.spawned"_s));
        const auto types = [](const QStringList &messages, const QString &type) {
            int count = 0;
            for (const QString &text : messages)
                count += QJsonDocument::fromJson(text.toUtf8()).object().value(u"type"_s).toString() == type;
            return count;
        };
        QVERIFY(types(heard, u"event"_s) >= 4);   // two spawn_started, two spawned
        QVERIFY(types(heard, u"session"_s) >= 2); // at least each session's final facts

        // A session's own token hears about its session only.
        const QByteArray first =
            runtime()->launched.value(u"mem-shop-1"_s).environment.value(u"FLOTILLA_TOKEN"_s).toLatin1();
        auto agent = open(first);
        QSignalSpy agentConnected(agent.get(), &QWebSocket::connected);
        QTRY_COMPARE(agentConnected.size(), 1);
        QStringList agentHeard;
        connect(agent.get(), &QWebSocket::textMessageReceived, this,
                [&agentHeard](const QString &text) { agentHeard << text; });
        QCOMPARE(call("POST", "/api/v1/sessions/shop-2/send", R"({"text":"hello two"})").status, 200);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/send", R"({"text":"hello one"})").status, 200);
        QTRY_VERIFY(agentHeard.join(u'\n').contains(u"shop-1"_s));
        QVERIFY(!agentHeard.join(u'\n').contains(u"shop-2"_s));
    }

private:
    static constexpr qsizetype FleetApiLimit = 1024 * 1024;
};

QTEST_GUILESS_MAIN(TestFleetApi)
#include "tst_fleet_api.moc"
