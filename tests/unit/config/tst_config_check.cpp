#include "config_test_support.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

// `flo` with a private HOME and none of the user's configuration variables.
ProcessResult flo(const IsolatedEnvironment &env, const QStringList &arguments,
                  const QHash<QString, QString> &extra = {})
{
    QProcessEnvironment environment = env.processEnvironment();
    QDir().mkpath(env.root() + u"/home"_s);
    environment.insert(u"HOME"_s, env.root() + u"/home"_s);
    environment.remove(u"AO_CONFIG_PATH"_s);
    environment.remove(u"AO_GLOBAL_CONFIG"_s);
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        environment.insert(it.key(), it.value());
    return runProcess(IsolatedEnvironment::binary(u"flo"_s), arguments, environment, env.workDir());
}

} // namespace

class TestConfigCheck final : public QObject
{
    Q_OBJECT

private slots:
    void passesAValidFileWithWarnings()
    {
        IsolatedEnvironment env;
        const QString file = writeConfigFile(env.workDir() + u"/flotilla.yaml"_s,
                                             "port: 3100\nportt: 1\nprojects:\n  shop:\n    path: /src/shop\n");
        const ProcessResult result = flo(env, {u"config"_s, u"check"_s});
        QVERIFY(result.finished);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(
            result.out.startsWith(file + u":2:1: warning: portt: unknown key, ignored (did you mean \"port\"?)\n"_s),
            qPrintable(result.out));
        QVERIFY(result.out.contains(u"wrapped shape, 0 errors, 1 warning"_s));
        QVERIFY(result.out.contains(u"# Effective configuration (secrets redacted)\nport: 3100\n"_s));
        QVERIFY(result.out.contains(u"sessionPrefix: shop"_s));
    }

    void failsOnErrorsAndPrintsThemAll()
    {
        IsolatedEnvironment env;
        const QString file =
            writeConfigFile(env.root() + u"/other.yaml"_s, "projects:\n  shop:\n    path: /src/shop\n    agent: claud\n"
                                                           "    runtime: docker\n");
        const ProcessResult result = flo(env, {u"config"_s, u"check"_s, file});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.out.contains(file
                                     + u":4:12: error: projects.shop.agent: unknown agent \"claud\" (did you "
                                       u"mean \"claude-code\"?)\n"_s),
                 qPrintable(result.out));
        QVERIFY(result.out.contains(file + u":5:14: error: projects.shop.runtime: unknown runtime \"docker\""_s));
        QVERIFY(result.out.contains(u"2 errors, 0 warnings"_s));
    }

    void rejectsBadUsage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no subcommand") << QStringList{u"config"_s};
        QTest::newRow("unknown subcommand") << QStringList{u"config"_s, u"lint"_s};
        QTest::newRow("unknown option") << QStringList{u"config"_s, u"check"_s, u"--yaml"_s};
        QTest::newRow("two files") << QStringList{u"config"_s, u"check"_s, u"a.yaml"_s, u"b.yaml"_s};
    }

    void rejectsBadUsage()
    {
        QFETCH(QStringList, arguments);
        IsolatedEnvironment env;
        const ProcessResult result = flo(env, arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(u"Usage: flo config check"_s));
    }

    void reportsAsJsonWithSecretsRedacted()
    {
        IsolatedEnvironment env;
        const QString file =
            writeConfigFile(env.workDir() + u"/agent-orchestrator.yaml"_s, "notifiers:\n"
                                                                           "  team:\n"
                                                                           "    plugin: slack\n"
                                                                           "    webhookUrl: ${SLACK_URL}\n"
                                                                           "projects:\n"
                                                                           "  shop:\n"
                                                                           "    path: /src/shop\n"
                                                                           "    defaultBranch: ${BRANCH}\n"
                                                                           "    agnet: codex\n");
        const ProcessResult result =
            flo(env, {u"config"_s, u"check"_s, u"--json"_s}, {{u"SLACK_URL"_s, u"https://hooks.invalid/SECRET"_s}});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(!result.out.contains(u"SECRET"_s));
        const QJsonObject report = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(report.value(u"file"_s).toString(), file);
        QCOMPARE(report.value(u"shape"_s).toString(), u"wrapped"_s);
        const QJsonArray errors = report.value(u"errors"_s).toArray();
        QCOMPARE(errors.size(), 1);
        const QJsonObject error = errors.first().toObject();
        QCOMPARE(error.value(u"line"_s).toInt(), 8);
        QCOMPARE(error.value(u"column"_s).toInt(), 20);
        QCOMPARE(error.value(u"path"_s).toString(), u"projects.shop.defaultBranch"_s);
        QCOMPARE(error.value(u"code"_s).toString(), u"config.env"_s);
        QCOMPARE(error.value(u"message"_s).toString(), u"environment variable BRANCH is not set"_s);
        const QJsonArray warnings = report.value(u"warnings"_s).toArray();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.first().toObject().value(u"hint"_s).toString(), u"did you mean \"agent\"?"_s);
        const QJsonObject effective = report.value(u"effective"_s).toObject();
        QCOMPARE(
            effective.value(u"notifiers"_s).toObject().value(u"team"_s).toObject().value(u"webhookUrl"_s).toString(),
            u"<from $SLACK_URL>"_s);
        QCOMPARE(
            effective.value(u"projects"_s).toObject().value(u"shop"_s).toObject().value(u"defaultBranch"_s).toString(),
            u"main"_s);
    }

    void showsTheDefaultsWithoutAFile()
    {
        IsolatedEnvironment env;
        const ProcessResult result = flo(env, {u"config"_s, u"check"_s, u"--json"_s});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QVERIFY(report.value(u"file"_s).isNull());
        QCOMPARE(report.value(u"shape"_s).toString(), u"none"_s);
        QCOMPARE(report.value(u"effective"_s).toObject().value(u"port"_s).toInt(), 3000);
    }

    void failsOnAMissingFile()
    {
        IsolatedEnvironment env;
        const ProcessResult result = flo(env, {u"config"_s, u"check"_s, env.root() + u"/absent.yaml"_s});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.out.contains(u"absent.yaml: error: the configuration file does not exist"_s));
    }
};

QTEST_GUILESS_MAIN(TestConfigCheck)
#include "tst_config_check.moc"
