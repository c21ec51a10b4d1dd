#include "async_wait.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;
using flotilla::test::eventually;

namespace {

// The demo project's checks, as the demo sandbox ships them.
const char kRunScript[] = R"SH(#!/bin/sh
# Checks every feature in features/: each file is sourced and its function called.
cd "$(dirname "$0")/.." || exit 1
count=0
check() {
    name=$1
    expected=$2
    shift 2
    got=$("$@")
    count=$((count + 1))
    if [ "$got" != "$expected" ]; then
        echo "FAIL: test_$name: expected $expected, got $got"
        exit 1
    fi
}
for file in features/*.sh; do
    [ -e "$file" ] || continue
    . "./$file"
done
for file in features/*.sh; do
    [ -e "$file" ] || continue
    case "$(basename "$file")" in
    local-1.sh) check discount 90 discount 100 ;;
    local-2.sh) check shipping 5 shipping 3 ;;
    local-3.sh) check tax 40 tax 200 ;;
    esac
done
echo "ok $count tests"
)SH";

const QString kBranch = u"session/shop-1"_s;

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class DemoAgentTest final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void showsTheBannerAndAnIdlePrompt();
    void taskCiFailureAndReviewEachPushACommit();
    void multiLinePasteIsOneMessage();
    void messagesWhileBusyAreQueued();
    void unknownTaskStillPushesAHarmlessCommit();
    void ciFailureWithoutTestOutputStillFixes();
    void reviewOfMissingOrOutsidePathsGoesToNotes();
    void ctrlDOnEmptyInputAndCtrlCTwiceExit();

private:
    test::ProcessResult run(const QString &program, const QStringList &arguments, const QString &dir = {}) const;
    test::ProcessResult git(const QStringList &arguments, const QString &dir = {}) const;
    test::ProcessResult tmux(const QStringList &arguments) const;
    void startAgent();
    QString screen() const;
    bool waitForScreen(const QString &text, int times = 1) const;
    bool waitUntilIdle() const;
    void paste(const QString &text);
    QString originHead() const;
    QString waitForNewHead(const QString &previous) const;
    // Clones the pushed branch and runs the project's checks there.
    test::ProcessResult checksOnOrigin();

    std::unique_ptr<test::IsolatedEnvironment> m_env;
    QProcessEnvironment m_processEnvironment;
    QString m_socket;
    QString m_origin;
    QString m_agentDir;
    int m_run = 0;
    int m_clones = 0;
};

void DemoAgentTest::init()
{
    if (QStandardPaths::findExecutable(u"tmux"_s).isEmpty() || QStandardPaths::findExecutable(u"git"_s).isEmpty())
        QSKIP("tmux and git are needed");
    m_env = std::make_unique<test::IsolatedEnvironment>();
    QVERIFY(m_env->isValid());
    m_socket = u"flotilla-demo-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_run);
    m_processEnvironment = m_env->processEnvironment();
    QDir().mkpath(m_env->root() + u"/tmux"_s);
    m_processEnvironment.insert(u"TMUX_TMPDIR"_s, m_env->root() + u"/tmux"_s);
    // No git identity anywhere: the agent has to bring its own.
    QVERIFY(writeFile(m_env->root() + u"/gitconfig"_s, {}));
    m_processEnvironment.insert(u"GIT_CONFIG_GLOBAL"_s, m_env->root() + u"/gitconfig"_s);
    m_processEnvironment.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);

    const QString work = m_env->workDir();
    m_origin = work + u"/origin.git"_s;
    const QString seed = work + u"/shop"_s;
    m_agentDir = work + u"/shop-1"_s;
    QCOMPARE(git({u"init"_s, u"-q"_s, u"--bare"_s, u"-b"_s, u"main"_s, m_origin}).exitCode, 0);
    QCOMPARE(git({u"init"_s, u"-q"_s, u"-b"_s, u"main"_s, seed}).exitCode, 0);
    QVERIFY(writeFile(seed + u"/README.md"_s, "# Demo shop\n"));
    QVERIFY(writeFile(seed + u"/CHANGELOG.md"_s, "# Changelog\n\n"));
    QVERIFY(writeFile(seed + u"/tests/run.sh"_s, kRunScript));
    QCOMPARE(git({u"add"_s, u"."_s}, seed).exitCode, 0);
    QCOMPARE(git({u"-c"_s, u"user.name=Seed"_s, u"-c"_s, u"user.email=seed@example.invalid"_s, u"commit"_s, u"-qm"_s,
                  u"Start the shop"_s},
                 seed)
                 .exitCode,
             0);
    QCOMPARE(git({u"remote"_s, u"add"_s, u"origin"_s, m_origin}, seed).exitCode, 0);
    QCOMPARE(git({u"push"_s, u"-q"_s, u"origin"_s, u"main"_s}, seed).exitCode, 0);
    QCOMPARE(git({u"worktree"_s, u"add"_s, u"-q"_s, u"-b"_s, kBranch, m_agentDir, u"main"_s}, seed).exitCode, 0);
    QCOMPARE(run(u"sh"_s, {u"tests/run.sh"_s}, m_agentDir).out.trimmed(), u"ok 0 tests"_s);
    startAgent();
}

void DemoAgentTest::cleanup()
{
    if (m_env)
        tmux({u"kill-server"_s});
    m_env.reset();
}

test::ProcessResult DemoAgentTest::run(const QString &program, const QStringList &arguments, const QString &dir) const
{
    return test::runProcess(program, arguments, m_processEnvironment, dir);
}

test::ProcessResult DemoAgentTest::git(const QStringList &arguments, const QString &dir) const
{
    return run(u"git"_s, arguments, dir);
}

test::ProcessResult DemoAgentTest::tmux(const QStringList &arguments) const
{
    return run(u"tmux"_s, QStringList{u"-L"_s, m_socket} + arguments);
}

void DemoAgentTest::startAgent()
{
    const QString agent = test::IsolatedEnvironment::binary(u"flotilla-demo-agent"_s);
    QVERIFY2(QFile::exists(agent), qPrintable(agent));
    const test::ProcessResult started = tmux({u"new-session"_s, u"-d"_s, u"-s"_s, u"shop-1"_s, u"-x"_s, u"120"_s,
                                              u"-y"_s, u"40"_s, u"-c"_s, m_agentDir, agent});
    QVERIFY2(started.exitCode == 0, qPrintable(started.err));
    QVERIFY2(waitUntilIdle(), qPrintable(screen()));
}

QString DemoAgentTest::screen() const
{
    return tmux({u"capture-pane"_s, u"-p"_s, u"-J"_s, u"-S"_s, u"-500"_s, u"-t"_s, u"=shop-1:"_s}).out;
}

bool DemoAgentTest::waitForScreen(const QString &text, int times) const
{
    return eventually([&] { return screen().count(text) >= times; });
}

bool DemoAgentTest::waitUntilIdle() const
{
    return eventually([&] {
        QStringList lines = screen().split(u'\n');
        while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
            lines.removeLast();
        return !lines.isEmpty() && lines.last() == u"> "_s;
    });
}

void DemoAgentTest::paste(const QString &text)
{
    const QString file = m_env->root() + u"/message.txt"_s;
    QVERIFY(writeFile(file, text.toUtf8()));
    QCOMPARE(tmux({u"load-buffer"_s, u"-b"_s, u"message"_s, file}).exitCode, 0);
    QCOMPARE(tmux({u"paste-buffer"_s, u"-p"_s, u"-d"_s, u"-b"_s, u"message"_s, u"-t"_s, u"=shop-1:"_s}).exitCode, 0);
    QCOMPARE(tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"Enter"_s}).exitCode, 0);
}

QString DemoAgentTest::originHead() const
{
    return git({u"--git-dir"_s, m_origin, u"rev-parse"_s, u"-q"_s, u"--verify"_s, u"refs/heads/"_s + kBranch})
        .out.trimmed();
}

QString DemoAgentTest::waitForNewHead(const QString &previous) const
{
    QString head;
    eventually([&] {
        head = originHead();
        return !head.isEmpty() && head != previous;
    });
    return head == previous ? QString() : head;
}

test::ProcessResult DemoAgentTest::checksOnOrigin()
{
    const QString clone = m_env->workDir() + u"/check-%1"_s.arg(++m_clones);
    const test::ProcessResult cloned = git({u"clone"_s, u"-q"_s, u"-b"_s, kBranch, m_origin, clone});
    if (cloned.exitCode != 0)
        return cloned;
    return run(u"sh"_s, {u"tests/run.sh"_s}, clone);
}

void DemoAgentTest::showsTheBannerAndAnIdlePrompt()
{
    const QString shown = screen();
    QVERIFY2(shown.startsWith(u"Flotilla demo agent — scripted, no AI model\n"_s), qPrintable(shown));
    QVERIFY(shown.contains(m_agentDir));
}

void DemoAgentTest::taskCiFailureAndReviewEachPushACommit()
{
    const auto subject = [&](const QString &commit) {
        return git({u"--git-dir"_s, m_origin, u"log"_s, u"-1"_s, u"--format=%s|%an"_s, commit}).out.trimmed();
    };

    // The prompt's first line names no task: were the paste split, that line alone would
    // become the task and be committed as a note.
    paste(u"You are working in a Flotilla session.\nWork on issue LOCAL-2: Add shipping costs\n\n## Description\n\n"
          "Orders cost 5 to ship; from 10 items shipping is free.\n"_s);
    const QString first = waitForNewHead({});
    QVERIFY2(!first.isEmpty(), qPrintable(screen()));
    QCOMPARE(subject(first), u"LOCAL-2: Add shipping costs|Flotilla demo agent"_s);
    QVERIFY(waitForScreen(u"Opened the change for review"_s));
    QVERIFY(screen().contains(u"[Pasted text +6 lines]"_s));
    QVERIFY(screen().contains(u"● Editing features/local-2.sh"_s));
    QVERIFY(screen().contains(u"● Running git commit"_s));
    QCOMPARE(git({u"rev-parse"_s, u"--abbrev-ref"_s, u"@{u}"_s}, m_agentDir).out.trimmed(), u"origin/"_s + kBranch);
    const test::ProcessResult failing = checksOnOrigin();
    QCOMPARE(failing.exitCode, 1);
    QVERIFY2(failing.out.startsWith(u"FAIL: test_shipping: expected 5, got 0"_s), qPrintable(failing.out));
    QVERIFY(waitUntilIdle());

    paste(u"CI failed on your pull request (head %1).\n\nFailing check: tests\n```\n%2```\n\nFind the cause, fix it, "
          "commit and push."_s.arg(first.left(7), failing.out));
    const QString fixed = waitForNewHead(first);
    QVERIFY2(!fixed.isEmpty(), qPrintable(screen()));
    QCOMPARE(subject(fixed), u"Fix LOCAL-2: free shipping starts at 10 items|Flotilla demo agent"_s);
    const test::ProcessResult passing = checksOnOrigin();
    QCOMPARE(passing.exitCode, 0);
    QCOMPARE(passing.out.trimmed(), u"ok 1 tests"_s);
    QVERIFY(waitUntilIdle());

    paste(u"Changes were requested on PR #1. Unresolved comments:\n\n- features/local-2.sh:1 — dana: explain the "
          "threshold\n  thread: T1\n\nAddress each comment, commit and push, and resolve the threads you fixed (flo "
          "review resolve "
          "$FLOTILLA_SESSION THREAD)."_s);
    const QString reviewed = waitForNewHead(fixed);
    QVERIFY2(!reviewed.isEmpty(), qPrintable(screen()));
    QCOMPARE(subject(reviewed), u"Address review comments|Flotilla demo agent"_s);
    const QStringList touched =
        git({u"--git-dir"_s, m_origin, u"diff-tree"_s, u"--no-commit-id"_s, u"--name-only"_s, u"-r"_s, reviewed})
            .out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(touched, QStringList{u"features/local-2.sh"_s});
    const QString file =
        git({u"--git-dir"_s, m_origin, u"show"_s, reviewed + u":features/local-2.sh"_s}).out.section(u'\n', 0, 0);
    QCOMPARE(file, u"# Review: dana: explain the threshold"_s);
    QCOMPARE(checksOnOrigin().exitCode, 0);
    QVERIFY(waitUntilIdle());
    // Nothing was left uncommitted, and nothing was written outside the worktree.
    QCOMPARE(git({u"status"_s, u"--porcelain"_s}, m_agentDir).out, QString());
    QVERIFY(!QFile::exists(m_env->workDir() + u"/NOTES.md"_s));
}

void DemoAgentTest::multiLinePasteIsOneMessage()
{
    paste(u"Tidy up the shop\nline two\nline three"_s);
    const QString head = waitForNewHead({});
    QVERIFY2(!head.isEmpty(), qPrintable(screen()));
    QCOMPARE(git({u"--git-dir"_s, m_origin, u"show"_s, head + u":NOTES.md"_s}).out,
             u"- Task received: Tidy up the shop\n"_s);
    QVERIFY(waitUntilIdle());
    QVERIFY(screen().contains(u"> [Pasted text +3 lines]\n"_s));

    paste(u"thanks\nthat was quick"_s);
    QVERIFY(waitForScreen(u"Noted: “thanks”"_s));
    QVERIFY(waitUntilIdle());
    QCOMPARE(screen().count(u"Noted:"_s), 1);
    QCOMPARE(originHead(), head);
}

void DemoAgentTest::messagesWhileBusyAreQueued()
{
    paste(u"Work on issue LOCAL-1: Add a discount"_s);
    paste(u"are you there?"_s);
    QVERIFY2(waitForScreen(u"Noted: “are you there?”"_s), qPrintable(screen()));
    const QString shown = screen();
    QVERIFY2(shown.contains(u"Queued: “are you there?”"_s), qPrintable(shown));
    QVERIFY(shown.indexOf(u"Opened the change for review"_s) < shown.indexOf(u"Noted: “are you there?”"_s));
    QVERIFY(!originHead().isEmpty());
    QCOMPARE(checksOnOrigin().out.trimmed(), u"FAIL: test_discount: expected 90, got 10"_s);
}

void DemoAgentTest::unknownTaskStillPushesAHarmlessCommit()
{
    tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"-l"_s, u"Polish LOCAL-9 please"_s});
    QVERIFY(waitForScreen(u"> Polish LOCAL-9 please"_s));
    tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"Enter"_s});
    const QString head = waitForNewHead({});
    QVERIFY2(!head.isEmpty(), qPrintable(screen()));
    QCOMPARE(git({u"--git-dir"_s, m_origin, u"log"_s, u"-1"_s, u"--format=%s"_s, head}).out.trimmed(),
             u"Add notes on the task"_s);
    QCOMPARE(checksOnOrigin().out.trimmed(), u"ok 0 tests"_s);
}

void DemoAgentTest::ciFailureWithoutTestOutputStillFixes()
{
    paste(u"Work on issue LOCAL-3"_s);
    const QString first = waitForNewHead({});
    QVERIFY2(!first.isEmpty(), qPrintable(screen()));
    QCOMPARE(git({u"--git-dir"_s, m_origin, u"log"_s, u"-1"_s, u"--format=%s"_s, first}).out.trimmed(),
             u"LOCAL-3: Add sales tax"_s);
    QCOMPARE(checksOnOrigin().out.trimmed(), u"FAIL: test_tax: expected 40, got 4"_s);
    QVERIFY(waitUntilIdle());

    paste(u"CI failed on your pull request.\n\nFailing check: tests\n  (no log excerpt could be retrieved)"_s);
    QVERIFY2(!waitForNewHead(first).isEmpty(), qPrintable(screen()));
    QCOMPARE(checksOnOrigin().out.trimmed(), u"ok 1 tests"_s);
}

void DemoAgentTest::reviewOfMissingOrOutsidePathsGoesToNotes()
{
    paste(u"Work on issue LOCAL-1: Add a discount"_s);
    const QString first = waitForNewHead({});
    QVERIFY2(!first.isEmpty(), qPrintable(screen()));
    QVERIFY(waitUntilIdle());

    const QString outside = m_env->workDir() + u"/shop/README.md"_s;
    paste(u"Changes were requested on PR #4. Unresolved comments:\n\n- missing.txt:3 — dana: where is it\n"
          "- ../shop/README.md:1 — eve: not yours\n"_s);
    const QString reviewed = waitForNewHead(first);
    QVERIFY2(!reviewed.isEmpty(), qPrintable(screen()));
    QCOMPARE(git({u"--git-dir"_s, m_origin, u"show"_s, reviewed + u":NOTES.md"_s}).out,
             u"- missing.txt:3 — dana: where is it\n- ../shop/README.md:1 — eve: not yours\n"_s);
    QFile readme(outside);
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QCOMPARE(readme.readAll(), QByteArray("# Demo shop\n"));
    QVERIFY(!QFile::exists(m_agentDir + u"/missing.txt"_s));
}

void DemoAgentTest::ctrlDOnEmptyInputAndCtrlCTwiceExit()
{
    const auto alive = [&] { return tmux({u"has-session"_s, u"-t"_s, u"=shop-1"_s}).exitCode == 0; };
    tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"-l"_s, u"draft"_s});
    tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"C-d"_s});
    tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"C-c"_s});
    QVERIFY(waitForScreen(u"Press Ctrl-C again to exit."_s));
    QVERIFY(alive());
    tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"C-c"_s});
    QVERIFY(eventually([&] { return !alive(); }, 10000));

    tmux({u"kill-server"_s});
    startAgent();
    tmux({u"send-keys"_s, u"-t"_s, u"=shop-1:"_s, u"C-d"_s});
    QVERIFY(eventually([&] { return !alive(); }, 10000));
}

QTEST_GUILESS_MAIN(DemoAgentTest)
#include "tst_demo_agent.moc"
