#include "isolated_environment.h"
#include "secrets/secret_store.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <optional>

using namespace flotilla;
using namespace Qt::StringLiterals;

// Runs with DBUS_SESSION_BUS_ADDRESS pointing nowhere (set by CTest), like a desktop-less
// machine without a Secret Service.
class TestSecretStoreNoKeyring final : public QObject
{
    Q_OBJECT

private slots:
    void reportsTheMissingKeychainAndWritesNothing()
    {
        QVERIFY(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"nonexistent"_s));
        test::IsolatedEnvironment env;
        const QString home = env.root() + u"/home"_s;
        const QByteArray savedHome = qgetenv("HOME");
        qputenv("HOME", home.toLocal8Bit());

        SecretStore store(u"flotilla-test"_s);
        const QString secret = u"sk-must-never-touch-disk-7f3a9c"_s;
        QObject context;
        std::optional<Result<void>> written;
        store.write(u"api-key"_s, secret, &context, [&](Result<void> result) { written.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 30000);
        QVERIFY(!written->ok());
        QVERIFY2(written->error().code == u"secrets.no_backend"_s
                     || written->error().code == u"secrets.keychain_error"_s,
                 qPrintable(written->error().code));
        QVERIFY2(written->error().message.contains(u"never stores secrets in plain text"_s),
                 qPrintable(written->error().message));

        std::optional<Result<QString>> read;
        store.read(u"api-key"_s, &context, [&](Result<QString> result) { read.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30000);
        QVERIFY(!read->ok());

        // No plaintext fallback anywhere in the user's folders.
        QDirIterator files(env.root(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(secret.toUtf8()), qPrintable(file.fileName()));
        }
        qputenv("HOME", savedHome);
    }
};

QTEST_GUILESS_MAIN(TestSecretStoreNoKeyring)
#include "tst_secret_store_no_keyring.moc"
