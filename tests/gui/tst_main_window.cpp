#include "gui/desktop_shell.h"
#include "gui/gui_translations.h"
#include "gui/main_window.h"
#include "gui/tray_icon.h"
#include "host/instance_host.h"
#include "isolated_environment.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QScreen>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

// A screenshot that shows something: more than a handful of distinct colours.
int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    }
    return static_cast<int>(colours.size());
}

} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    std::unique_ptr<InstanceHost> m_host;

private slots:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::platformName(), u"xcb"_s); // a real X server, not offscreen
        m_env = std::make_unique<test::IsolatedEnvironment>();
        m_host = std::make_unique<InstanceHost>();
        InstanceHost::Options options;
        options.port = 0;
        options.workingDir = m_env->workDir();
        const auto started = m_host->start(options);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
        QCOMPARE(started.value(), InstanceHost::Role::Primary);
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_env.reset();
    }

    void showsTheWindowAndTrayIcon()
    {
        DesktopShell shell(*m_host);
        shell.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shell.window()));
        QCOMPARE(shell.window().windowTitle(), u"Flotilla"_s);

        QVERIFY2(TrayIcon::isAvailable(), "no system tray: scripts/test runs trayer under Xvfb");
        QTRY_VERIFY(shell.tray().isVisible());

        const auto labels = shell.window().findChildren<QLabel *>();
        const bool namesTheApi = std::any_of(
            labels.begin(), labels.end(), [this](QLabel *label) { return label->text().contains(m_host->apiBase()); });
        QVERIFY(namesTheApi);

        QTest::qWait(200); // let the window paint before the screenshot
        const QString artifacts = test::IsolatedEnvironment::artifactsDir();
        const QImage window = shell.window().grab().toImage();
        QVERIFY(window.save(artifacts + u"/main-window.png"_s));
        QVERIFY(distinctColours(window) > 5);
        const QImage screen = QGuiApplication::primaryScreen()->grabWindow(0).toImage();
        QVERIFY(screen.save(artifacts + u"/main-window-desktop.png"_s));
    }

    void closingHidesToTheTrayAndAHandOverBringsItBack()
    {
        DesktopShell shell(*m_host);
        shell.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shell.window()));
        QVERIFY(shell.window().close() == false); // refused: hidden instead, the fleet keeps running
        QTRY_VERIFY(!shell.window().isVisible());

        emit m_host->activationRequested({u"flotilla://session/x-1"_s}, m_env->workDir());
        QTRY_VERIFY(shell.window().isVisible());
    }

    void withoutATrayClosingQuits()
    {
        MainWindow window;
        window.setHideOnClose(false);
        QSignalSpy quit(&window, &MainWindow::quitRequested);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.close());
        QCOMPARE(quit.count(), 1);
    }

    void speaksGerman()
    {
        QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
        {
            MainWindow window;
            QCOMPARE(window.findChild<QLabel *>(u"headlineLabel"_s)->text(), u"Es laufen keine Agenten."_s);
        }
        QVERIFY(!installTranslations(QLocale(QLocale::Swahili)));
        QVERIFY(installTranslations(QLocale(QLocale::English)) == false); // English is the source language
    }

    void quitIsInTheFileMenu()
    {
        MainWindow window;
        QSignalSpy quit(&window, &MainWindow::quitRequested);
        auto *action = window.findChild<QAction *>(u"quitAction"_s);
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(QKeySequence::Quit));
        action->trigger();
        QCOMPARE(quit.count(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
