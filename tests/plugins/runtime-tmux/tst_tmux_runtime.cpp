#include "async_wait.h"
#include "isolated_environment.h"
#include "process_helpers.h"
#include "tmux_runtime.h"
#include "util/app_paths.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <iterator>
#include <memory>

#include <unistd.h>

using namespace flotilla;
using namespace Qt::StringLiterals;
using flotilla::test::eventually;

namespace {

template<typename T> Result<T> wait(Async<T> future, int timeoutMs = 60000)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished())
        return makeError(u"test.timeout"_s, u"no answer within %1 ms"_s.arg(timeoutMs));
    if (future.resultCount() == 0)
        return makeError(u"test.cancelled"_s, u"the future was cancelled"_s);
    return future.result();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Stands in for an agent's input box, the way agent TUIs behave: it asks the terminal for
// bracketed paste, takes everything between ESC[200~ and ESC[201~ as pasted text (carriage
// returns in it are line breaks, not Enter), and submits on a lone Enter by writing the
// message, exactly as received, to msg-<n>.txt. It shows what happens on screen, as agents do.
const char kReceiver[] = R"PY(import os, sys, tty
out_dir = sys.argv[1]
START, END = b"\x1b[200~", b"\x1b[201~"
tty.setraw(0)
os.write(1, b"\x1b[?2004hready> ")
buf, message, pasting, count = b"", b"", False, 0
while True:
    data = os.read(0, 65536)
    if not data:
        break
    buf += data
    while buf:
        if pasting:
            end = buf.find(END)
            if end < 0:
                keep = len(END) - 1
                if len(buf) > keep:
                    message += buf[:-keep]
                    buf = buf[-keep:]
                break
            message += buf[:end]
            buf = buf[end + len(END):]
            pasting = False
            os.write(1, b"[pasted %d bytes]" % len(message))
        elif buf.startswith(START):
            buf = buf[len(START):]
            pasting = True
        elif START.startswith(buf):
            break
        elif buf[:1] == b"\r":
            buf = buf[1:]
            count += 1
            with open(os.path.join(out_dir, "msg-%d.txt" % count), "wb") as f:
                f.write(message.replace(b"\r", b"\n"))
            os.write(1, b"\r\nreceived message %d\r\nready> " % count)
            message = b""
        else:
            message += buf[:1]
            os.write(1, buf[:1])
            buf = buf[1:]
)PY";

// `count` lines of printable text with what shells and tmux treat specially (quotes, $, \, ;,
// #, tabs, braces) and non-ASCII, `size` characters in all.
QString awkwardText(int size, int count)
{
    const QString pieces[] = {u"plain words "_s, u"$HOME `id` "_s,   u"\"quoted\" 'single' "_s,
                              u"back\\slash "_s, u"semi; colon; "_s, u"#{session_name} ## "_s,
                              u"tab\there "_s,   u"{braces} [x] "_s, u"é ü ß 日本語 "_s,
                              u"🚀 emoji "_s,     u"-- --flag -x "_s, u"~ * ? ! & | < > "_s};
    const int lineLength = (size - (count - 1)) / count;
    QStringList lines;
    int piece = 0;
    for (int i = 0; i < count; ++i) {
        QString line = u"%1: "_s.arg(i, 3, 10, QChar(u'0'));
        while (line.size() < lineLength)
            line += pieces[piece++ % std::size(pieces)];
        line.truncate(lineLength);
        if (line.at(line.size() - 1).isHighSurrogate()) // never cut a character in half
            line[line.size() - 1] = u'x';
        lines << line;
    }
    QString text = lines.join(u'\n');
    while (text.size() < size)
        text += u'z';
    return text;
}

} // namespace

