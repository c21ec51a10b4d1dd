#include "git/git_repository.h"
#include "isolated_environment.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

// Runs the real git CLI to build fixtures the way users' repositories are made.
QString git(const QString &dir, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"GIT_AUTHOR_NAME"_s, u"Test"_s);
    environment.insert(u"GIT_AUTHOR_EMAIL"_s, u"test@example.invalid"_s);
    environment.insert(u"GIT_COMMITTER_NAME"_s, u"Test"_s);
    environment.insert(u"GIT_COMMITTER_EMAIL"_s, u"test@example.invalid"_s);
    process.setProcessEnvironment(environment);
    process.start(u"git"_s, arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qFatal("git %s failed: %s", qPrintable(arguments.join(u' ')), process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class TestGitRepository final : public QObject
{
    Q_OBJECT

private slots:
    void readsHeadOfARealRepository()
    {
        test::IsolatedEnvironment env;
        const QString dir = env.workDir() + u"/repo"_s;
        QVERIFY(QDir().mkpath(dir + u"/src/deep"_s));
        git(dir, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
        writeFile(dir + u"/README.md"_s, "hello\n");
        git(dir, {u"add"_s, u"README.md"_s});
        git(dir, {u"commit"_s, u"-q"_s, u"-m"_s, u"Add readme"_s});
        git(dir, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/42"_s});

        auto repository = GitRepository::discover(dir + u"/src/deep"_s);
        QVERIFY2(repository.ok(), qPrintable(repository.ok() ? QString() : repository.error().toString()));
        QVERIFY(!repository->isBare());
        QCOMPARE(QDir(repository->workDir()).canonicalPath(), QDir(dir).canonicalPath());
        QCOMPARE(repository->headBranch().value(), u"feat/42"_s);
        QCOMPARE(repository->headCommitId().value(), git(dir, {u"rev-parse"_s, u"HEAD"_s}));
        QCOMPARE(repository->headSummary().value(), u"Add readme"_s);
        QVERIFY(!libgit2Version().isEmpty());
    }

    void reportsDetachedAndUnbornHeads()
    {
        test::IsolatedEnvironment env;
        const QString dir = env.workDir() + u"/fresh"_s;
        QVERIFY(QDir().mkpath(dir));
        git(dir, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
        auto unborn = GitRepository::open(dir);
        QVERIFY(unborn.ok());
        QVERIFY(unborn->headBranch().ok());
        QVERIFY(unborn->headBranch()->isEmpty());
        QVERIFY(!unborn->headCommitId().ok());

        writeFile(dir + u"/a.txt"_s, "a\n");
        git(dir, {u"add"_s, u"a.txt"_s});
        git(dir, {u"commit"_s, u"-q"_s, u"-m"_s, u"one"_s});
        git(dir, {u"checkout"_s, u"-q"_s, u"--detach"_s});
        auto detached = GitRepository::open(dir);
        QVERIFY(detached.ok());
        QVERIFY(detached->headBranch()->isEmpty());
        QVERIFY(detached->headCommitId().ok());
    }

    void opensABareRepository()
    {
        test::IsolatedEnvironment env;
        const QString dir = env.workDir() + u"/origin.git"_s;
        QVERIFY(QDir().mkpath(dir));
        git(dir, {u"init"_s, u"-q"_s, u"--bare"_s});
        auto repository = GitRepository::open(dir);
        QVERIFY(repository.ok());
        QVERIFY(repository->isBare());
        QVERIFY(repository->workDir().isEmpty());
    }

    void explainsWhenThereIsNoRepository()
    {
        test::IsolatedEnvironment env;
        const QString dir = env.workDir() + u"/plain"_s;
        QVERIFY(QDir().mkpath(dir));
        auto opened = GitRepository::open(dir);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().context, dir);
        QVERIFY(opened.error().message.startsWith(u"cannot open git repository: "_s));
        QCOMPARE(opened.error().code, u"git.not_found"_s);
    }
};

QTEST_GUILESS_MAIN(TestGitRepository)
#include "tst_git_repository.moc"
