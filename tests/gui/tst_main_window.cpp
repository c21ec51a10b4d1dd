#include "fleet/fleet.h"
#include "gui/desktop_shell.h"
#include "gui/gui_translations.h"
#include "gui/main_window.h"
#include "gui/session_detail.h"
#include "gui/tray_icon.h"
#include "host/instance_host.h"
#include "isolated_environment.h"
#include "lifecycle/lifecycle_manager.h"
#include "model/display_status.h"
#include "models/fleet_model.h"
#include "store/store.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QScreen>
#include <QSignalSpy>
#include <QTableView>
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

    // A fleet of a dozen sessions: the table, and the tray menu listing who needs a person.
    void theTrayMenuListsWhoNeedsYou()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QStringList attention;
        QString prAttention; // the first of them with a pull request
        for (int i = 1; i <= 12; ++i) {
            SessionRecord session;
            session.id = u"shop-%1"_s.arg(i);
            session.projectId = u"shop"_s;
            session.issueId = QString::number(100 + i);
            session.displayName = u"Make feature %1 work"_s.arg(i);
            session.branch = u"feat/%1"_s.arg(100 + i);
            session.agent = u"claude-code"_s;
            session.state = i % 4 == 0 ? SessionState::NeedsInput : SessionState::Working;
            session.activity.state = ActivityState::Active;
            session.createdAt = now.addSecs(-300 * i);
            session.startedAt = session.createdAt;
            if (i % 2 == 1) {
                session.pr.state = PrState::Open;
                session.pr.number = 40 + i;
                session.pr.url = u"https://github.example/acme/shop/pull/%1"_s.arg(40 + i);
                session.pr.ci = i % 3 == 0 ? PrCiState::Failing : PrCiState::Passing;
                session.pr.review = PrReviewState::Pending;
                session.pr.reason = i % 3 == 0 ? PrReason::CiFailing : PrReason::ReviewPending;
            }
            QVERIFY(m_host->store().sessions().insert(session));
            if (needsAttention(deriveDisplayStatus(session))) {
                attention << session.id;
                if (session.pr.number > 0 && prAttention.isEmpty())
                    prAttention = session.id;
            }
        }
        QVERIFY2(attention.size() >= 3 && !prAttention.isEmpty(), qPrintable(attention.join(u", "_s)));

        DesktopShell shell(*m_host);
        QList<QUrl> opened;
        shell.setUrlOpener([&opened](const QUrl &url) { opened << url; });
        shell.window().resize(1200, 700);
        shell.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shell.window()));
        QCOMPARE(shell.fleetModel().rowCount(), 12);

        TrayIcon &tray = shell.tray();
        tray.refreshMenu();
        QMenu *menu = tray.menu();
        for (const QString &id : std::as_const(attention))
            QVERIFY2(menu->findChild<QAction *>(u"attention:"_s + id), qPrintable(id));
        QVERIFY(!menu->findChild<QAction *>(u"attention:shop-2"_s)); // working, nothing to decide

        // A failing CI entry opens its pull request; "Show" picks the session in the window.
        const QString failing = prAttention;
        const int number = 40 + failing.section(u'-', 1).toInt();
        QMenu *entry = menu->findChild<QAction *>(u"attention:"_s + failing)->menu();
        QVERIFY(entry->title().contains(u"#%1"_s.arg(number)));
        entry->findChild<QAction *>(u"openPr"_s)->trigger();
        QCOMPARE(opened, QList<QUrl>{QUrl(u"https://github.example/acme/shop/pull/%1"_s.arg(number))});
        entry->findChild<QAction *>(u"showSession"_s)->trigger();
        QCOMPARE(shell.window().fleetTable()->currentIndex().data(FleetModel::SessionIdRole).toString(), failing);
        QCOMPARE(shell.window().sessionDetail()->sessionId(), failing);
        // A flotilla:// link handed over by a second launch (the desktop's URL handler) picks
        // the session it names.
        emit m_host->activationRequested({u"--some-option"_s, u"flotilla://session/shop-2"_s}, m_env->workDir());
        QTRY_COMPARE(shell.window().sessionDetail()->sessionId(), u"shop-2"_s);
        QCOMPARE(shell.window().fleetTable()->currentIndex().data(FleetModel::SessionIdRole).toString(), u"shop-2"_s);

        // Pausing stops polling until resumed, and says so.
        LifecycleManager &lifecycle = m_host->fleet().lifecycle();
        QAction *pause = menu->findChild<QAction *>(u"pauseAction"_s);
        pause->trigger();
        QVERIFY(lifecycle.isPaused());
        QVERIFY(tray.toolTip().contains(u"paused"_s));
        QCOMPARE(pause->text(), u"Resume polling"_s);
        pause->trigger();
        QVERIFY(!lifecycle.isPaused());
        QVERIFY(!tray.toolTip().contains(u"paused"_s));

        // The dashboard opens through a fresh one-time sign-in link each time, from the tray
        // or the View menu; the API token is never in it.
        menu->findChild<QAction *>(u"trayDashboardAction"_s)->trigger();
        shell.window().findChild<QAction *>(u"openDashboardAction"_s)->trigger();
        QCOMPARE(opened.size(), 3);
        for (const QUrl &link : {opened.at(1), opened.at(2)}) {
            QVERIFY2(link.toString().startsWith(m_host->apiBase() + u"/login?code="_s), qPrintable(link.toString()));
            QVERIFY(link.query().size() > 40);
        }
        QVERIFY(opened.at(1) != opened.at(2));

        QTest::qWait(200);
        QVERIFY(shell.window().grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/fleet-12.png"_s));
        menu->popup(QPoint(40, 40));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        entry = menu->findChild<QAction *>(u"attention:"_s + failing)->menu(); // rebuilt as it opened
        entry->popup(menu->geometry().topRight());
        QVERIFY(QTest::qWaitForWindowExposed(entry));
        QTest::qWait(200);
        const QImage screen = QGuiApplication::primaryScreen()->grabWindow(0).toImage();
        const QRect shown = menu->geometry().united(entry->geometry()).adjusted(-4, -4, 4, 4);
        QVERIFY(screen.copy(shown).save(test::IsolatedEnvironment::artifactsDir() + u"/tray-menu.png"_s));
        entry->hide();
        menu->hide();
        for (int i = 1; i <= 12; ++i) {
            SessionRecord gone = m_host->store().sessions().get(u"shop-%1"_s.arg(i)).value().value();
            gone.state = SessionState::Terminated;
            QVERIFY(m_host->store().sessions().update(gone));
        }
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
        // English is the source language; its file only says how counts read ("1 agent").
        QVERIFY(installTranslations(QLocale(QLocale::English)));
        QCOMPARE(QCoreApplication::translate("flotilla::SpawnDialog", "Spawn %n agent(s)", nullptr, 1),
                 u"Spawn 1 agent"_s);
        QCOMPARE(QCoreApplication::translate("flotilla::SpawnDialog", "Spawn %n agent(s)", nullptr, 3),
                 u"Spawn 3 agents"_s);
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