class TmuxRuntimeTest final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createRunsTheCommandInTheWorkDir();
    void secretsReachTheAgentButNoArgvFileOrTmuxEnvironment();
    void flotillasOwnCredentialsAreWithheld();
    void createRefusesADuplicateSession();
    void probeTellsAliveDeadAndMissingInOneCall();
    void probeWithoutServerSaysMissing();
    void sendTextArrivesByteIdentical();
    void sendsToOneSessionArriveInOrder();
    void sendTextToAPlainProgramArrivesAsLinesEvenInCopyMode();
    void sendTextToMissingSessionFails();
    void sendTextToExitedAgentFails();
    void sendTextWithoutReactionIsUnconfirmed();
    void readOutputReturnsTheLastLines();
    void destroyThenProbeSaysMissing();
    void missingTmuxIsReported();
    void missingLauncherIsReported();
    void launcherThatNeverRunsLeavesNothingBehind();
    void launcherRefusesAFileOthersCanRead();
    void sessionNamesAreSafeForTmux();
    void attachCommandNamesTheServerAndSession();

private:
    PluginSettings settings() const { return {{u"socket"_s, m_socket}}; }
    QString folder(const QString &name) const;
    QString receiverScript() const;
    test::ProcessResult tmux(const QStringList &arguments) const;
    RuntimeHandle start(TmuxRuntime &runtime, const QString &id, const QStringList &command,
                        const QHash<QString, QString> &environment = {});
    // Starts the receiver in session `id`, writing into `out`, and waits until it is ready.
    RuntimeHandle startReceiver(TmuxRuntime &runtime, const QString &id, const QString &out);

    std::unique_ptr<test::IsolatedEnvironment> m_env;
    QString m_socket;
    int m_run = 0;
};

void TmuxRuntimeTest::init()
{
    if (QStandardPaths::findExecutable(u"tmux"_s).isEmpty())
        QSKIP("tmux is not installed");
    m_env = std::make_unique<test::IsolatedEnvironment>();
    QVERIFY(m_env->isValid());
    // Our own server per test: nothing leaks into the next test or into a running Flotilla.
    m_socket = u"flotilla-test-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_run);
}

void TmuxRuntimeTest::cleanup()
{
    if (m_socket.isEmpty())
        return;
    tmux({u"kill-server"_s});
    const QString tmpDir = qEnvironmentVariable("TMUX_TMPDIR", u"/tmp"_s);
    QFile::remove(u"%1/tmux-%2/%3"_s.arg(tmpDir).arg(getuid()).arg(m_socket));
    m_socket.clear();
    m_env.reset();
}

QString TmuxRuntimeTest::folder(const QString &name) const
{
    const QString path = m_env->workDir() + u'/' + name;
    QDir().mkpath(path);
    return QDir(path).canonicalPath();
}

QString TmuxRuntimeTest::receiverScript() const
{
    const QString path = m_env->root() + u"/receiver.py"_s;
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(kReceiver);
    return path;
}

test::ProcessResult TmuxRuntimeTest::tmux(const QStringList &arguments) const
{
    return test::runProcess(u"tmux"_s, QStringList{u"-L"_s, m_socket} + arguments, m_env->processEnvironment());
}

RuntimeHandle TmuxRuntimeTest::start(TmuxRuntime &runtime, const QString &id, const QStringList &command,
                                     const QHash<QString, QString> &environment)
{
    const QString dir = folder(id);
    const auto created = wait(runtime.create(RuntimeLaunch{id, dir, command, environment}));
    if (!created)
        qWarning("create failed: %s", qPrintable(created.error().toString()));
    return created ? created.value() : RuntimeHandle{};
}

RuntimeHandle TmuxRuntimeTest::startReceiver(TmuxRuntime &runtime, const QString &id, const QString &out)
{
    if (QStandardPaths::findExecutable(u"python3"_s).isEmpty())
        return {};
    const RuntimeHandle handle = start(runtime, id, {u"python3"_s, receiverScript(), out});
    if (handle.id.isEmpty())
        return {};
    const bool ready = eventually([&] {
        const auto output = wait(runtime.readOutput(handle, 5));
        return output && output.value().contains(u"ready>"_s);
    });
    return ready ? handle : RuntimeHandle{};
}

