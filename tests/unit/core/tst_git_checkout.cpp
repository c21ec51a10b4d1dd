// Filling a fresh working tree: the result must be exactly what git itself would check out,
// index included, whether the files are written directly or by libgit2.
#include "git/git_checkout.h"
#include "git/git_handle.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

QProcessEnvironment gitEnvironment(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, home);
    environment.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
    environment.insert(u"GIT_AUTHOR_NAME"_s, u"Test"_s);
    environment.insert(u"GIT_AUTHOR_EMAIL"_s, u"test@example.invalid"_s);
    environment.insert(u"GIT_COMMITTER_NAME"_s, u"Test"_s);
    environment.insert(u"GIT_COMMITTER_EMAIL"_s, u"test@example.invalid"_s);
    return environment;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

} // namespace

class TestGitCheckout final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    QString m_repository;

    QString git(const QString &dir, const QStringList &arguments)
    {
        const test::ProcessResult result = test::runProcess(u"git"_s, arguments, gitEnvironment(m_env->workDir()), dir);
        if (!result.finished || result.exitCode != 0)
            qWarning("git %s failed: %s", qPrintable(arguments.join(u' ')), qPrintable(result.err));
        return result.finished && result.exitCode == 0 ? result.out.trimmed() : u"<failed>"_s;
    }

    QString gitWithInput(const QStringList &arguments, const QByteArray &input)
    {
        QProcess process;
        process.setWorkingDirectory(m_repository);
        process.setProcessEnvironment(gitEnvironment(m_env->workDir()));
        process.start(u"git"_s, arguments);
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return u"<failed>"_s;
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

    void commitAll(const QString &message)
    {
        git(m_repository, {u"add"_s, u"-A"_s});
        git(m_repository, {u"commit"_s, u"-q"_s, u"-m"_s, message});
    }

    // A linked worktree the way `git worktree add --no-checkout` leaves it: git's files only.
    QString emptyWorktree(const QString &name)
    {
        const QString path = m_env->workDir() + u"/worktrees/"_s + name;
        git(m_repository, {u"worktree"_s, u"add"_s, u"-q"_s, u"--no-checkout"_s, u"-b"_s, name, path});
        return path;
    }

    Result<GitCheckoutKind> checkout(const QString &path)
    {
        auto opened = openGitRepository(path);
        if (!opened)
            return opened.error();
        return checkoutFreshWorkTree(opened->get());
    }

    // git's own view: nothing to report, and the index holds what HEAD's tree holds.
    void verifyMatchesHead(const QString &path)
    {
        QCOMPARE(git(path, {u"status"_s, u"--porcelain"_s, u"--ignored"_s}), QString());
        QCOMPARE(git(path, {u"ls-files"_s, u"-s"_s}).split(u'\n').size(),
                 git(path, {u"ls-tree"_s, u"-r"_s, u"HEAD"_s}).split(u'\n').size());
        const QStringList staged = git(path, {u"ls-files"_s, u"-s"_s}).split(u'\n');
        const QStringList tree = git(path, {u"ls-tree"_s, u"-r"_s, u"HEAD"_s}).split(u'\n');
        for (int i = 0; i < tree.size(); ++i) {
            // "<mode> <type> <id>\t<path>" against "<mode> <id> <stage>\t<path>"
            const QStringList fromTree = tree[i].split(QRegularExpression(u"\\s+"_s));
            const QStringList fromIndex = staged[i].split(QRegularExpression(u"\\s+"_s));
            QCOMPARE(fromIndex.value(0), fromTree.value(0));
            QCOMPARE(fromIndex.value(1), fromTree.value(2));
            QCOMPARE(fromIndex.value(3), fromTree.value(3));
        }
        // Stat data was recorded: refreshing the index finds nothing to rehash or update.
        QCOMPARE(git(path, {u"diff-files"_s, u"--name-only"_s}), QString());
    }

private slots:
    void init()
    {
        m_env = std::make_unique<test::IsolatedEnvironment>();
        m_repository = m_env->workDir() + u"/repo"_s;
        QDir().mkpath(m_repository);
        git(m_repository, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
    }

    void cleanup() { m_env.reset(); }

    void plainTreeIsWrittenDirectlyAndMatchesGit()
    {
        for (int i = 0; i < 600; ++i)
            writeFile(m_repository + u"/src/d%1/f%2.txt"_s.arg(i / 50).arg(i), "line " + QByteArray::number(i) + "\n");
        writeFile(m_repository + u"/empty"_s, QByteArray());
        QByteArray binary(3 * 1024 * 1024, '\0');
        for (qsizetype i = 0; i < binary.size(); ++i)
            binary[i] = static_cast<char>((i * 7919) % 251);
        writeFile(m_repository + u"/assets/blob.bin"_s, binary);
        writeFile(m_repository + u"/tools/run.sh"_s, "#!/bin/sh\necho run\n");
        QFile::setPermissions(m_repository + u"/tools/run.sh"_s,
                              QFile::permissions(m_repository + u"/tools/run.sh"_s) | QFile::ExeOwner);
        QVERIFY(QFile::link(u"src/d0/f0.txt"_s, m_repository + u"/first"_s));
        QVERIFY(QFile::link(u"/outside/the/repository"_s, m_repository + u"/tools/elsewhere"_s));
        commitAll(u"Seed"_s);
        // A submodule entry: only its commit is recorded; the folder stays empty.
        const QString head = git(m_repository, {u"rev-parse"_s, u"HEAD"_s});
        git(m_repository, {u"update-index"_s, u"--add"_s, u"--cacheinfo"_s, u"160000,"_s + head + u",vendor/lib"_s});
        git(m_repository, {u"commit"_s, u"-q"_s, u"-m"_s, u"Submodule"_s});

        const QString path = emptyWorktree(u"plain"_s);
        auto made = checkout(path);
        QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().toString()));
        QCOMPARE(made.value(), GitCheckoutKind::Direct);

        QCOMPARE(readFile(path + u"/src/d3/f170.txt"_s), QByteArray("line 170\n"));
        QCOMPARE(readFile(path + u"/empty"_s), QByteArray());
        QCOMPARE(readFile(path + u"/assets/blob.bin"_s), binary);
        QVERIFY(QFileInfo(path + u"/tools/run.sh"_s).isExecutable());
        QVERIFY(!QFileInfo(path + u"/src/d0/f0.txt"_s).isExecutable());
        QCOMPARE(QFileInfo(path + u"/first"_s).symLinkTarget(), QFileInfo(path + u"/src/d0/f0.txt"_s).filePath());
        QCOMPARE(QFile::symLinkTarget(path + u"/tools/elsewhere"_s), u"/outside/the/repository"_s);
        QVERIFY(QFileInfo(path + u"/vendor/lib"_s).isDir());
        QVERIFY(QDir(path + u"/vendor/lib"_s).isEmpty());
        verifyMatchesHead(path);
    }

    void linksAreFilesWhereGitSaysTheDiskHasNone()
    {
        writeFile(m_repository + u"/target.txt"_s, "target\n");
        QVERIFY(QFile::link(u"target.txt"_s, m_repository + u"/link"_s));
        commitAll(u"Link"_s);
        git(m_repository, {u"config"_s, u"core.symlinks"_s, u"false"_s});

        const QString path = emptyWorktree(u"nolinks"_s);
        auto made = checkout(path);
        QVERIFY(made.ok());
        QCOMPARE(made.value(), GitCheckoutKind::Direct);
        QVERIFY(!QFileInfo(path + u"/link"_s).isSymLink());
        QCOMPARE(readFile(path + u"/link"_s), QByteArray("target.txt"));
        QCOMPARE(git(path, {u"status"_s, u"--porcelain"_s}), QString());
    }

    void attributesInTheTreeLeaveTheCheckoutToLibgit2()
    {
        writeFile(m_repository + u"/.gitattributes"_s, "*.txt eol=crlf\n");
        writeFile(m_repository + u"/notes.txt"_s, "one\ntwo\n");
        writeFile(m_repository + u"/data.bin"_s, "one\ntwo\n");
        commitAll(u"Attributes"_s);

        const QString path = emptyWorktree(u"attributes"_s);
        auto made = checkout(path);
        QVERIFY(made.ok());
        QCOMPARE(made.value(), GitCheckoutKind::Libgit2);
        QCOMPARE(readFile(path + u"/notes.txt"_s), QByteArray("one\r\ntwo\r\n"));
        QCOMPARE(readFile(path + u"/data.bin"_s), QByteArray("one\ntwo\n"));
        QCOMPARE(git(path, {u"status"_s, u"--porcelain"_s}), QString());
    }

    void attributesOutsideTheTreeCount_data()
    {
        QTest::addColumn<QString>("where");
        QTest::newRow("info/attributes") << u"info"_s;
        QTest::newRow("user's git/attributes") << u"user"_s;
        QTest::newRow("core.attributesFile") << u"configured"_s;
        QTest::newRow("core.autocrlf") << u"autocrlf"_s;
    }

    void attributesOutsideTheTreeCount()
    {
        QFETCH(QString, where);
        writeFile(m_repository + u"/notes.txt"_s, "one\ntwo\n");
        commitAll(u"Notes"_s);
        if (where == u"info"_s)
            writeFile(m_repository + u"/.git/info/attributes"_s, "*.txt eol=crlf\n");
        else if (where == u"user"_s)
            // Where libgit2 in this process looks, as git does: $XDG_CONFIG_HOME/git/attributes.
            writeFile(qEnvironmentVariable("XDG_CONFIG_HOME") + u"/git/attributes"_s, "*.txt eol=crlf\n");
        else if (where == u"configured"_s) {
            writeFile(m_env->workDir() + u"/attributes"_s, "*.txt eol=crlf\n");
            git(m_repository, {u"config"_s, u"core.attributesFile"_s, m_env->workDir() + u"/attributes"_s});
        } else {
            git(m_repository, {u"config"_s, u"core.autocrlf"_s, u"true"_s});
        }

        const QString path = emptyWorktree(u"outside"_s);
        auto made = checkout(path);
        QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().toString()));
        QCOMPARE(made.value(), GitCheckoutKind::Libgit2);
        QCOMPARE(readFile(path + u"/notes.txt"_s), QByteArray("one\r\ntwo\r\n"));
    }

    void namesThatOnlyDifferInCaseLeaveTheCheckoutToLibgit2()
    {
        writeFile(m_repository + u"/README"_s, "upper\n");
        writeFile(m_repository + u"/readme"_s, "lower\n");
        commitAll(u"Both"_s);

        const QString path = emptyWorktree(u"case"_s);
        auto made = checkout(path);
        QVERIFY(made.ok());
        QCOMPARE(made.value(), GitCheckoutKind::Libgit2);
        QCOMPARE(readFile(path + u"/README"_s), QByteArray("upper\n"));
        QCOMPARE(readFile(path + u"/readme"_s), QByteArray("lower\n"));
    }

    void aFolderThatAliasesGitsOwnIsNeverWritten()
    {
        // Built with plumbing: `.GIT/config` would be git's own configuration on a disk that
        // ignores case, so git and libgit2 refuse to check it out.
        writeFile(m_repository + u"/README"_s, "readme\n");
        commitAll(u"Seed"_s);
        const QString blob = git(m_repository, {u"hash-object"_s, u"-w"_s, u"README"_s});
        const QString inner = gitWithInput({u"mktree"_s}, u"100644 blob %1\tconfig\n"_s.arg(blob).toUtf8());
        const QString outer =
            gitWithInput({u"mktree"_s}, u"040000 tree %1\t.GIT\n100644 blob %2\tREADME\n"_s.arg(inner, blob).toUtf8());
        const QString commit = git(m_repository, {u"commit-tree"_s, outer, u"-m"_s, u"Hostile"_s});
        git(m_repository, {u"branch"_s, u"hostile"_s, commit});

        const QString path = m_env->workDir() + u"/worktrees/hostile"_s;
        git(m_repository, {u"worktree"_s, u"add"_s, u"-q"_s, u"--no-checkout"_s, path, u"hostile"_s});
        auto made = checkout(path);
        QVERIFY(!made.ok());
        QVERIFY2(made.error().message.contains(u".GIT"_s), qPrintable(made.error().toString()));
        QVERIFY(!QFileInfo::exists(path + u"/.GIT"_s));
    }

    void somethingInTheWayIsReportedWithItsPath()
    {
        writeFile(m_repository + u"/a.txt"_s, "a\n");
        writeFile(m_repository + u"/b.txt"_s, "b\n");
        commitAll(u"Seed"_s);
        const QString path = emptyWorktree(u"busy"_s);
        writeFile(path + u"/b.txt"_s, "someone else's\n");

        auto made = checkout(path);
        QVERIFY(!made.ok());
        QVERIFY2(made.error().context.endsWith(u"b.txt"_s), qPrintable(made.error().toString()));
        QCOMPARE(readFile(path + u"/b.txt"_s), QByteArray("someone else's\n"));
    }
};

QTEST_GUILESS_MAIN(TestGitCheckout)
#include "tst_git_checkout.moc"
