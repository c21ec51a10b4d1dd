#include "isolated_environment.h"
#include "secrets/secret_store.h"

#include <QTest>
#include <QUuid>

#include <optional>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestSecretStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("no D-Bus session: run the tests through scripts/test (it starts dbus and gnome-keyring)");
    }

    void writesReadsAndRemovesThroughTheRealKeyring()
    {
        test::IsolatedEnvironment env;
        SecretStore store(u"flotilla-test"_s);
        const QString key = u"github-token-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString secret = u"ghp_"_s + QUuid::createUuid().toString(QUuid::Id128);

        std::optional<Result<void>> written;
        QObject context;
        store.write(key, secret, &context, [&](Result<void> result) { written.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
        QVERIFY2(written->ok(), qPrintable(written->ok() ? QString() : written->error().toString()));

        std::optional<Result<QString>> read;
        store.read(key, &context, [&](Result<QString> result) { read.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
        QVERIFY2(read->ok(), qPrintable(read->ok() ? QString() : read->error().toString()));
        QCOMPARE(read->value(), secret);

        // Overwrite keeps one entry with the new value.
        written.reset();
        store.write(key, secret + u"-rotated"_s, &context,
                    [&](Result<void> result) { written.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 20000);
        QVERIFY(written->ok());
        read.reset();
        store.read(key, &context, [&](Result<QString> result) { read.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
        QCOMPARE(read->value(), secret + u"-rotated"_s);

        std::optional<Result<void>> removed;
        store.remove(key, &context, [&](Result<void> result) { removed.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
        QVERIFY(removed->ok());

        read.reset();
        store.read(key, &context, [&](Result<QString> result) { read.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
        QVERIFY(!read->ok());
        QCOMPARE(read->error().code, u"secrets.not_found"_s);
        QCOMPARE(read->error().context, key);
    }

    void dropsTheAnswerWhenTheCallerIsGone()
    {
        SecretStore store(u"flotilla-test"_s);
        bool called = false;
        {
            QObject context;
            store.read(u"whatever"_s, &context, [&](Result<QString>) { called = true; });
        }
        QTest::qWait(500);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secret_store.moc"