void TmuxRuntimeTest::createRunsTheCommandInTheWorkDir()
{
    TmuxRuntime runtime(settings());
    QVERIFY2(runtime.detect().available, qPrintable(runtime.detect().problem));
    const RuntimeHandle handle =
        start(runtime, u"shop-1"_s,
              {u"sh"_s, u"-c"_s, u"pwd > here.txt; echo \"$0|$1\" > args.txt; exec sleep 300"_s, u"two words"_s,
               u"ends with;"_s});
    QCOMPARE(handle.id, u"shop-1"_s);
    QCOMPARE(handle.plugin, u"tmux"_s);
    QCOMPARE(handle.data.value(u"socket").toString(), m_socket);
    const QString dir = folder(u"shop-1"_s);
    QVERIFY(eventually([&] { return !readAll(dir + u"/args.txt"_s).isEmpty(); }));
    QCOMPARE(readAll(dir + u"/here.txt"_s), (dir + u'\n').toUtf8());
    QCOMPARE(readAll(dir + u"/args.txt"_s), QByteArray("two words|ends with;\n"));

    const test::ProcessResult options = tmux({u"show-options"_s, u"-g"_s, u"history-limit"_s});
    QCOMPARE(options.out.trimmed(), u"history-limit %1"_s.arg(TmuxRuntime::kHistoryLimit));
    const test::ProcessResult remain =
        tmux({u"show-options"_s, u"-w"_s, u"-t"_s, u"=shop-1:"_s, u"-v"_s, u"remain-on-exit"_s});
    QCOMPARE(remain.out.trimmed(), u"on"_s);
}

void TmuxRuntimeTest::flotillasOwnCredentialsAreWithheld()
{
    // The server inherits this process's environment: a key Flotilla uses must stop there.
    qputenv("FLEET_VAULT_KEY", "ravi_id_flotillas_own");
    qputenv("HARMLESS_SETTING", "kept");
    TmuxRuntime runtime(settings());
    const QString dir = folder(u"withheld-1"_s);
    const auto created = wait(runtime.create(RuntimeLaunch{
        u"withheld-1"_s,
        dir,
        {u"sh"_s, u"-c"_s, u"echo \"[${FLEET_VAULT_KEY-unset}][$HARMLESS_SETTING]\" > env.txt; exec sleep 300"_s},
        {},
        {u"FLEET_VAULT_KEY"_s}}));
    qunsetenv("FLEET_VAULT_KEY");
    qunsetenv("HARMLESS_SETTING");
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
    QVERIFY(eventually([&] { return !readAll(dir + u"/env.txt"_s).isEmpty(); }));
    QCOMPARE(readAll(dir + u"/env.txt"_s).trimmed(), QByteArray("[unset][kept]"));
}

void TmuxRuntimeTest::secretsReachTheAgentButNoArgvFileOrTmuxEnvironment()
{
    TmuxRuntime runtime(settings());
    const QString secret = u"s3cr3t-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString multiLine = u"first line\nsecond = line "_s + secret.right(12);
    const RuntimeHandle handle =
        start(runtime, u"secret-1"_s,
              {u"sh"_s, u"-c"_s, u"printenv SECRET_X > secret.txt; printenv MULTI > multi.txt; exec sleep 300"_s},
              {{u"SECRET_X"_s, secret}, {u"MULTI"_s, multiLine}});
    QVERIFY(!handle.id.isEmpty());

    const QByteArray needle = secret.toUtf8();
    const auto leaks = [&]() -> QStringList {
        QStringList found;
        QDirIterator procs(u"/proc"_s, QDir::Dirs | QDir::NoDotAndDotDot);
        while (procs.hasNext()) {
            const QString dir = procs.next();
            if (readAll(dir + u"/cmdline"_s).contains(needle))
                found << dir + u"/cmdline"_s;
        }
        // Everything Flotilla owns (runtime, data, config, cache); the work dir holds what the
        // agent itself wrote.
        QDirIterator files(m_env->root(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            if (!path.startsWith(m_env->workDir()) && readAll(path).contains(needle))
                found << path;
        }
        for (const QStringList &show : {QStringList{u"show-environment"_s, u"-t"_s, u"=secret-1"_s},
                                        QStringList{u"show-environment"_s, u"-g"_s}}) {
            if (tmux(show).out.contains(secret))
                found << u"tmux "_s + show.join(u' ');
        }
        return found;
    };
    // create() answers once the launcher has taken the file up: nothing may be left by then.
    QCOMPARE(leaks(), QStringList());
    QVERIFY(QDir(AppPaths::runtimeDir()).entryList({u"launch-*"_s}, QDir::Files).isEmpty());

    const QString dir = folder(u"secret-1"_s);
    QVERIFY(eventually([&] { return !readAll(dir + u"/multi.txt"_s).isEmpty(); }));
    QCOMPARE(readAll(dir + u"/secret.txt"_s), needle + '\n');
    QCOMPARE(readAll(dir + u"/multi.txt"_s), multiLine.toUtf8() + '\n');
    QCOMPARE(leaks(), QStringList());
    // The folder that briefly held the file is private.
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                                            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFile::permissions(AppPaths::runtimeDir()) & others, QFileDevice::Permissions());
}

