#include "api_access.h"
#include "api_server.h"
#include "config/config_loader.h"
#include "fleet/fleet.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "plugin/plugin_registry.h"
#include "secrets/secret_store.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

template<typename Fake> void add(PluginRegistry &registry, const QString &name)
{
    (void)registry.add(PluginRegistry::Entry{Fake::kSlot, name, name, [](const PluginSettings &) {
                                                 return std::unique_ptr<Plugin>(std::make_unique<Fake>());
                                             }});
}

} // namespace

// Webhook secrets kept in the real keyring (scripts/test runs an unlocked gnome-keyring): the
// default item `github-webhook`, and a `keychain:NAME` reference.
class TestGithubWebhookKeychain final : public QObject
{
    Q_OBJECT

    QString m_service;
    QString m_customItem;
    QNetworkAccessManager m_network;

    void write(SecretStore &keychain, const QString &item, const QString &secret)
    {
        std::optional<Result<void>> written;
        keychain.write(item, secret, this, [&](Result<void> result) { written.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
        QVERIFY2(written->ok(), qPrintable(written->ok() ? QString() : written->error().toString()));
    }

    int ping(quint16 port, const QString &path, const QByteArray &repository, const QByteArray &secret)
    {
        const QByteArray body =
            "{\"zen\":\"Approachable is better than simple.\",\"repository\":{\"full_name\":\"" + repository + "\"}}";
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("X-GitHub-Event", "ping");
        request.setRawHeader("X-GitHub-Delivery", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
        request.setRawHeader("X-Hub-Signature-256",
                             "sha256="
                                 + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex());
        std::unique_ptr<QNetworkReply> reply(m_network.post(request, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(20000))
            return 0;
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("no D-Bus session: run the tests through scripts/test (it starts dbus and gnome-keyring)");
        m_network.setProxy(QNetworkProxy::NoProxy);
        const QString unique = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_service = u"flotilla-test-"_s + unique;
        m_customItem = u"shop-hook-"_s + unique;
    }

    void readsSecretsFromTheKeychain()
    {
        IsolatedEnvironment env;
        SecretStore keychain(m_service);
        write(keychain, u"github-webhook"_s, u"default-secret"_s);
        write(keychain, m_customItem, u"custom-secret"_s);

        Store store;
        QVERIFY(store.open(env.root() + u"/flotilla.db"_s).ok());
        PluginRegistry registry;
        add<fakes::Runtime>(registry, u"tmux"_s);
        add<fakes::Workspace>(registry, u"worktree"_s);
        add<fakes::Agent>(registry, u"claude-code"_s);
        add<fakes::Tracker>(registry, u"local"_s);
        add<fakes::Scm>(registry, u"github"_s);
        const QByteArray yaml = "projects:\n  docs:\n    path: " + env.workDir().toUtf8()
                                + "/docs\n    repo: acme/docs\n    tracker:\n      plugin: local\n"
                                  "  shop:\n    path: "
                                + env.workDir().toUtf8()
                                + "/shop\n    repo: acme/shop\n    tracker:\n      plugin: local\n"
                                  "    scm:\n      plugin: github\n      webhook:\n        path: /hooks/shop\n"
                                  "        secret: keychain:"
                                + m_customItem.toUtf8() + "\n";
        const LoadedConfig loaded = ConfigLoader::loadText(yaml, env.workDir() + u"/flotilla.yaml"_s, std::nullopt);
        QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.errors().value(0).toString()));
        Fleet::Options options;
        options.pollInterval = std::chrono::hours(1);
        Fleet fleet(store, registry, options);
        QVERIFY(fleet.apply(std::make_shared<const Config>(loaded.config)).isEmpty());
        ApiAccess access("user-token-0123456789abcdefghijklmnopqrstuvwxyz", store.sessions());

        ApiServer server;
        ApiServer::Options serverOptions;
        serverOptions.port = 0;
        serverOptions.token = "user-token-0123456789abcdefghijklmnopqrstuvwxyz";
        serverOptions.keychainService = m_service;
        QVERIFY(server.listen(serverOptions).ok());
        server.attach(fleet, store, access);
        const auto port = quint16(server.port());

        // 503 only while the keychain is being read.
        QTRY_COMPARE_WITH_TIMEOUT(ping(port, u"/api/v1/webhooks/github"_s, "acme/docs", "default-secret"), 200, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(ping(port, u"/hooks/shop"_s, "acme/shop", "custom-secret"), 200, 20000);
        QCOMPARE(ping(port, u"/api/v1/webhooks/github"_s, "acme/shop", "custom-secret"), 200);
        // Each path knows only its own projects' secrets.
        QCOMPARE(ping(port, u"/hooks/shop"_s, "acme/docs", "default-secret"), 401);
        QCOMPARE(ping(port, u"/api/v1/webhooks/github"_s, "acme/docs", "guess"), 401);
        QCOMPARE(ping(port, u"/api/webhooks/github"_s, "acme/docs", "default-secret"), 200);

        for (const QString &item : {u"github-webhook"_s, m_customItem}) {
            std::optional<Result<void>> removed;
            keychain.remove(item, this, [&](Result<void> result) { removed.emplace(std::move(result)); });
            QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
        }
    }
};

QTEST_GUILESS_MAIN(TestGithubWebhookKeychain)
#include "tst_github_webhook_keychain.moc"
