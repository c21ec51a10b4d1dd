#include "isolated_environment.h"
#include "process_helpers.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

QString run(const QString &program, const QStringList &arguments)
{
    return runProcess(program, arguments, QProcessEnvironment::systemEnvironment()).out;
}

// X window ids of visible windows titled exactly "Flotilla" that process `pid` made. Other
// tests may show their own Flotilla windows on the same display meanwhile.
QStringList flotillaWindows(qint64 pid)
{
    return run(u"xdotool"_s, {u"search"_s, u"--all"_s, u"--onlyvisible"_s, u"--pid"_s, QString::number(pid),
                              u"--name"_s, u"^Flotilla$"_s})
        .split(u'\n', Qt::SkipEmptyParts);
}

// Whether the trayer panel has embedded a window of class "flotilla" (a tray icon) made by
// process `pid`.
bool trayHoldsFlotillaIcon(qint64 pid)
{
    static const QRegularExpression panelLine(u"(0x[0-9a-f]+) \"panel\": \\(\"panel\" \"trayer\"\\)"_s);
    static const QRegularExpression iconLine(u"(0x[0-9a-f]+) .*\\(\"flotilla\" \"flotilla\"\\)"_s);
    const auto panel = panelLine.match(run(u"xwininfo"_s, {u"-root"_s, u"-tree"_s}));
    if (!panel.hasMatch())
        return false;
    const QString children = run(u"xwininfo"_s, {u"-tree"_s, u"-id"_s, panel.captured(1)});
    for (auto icons = iconLine.globalMatch(children); icons.hasNext();) {
        const QString owner = run(u"xprop"_s, {u"-id"_s, icons.next().captured(1), u"_NET_WM_PID"_s});
        if (owner.trimmed().endsWith(u"= "_s + QString::number(pid)))
            return true;
    }
    return false;
}

} // namespace

// The real desktop binary under Xvfb with trayer: it maps its window and its tray icon.
class TestDesktopLaunch final : public QObject
{
    Q_OBJECT

private slots:
    void mapsTheWindowAndTheTrayIcon()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"), "needs the X server that scripts/test starts");
        IsolatedEnvironment env;
        QProcess app;
        app.setProcessEnvironment(env.processEnvironment());
        app.setWorkingDirectory(env.workDir());
        app.start(IsolatedEnvironment::binary(u"flotilla"_s), {u"--port"_s, u"0"_s});
        QVERIFY(app.waitForStarted());
        const qint64 pid = app.processId();

        QTRY_VERIFY_WITH_TIMEOUT(flotillaWindows(pid).size() == 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(trayHoldsFlotillaIcon(pid), 20000);
        const QString windowId = flotillaWindows(pid).constFirst();
        QCOMPARE(run(u"xdotool"_s, {u"getwindowname"_s, windowId}).trimmed(), u"Flotilla"_s);

        QTest::qWait(300);
        const QString shot = IsolatedEnvironment::artifactsDir() + u"/desktop-launch.png"_s;
        const auto grabbed =
            runProcess(u"import"_s, {u"-window"_s, u"root"_s, shot}, QProcessEnvironment::systemEnvironment());
        QCOMPARE(grabbed.exitCode, 0);

        // A second desktop launch hands over and exits 0; the window stays single.
        const auto second =
            runProcess(IsolatedEnvironment::binary(u"flotilla"_s), {}, env.processEnvironment(), env.workDir());
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.out.contains(u"already running"_s), qPrintable(second.out + second.err));
        QCOMPARE(flotillaWindows(pid).size(), 1);

        app.terminate();
        QVERIFY(app.waitForFinished(10000));
        QCOMPARE(app.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(flotillaWindows(pid).isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!trayHoldsFlotillaIcon(pid), 10000);
    }
};

QTEST_GUILESS_MAIN(TestDesktopLaunch)
#include "tst_desktop_launch.moc"