void TmuxRuntimeTest::createRefusesADuplicateSession()
{
    TmuxRuntime runtime(settings());
    QVERIFY(!start(runtime, u"twice"_s, {u"sleep"_s, u"300"_s}).id.isEmpty());
    const auto again = wait(runtime.create(RuntimeLaunch{u"twice"_s, folder(u"twice"_s), {u"sleep"_s, u"300"_s}, {}}));
    QVERIFY(!again);
    QCOMPARE(again.error().code, u"runtime.session_exists"_s);
    QVERIFY(QDir(AppPaths::runtimeDir()).entryList({u"launch-*"_s}, QDir::Files).isEmpty());
}

void TmuxRuntimeTest::probeTellsAliveDeadAndMissingInOneCall()
{
    TmuxRuntime runtime(settings());
    const RuntimeHandle alive = start(runtime, u"fleet-10"_s, {u"sleep"_s, u"300"_s});
    const RuntimeHandle exited = start(runtime, u"fleet-2"_s, {u"sh"_s, u"-c"_s, u"exit 3"_s});
    QVERIFY(!alive.id.isEmpty());
    QVERIFY(!exited.id.isEmpty());
    // "fleet-1" was never started; a prefix match would wrongly find "fleet-10".
    const RuntimeHandle missing{u"fleet-1"_s, u"tmux"_s, {}};

    QVERIFY(eventually([&] {
        const auto probed = wait(runtime.probe({exited}));
        return probed && !probed.value().value(exited.id).processRunning;
    }));
    const auto probed = wait(runtime.probe({alive, exited, missing}));
    QVERIFY2(probed, qPrintable(probed ? QString() : probed.error().toString()));
    QCOMPARE(probed.value().size(), 3);
    const RuntimeProbe a = probed.value().value(alive.id);
    QVERIFY(a.alive);
    QVERIFY(a.processRunning);
    QVERIFY(a.error.isEmpty());
    QVERIFY(a.observedAt.isValid());
    const RuntimeProbe e = probed.value().value(exited.id);
    QVERIFY(e.alive);
    QVERIFY(!e.processRunning);
    const RuntimeProbe m = probed.value().value(missing.id);
    QVERIFY(!m.alive);
    QVERIFY(!m.processRunning);
    QVERIFY(m.error.isEmpty());
}

void TmuxRuntimeTest::probeWithoutServerSaysMissing()
{
    TmuxRuntime runtime(settings());
    const RuntimeHandle handle{u"nobody"_s, u"tmux"_s, {}};
    const auto probed = wait(runtime.probe({handle}));
    QVERIFY2(probed, qPrintable(probed ? QString() : probed.error().toString()));
    QVERIFY(!probed.value().value(handle.id).alive);
    QVERIFY(probed.value().value(handle.id).observedAt.isValid());
}

void TmuxRuntimeTest::sendTextArrivesByteIdentical()
{
    TmuxRuntime runtime(settings());
    const QString out = folder(u"inbox"_s);
    const RuntimeHandle handle = startReceiver(runtime, u"agent-1"_s, out);
    if (handle.id.isEmpty() && QStandardPaths::findExecutable(u"python3"_s).isEmpty())
        QSKIP("python3 is needed for the receiving program");
    QVERIFY(!handle.id.isEmpty());

    const QString text = awkwardText(10000, 200);
    QCOMPARE(text.size(), 10000);
    QCOMPARE(text.count(u'\n'), 199);
    const auto sent = wait(runtime.sendText(handle, text));
    QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().toString()));
    QVERIFY(eventually([&] { return QFile::exists(out + u"/msg-1.txt"_s); }));
    QCOMPARE(readAll(out + u"/msg-1.txt"_s), text.toUtf8());
    QVERIFY(!QFile::exists(out + u"/msg-2.txt"_s)); // the newlines did not submit anything
    // The named buffer was deleted after pasting: the text does not linger in the server.
    QCOMPARE(tmux({u"list-buffers"_s}).out, QString());
}

