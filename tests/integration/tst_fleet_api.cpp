#include "api_test_base.h"
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

// The fleet's REST endpoints over a real socket: spawn, send, kill, restore, reports with a
// session's own token, decisions, events, and every refusal (token, Host, Origin, size).
class TestFleetApi final : public ApiTestBase
{
    Q_OBJECT

private slots:
    void init()
    {
        QString problem;
        QVERIFY2(startApi(&problem), qPrintable(problem));
    }

    void cleanup() { stopApi(); }

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
        QCOMPARE(rawCall(foreignHost).status, 403);
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

    void listsTrackerIssuesWithTheSessionWorkingOnThem()
    {
        auto listed = call("GET", "/api/v1/projects/shop/issues");
        QCOMPARE(listed.status, 200);
        QCOMPARE(json(listed).value(u"issues"_s).toArray().size(), 2);
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 201);
        listed = call("GET", "/api/v1/projects/shop/issues?q=anything&limit=500");
        QString workedOn;
        for (const QJsonValue &issue : json(listed).value(u"issues"_s).toArray()) {
            if (issue.toObject().value(u"id"_s).toString() == u"1"_s)
                workedOn = issue.toObject().value(u"session"_s).toString();
        }
        QCOMPARE(workedOn, u"shop-1"_s);
        QCOMPARE(call("GET", "/api/v1/projects/shpo/issues").status, 404);
        const auto badState = call("GET", "/api/v1/projects/shop/issues?state=sideways");
        QCOMPARE(badState.status, 422);
        QCOMPARE(json(badState).value(u"error"_s).toObject().value(u"code"_s).toString(), u"api.invalid_query"_s);
        const auto project = json(call("GET", "/api/v1/projects")).value(u"projects"_s).toArray().first().toObject();
        QCOMPARE(project.value(u"tracker"_s).toString(), u"memory-tracker"_s);
        QVERIFY(project.value(u"agents"_s).toArray().contains(u"claude-code"_s));
        const QByteArray agentToken =
            runtime()->launched.value(u"mem-shop-1"_s).environment.value(u"FLOTILLA_TOKEN"_s).toLatin1();
        QCOMPARE(call("GET", "/api/v1/projects/shop/issues", {}, agentToken).status, 403);
    }

    void mergesOnlyForAPersonAndOnlyWithAPullRequest()
    {
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 201);
        const QByteArray agentToken =
            runtime()->launched.value(u"mem-shop-1"_s).environment.value(u"FLOTILLA_TOKEN"_s).toLatin1();
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/merge", {}, agentToken).status, 403);
        const auto noScm = call("POST", "/api/v1/sessions/shop-1/merge", R"({"headSha":"abc"})");
        QCOMPARE(noScm.status, 422);
        QCOMPARE(json(noScm).value(u"error"_s).toObject().value(u"code"_s).toString(), u"session.no_scm"_s);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-9/merge").status, 404);
        QVERIFY(json(call("GET", "/api/v1/events?type=merge.*")).value(u"events"_s).toArray().isEmpty());
    }

    void eventsFilterByKindAndPriorityAndPageBack()
    {
        QCOMPARE(call("POST", "/api/v1/sessions", R"({"project":"shop","issue":"1"})").status, 201);
        QCOMPARE(call("POST", "/api/v1/sessions/shop-1/kill").status, 200);
        const QJsonArray sessionEvents =
            json(call("GET", "/api/v1/events?type=session.*")).value(u"events"_s).toArray();
        QVERIFY(sessionEvents.size() >= 3); // spawn started, spawned, killed
        for (const QJsonValue &event : sessionEvents)
            QVERIFY(event.toObject().value(u"type"_s).toString().startsWith(u"session."_s));
        const qint64 newest = sessionEvents.first().toObject().value(u"seq"_s).toInteger();
        const QJsonArray older = json(call("GET", "/api/v1/events?type=session.*&before=" + QByteArray::number(newest)))
                                     .value(u"events"_s)
                                     .toArray();
        QCOMPARE(older.size(), sessionEvents.size() - 1);
        // A list of types may come with its comma encoded, as a browser's URLSearchParams sends it.
        const QJsonArray encoded =
            json(call("GET", "/api/v1/events?session=shop-1&type=session.killed%2Csession.spawned"))
                .value(u"events"_s)
                .toArray();
        QCOMPARE(encoded.size(), 2);
        QCOMPARE(older.first().toObject().value(u"seq"_s).toInteger(),
                 sessionEvents.at(1).toObject().value(u"seq"_s).toInteger());
        for (const QJsonValue &event :
             json(call("GET", "/api/v1/events?priority=action")).value(u"events"_s).toArray()) {
            const QString priority = event.toObject().value(u"priority"_s).toString();
            QVERIFY2(priority == u"urgent"_s || priority == u"action"_s, qPrintable(priority));
        }
        QCOMPARE(call("GET", "/api/v1/events?priority=loud").status, 422);
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
