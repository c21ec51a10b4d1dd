// The Ravi identity hook against the fake Ravi: one identity per session (found again on a
// restore), a pool handed out without sharing, the identity as git author, its GitHub token.
#include "config/config_model.h"
#include "fake_ravi.h"
#include "ravi_identity_hook.h"

#include <QTest>

using namespace flotilla;
using namespace flotilla::fakes;
using namespace Qt::StringLiterals;

class TestRaviIdentityHook final : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeRavi> m_ravi;
    std::shared_ptr<Config> m_config;
    QStringList m_held;

    ProjectConfig &project() { return m_config->projects.first(); }

    Result<SpawnContribution> spawn(const QString &id, const QJsonObject &extra = {})
    {
        RaviIdentityHook hook([this] { return std::shared_ptr<const Config>(m_config); },
                              [this](const QString &) { return m_held; }, nullptr);
        SessionRecord session;
        session.id = id;
        session.projectId = u"shop"_s;
        session.extra = extra;
        auto future = hook.onSpawn(session);
        QDeadlineTimer deadline(15000);
        while (!future.isFinished() && !deadline.hasExpired())
            QTest::qWait(10);
        if (!future.isFinished())
            return makeError(u"test.timeout"_s, u"the hook did not answer in 15 s"_s);
        return future.result();
    }

    int identitiesCreated() const
    {
        int created = 0;
        for (const auto &request : m_ravi->requests())
            created += request.method == "POST" && request.path == u"/api/identities/"_s;
        return created;
    }

private slots:
    void init()
    {
        m_ravi = std::make_unique<FakeRavi>();
        qputenv("RAVI_TEST_MANAGEMENT_KEY", m_ravi->managementKey().toUtf8());
        m_config = std::make_shared<Config>();
        m_config->raviBaseUrl = m_ravi->baseUrl().toString();
        m_config->raviApiKey = SecretReference::parse(u"${RAVI_TEST_MANAGEMENT_KEY}"_s);
        ProjectConfig shop;
        shop.id = u"shop"_s;
        shop.ravi.identity = u"create"_s;
        m_config->projects << shop;
        m_held.clear();
    }

    void cleanup()
    {
        qunsetenv("RAVI_TEST_MANAGEMENT_KEY");
        m_ravi.reset();
    }

    void eachSessionGetsItsOwnIdentityAsAuthor()
    {
        const auto first = spawn(u"shop-1"_s);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
        QCOMPARE(first->authorName, u"Flotilla shop shop-1"_s);
        QCOMPARE(first->authorEmail, u"flotilla-shop-1@ravi.example"_s);
        // Its pull requests name the session and the identity.
        QVERIFY2(first->promptAppendix.contains(
                     u"Opened by Flotilla session shop-1 as Flotilla shop shop-1 <flotilla-shop-1@ravi.example>."_s),
                 qPrintable(first->promptAppendix));
        QCOMPARE(first->identity, u"Flotilla shop shop-1 <flotilla-shop-1@ravi.example>"_s);
        QVERIFY(!first->extra.value(u"raviIdentity"_s).toString().isEmpty());
        QVERIFY(!first->environment.contains(u"GH_TOKEN"_s)); // its vault holds none
        const auto second = spawn(u"shop-2"_s);
        QVERIFY(second.ok());
        QVERIFY(second->authorEmail != first->authorEmail);
        QCOMPARE(identitiesCreated(), 2);

        // A restore finds the same identity instead of making another.
        const auto again = spawn(u"shop-1"_s);
        QVERIFY(again.ok());
        QCOMPARE(again->authorEmail, first->authorEmail);
        QCOMPARE(identitiesCreated(), 2);
        for (const auto &request : m_ravi->requests()) {
            QVERIFY(request.path.endsWith(u'/'));
            QVERIFY(!request.headers.contains("x-ravi-identity"));
        }
    }

    void aTakenAddressLetsRaviChooseAndATokenInTheVaultIsTheAgents()
    {
        const auto squatter = m_ravi->addIdentity(u"Someone else"_s, u"flotilla-shop-3"_s);
        Q_UNUSED(squatter)
        const auto made = spawn(u"shop-3"_s);
        QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().toString()));
        QVERIFY(made->authorEmail != u"flotilla-shop-3@ravi.example"_s);

        // An identity that has its own GitHub token in its vault: the agent gets it.
        const auto pooled = m_ravi->addIdentity(u"Build bot"_s, u"build-bot"_s);
        m_ravi->addSecret(pooled.uuid, u"GH_TOKEN"_s, u"ghp_identity_own_token"_s);
        project().ravi.identity = u"pool"_s;
        project().ravi.identityPool = {pooled.uuid};
        // Without a keychain the key Ravi shows at creation is the only one: mint-free paths only.
        const auto noKey = spawn(u"shop-4"_s);
        QVERIFY(noKey.ok());
        QCOMPARE(noKey->authorName, u"Build bot"_s);
        QVERIFY(!noKey->environment.contains(u"GH_TOKEN"_s));
        QCOMPARE(noKey->warnings.size(), 1);
    }

    void aNewIdentityReadsItsOwnVault()
    {
        // Newer servers show a created identity's key once: it reads that identity's vault.
        m_ravi->seedNewVaults.insert(u"GH_TOKEN"_s, u"ghp_identity_fresh_token"_s);
        const auto made = spawn(u"shop-5"_s);
        QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().toString()));
        QCOMPARE(made->environment.value(u"GH_TOKEN"_s), u"ghp_identity_fresh_token"_s);
        QCOMPARE(made->environmentKeysForAudit, QStringList{u"GH_TOKEN"_s});
        QVERIFY(made->warnings.isEmpty());
    }

    void aPoolIsNeverShared()
    {
        const auto a = m_ravi->addIdentity(u"Agent A"_s, u"agent-a"_s);
        const auto b = m_ravi->addIdentity(u"Agent B"_s, u"agent-b"_s);
        project().ravi.identity = u"pool"_s;
        project().ravi.identityPool = {a.uuid, b.uuid};
        m_held = {a.uuid};
        const auto got = spawn(u"shop-1"_s);
        QVERIFY(got.ok());
        QCOMPARE(got->authorName, u"Agent B"_s);
        m_held = {a.uuid, b.uuid};
        const auto none = spawn(u"shop-2"_s);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, u"ravi.pool_exhausted"_s);
        QCOMPARE(identitiesCreated(), 0);
    }

    void aRejectedKeyStopsTheSpawn()
    {
        qputenv("RAVI_TEST_MANAGEMENT_KEY", "ravi_mgmt_revoked");
        const auto refused = spawn(u"shop-1"_s);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"ravi.unauthorized"_s);
    }
};

QTEST_GUILESS_MAIN(TestRaviIdentityHook)
#include "tst_ravi_identity_hook.moc"
