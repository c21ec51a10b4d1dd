// The Settings dialog's Desktop page: theme, start at login (a real XDG autostart entry in a
// private config folder) and the desktop's own notification priorities, kept across restarts.
#include "gui/desktop_preferences.h"
#include "gui/desktop_settings_page.h"
#include "host/login_item.h"
#include "isolated_environment.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPalette>
#include <QStandardPaths>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestDesktopSettings final : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::IsolatedEnvironment> m_env;

private slots:
    void initTestCase() { m_env = std::make_unique<test::IsolatedEnvironment>(); }

    void startAtLoginWritesAndRemovesTheAutostartEntry()
    {
        const QString program = m_env->root() + u"/My Apps/fl$otilla"_s;
        LoginItem item(program);
        QCOMPARE(item.location(), QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                                      + u"/autostart/flotilla.desktop"_s);
        QVERIFY(item.location().startsWith(m_env->root())); // the test's own config folder
        QVERIFY(!item.isEnabled());
        QVERIFY(item.setEnabled(true).ok());
        QVERIFY(item.isEnabled());
        QFile entry(item.location());
        QVERIFY(entry.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(entry.readAll());
        QVERIFY(text.startsWith(u"[Desktop Entry]\nType=Application\n"_s));
        // Quoted for the Desktop Entry spec: "$" escaped, and that backslash doubled.
        QVERIFY2(text.contains(u"Exec=\""_s + m_env->root() + u"/My Apps/fl\\\\$otilla\"\n"_s), qPrintable(text));
        QVERIFY(item.setEnabled(false).ok());
        QVERIFY(!item.isEnabled());
        QVERIFY(item.setEnabled(false).ok()); // already off
    }

    void pageStoresItsChoicesAndAppliesTheTheme()
    {
        const QPalette platform = QApplication::palette();
        DesktopPreferences preferences;
        QCOMPARE(preferences.theme(), DesktopPreferences::Theme::System);
        QVERIFY(preferences.showsOnDesktop(Priority::Info));
        DesktopSettingsPage::Context context;
        context.dashboardUrl = u"http://127.0.0.1:3999"_s;
        context.routing = {u"urgent → desktop, slack"_s};
        {
            DesktopSettingsPage page(preferences, LoginItem(m_env->root() + u"/bin/flotilla"_s), context);
            QVERIFY(page.findChild<QLabel *>(u"dashboardAddress"_s)->text().contains(u"3999"_s));
            QVERIFY(page.findChild<QLabel *>(u"routingSummary"_s)->text().contains(u"urgent → desktop, slack"_s));
            QVERIFY(!page.startAtLoginBox()->isChecked());
            page.themeBox()->setCurrentIndex(page.themeBox()->findData(int(DesktopPreferences::Theme::Dark)));
            page.priorityBox(Priority::Info)->setChecked(false);
            page.priorityBox(Priority::Warning)->setChecked(false);
            page.startAtLoginBox()->setChecked(true);
            const auto applied = page.apply();
            QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : applied.error().toString()));
        }
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        QVERIFY(LoginItem(m_env->root() + u"/bin/flotilla"_s).isEnabled());

        // As the next start reads them.
        const DesktopPreferences reread;
        QCOMPARE(reread.theme(), DesktopPreferences::Theme::Dark);
        QVERIFY(reread.showsOnDesktop(Priority::Urgent));
        QVERIFY(reread.showsOnDesktop(Priority::Action));
        QVERIFY(!reread.showsOnDesktop(Priority::Warning));
        QVERIFY(!reread.showsOnDesktop(Priority::Info));

        // Back to the system's look: the palette the platform gave at start.
        DesktopSettingsPage page(preferences, LoginItem(m_env->root() + u"/bin/flotilla"_s), context);
        QVERIFY(page.startAtLoginBox()->isChecked());
        page.themeBox()->setCurrentIndex(page.themeBox()->findData(int(DesktopPreferences::Theme::System)));
        page.startAtLoginBox()->setChecked(false);
        QVERIFY(page.apply().ok());
        QCOMPARE(QApplication::palette().color(QPalette::Window), platform.color(QPalette::Window));
        QVERIFY(!LoginItem(m_env->root() + u"/bin/flotilla"_s).isEnabled());
    }

    void saysWhyStartAtLoginCouldNotBeChanged()
    {
        // The autostart folder's place is taken by a file: nothing can be written there.
        LoginItem item(m_env->root() + u"/bin/flotilla"_s);
        const QString folder =
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/autostart"_s;
        QDir(folder).removeRecursively();
        QFile blocker(folder);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const auto result = item.setEnabled(true);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, u"login_item.write"_s);
        QVERIFY(result.error().message.contains(u"flotilla.desktop"_s));
        QFile::remove(folder);
    }
};

QTEST_MAIN(TestDesktopSettings)
#include "tst_desktop_settings.moc"