void TmuxRuntimeTest::sendsToOneSessionArriveInOrder()
{
    TmuxRuntime runtime(settings());
    const QString out = folder(u"ordered"_s);
    const RuntimeHandle handle = startReceiver(runtime, u"agent-2"_s, out);
    if (handle.id.isEmpty() && QStandardPaths::findExecutable(u"python3"_s).isEmpty())
        QSKIP("python3 is needed for the receiving program");
    QVERIFY(!handle.id.isEmpty());

    const QStringList messages = {awkwardText(3000, 60) + u'\n', u"short one"_s, awkwardText(1500, 30)};
    QList<Async<void>> sends;
    for (const QString &message : messages)
        sends << runtime.sendText(handle, message);
    for (const Async<void> &send : sends) {
        const auto sent = wait(send);
        QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().toString()));
    }
    for (int i = 0; i < messages.size(); ++i)
        QCOMPARE(readAll(out + u"/msg-%1.txt"_s.arg(i + 1)), messages.at(i).toUtf8());
    QVERIFY(!QFile::exists(out + u"/msg-4.txt"_s));
}

void TmuxRuntimeTest::sendTextToAPlainProgramArrivesAsLinesEvenInCopyMode()
{
    // A program that never asked for bracketed paste reads the text like typed lines, even
    // while a person has the pane in copy mode.
    TmuxRuntime runtime(settings());
    const RuntimeHandle handle = start(runtime, u"plain"_s, {u"sh"_s, u"-c"_s, u"exec cat > received.txt"_s});
    QVERIFY(!handle.id.isEmpty());
    const QString text = u"first line\nsecond\tline $HOME;\nthird é"_s;
    // A person scrolled back in the pane: keys would drive copy mode, not reach the program.
    QCOMPARE(tmux({u"copy-mode"_s, u"-t"_s, u"=plain:"_s}).exitCode, 0);
    const auto sent = wait(runtime.sendText(handle, text));
    QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().toString()));
    const QString received = folder(u"plain"_s) + u"/received.txt"_s;
    QVERIFY(eventually([&] { return readAll(received) == (text + u'\n').toUtf8(); }));
}

void TmuxRuntimeTest::sendTextToMissingSessionFails()
{
    TmuxRuntime runtime(settings());
    const auto noServer = wait(runtime.sendText(RuntimeHandle{u"ghost"_s, u"tmux"_s, {}}, u"hello"_s));
    QVERIFY(!noServer);
    QCOMPARE(noServer.error().code, u"runtime.session_missing"_s);
    QVERIFY(noServer.error().message.contains(u"ghost"_s));

    // With a server running and a session whose name starts the same.
    const RuntimeHandle other = start(runtime, u"ghost-10"_s, {u"sh"_s, u"-c"_s, u"exec cat > received.txt"_s});
    QVERIFY(!other.id.isEmpty());
    const auto missing = wait(runtime.sendText(RuntimeHandle{u"ghost-1"_s, u"tmux"_s, {}}, u"hello"_s));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, u"runtime.session_missing"_s);
    QVERIFY(missing.error().message.contains(u"ghost-1"_s));
    QCOMPARE(readAll(folder(u"ghost-10"_s) + u"/received.txt"_s), QByteArray());
}

void TmuxRuntimeTest::sendTextToExitedAgentFails()
{
    TmuxRuntime runtime(settings());
    const RuntimeHandle handle = start(runtime, u"gone"_s, {u"true"_s});
    QVERIFY(!handle.id.isEmpty());
    QVERIFY(eventually([&] {
        const auto probed = wait(runtime.probe({handle}));
        return probed && !probed.value().value(handle.id).processRunning;
    }));
    const auto sent = wait(runtime.sendText(handle, u"hello"_s));
    QVERIFY(!sent);
    QCOMPARE(sent.error().code, u"runtime.agent_exited"_s);
}

