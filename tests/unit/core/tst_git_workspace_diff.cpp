#include "git/git_workspace_diff.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

QByteArray numberedLines(int count, const QByteArray &prefix = "line")
{
    QByteArray text;
    for (int i = 1; i <= count; ++i)
        text += prefix + ' ' + QByteArray::number(i) + '\n';
    return text;
}

const DiffFile *fileAt(const WorkspaceDiff &diff, const QString &path)
{
    for (const DiffFile &file : diff.files)
        if (file.path() == path)
            return &file;
    return nullptr;
}

} // namespace

class TestGitWorkspaceDiff final : public QObject
{
    Q_OBJECT

private slots:
    void structuredHunksAgainstTheMergeBase()
    {
        test::IsolatedEnvironment env;
        const QString dir = env.workDir() + u"/repo"_s;
        QDir().mkpath(dir);
        test::runGit(dir, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
        test::writeTestFile(dir + u"/src/cart.js"_s, numberedLines(30));
        test::writeTestFile(dir + u"/old_name.txt"_s, numberedLines(40, "stable text"));
        test::writeTestFile(dir + u"/gone.txt"_s, "bye\n");
        test::writeTestFile(dir + u"/logo.png"_s, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
        test::runGit(dir, {u"add"_s, u"-A"_s});
        test::runGit(dir, {u"commit"_s, u"-q"_s, u"-m"_s, u"base"_s});
        test::runGit(dir, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/1"_s});

        // Committed on the branch: line 10 changed, a line added after 20.
        QByteArray cart = numberedLines(30);
        cart.replace("line 10\n", "line ten\n");
        cart.replace("line 20\n", "line 20\nline 20.5\n");
        test::writeTestFile(dir + u"/src/cart.js"_s, cart);
        test::runGit(dir, {u"commit"_s, u"-q"_s, u"-am"_s, u"edit"_s});
        // Moved on main afterwards: not part of the branch's changes.
        test::runGit(dir, {u"checkout"_s, u"-q"_s, u"main"_s});
        test::writeTestFile(dir + u"/main_only.txt"_s, "later\n");
        test::runGit(dir, {u"add"_s, u"-A"_s});
        test::runGit(dir, {u"commit"_s, u"-q"_s, u"-m"_s, u"main moves"_s});
        test::runGit(dir, {u"checkout"_s, u"-q"_s, u"feat/1"_s});
        // Not committed: a rename, a deletion, a binary change, an untracked file without a newline.
        test::runGit(dir, {u"mv"_s, u"old_name.txt"_s, u"new_name.txt"_s});
        test::runGit(dir, {u"rm"_s, u"-q"_s, u"gone.txt"_s});
        test::writeTestFile(dir + u"/logo.png"_s, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\1\2", 18));
        test::writeTestFile(dir + u"/notes/ideas.md"_s, "first\nsecond");

        auto diff = workspaceDiff(dir, u"main"_s);
        QVERIFY2(diff, qPrintable(diff ? QString() : diff.error().message));
        QVERIFY(!fileAt(diff.value(), u"main_only.txt"_s));

        const DiffFile *edited = fileAt(diff.value(), u"src/cart.js"_s);
        QVERIFY(edited);
        QCOMPARE(edited->status, DiffFile::Status::Modified);
        QCOMPARE(edited->additions, 2);
        QCOMPARE(edited->deletions, 1);
        QCOMPARE(edited->hunks.size(), 2);
        const DiffHunk &first = edited->hunks.first();
        QVERIFY(first.header.startsWith(u"@@ -7,7 +7,7 @@"_s));
        QCOMPARE(first.lines.at(3).kind, DiffLine::Kind::Removed);
        QCOMPARE(first.lines.at(3).text, u"line 10"_s);
        QCOMPARE(first.lines.at(3).oldLine, 10);
        QCOMPARE(first.lines.at(3).newLine, 0);
        QCOMPARE(first.lines.at(4).kind, DiffLine::Kind::Added);
        QCOMPARE(first.lines.at(4).text, u"line ten"_s);
        QCOMPARE(first.lines.at(4).newLine, 10);
        QCOMPARE(first.lines.at(0).kind, DiffLine::Kind::Context);
        QCOMPARE(first.lines.at(0).oldLine, 7);
        QCOMPARE(first.lines.at(0).newLine, 7);

        const DiffFile *renamed = fileAt(diff.value(), u"new_name.txt"_s);
        QVERIFY(renamed);
        QCOMPARE(renamed->status, DiffFile::Status::Renamed);
        QCOMPARE(renamed->oldPath, u"old_name.txt"_s);
        QCOMPARE(renamed->similarity, 100);
        QVERIFY(renamed->hunks.isEmpty());

        const DiffFile *deleted = fileAt(diff.value(), u"gone.txt"_s);
        QVERIFY(deleted);
        QCOMPARE(deleted->status, DiffFile::Status::Deleted);
        QCOMPARE(deleted->deletions, 1);

        const DiffFile *binary = fileAt(diff.value(), u"logo.png"_s);
        QVERIFY(binary);
        QVERIFY(binary->binary);
        QVERIFY(binary->hunks.isEmpty());

        const DiffFile *untracked = fileAt(diff.value(), u"notes/ideas.md"_s);
        QVERIFY(untracked);
        QCOMPARE(untracked->status, DiffFile::Status::Untracked);
        QCOMPARE(untracked->additions, 2);
        QCOMPARE(untracked->hunks.first().lines.last().kind, DiffLine::Kind::NoNewlineAtEnd);

        QCOMPARE(diff->additions, 2 + 2);
        QCOMPARE(diff->deletions, 1 + 1);
    }

    void hugeFilesAreListedWithoutTheirLines()
    {
        test::IsolatedEnvironment env;
        const QString dir = env.workDir() + u"/repo"_s;
        QDir().mkpath(dir);
        test::runGit(dir, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
        test::writeTestFile(dir + u"/README.md"_s, "hi\n");
        test::runGit(dir, {u"add"_s, u"-A"_s});
        test::runGit(dir, {u"commit"_s, u"-q"_s, u"-m"_s, u"base"_s});
        test::writeTestFile(dir + u"/generated.json"_s, numberedLines(500));
        test::writeTestFile(dir + u"/bundle.js"_s, QByteArray(64 * 1024, 'x'));

        DiffLimits limits;
        limits.maxLinesPerFile = 100;
        limits.maxFileBytes = 32 * 1024;
        auto diff = workspaceDiff(dir, u"main"_s, limits);
        QVERIFY(diff);
        const DiffFile *generated = fileAt(diff.value(), u"generated.json"_s);
        QVERIFY(generated && generated->tooLarge);
        QCOMPARE(generated->additions, 500); // counted, not kept
        QVERIFY(generated->hunks.isEmpty());
        const DiffFile *bundle = fileAt(diff.value(), u"bundle.js"_s);
        QVERIFY(bundle && bundle->tooLarge);

        limits.maxFiles = 1;
        auto clipped = workspaceDiff(dir, u"main"_s, limits);
        QVERIFY(clipped);
        QCOMPARE(clipped->files.size(), 1);
        QCOMPARE(clipped->filesLeftOut, 1);
    }

    void aMissingBaseIsAClearError()
    {
        test::IsolatedEnvironment env;
        const QString dir = env.workDir() + u"/repo"_s;
        QDir().mkpath(dir);
        test::runGit(dir, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
        test::writeTestFile(dir + u"/a"_s, "a\n");
        test::runGit(dir, {u"add"_s, u"-A"_s});
        test::runGit(dir, {u"commit"_s, u"-q"_s, u"-m"_s, u"base"_s});
        auto diff = workspaceDiff(dir, u"trunk"_s);
        QVERIFY(!diff);
        QVERIFY2(diff.error().message.contains(u"trunk"_s), qPrintable(diff.error().message));
        QVERIFY(!workspaceDiff(env.workDir() + u"/nowhere"_s, u"main"_s));
    }
};

QTEST_GUILESS_MAIN(TestGitWorkspaceDiff)
#include "tst_git_workspace_diff.moc"
