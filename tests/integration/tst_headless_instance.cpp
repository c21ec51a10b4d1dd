#include "headless_instance.h"
#include "instance/api_token.h"
#include "instance/instance_record.h"
#include "isolated_environment.h"
#include "process_helpers.h"
#include "util/app_paths.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

ProcessResult runFlotilla(const IsolatedEnvironment &env, const QStringList &arguments,
                          const QProcessEnvironment &environment = {})
{
    return runProcess(IsolatedEnvironment::binary(u"flotilla"_s), arguments,
                      environment.isEmpty() ? env.processEnvironment() : environment, env.workDir());
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class TestHeadlessInstance final : public QObject
{
    Q_OBJECT

private slots:
    void printsVersions()
    {
        IsolatedEnvironment env;
        const auto floVersion = flo(env, {u"--version"_s});
        QCOMPARE(floVersion.exitCode, 0);
        QCOMPARE(floVersion.out.trimmed(), u"flo "_s + QStringLiteral(FLOTILLA_VERSION));
        const auto appVersion = runFlotilla(env, {u"--version"_s});
        QCOMPARE(appVersion.exitCode, 0);
        QCOMPARE(appVersion.out.trimmed(), u"flotilla "_s + QStringLiteral(FLOTILLA_VERSION));
    }

    void servesHealthAndHandsOverASecondLaunch()
    {
        IsolatedEnvironment env;
        HeadlessInstance instance(env, {u"--port"_s, u"0"_s});
        const int port = instance.waitForPort();
        QVERIFY2(port > 0,
                 qPrintable(instance.readOut() + QString::fromUtf8(instance.process().readAllStandardError())));

        // The API answers with the token from the user's config folder, and only with it.
        const auto token = ApiToken::load(AppPaths::apiTokenFile());
        QVERIFY(token.ok());
        const auto health = httpGet(static_cast<quint16>(port), "/api/v1/health", "127.0.0.1", token.value());
        QCOMPARE(health.status, 200);
        const QJsonObject body = QJsonDocument::fromJson(health.body).object();
        QCOMPARE(body.value(u"name"_s).toString(), u"flotilla"_s);
        QCOMPARE(body.value(u"headless"_s).toBool(), true);
        QCOMPARE(body.value(u"pid"_s).toInteger(), instance.process().processId());
        QCOMPARE(httpGet(static_cast<quint16>(port), "/api/v1/health", "127.0.0.1").status, 401);

        // flo finds it through the instance record.
        const auto status = flo(env, {u"status"_s});
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains(u"Flotilla %1 is running headless"_s.arg(QStringLiteral(FLOTILLA_VERSION))),
                 qPrintable(status.out + status.err));
        QVERIFY(status.out.contains(u"127.0.0.1:%1"_s.arg(port)));
        const auto json = flo(env, {u"status"_s, u"--json"_s});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject statusJson = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(statusJson.value(u"running"_s).toBool(), true);
        QCOMPARE(statusJson.value(u"pid"_s).toInteger(), instance.process().processId());

        // A second launch hands over and exits 0; the first hears about it.
        const auto second = runFlotilla(env, {u"--headless"_s, u"flotilla://session/demo-1"_s});
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.out.contains(u"already running (pid %1)"_s.arg(instance.process().processId())),
                 qPrintable(second.out + second.err));
        QTRY_VERIFY(instance.readOut().contains(u"another launch asked for attention (flotilla://session/demo-1)"_s));

        // SIGTERM is a clean shutdown: exit 0 and the instance record is gone.
        instance.process().terminate();
        QVERIFY(instance.process().waitForFinished(10000));
        QCOMPARE(instance.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(instance.process().exitCode(), 0);
        QVERIFY(!QFile::exists(AppPaths::instanceFile()));

        const auto after = flo(env, {u"status"_s});
        QCOMPARE(after.exitCode, 3);
        QVERIFY(after.err.contains(u"No Flotilla instance is running"_s));
        QVERIFY(after.err.contains(u"flotilla --headless"_s));
    }

    void restartsAfterACrash()
    {
        IsolatedEnvironment env;
        {
            HeadlessInstance crashed(env, {u"--port"_s, u"0"_s});
            QVERIFY(crashed.waitForPort() > 0);
            crashed.process().kill(); // SIGKILL: lock, socket and record are left behind
            QVERIFY(crashed.process().waitForFinished(5000));
        }
        QVERIFY(QFile::exists(AppPaths::instanceFile()));
        const auto stale = flo(env, {u"status"_s});
        QCOMPARE(stale.exitCode, 3);
        QVERIFY2(stale.err.contains(u"stale"_s), qPrintable(stale.err));

        HeadlessInstance next(env, {u"--port"_s, u"0"_s});
        QVERIFY2(next.waitForPort() > 0, qPrintable(QString::fromUtf8(next.process().readAllStandardError())));
        QCOMPARE(flo(env, {u"status"_s}).exitCode, 0);
    }

    void explainsABusyPort()
    {
        IsolatedEnvironment env;
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(squatter.serverPort());
        const auto result = runFlotilla(env, {u"--headless"_s, u"--port"_s, port});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(u"port %1 on 127.0.0.1 is already in use"_s.arg(port)), qPrintable(result.err));
        QVERIFY(result.err.contains(u"--port N"_s));
        QVERIFY(!QFile::exists(AppPaths::instanceFile()));
    }

    void takesThePortFromEnvironmentAndConfig()
    {
        IsolatedEnvironment env;
        QTcpServer probe; // find a free port, then free it for the instance
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int freePort = probe.serverPort();
        probe.close();

        writeFile(env.workDir() + u"/flotilla.yaml"_s, "port: %1\n"_ba.replace("%1", QByteArray::number(freePort)));
        {
            HeadlessInstance fromConfig(env, {});
            QCOMPARE(fromConfig.waitForPort(), freePort);
        }
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int otherPort = probe.serverPort();
        probe.close();
        QProcessEnvironment environment = env.processEnvironment();
        environment.insert(u"FLOTILLA_PORT"_s, QString::number(otherPort));
        HeadlessInstance fromEnvironment(env, {}, environment);
        QCOMPARE(fromEnvironment.waitForPort(), otherPort); // the environment overrides the file
    }

    void rejectsBadConfigurationAndUsage()
    {
        IsolatedEnvironment env;
        writeFile(env.workDir() + u"/flotilla.yaml"_s, "port: [3000\n");
        const auto badConfig = runFlotilla(env, {u"--headless"_s});
        QCOMPARE(badConfig.exitCode, 1);
        QVERIFY2(QRegularExpression(u"flotilla\\.yaml:\\d+:\\d+"_s).match(badConfig.err).hasMatch(),
                 qPrintable(badConfig.err));

        const auto badPort = runFlotilla(env, {u"--headless"_s, u"--port"_s, u"http"_s});
        QCOMPARE(badPort.exitCode, 2);
        QVERIFY(badPort.err.contains(u"not a TCP port"_s));

        const auto unknown = runFlotilla(env, {u"--frobnicate"_s});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(u"--frobnicate"_s));

        QCOMPARE(flo(env, {}).exitCode, 2);
        const auto unknownVerb = flo(env, {u"frobnicate"_s});
        QCOMPARE(unknownVerb.exitCode, 2);
        QVERIFY(unknownVerb.err.contains(u"unknown command \"frobnicate\""_s));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessInstance)
#include "tst_headless_instance.moc"