void TmuxRuntimeTest::sendTextWithoutReactionIsUnconfirmed()
{
    // A program that neither echoes nor draws anything: the pane never reacts to Enter.
    TmuxRuntime runtime(settings());
    const RuntimeHandle handle =
        start(runtime, u"silent"_s, {u"sh"_s, u"-c"_s, u"stty raw -echo && touch quiet; exec sleep 300"_s});
    QVERIFY(!handle.id.isEmpty());
    // Nothing may be typed before the terminal stopped echoing.
    QVERIFY(eventually([&] { return QFile::exists(folder(u"silent"_s) + u"/quiet"_s); }));
    const auto sent = wait(runtime.sendText(handle, u"are you there?"_s));
    QVERIFY(!sent);
    QCOMPARE(sent.error().code, u"runtime.send_unconfirmed"_s);
    QVERIFY(sent.error().message.startsWith(u"delivery not confirmed: "_s));
    QVERIFY(sent.error().message.contains(u"3 times"_s));
}

void TmuxRuntimeTest::readOutputReturnsTheLastLines()
{
    TmuxRuntime runtime(settings());
    const RuntimeHandle handle =
        start(runtime, u"talker"_s,
              {u"sh"_s, u"-c"_s, u"sleep 0.3; for i in 1 2 3 4 5; do echo row $i; done; exec sleep 300"_s});
    QVERIFY(!handle.id.isEmpty());
    QVERIFY(eventually([&] {
        const auto output = wait(runtime.readOutput(handle, 3));
        return output && output.value() == u"row 3\nrow 4\nrow 5\n"_s;
    }));
    const auto missing = wait(runtime.readOutput(RuntimeHandle{u"talk"_s, u"tmux"_s, {}}, 3));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, u"runtime.session_missing"_s);
}

void TmuxRuntimeTest::destroyThenProbeSaysMissing()
{
    TmuxRuntime runtime(settings());
    const RuntimeHandle handle = start(runtime, u"doomed"_s, {u"sleep"_s, u"300"_s});
    QVERIFY(!handle.id.isEmpty());
    const auto before = wait(runtime.probe({handle}));
    QVERIFY(before && before.value().value(handle.id).alive);

    const auto destroyed = wait(runtime.destroy(handle));
    QVERIFY2(destroyed, qPrintable(destroyed ? QString() : destroyed.error().toString()));
    const auto after = wait(runtime.probe({handle}));
    QVERIFY2(after, qPrintable(after ? QString() : after.error().toString()));
    QVERIFY(!after.value().value(handle.id).alive);
    // Already gone, and then with no server left at all: both are success.
    QVERIFY(wait(runtime.destroy(handle)));
    tmux({u"kill-server"_s});
    QVERIFY(wait(runtime.destroy(handle)));
}

void TmuxRuntimeTest::missingTmuxIsReported()
{
    PluginSettings withoutTmux = settings();
    withoutTmux.insert(u"tmuxPath"_s, u"/nonexistent"_s);
    TmuxRuntime runtime(withoutTmux);
    const Availability availability = runtime.detect();
    QVERIFY(!availability.available);
    QVERIFY2(availability.problem.startsWith(u"tmux not found"_s), qPrintable(availability.problem));
    QVERIFY2(availability.hint.contains(u"install package tmux"_s), qPrintable(availability.hint));

    const auto created = wait(
        runtime.create(RuntimeLaunch{u"x"_s, folder(u"x"_s), {u"sleep"_s, u"1"_s}, {{u"SECRET_X"_s, u"hidden"_s}}}));
    QVERIFY(!created);
    QCOMPARE(created.error().code, u"runtime.tmux_not_found"_s);
    QVERIFY(created.error().message.contains(u"tmux not found"_s));
    QVERIFY(QDir(AppPaths::runtimeDir()).entryList({u"launch-*"_s}, QDir::Files).isEmpty());

    const RuntimeHandle handle{u"x"_s, u"tmux"_s, {}};
    QCOMPARE(wait(runtime.probe({handle})).error().code, u"runtime.tmux_not_found"_s);
    QCOMPARE(wait(runtime.sendText(handle, u"hi"_s)).error().code, u"runtime.tmux_not_found"_s);
}

