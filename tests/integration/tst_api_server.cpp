#include "api_server.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kToken = "test-token-0123456789abcdefghijklmnopqrstuvwxyz";

// The server answers on this thread's event loop, so the blocking client runs on another.
HttpExchange inBackground(std::function<HttpExchange()> exchange)
{
    auto future = QtConcurrent::run(std::move(exchange));
    while (!future.isFinished())
        QTest::qWait(5);
    return future.result();
}

} // namespace

class TestApiServer final : public QObject
{
    Q_OBJECT

private:
    ApiServer *m_server = nullptr;
    quint16 m_port = 0;
    QByteArray host() const { return "127.0.0.1:" + QByteArray::number(m_port); }

private slots:
    void init()
    {
        m_server = new ApiServer(this);
        ApiServer::Options options;
        options.port = 0;
        options.token = kToken;
        const auto listening = m_server->listen(options);
        QVERIFY2(listening.ok(), qPrintable(listening.ok() ? QString() : listening.error().toString()));
        m_port = static_cast<quint16>(m_server->port());
        QVERIFY(m_port > 0);
        QCOMPARE(m_server->address(), QHostAddress(QHostAddress::LocalHost));
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void answersHealthWithTheToken()
    {
        const auto reply = inBackground([this] { return httpGet(m_port, "/api/v1/health", host(), kToken); });
        QCOMPARE(reply.status, 200);
        const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
        QCOMPARE(body.value(u"name"_s).toString(), u"flotilla"_s);
        QCOMPARE(body.value(u"version"_s).toString(), QStringLiteral(FLOTILLA_VERSION));
        QCOMPARE(body.value(u"pid"_s).toInteger(), QCoreApplication::applicationPid());
        QVERIFY(reply.header("Content-Type").startsWith("application/json"));
        QCOMPARE(reply.header("X-Frame-Options"), QByteArray("DENY"));
        QCOMPARE(reply.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QVERIFY(reply.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        QVERIFY(!reply.body.contains(kToken));
    }

    void acceptsTheSchemeInAnyCase()
    {
        const QByteArray request = "GET /api/v1/health HTTP/1.1\r\nHost: localhost:" + QByteArray::number(m_port)
                                   + "\r\nauthorization: bEaReR " + kToken + "\r\nConnection: close\r\n\r\n";
        QCOMPARE(inBackground([&] { return rawHttp(m_port, request); }).status, 200);
    }

    void refusesMissingOrWrongTokens_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("none") << QByteArray();
        QTest::newRow("wrong") << QByteArray("test-token-0123456789abcdefghijklmnopqrstuvwxyZ");
        QTest::newRow("prefix") << kToken.left(20);
        QTest::newRow("longer") << kToken + "x";
    }

    void refusesMissingOrWrongTokens()
    {
        QFETCH(QByteArray, token);
        const auto reply = inBackground([&] { return httpGet(m_port, "/api/v1/health", host(), token); });
        QCOMPARE(reply.status, 401);
        const QJsonObject error = QJsonDocument::fromJson(reply.body).object().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"unauthorized"_s);
        QCOMPARE(reply.header("X-Frame-Options"), QByteArray("DENY"));
    }

    void refusesForeignHosts_data()
    {
        QTest::addColumn<QByteArray>("hostHeader");
        QTest::addColumn<int>("status");
        // Rows are made before init() starts the server, so the port is filled in later.
        const QByteArray port = "PORT";
        QTest::newRow("rebinding name") << QByteArray("evil.example:" + port) << 403;
        QTest::newRow("lookalike") << QByteArray("localhost.evil.example:" + port) << 403;
        QTest::newRow("other port") << QByteArray("127.0.0.1:1") << 403;
        QTest::newRow("lan address") << QByteArray("192.168.1.20:" + port) << 403;
        QTest::newRow("missing") << QByteArray() << 403;
        QTest::newRow("localhost") << QByteArray("localhost:" + port) << 200;
        QTest::newRow("no port") << QByteArray("127.0.0.1") << 200;
        QTest::newRow("ipv6 loopback") << QByteArray("[::1]:" + port) << 200;
    }

    void refusesForeignHosts()
    {
        QFETCH(QByteArray, hostHeader);
        QFETCH(int, status);
        hostHeader.replace("PORT", QByteArray::number(m_port));
        const auto reply = inBackground([&] { return httpGet(m_port, "/api/v1/health", hostHeader, kToken); });
        QCOMPARE(reply.status, status);
        if (status == 403) {
            const QJsonObject error = QJsonDocument::fromJson(reply.body).object().value(u"error"_s).toObject();
            QCOMPARE(error.value(u"code"_s).toString(), u"bad_host"_s);
        }
    }

    void answersUnknownPathsWithJson()
    {
        const auto reply = inBackground([this] { return httpGet(m_port, "/api/v1/nothing-here", host(), kToken); });
        QCOMPARE(reply.status, 404);
        QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"not_found"_s);
        QCOMPARE(reply.header("X-Frame-Options"), QByteArray("DENY"));

        const auto foreign =
            inBackground([this] { return httpGet(m_port, "/api/v1/nothing-here", "evil.example", kToken); });
        QCOMPARE(foreign.status, 403);
    }

    void survivesGarbageAndKeepsServing()
    {
        const auto garbage =
            inBackground([this] { return rawHttp(m_port, QByteArray(2048, '\x01') + "\r\n\r\n", 2000); });
        QVERIFY(garbage.connected);
        QVERIFY(garbage.status == 0 || garbage.status >= 400);
        const auto reply = inBackground([this] { return httpGet(m_port, "/api/v1/health", host(), kToken); });
        QCOMPARE(reply.status, 200);
    }

    void explainsABusyPort()
    {
        ApiServer second;
        ApiServer::Options options;
        options.port = m_port;
        options.token = kToken;
        const auto listening = second.listen(options);
        QVERIFY(!listening.ok());
        QCOMPARE(listening.error().code, u"server.port_in_use"_s);
        QVERIFY(listening.error().message.contains(QString::number(m_port)));
        QVERIFY(listening.error().message.contains(u"--port"_s));
        QVERIFY(listening.error().message.contains(u"FLOTILLA_PORT"_s));
    }
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_api_server.moc"
