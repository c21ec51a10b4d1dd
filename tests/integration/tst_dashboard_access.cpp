// Who gets into the web dashboard: a browser signs in once with a one-time link from the app
// and holds an HttpOnly, SameSite=Strict cookie; without it every page, asset and API call is
// refused; a foreign Host, a change without our Origin and a cookie minting links are refused.
#include "api_test_base.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestDashboardAccess final : public ApiTestBase
{
    Q_OBJECT

    // Signs in like a browser following the app's link; returns the Cookie header to send.
    QByteArray signIn()
    {
        const auto link = call("POST", "/api/v1/dashboard/login-link");
        if (link.status != 200)
            return {};
        const QUrl url(json(link).value(u"url"_s).toString());
        const auto landed = call("GET", url.path().toUtf8() + '?' + url.query().toUtf8(), {}, {});
        const QByteArray setCookie = landed.header("Set-Cookie");
        return "Cookie: " + setCookie.left(setCookie.indexOf(';')) + "\r\n";
    }

private slots:
    void init()
    {
        QString problem;
        QVERIFY2(startApi(&problem), qPrintable(problem));
    }

    void cleanup() { stopApi(); }

    void aStrangerSeesNothing()
    {
        const auto page = call("GET", "/", {}, {});
        QCOMPARE(page.status, 401);
        QVERIFY(page.header("Content-Type").startsWith("text/html"));
        QVERIFY(page.body.contains("flo dashboard"));
        QVERIFY(!page.body.contains("<script")); // nothing of the app runs
        QCOMPARE(page.header("X-Frame-Options"), QByteArray("DENY"));
        QVERIFY(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        QCOMPARE(call("GET", "/assets/app.js", {}, {}).status, 401);
        QCOMPARE(call("GET", "/api/v1/sessions", {}, {}).status, 401);
        QCOMPARE(call("GET", "/assets/signin.css", {}, {}).status, 200); // the sign-in page's look only
        // A made-up or reused code signs nobody in.
        const auto guessed = call("GET", "/login?code=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", {}, {});
        QCOMPARE(guessed.status, 401);
        QVERIFY(guessed.header("Set-Cookie").isEmpty());
    }

    void theAppsLinkSignsABrowserInOnce()
    {
        const auto link = call("POST", "/api/v1/dashboard/login-link");
        QCOMPARE(link.status, 200);
        const QUrl url(json(link).value(u"url"_s).toString());
        QCOMPARE(url.host(), u"127.0.0.1"_s);
        QCOMPARE(url.port(), int(m_port));
        const QByteArray path = url.path().toUtf8() + '?' + url.query().toUtf8();
        const auto landed = call("GET", path, {}, {});
        QCOMPARE(landed.status, 303);
        QCOMPARE(landed.header("Location"), QByteArray("/"));
        const QByteArray setCookie = landed.header("Set-Cookie");
        QVERIFY2(setCookie.startsWith("flotilla_dashboard="), setCookie.constData());
        QVERIFY(setCookie.contains("; HttpOnly"));
        QVERIFY(setCookie.contains("; SameSite=Strict"));
        QVERIFY(setCookie.contains("; Path=/"));
        QVERIFY(!setCookie.contains(kToken));            // the API token never reaches the browser
        QCOMPARE(call("GET", path, {}, {}).status, 401); // once only

        const QByteArray cookie = "Cookie: " + setCookie.left(setCookie.indexOf(';')) + "\r\n";
        const auto page = call("GET", "/", {}, {}, cookie);
        QCOMPARE(page.status, 200);
        QVERIFY(page.header("Content-Type").startsWith("text/html"));
        QVERIFY(page.body.contains("/assets/app.js"));
        QVERIFY(!page.body.contains(kToken));
        const auto module = call("GET", "/assets/app.js", {}, {}, cookie);
        QCOMPARE(module.status, 200);
        QVERIFY(module.header("Content-Type").startsWith("text/javascript"));
        QCOMPARE(call("GET", "/assets/board.js", {}, {}, cookie).status, 200);
        QCOMPARE(call("GET", "/assets/..%2Fapi_server.cpp", {}, {}, cookie).status, 404);
        QCOMPARE(call("GET", "/assets/missing.js", {}, {}, cookie).status, 404);
        QCOMPARE(call("GET", "/api/v1/sessions", {}, {}, cookie).status, 200);
        // Another cookie value is nobody.
        QCOMPARE(call("GET", "/", {}, {}, "Cookie: flotilla_dashboard=forged\r\n").status, 401);
    }

    void aBrowsersChangesNeedOurOrigin()
    {
        const QByteArray cookie = signIn();
        QVERIFY(!cookie.isEmpty());
        const QByteArray spawn = R"({"project":"shop","issue":"1"})";
        QCOMPARE(call("POST", "/api/v1/sessions", spawn, {}, cookie).status, 403); // no Origin: forged
        QCOMPARE(call("POST", "/api/v1/sessions", spawn, {}, cookie + "Origin: http://evil.example\r\n").status, 403);
        const QByteArray ours = "Origin: http://" + host() + "\r\n";
        const auto spawned = call("POST", "/api/v1/sessions", spawn, {}, cookie + ours);
        QCOMPARE(spawned.status, 201);
        // The audit log says the dashboard did it.
        const auto events = json(call("GET", "/api/v1/events?session=shop-1")).value(u"events"_s).toArray();
        QVERIFY(!events.isEmpty());
        bool byDashboard = false;
        for (const QJsonValue &event : events)
            byDashboard |= event.toObject().value(u"actor"_s).toString() == u"dashboard"_s;
        QVERIFY2(byDashboard, QJsonDocument(events).toJson().constData());
        // The session page's pull request panel: nothing read yet for a fresh session.
        const auto pr = call("GET", "/api/v1/sessions/shop-1/pull-request", {}, {}, cookie);
        QCOMPARE(pr.status, 200);
        QVERIFY(json(pr).contains(u"pullRequest"_s) && json(pr).value(u"pullRequest"_s).isNull());
        QCOMPARE(call("GET", "/api/v1/sessions/shop-9/pull-request", {}, {}, cookie).status, 404);
        // A cookie cannot mint more sign-in links; only the API token can.
        QCOMPARE(call("POST", "/api/v1/dashboard/login-link", {}, {}, cookie + ours).status, 401);
    }

    void aForeignHostIsRefusedEverywhere()
    {
        const QByteArray cookie = signIn();
        for (const QByteArray &path : {QByteArray("/"), QByteArray("/assets/app.js"), QByteArray("/login?code=x")}) {
            const auto refused = rawCall("GET " + path + " HTTP/1.1\r\nHost: evil.example:" + QByteArray::number(m_port)
                                         + "\r\n" + cookie + "Connection: close\r\n\r\n");
            QCOMPARE(refused.status, 403);
            QVERIFY(!refused.body.contains("/assets/app.js"));
        }
    }

    void theLiveFeedTakesTheCookieFromOurPagesOnly()
    {
        const QByteArray cookie = signIn();
        const QByteArray value = cookie.mid(8, cookie.size() - 10); // "Cookie: …\r\n"
        const auto open = [this, &value](const QByteArray &origin) {
            auto socket = std::make_unique<QWebSocket>();
            QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/ws"_s.arg(m_port)));
            request.setRawHeader("Cookie", value);
            if (!origin.isEmpty())
                request.setRawHeader("Origin", origin);
            socket->open(request);
            return socket;
        };
        auto ours = open("http://" + host());
        QSignalSpy oursConnected(ours.get(), &QWebSocket::connected);
        auto bare = open({});
        QSignalSpy bareConnected(bare.get(), &QWebSocket::connected);
        auto foreign = open("http://evil.example");
        QSignalSpy foreignConnected(foreign.get(), &QWebSocket::connected);
        QTRY_COMPARE(oursConnected.size(), 1);
        QVERIFY(!bareConnected.wait(300));
        QCOMPARE(foreignConnected.size(), 0);
    }
};

QTEST_MAIN(TestDashboardAccess)
#include "tst_dashboard_access.moc"