void TmuxRuntimeTest::missingLauncherIsReported()
{
    PluginSettings withoutLauncher = settings();
    withoutLauncher.insert(u"launcherPath"_s, QString(m_env->root() + u"/nowhere/flotilla-launch"_s));
    TmuxRuntime runtime(withoutLauncher);
    const Availability availability = runtime.detect();
    QVERIFY(!availability.available);
    QVERIFY2(availability.problem.startsWith(u"flotilla-launch not found"_s), qPrintable(availability.problem));
    const auto created = wait(runtime.create(RuntimeLaunch{u"x"_s, folder(u"x"_s), {u"sleep"_s, u"1"_s}, {}}));
    QVERIFY(!created);
    QCOMPARE(created.error().code, u"runtime.launcher_not_found"_s);
}

void TmuxRuntimeTest::launcherThatNeverRunsLeavesNothingBehind()
{
    // A "launcher" that exits without taking the environment file up.
    PluginSettings broken = settings();
    broken.insert(u"launcherPath"_s, QStandardPaths::findExecutable(u"true"_s));
    TmuxRuntime runtime(broken);
    const auto created = wait(runtime.create(
        RuntimeLaunch{u"stuck"_s, folder(u"stuck"_s), {u"sleep"_s, u"300"_s}, {{u"SECRET_X"_s, u"hidden"_s}}}));
    QVERIFY(!created);
    QCOMPARE(created.error().code, u"runtime.launch_failed"_s);
    QVERIFY(QDir(AppPaths::runtimeDir()).entryList({u"launch-*"_s}, QDir::Files).isEmpty());
    QVERIFY(eventually([&] {
        const auto probed = wait(runtime.probe({RuntimeHandle{u"stuck"_s, u"tmux"_s, {}}}));
        return probed && !probed.value().value(u"stuck"_s).alive;
    }));
}

void TmuxRuntimeTest::launcherRefusesAFileOthersCanRead()
{
    TmuxRuntime runtime(settings());
    const QString launcher = runtime.launcherPath();
    const QString path = m_env->root() + u"/readable.env"_s;
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("PLANTED=1\0", 10));
    file.close();
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    const test::ProcessResult refused =
        test::runProcess(launcher, {path, u"printenv"_s, u"PLANTED"_s}, m_env->processEnvironment());
    QCOMPARE(refused.exitCode, 125);
    QVERIFY2(refused.err.contains(u"not a private file"_s), qPrintable(refused.err));
    QVERIFY(refused.out.isEmpty());
    QVERIFY(!QFile::exists(path));

    const test::ProcessResult missingCommand =
        test::runProcess(launcher, {m_env->root() + u"/absent.env"_s, u"true"_s}, m_env->processEnvironment());
    QCOMPARE(missingCommand.exitCode, 125);
}

void TmuxRuntimeTest::sessionNamesAreSafeForTmux()
{
    QCOMPARE(TmuxRuntime::sessionName(u"shop.1:x y"_s), u"shop_1_x_y"_s);
    QCOMPARE(TmuxRuntime::sessionName(u"shop-1_A"_s), u"shop-1_A"_s);
    TmuxRuntime runtime(settings());
    const RuntimeHandle handle = start(runtime, u"web.2"_s, {u"sleep"_s, u"300"_s});
    QCOMPARE(handle.id, u"web_2"_s);
    const auto probed = wait(runtime.probe({handle}));
    QVERIFY(probed && probed.value().value(handle.id).processRunning);
}

void TmuxRuntimeTest::attachCommandNamesTheServerAndSession()
{
    TmuxRuntime runtime(settings());
    QCOMPARE(runtime.attachCommand(RuntimeHandle{u"shop-1"_s, u"tmux"_s, {}}),
             (QStringList{u"tmux"_s, u"-L"_s, m_socket, u"attach"_s, u"-t"_s, u"=shop-1"_s}));
    QCOMPARE(TmuxRuntime({}).socket(), u"flotilla"_s);
}

QTEST_GUILESS_MAIN(TmuxRuntimeTest)
#include "tst_tmux_runtime.moc"
