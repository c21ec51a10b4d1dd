// `flo ravi` and `flo doctor` against the fake Ravi and the real keychain: signing in with the
// device code, a key given on standard input (checked first, never as an argument), where the
// key in use comes from, and the doctor's verdict on every Ravi key the configuration uses.
#include "fake_ravi.h"
#include "headless_instance.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestFloRavi final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<fakes::FakeRavi> m_ravi;

    // flo, while this process keeps answering as Ravi.
    ProcessResult flo(const QStringList &arguments, const QByteArray &input = {},
                      const QHash<QString, QString> &variables = {})
    {
        QProcessEnvironment environment = m_env->processEnvironment();
        for (auto it = variables.cbegin(); it != variables.cend(); ++it)
            environment.insert(it.key(), it.value());
        return runServing(IsolatedEnvironment::binary(u"flo"_s), arguments, environment, input, m_env->workDir(),
                          60000);
    }

    QString base() const { return m_ravi->baseUrl().toString(); }

    QJsonObject status()
    {
        const auto ran = flo({u"ravi"_s, u"status"_s, u"--base"_s, base(), u"--json"_s});
        return QJsonDocument::fromJson(ran.out.toUtf8()).object();
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_ravi = std::make_unique<fakes::FakeRavi>();
        QVERIFY(m_ravi->isListening());
        QVERIFY(QDir().mkpath(m_env->workDir()));
        qunsetenv("RAVI_API_KEY");
    }

    void init()
    {
        QCOMPARE(flo({u"ravi"_s, u"set-key"_s, u"--no-check"_s}, QByteArrayLiteral("ravi_mgmt_superseded_in_each_case"))
                     .exitCode,
                 0);
    }

    void signingInKeepsTheKeyInTheKeychain()
    {
        m_ravi->devicePendingPolls = 2;
        const auto login = flo({u"ravi"_s, u"login"_s, u"--base"_s, base()});
        QVERIFY2(login.exitCode == 0, qPrintable(login.err));
        QVERIFY2(login.out.contains(base() + u"/device?user_code=WXYZ-"_s), qPrintable(login.out));
        QVERIFY(login.out.contains(u"as owner@example.com"_s));
        QVERIFY(!login.out.contains(m_ravi->managementKey()));
        const QJsonObject now = status();
        QVERIFY2(now.value(u"ok"_s).toBool(), QJsonDocument(now).toJson().constData());
        QCOMPARE(now.value(u"keyFrom"_s).toString(), u"keychain item ravi"_s);
    }

    void anExpiredCodeSaysSo()
    {
        m_ravi->devicePendingPolls = 1;
        m_ravi->deviceCodeExpires = true;
        const auto login = flo({u"ravi"_s, u"login"_s, u"--base"_s, base()});
        m_ravi->deviceCodeExpires = false;
        QCOMPARE(login.exitCode, 1);
        QVERIFY2(login.err.contains(u"expired"_s), qPrintable(login.err));
        QVERIFY(!status().value(u"ok"_s).toBool()); // the key set before the case is still the one in use
    }

    void aKeyFromStandardInputIsCheckedBeforeItIsKept()
    {
        const auto rejected =
            flo({u"ravi"_s, u"set-key"_s, u"--base"_s, base()}, QByteArrayLiteral("ravi_mgmt_not_a_real_key\n"));
        QCOMPARE(rejected.exitCode, 1);
        QVERIFY2(rejected.err.contains(u"sign in to Ravi again"_s), qPrintable(rejected.err));
        QVERIFY(!status().value(u"ok"_s).toBool());

        const auto identity = m_ravi->addIdentity(u"Someone"_s, u"someone"_s);
        const auto wrongKind =
            flo({u"ravi"_s, u"set-key"_s, u"--base"_s, base()}, m_ravi->keyFor(identity.uuid).toUtf8());
        QCOMPARE(wrongKind.exitCode, 1);
        QVERIFY(wrongKind.err.contains(u"management key"_s));

        const auto kept = flo({u"ravi"_s, u"set-key"_s, u"--base"_s, base()}, m_ravi->managementKey().toUtf8() + "\n");
        QVERIFY2(kept.exitCode == 0, qPrintable(kept.err));
        QVERIFY(status().value(u"ok"_s).toBool());
        // An environment variable wins over the keychain, and says so.
        const auto fromEnvironment = flo({u"ravi"_s, u"status"_s, u"--base"_s, base(), u"--json"_s}, {},
                                         {{u"RAVI_API_KEY"_s, u"ravi_mgmt_from_the_environment"_s}});
        const QJsonObject seen = QJsonDocument::fromJson(fromEnvironment.out.toUtf8()).object();
        QCOMPARE(seen.value(u"keyFrom"_s).toString(), u"$RAVI_API_KEY"_s);
        QVERIFY(!seen.value(u"ok"_s).toBool());
    }

    void theDoctorTriesEveryRaviKeyTheConfigurationUses()
    {
        QVERIFY(makeRepositoryWithOrigin(*m_env, m_env->workDir() + u"/shop"_s));
        QFile config(m_env->workDir() + u"/flotilla.yaml"_s);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("defaults:\n  runtime: process\nravi:\n  baseUrl: " + base().toUtf8()
                     + "\nprojects:\n  shop:\n    path: shop\n    ravi:\n      vaultKey: keychain:ravi-shop-vault\n"
                       "      secrets: [STRIPE_KEY]\nnotifiers:\n  oncall:\n    plugin: ravi\n"
                       "    ravi_api_key: ${ONCALL_KEY}\n    escalation_email: lead@example.com\n");
        config.close();
        const auto vault = m_ravi->addIdentity(u"Shop vault"_s, u"shop-vault"_s);
        const QHash<QString, QString> good{{u"SHOP_VAULT_KEY"_s, m_ravi->keyFor(vault.uuid)},
                                           {u"ONCALL_KEY"_s, m_ravi->keyFor(vault.uuid)}};
        QVERIFY(flo({u"ravi"_s, u"set-key"_s, u"--no-check"_s}, m_ravi->managementKey().toUtf8()).exitCode == 0);
        // An identity key kept under a name of its own, for `keychain:` references.
        const auto named = flo({u"ravi"_s, u"set-key"_s, u"--item"_s, u"ravi-shop-vault"_s, u"--base"_s, base()},
                               m_ravi->keyFor(vault.uuid).toUtf8());
        QVERIFY2(named.exitCode == 0, qPrintable(named.err));
        QVERIFY(named.out.contains(u"keychain:ravi-shop-vault"_s));

        const auto healthy = flo({u"doctor"_s, u"--json"_s}, {}, good);
        const QJsonObject report = QJsonDocument::fromJson(healthy.out.toUtf8()).object();
        QVERIFY2(healthy.exitCode == 0, qPrintable(healthy.out + healthy.err));
        QStringList checks;
        for (const QJsonValue &check : report.value(u"checks"_s).toArray())
            checks << check.toObject().value(u"check"_s).toString() + u'='
                          + check.toObject().value(u"level"_s).toString();
        QVERIFY2(checks.contains(u"git=ok"_s), qPrintable(checks.join(u' ')));
        QVERIFY2(checks.contains(u"ravi management key=ok"_s), qPrintable(checks.join(u' ')));
        QVERIFY2(checks.contains(u"ravi vault key of project shop=ok"_s), qPrintable(checks.join(u' ')));
        QVERIFY(healthy.out.contains(u"keychain item ravi-shop-vault"_s));
        QVERIFY2(checks.contains(u"ravi key of notifier oncall=ok"_s), qPrintable(checks.join(u' ')));
        QVERIFY2(checks.contains(u"flotilla=warning"_s), qPrintable(checks.join(u' '))); // not running here

        QHash<QString, QString> revoked = good;
        revoked.insert(u"ONCALL_KEY"_s, u"ravi_id_revoked"_s);
        const auto broken = flo({u"doctor"_s}, {}, revoked);
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(
            broken.out.contains(
                u"[FAIL] ravi key of notifier oncall: from the notifiers.oncall.ravi_api_key setting <from $ONCALL_KEY>: "_s),
            qPrintable(broken.out));
        QVERIFY(broken.out.contains(u"flo ravi login"_s));
        QVERIFY(!broken.out.contains(m_ravi->managementKey()) && !broken.out.contains(m_ravi->keyFor(vault.uuid)));

        m_ravi->stop();
        const auto unreachable = flo({u"doctor"_s}, {}, good);
        QCOMPARE(unreachable.exitCode, 1);
        QVERIFY2(unreachable.out.contains(u"is 127.0.0.1 reachable from here?"_s), qPrintable(unreachable.out));
    }
};

QTEST_GUILESS_MAIN(TestFloRavi)
#include "tst_flo_ravi.moc"
