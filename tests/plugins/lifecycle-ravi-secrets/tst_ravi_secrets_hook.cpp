// The Ravi secrets hook against the fake Ravi: what reaches an agent's environment, what the
// audit log may name, and what happens when Ravi refuses, lacks a secret or cannot be reached.
#include "config/config_model.h"
#include "fake_ravi.h"
#include "ravi_secrets_hook.h"

#include <QSignalSpy>
#include <QTest>

using namespace flotilla;
using namespace flotilla::fakes;
using namespace Qt::StringLiterals;

class TestRaviSecretsHook final : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeRavi> m_ravi;
    FakeRavi::Identity m_vault;
    std::shared_ptr<Config> m_config;

    ProjectConfig &project() { return m_config->projects.first(); }

    Result<SpawnContribution> spawn(RaviSecretsHook &hook)
    {
        SessionRecord session;
        session.id = u"shop-1"_s;
        session.projectId = u"shop"_s;
        auto future = hook.onSpawn(session);
        QDeadlineTimer deadline(15000);
        while (!future.isFinished() && !deadline.hasExpired())
            QTest::qWait(10);
        if (!future.isFinished())
            return makeError(u"test.timeout"_s, u"the hook did not answer in 15 s"_s);
        return future.result();
    }

private slots:
    void init()
    {
        m_ravi = std::make_unique<FakeRavi>();
        QVERIFY(m_ravi->isListening());
        m_vault = m_ravi->addIdentity(u"Shop vault"_s, u"shop-vault"_s);
        m_ravi->addSecret(m_vault.uuid, u"STRIPE_KEY"_s, u"sk_live_fake_stripe_value"_s);
        m_ravi->addSecret(m_vault.uuid, u"OPENAI_API_KEY"_s, u"sk-fake-openai-value"_s);
        m_ravi->addSecret(m_vault.uuid, u"SENTRY_DSN"_s, u"https://fake@sentry.example/1"_s);
        const FakeRavi::Identity other = m_ravi->addIdentity(u"Other"_s, u"other"_s);
        m_ravi->addSecret(other.uuid, u"NOT_OURS"_s, u"belongs-elsewhere"_s);
        qputenv("RAVI_VAULT_KEY", m_ravi->keyFor(m_vault.uuid).toUtf8());

        m_config = std::make_shared<Config>();
        m_config->raviBaseUrl = m_ravi->baseUrl().toString();
        ProjectConfig shop;
        shop.id = u"shop"_s;
        shop.ravi.vaultKey = SecretReference::parse(u"${RAVI_VAULT_KEY}"_s);
        shop.ravi.secrets = {u"STRIPE_KEY"_s, u"OPENAI_API_KEY"_s};
        m_config->projects << shop;
    }

    void cleanup()
    {
        qunsetenv("RAVI_VAULT_KEY");
        m_ravi.reset();
    }

    void injectsTheDeclaredSecretsOnly()
    {
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        const auto added = spawn(secrets);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().toString()));
        QCOMPARE(added->environment.size(), 2);
        QCOMPARE(added->environment.value(u"STRIPE_KEY"_s), u"sk_live_fake_stripe_value"_s);
        QCOMPARE(added->environment.value(u"OPENAI_API_KEY"_s), u"sk-fake-openai-value"_s);
        QCOMPARE(added->environmentKeysForAudit, (QStringList{u"STRIPE_KEY"_s, u"OPENAI_API_KEY"_s}));
        QVERIFY(added->warnings.isEmpty());
        // As the current API wants it: the identity key as Bearer, trailing slashes, no legacy headers.
        QCOMPARE(m_ravi->requests().size(), 2);
        for (const FakeRavi::Request &request : m_ravi->requests()) {
            QCOMPARE(request.path, u"/api/secrets/"_s);
            QVERIFY(request.query.startsWith(u"key="_s));
            QCOMPARE(request.headers.value("authorization"), "Bearer " + m_ravi->keyFor(m_vault.uuid).toUtf8());
            QVERIFY(!request.headers.contains("x-ravi-identity"));
            QCOMPARE(request.headers.value("accept"), "application/json");
        }
    }

    void readsTheWholeVaultThroughPagesAndMissingValues()
    {
        project().ravi.secrets.clear();
        project().ravi.wholeVault = true;
        m_ravi->pagedLists = true;
        m_ravi->omitListValues = true;
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        const auto added = spawn(secrets);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().toString()));
        QCOMPARE(added->environment.size(), 3);
        QCOMPARE(added->environment.value(u"SENTRY_DSN"_s), u"https://fake@sentry.example/1"_s);
        QVERIFY(!added->environment.contains(u"NOT_OURS"_s));
    }

    void aServerIgnoringTheKeyFilterStillGivesTheNamedSecret()
    {
        m_ravi->ignoreFilters = true;
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        const auto added = spawn(secrets);
        QVERIFY(added.ok());
        QCOMPARE(added->environment.keys().size(), 2);
        QVERIFY(!added->environment.contains(u"SENTRY_DSN"_s));
    }

    void aRevokedSecretIsAbsentFromTheNextSpawn()
    {
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        QVERIFY(spawn(secrets).ok());
        m_ravi->removeSecret(m_vault.uuid, u"STRIPE_KEY"_s);
        const auto again = spawn(secrets);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, u"ravi.secret_missing"_s);
        QVERIFY(again.error().message.contains(u"STRIPE_KEY"_s));
        // With the whole vault, the revoked one is simply not there.
        project().ravi.secrets.clear();
        project().ravi.wholeVault = true;
        const auto whole = spawn(secrets);
        QVERIFY(whole.ok());
        QVERIFY(!whole->environment.contains(u"STRIPE_KEY"_s));
    }

    void unreachableFailsOrContinuesAsTheProjectSays()
    {
        m_ravi->stop();
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        const auto failedSpawn = spawn(secrets);
        QVERIFY(!failedSpawn.ok());
        QVERIFY2(failedSpawn.error().message.contains(u"127.0.0.1"_s), qPrintable(failedSpawn.error().message));

        project().ravi.continueWhenUnreachable = true;
        const auto continued = spawn(secrets);
        QVERIFY(continued.ok());
        QVERIFY(continued->environment.isEmpty());
        QCOMPARE(continued->warnings.size(), 1);
        QVERIFY(continued->warnings.first().contains(u"STRIPE_KEY, OPENAI_API_KEY"_s));
        QVERIFY(!continued->warnings.first().contains(u"sk_live"_s));
    }

    void aHangingRaviEndsAtTheDeadline()
    {
        m_ravi->hang = true;
        project().ravi.continueWhenUnreachable = true;
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        secrets.setDeadline(std::chrono::milliseconds(900));
        const auto continued = spawn(secrets);
        QVERIFY(continued.ok());
        QCOMPARE(continued->warnings.size(), 1);
    }

    void aRateLimitIsWaitedOutWhenItFitsTheDeadline()
    {
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        m_ravi->retryAfterSeconds = 1;
        m_ravi->rateLimitNext = 1;
        const auto waited = spawn(secrets);
        QVERIFY2(waited.ok(), qPrintable(waited.ok() ? QString() : waited.error().toString()));
        QCOMPARE(waited->environment.value(u"STRIPE_KEY"_s), u"sk_live_fake_stripe_value"_s);

        // A wait longer than the spawn may take is an outage for it.
        m_ravi->retryAfterSeconds = 2;
        m_ravi->rateLimitNext = 1;
        secrets.setDeadline(std::chrono::milliseconds(1000));
        const auto refused = spawn(secrets);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().code.endsWith(u"rate_limited"_s), qPrintable(refused.error().toString()));
        QTest::qWait(2100); // the account's pause ends before the next case
    }

    void configurationProblemsStopTheSpawnWhateverThePolicy()
    {
        project().ravi.continueWhenUnreachable = true;
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });

        qputenv("RAVI_VAULT_KEY", "ravi_id_revoked");
        auto refused = spawn(secrets);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"ravi.unauthorized"_s);

        qputenv("RAVI_VAULT_KEY", m_ravi->keyFor(m_vault.uuid).toUtf8());
        m_ravi->addSecret(m_vault.uuid, u"LEGACY_TOKEN"_s, u"e2e::c2VhbGVkYm94"_s);
        project().ravi.secrets = {u"LEGACY_TOKEN"_s};
        refused = spawn(secrets);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"ravi.legacy_secret"_s);
        QVERIFY(!refused.error().message.contains(u"c2VhbGVkYm94"_s));

        qunsetenv("RAVI_VAULT_KEY");
        refused = spawn(secrets);
        QVERIFY(!refused.ok());

        m_ravi->failNext = 5; // 500s with an HTML page: an outage, so the policy applies
        qputenv("RAVI_VAULT_KEY", m_ravi->keyFor(m_vault.uuid).toUtf8());
        project().ravi.secrets = {u"STRIPE_KEY"_s};
        const auto continued = spawn(secrets);
        QVERIFY2(continued.ok(), qPrintable(continued.ok() ? QString() : continued.error().toString()));
        QCOMPARE(continued->warnings.size(), 1);
        QVERIFY(!continued->warnings.first().contains(u"<html>"_s));
    }

    void aProjectWithoutRaviIsLeftAlone()
    {
        project().ravi = RaviProjectSettings();
        RaviSecretsHook secrets([this] { return std::shared_ptr<const Config>(m_config); });
        const auto added = spawn(secrets);
        QVERIFY(added.ok());
        QVERIFY(added->environment.isEmpty());
        QVERIFY(m_ravi->requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRaviSecretsHook)
#include "tst_ravi_secrets_hook.moc"
