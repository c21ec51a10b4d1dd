#include "async_wait.h"
#include "emulator_terminal.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

using namespace flotilla;
using namespace Qt::StringLiterals;
using flotilla::test::eventually;

namespace {

// A stand-in emulator called `name`: it writes its working folder and arguments, one per line.
QString recordingEmulator(const QString &dir, const QString &name)
{
    QDir().mkpath(dir);
    const QString path = dir + u'/' + name;
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly))
        return {};
    script.write("#!/bin/sh\n{ pwd; for a in \"$@\"; do echo \"$a\"; done; } > \"$0.called.tmp\"\n"
                 "mv \"$0.called.tmp\" \"$0.called\"\n");
    script.close();
    script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
    return path;
}

QStringList recordedCall(const QString &emulator)
{
    QFile called(emulator + u".called"_s);
    if (!called.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(called.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

class ScopedTerminalVariable
{
public:
    explicit ScopedTerminalVariable(const QString &value) : m_saved(qgetenv("TERMINAL"))
    {
        if (value.isNull())
            qunsetenv("TERMINAL");
        else
            qputenv("TERMINAL", value.toLocal8Bit());
    }
    ~ScopedTerminalVariable() { qputenv("TERMINAL", m_saved); }

private:
    QByteArray m_saved;
};

} // namespace

class TestEmulatorTerminal final : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::IsolatedEnvironment> m_env;

    SessionRecord session() const
    {
        SessionRecord record;
        record.id = u"app-7"_s;
        record.workspacePath = m_env->workDir();
        QDir().mkpath(record.workspacePath);
        return record;
    }

private slots:
    void initTestCase() { m_env = std::make_unique<test::IsolatedEnvironment>(); }

    void runsTheConfiguredCommandInTheWorkspace()
    {
        const QString emulator = recordingEmulator(m_env->root() + u"/bin"_s, u"my-term"_s);
        EmulatorTerminal terminal(PluginSettings{{u"command"_s, QJsonArray{emulator, u"--hold"_s, u"-e"_s}}});
        QVERIFY(terminal.detect().available);
        const QStringList attach{u"tmux"_s, u"-L"_s, u"flotilla"_s, u"attach"_s, u"-t"_s, u"app-7"_s};
        QCOMPARE(terminal.launchCommand(attach), QStringList({emulator, u"--hold"_s, u"-e"_s}) + attach);
        const auto opened = test::waitFor(terminal.open(session(), attach));
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
        QVERIFY(eventually([&] { return !recordedCall(emulator).isEmpty(); }));
        QCOMPARE(recordedCall(emulator), QStringList({m_env->workDir(), u"--hold"_s, u"-e"_s}) + attach);
    }

    void terminalVariableGetsTheEmulatorsSeparator()
    {
        // gnome-terminal takes the command after "--", not "-e".
        const QString emulator = recordingEmulator(m_env->root() + u"/bin2"_s, u"gnome-terminal"_s);
        ScopedTerminalVariable variable(emulator);
        EmulatorTerminal terminal{PluginSettings()};
        QCOMPARE(terminal.launchCommand({u"tmux"_s, u"attach"_s}),
                 QStringList({emulator, u"--"_s, u"tmux"_s, u"attach"_s}));
        const auto opened = test::waitFor(terminal.open(session(), {u"tmux"_s, u"attach"_s}));
        QVERIFY(opened.ok());
        QVERIFY(eventually([&] { return !recordedCall(emulator).isEmpty(); }));
        QCOMPARE(recordedCall(emulator).mid(1), QStringList({u"--"_s, u"tmux"_s, u"attach"_s}));
    }

    void saysWhatIsMissing()
    {
        EmulatorTerminal missing(PluginSettings{{u"command"_s, u"no-such-terminal-emulator -e"_s}});
        QVERIFY(!missing.detect().available);
        QVERIFY(missing.detect().hint.contains(u"$TERMINAL"_s));
        const auto notFound = test::waitFor(missing.open(session(), {u"tmux"_s, u"attach"_s}));
        QVERIFY(!notFound.ok());
        QCOMPARE(notFound.error().code, u"terminal.not_found"_s);

        // A runtime without a terminal (plain processes) has nothing to attach to.
        EmulatorTerminal terminal{PluginSettings()};
        const auto nothing = test::waitFor(terminal.open(session(), {}));
        QVERIFY(!nothing.ok());
        QCOMPARE(nothing.error().code, u"terminal.nothing_to_attach"_s);
        QVERIFY(nothing.error().message.contains(u"app-7"_s));
    }

    void attachesARealTerminalToTheSessionsTmux()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs an X display (run under tests/session/run-in-test-session)");
        if (QStandardPaths::findExecutable(u"tmux"_s).isEmpty() || QStandardPaths::findExecutable(u"xterm"_s).isEmpty())
            QSKIP("needs tmux and xterm (scripts/install-deps)");
        QVERIFY(m_env->useOwnTmuxServer());
        const QProcessEnvironment env = m_env->processEnvironment();
        const auto tmux = [&](const QStringList &arguments) {
            return test::runProcess(u"tmux"_s, QStringList{u"-L"_s, u"flotilla"_s} + arguments, env);
        };
        QCOMPARE(tmux({u"new-session"_s, u"-d"_s, u"-s"_s, u"app-7"_s, u"sleep 600"_s}).exitCode, 0);

        // The platform's own choice, with no setting and no $TERMINAL: xterm here.
        ScopedTerminalVariable variable{QString()};
        EmulatorTerminal terminal{PluginSettings()};
        QVERIFY(terminal.detect().available);
        const auto opened = test::waitFor(
            terminal.open(session(), {u"tmux"_s, u"-L"_s, u"flotilla"_s, u"attach"_s, u"-t"_s, u"app-7"_s}));
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
        QVERIFY2(eventually([&] {
                     return !tmux({u"list-clients"_s, u"-t"_s, u"app-7"_s}).out.trimmed().isEmpty();
                 }),
                 "no terminal attached to the session");
        // Closing the terminal's session ends the emulator; the test's server goes with it.
        m_env->stopOwnTmuxServer();
    }
};

QTEST_GUILESS_MAIN(TestEmulatorTerminal)
#include "tst_emulator_terminal.moc"
