// The settings dialog keeps tokens in the real keychain (gnome-keyring on the test session's
// bus): a saved key is read back from it; with no keychain (FLOTILLA_EXPECT_NO_KEYCHAIN) the
// dialog says so and no file anywhere holds the key.
#include "gui/settings_dialog.h"
#include "isolated_environment.h"
#include "secrets/secret_store.h"

#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

    static bool expectNoKeychain() { return qEnvironmentVariableIsSet("FLOTILLA_EXPECT_NO_KEYCHAIN"); }

private slots:
    void aSavedKeyIsReadBackFromTheKeychain()
    {
        if (expectNoKeychain())
            QSKIP("this run has no keychain on purpose");
        SecretStore secrets(u"flotilla-test-settings"_s);
        const QString token = u"ghp_settingsDialogToken%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
        {
            SettingsDialog dialog(secrets);
            auto *state = dialog.findChild<QLabel *>(u"githubState"_s);
            QTRY_VERIFY_WITH_TIMEOUT(state->text() != u"Checking the keychain…"_s, 10000);
            dialog.findChild<QLineEdit *>(u"githubField"_s)->setText(token);
            QSignalSpy saved(&dialog, &SettingsDialog::saved);
            dialog.save();
            QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
            QVERIFY2(saved.first().first().toBool(), qPrintable(dialog.statusText()));
            QCOMPARE(state->text(), u"Stored in the keychain"_s);
            QVERIFY(dialog.findChild<QLineEdit *>(u"githubField"_s)->text().isEmpty()); // never shown again
        }
        std::optional<Result<QString>> read;
        QObject context;
        secrets.read(u"github"_s, &context, [&](Result<QString> result) { read.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
        QVERIFY2(read->ok(), qPrintable(read->ok() ? QString() : read->error().message));
        QCOMPARE(read->value(), token);

        // A new dialog knows it is stored, without showing it.
        SettingsDialog again(secrets);
        QTRY_COMPARE_WITH_TIMEOUT(again.findChild<QLabel *>(u"githubState"_s)->text(), u"Stored in the keychain"_s,
                                  10000);
        QCOMPARE(again.findChild<QLabel *>(u"linearState"_s)->text(), u"Not set"_s);
        std::optional<Result<void>> removed;
        secrets.remove(u"github"_s, &context, [&](Result<void> result) { removed.emplace(std::move(result)); });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10000);
    }

    void withoutAKeychainNothingIsSavedAndTheDialogSaysSo()
    {
        if (!expectNoKeychain())
            QSKIP("runs with DBUS_SESSION_BUS_ADDRESS pointing nowhere (its own CTest entry)");
        test::IsolatedEnvironment env;
        const QByteArray savedHome = qgetenv("HOME");
        qputenv("HOME", QString(env.root() + u"/home"_s).toLocal8Bit());
        SecretStore secrets(u"flotilla-test-settings"_s);
        const QString key = u"lin_api_mustNeverTouchDisk_5b1e"_s;
        SettingsDialog dialog(secrets);
        dialog.findChild<QLineEdit *>(u"linearField"_s)->setText(key);
        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        dialog.save();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
        QVERIFY(!saved.first().first().toBool());
        QVERIFY2(dialog.statusText().startsWith(u"The keychain is not available"_s), qPrintable(dialog.statusText()));
        QDirIterator files(env.root(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(key.toUtf8()), qPrintable(file.fileName()));
        }
        qputenv("HOME", savedHome);
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settings_dialog.moc"
