#include "config/app_settings.h"
#include "config/config_locator.h"
#include "config/yaml_file.h"
#include "config_test_support.h"
#include "isolated_environment.h"

#include <QDir>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestConfig final : public QObject
{
    Q_OBJECT

private slots:
    void parsesAReferenceToolConfig()
    {
        test::IsolatedEnvironment env;
        ScopedVariables variables;
        variables.isolateFrom(env.root());
        const QString file = writeConfigFile(env.workDir() + u"/agent-orchestrator.yaml"_s,
                                             "port: 3100\n"
                                             "defaults:\n  runtime: tmux\n  agent: claude-code\n"
                                             "projects:\n  shop:\n    repo: acme/shop\n    path: ~/shop\n");
        const auto settings = AppSettings::load(QString(), env.workDir());
        QVERIFY2(settings.ok(), qPrintable(settings.ok() ? QString() : settings.error().toString()));
        QCOMPARE(settings->port, 3100);
        QCOMPARE(settings->configFile, file);

        const auto yaml = loadYamlFile(file);
        QVERIFY(yaml.ok());
        QCOMPARE(QString::fromStdString(yaml.value()["projects"]["shop"]["repo"].as<std::string>()), u"acme/shop"_s);
    }

    void runsOnEmbeddedDefaultsWithoutAFile()
    {
        test::IsolatedEnvironment env;
        ScopedVariables variables;
        variables.isolateFrom(env.root());
        const auto settings = AppSettings::load(QString(), env.workDir());
        QVERIFY(settings.ok());
        QCOMPARE(settings->port, AppSettings::kDefaultPort);
        QVERIFY(settings->configFile.isEmpty());
    }

    void reportsSyntaxErrorsWithLineAndColumn()
    {
        test::IsolatedEnvironment env;
        const QString file =
            writeConfigFile(env.workDir() + u"/flotilla.yaml"_s, "port: 3000\nprojects:\n  shop: [unclosed\n");
        const auto settings = AppSettings::load(QString(), env.workDir());
        QVERIFY(!settings.ok());
        QCOMPARE(settings.error().code, u"config.syntax"_s);
        QVERIFY2(settings.error().context.startsWith(file + u":"_s), qPrintable(settings.error().context));
        // yaml-cpp points at the end of the unterminated flow sequence: line 4, column 1.
        QVERIFY2(settings.error().context.endsWith(u":4:1"_s), qPrintable(settings.error().context));
    }

    void reportsABadPortAtItsPosition_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("position");
        QTest::addColumn<QString>("code");
        QTest::newRow("text") << QByteArray("# dashboard\nport: lots\n") << u":2:7"_s << u"config.type"_s;
        QTest::newRow("too large") << QByteArray("port: 70000\n") << u":1:7"_s << u"config.range"_s;
        QTest::newRow("zero") << QByteArray("port: 0\n") << u":1:7"_s << u"config.range"_s;
        QTest::newRow("a list") << QByteArray("port:\n  - 1\n") << u":2:3"_s << u"config.type"_s;
    }

    void reportsABadPortAtItsPosition()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, position);
        QFETCH(QString, code);
        test::IsolatedEnvironment env;
        const QString file = writeConfigFile(env.workDir() + u"/flotilla.yaml"_s, content);
        const auto settings = AppSettings::load(QString(), env.workDir());
        QVERIFY(!settings.ok());
        QCOMPARE(settings.error().code, code);
        QCOMPARE(settings.error().context, file + position);
        QVERIFY(settings.error().message.startsWith(u"port:"_s));
    }

    void rejectsATopLevelThatIsNotAMapping()
    {
        test::IsolatedEnvironment env;
        writeConfigFile(env.workDir() + u"/flotilla.yaml"_s, "- just\n- a list\n");
        const auto settings = AppSettings::load(QString(), env.workDir());
        QVERIFY(!settings.ok());
        QCOMPARE(settings.error().code, u"config.shape"_s);
    }

    void warningsDoNotStopTheInstance()
    {
        test::IsolatedEnvironment env;
        ScopedVariables variables;
        variables.isolateFrom(env.root());
        writeConfigFile(env.workDir() + u"/flotilla.yaml"_s, "port: 3200\nportt: 1\n");
        const auto settings = AppSettings::load(QString(), env.workDir());
        QVERIFY(settings.ok());
        QCOMPARE(settings->port, 3200);
    }

    void namesAMissingExplicitFile()
    {
        test::IsolatedEnvironment env;
        const auto settings = AppSettings::load(env.root() + u"/nope.yaml"_s, env.workDir());
        QVERIFY(!settings.ok());
        QCOMPARE(settings.error().code, u"config.missing"_s);
        QVERIFY(settings.error().message.contains(u"--config"_s));
    }

    void looksUpInTheDocumentedOrder()
    {
        test::IsolatedEnvironment env;
        ScopedVariables variables;
        variables.isolateFrom(env.root());
        const QString home = env.root() + u"/home"_s;
        const QString deep = env.workDir() + u"/repo/src/module"_s;
        QVERIFY(QDir().mkpath(deep));
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, QString());

        // The reference tool's files come last: legacy, then its global registry.
        const QString legacy = writeConfigFile(home + u"/.agent-orchestrator.yml"_s, "port: 11\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, legacy);
        const QString legacyYaml = writeConfigFile(home + u"/.agent-orchestrator.yaml"_s, "port: 12\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, legacyYaml);
        const QString homeGlobal = writeConfigFile(home + u"/.agent-orchestrator/config.yaml"_s, "port: 13\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, homeGlobal);
        const QString xdgGlobal =
            writeConfigFile(env.root() + u"/config/agent-orchestrator/config.yaml"_s, "port: 14\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, xdgGlobal);
        const QString aoGlobal = writeConfigFile(env.root() + u"/ao-global.yaml"_s, "port: 15\n");
        variables.set("AO_GLOBAL_CONFIG", aoGlobal);
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, aoGlobal);
        QCOMPARE(ConfigLocator::locate(QString(), deep).origin, u"global registry"_s);
        QVERIFY(ConfigLocator::isGlobalRegistryLocation(aoGlobal));
        QVERIFY(!ConfigLocator::isGlobalRegistryLocation(legacyYaml));

        const QString user = writeConfigFile(env.root() + u"/config/flotilla/flotilla.yaml"_s, "port: 1\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, user);

        const QString ao = writeConfigFile(env.workDir() + u"/repo/agent-orchestrator.yaml"_s, "port: 2\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, ao);

        // flotilla.yaml wins over agent-orchestrator.yaml in the same folder.
        const QString ours = writeConfigFile(env.workDir() + u"/repo/flotilla.yaml"_s, "port: 3\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, ours);

        // A nearer file wins over one further up.
        const QString nearer = writeConfigFile(deep + u"/flotilla.yml"_s, "port: 4\n");
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, nearer);

        // AO_CONFIG_PATH counts only when its file exists.
        variables.set("AO_CONFIG_PATH", env.root() + u"/missing.yaml"_s);
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, nearer);
        const QString aoPath = writeConfigFile(env.root() + u"/ao-path.yaml"_s, "port: 7\n");
        variables.set("AO_CONFIG_PATH", aoPath);
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, aoPath);
        QCOMPARE(ConfigLocator::locate(QString(), deep).origin, u"AO_CONFIG_PATH"_s);

        const QString fromEnv = writeConfigFile(env.root() + u"/env.yaml"_s, "port: 5\n");
        qputenv("FLOTILLA_CONFIG", fromEnv.toLocal8Bit());
        QCOMPARE(ConfigLocator::locate(QString(), deep).path, fromEnv);

        const QString explicitFile = writeConfigFile(env.root() + u"/explicit.yaml"_s, "port: 6\n");
        const auto found = ConfigLocator::locate(explicitFile, deep);
        QCOMPARE(found.path, explicitFile);
        QCOMPARE(found.origin, u"--config"_s);
    }

    void parsesPortsFromTheCommandLine()
    {
        QCOMPARE(parsePort(u"0"_s, u"--port"_s).value(), 0);
        QCOMPARE(parsePort(u" 8080 "_s, u"--port"_s).value(), 8080);
        QVERIFY(!parsePort(u"-1"_s, u"--port"_s).ok());
        QVERIFY(!parsePort(u"65536"_s, u"--port"_s).ok());
        const auto bad = parsePort(u"http"_s, u"FLOTILLA_PORT"_s);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().context, u"FLOTILLA_PORT"_s);
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
