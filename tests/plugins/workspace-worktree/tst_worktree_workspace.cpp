#include "git_fixture.h"
#include "worktree_workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace flotilla;
using flotilla::test::GitFixture;
using flotilla::test::wait;

class TstWorktreeWorkspace : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GitFixture> m_fixture;

    std::unique_ptr<WorktreeWorkspace> plugin(QJsonObject settings = {}) const
    {
        settings.insert(u"root"_s, m_fixture->root());
        return std::make_unique<WorktreeWorkspace>(settings);
    }
    QString read(const QString &path) const
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
    QString worktreeEntry(const QString &sessionId) const
    {
        return m_fixture->main() + u"/.git/worktrees/"_s + sessionId;
    }

private slots:
    void init()
    {
        m_fixture = std::make_unique<GitFixture>();
        QVERIFY(m_fixture->isValid());
    }
    void cleanup() { m_fixture.reset(); }

    void newBranchStartsFromFetchedOriginMain()
    {
        auto workspace = plugin();
        QCOMPARE(workspace->name(), u"worktree"_s);
        QVERIFY(workspace->detect().available);
        auto created = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/one"_s)));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QCOMPARE(created->path, m_fixture->root() + u"/shop/s1"_s);
        QCOMPARE(created->branch, u"feat/one"_s);
        QVERIFY(QFileInfo::exists(created->path + u"/later.txt"_s)); // only on origin before the fetch
        QCOMPARE(m_fixture->gitOutput(created->path, {u"rev-parse"_s, u"--abbrev-ref"_s, u"HEAD"_s}), u"feat/one"_s);
        QVERIFY(m_fixture->branchExists(m_fixture->main(), u"feat/one"_s));
        QVERIFY(workspace->exists(created->path));
        QVERIFY(!workspace->exists(m_fixture->main()));
        QVERIFY(!workspace->exists(m_fixture->root() + u"/shop/none"_s));
        // A new branch does not track the base, so a plain push cannot land on main.
        QString upstream;
        QVERIFY(!m_fixture->git(created->path, {u"rev-parse"_s, u"--abbrev-ref"_s, u"@{upstream}"_s}, &upstream));
    }

    void existingLocalBranchIsReused()
    {
        QVERIFY(m_fixture->git(m_fixture->main(), {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/local"_s}));
        QVERIFY(m_fixture->commitFile(m_fixture->main(), u"local.txt"_s, u"local work"_s));
        const QString tip = m_fixture->gitOutput(m_fixture->main(), {u"rev-parse"_s, u"HEAD"_s});
        QVERIFY(m_fixture->git(m_fixture->main(), {u"checkout"_s, u"-q"_s, u"main"_s}));

        auto workspace = plugin();
        auto created = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/local"_s)));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QCOMPARE(m_fixture->gitOutput(created->path, {u"rev-parse"_s, u"HEAD"_s}), tip);
        QVERIFY(QFileInfo::exists(created->path + u"/local.txt"_s));
        QVERIFY(!QFileInfo::exists(created->path + u"/later.txt"_s));
    }

    void branchOnlyOnOriginIsTracked()
    {
        QVERIFY(m_fixture->git(m_fixture->other(), {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/remote"_s}));
        QVERIFY(m_fixture->commitFile(m_fixture->other(), u"remote.txt"_s, u"remote work"_s));
        QVERIFY(m_fixture->git(m_fixture->other(), {u"push"_s, u"-q"_s, u"origin"_s, u"feat/remote"_s}));

        auto workspace = plugin();
        auto created = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/remote"_s)));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QVERIFY(QFileInfo::exists(created->path + u"/remote.txt"_s));
        QCOMPARE(m_fixture->gitOutput(created->path, {u"rev-parse"_s, u"--abbrev-ref"_s, u"@{upstream}"_s}),
                 u"origin/feat/remote"_s);
    }

    void symlinksAreLinkedFromTheMainCheckout()
    {
        test::writeFile(m_fixture->main() + u"/.env"_s, "SECRET=1\n");
        test::writeFile(m_fixture->main() + u"/.claude/settings.json"_s, "{}\n");
        test::writeFile(m_fixture->main() + u"/first.txt"_s, "local edit\n");
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/links"_s);
        request.symlinks = {u".env"_s, u".claude"_s, u"first.txt"_s, u"not-there/.env"_s};

        auto workspace = plugin();
        auto created = wait(workspace->create(request));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        const QFileInfo env(created->path + u"/.env"_s);
        QVERIFY(env.isSymLink());
        QCOMPARE(QFileInfo(env.symLinkTarget()).canonicalFilePath(),
                 QFileInfo(m_fixture->main() + u"/.env"_s).canonicalFilePath());
        QVERIFY(QFileInfo(created->path + u"/.claude"_s).isSymLink());
        QVERIFY(QFileInfo::exists(created->path + u"/.claude/settings.json"_s));
        // A tracked file is replaced by the link.
        QVERIFY(QFileInfo(created->path + u"/first.txt"_s).isSymLink());
        QCOMPARE(read(created->path + u"/first.txt"_s), u"local edit\n"_s);
        // A source the main checkout lacks is skipped.
        QVERIFY(!QFileInfo::exists(created->path + u"/not-there"_s));

        // Removing the workspace removes the links, never what they point at.
        QVERIFY(wait(workspace->destroy(created->path)).ok());
        QVERIFY(QFileInfo::exists(m_fixture->main() + u"/.claude/settings.json"_s));
        QCOMPARE(read(m_fixture->main() + u"/.env"_s), u"SECRET=1\n"_s);
    }

    void symlinksOutsideTheRepositoryAreRejected_data()
    {
        QTest::addColumn<QString>("entry");
        QTest::newRow("parent") << u"../origin.git"_s;
        QTest::newRow("nested parent") << u"config/../../secrets"_s;
        QTest::newRow("absolute") << u"/etc/passwd"_s;
    }
    void symlinksOutsideTheRepositoryAreRejected()
    {
        QFETCH(QString, entry);
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/bad-link"_s);
        request.symlinks = {entry};
        auto created = wait(plugin()->create(request));
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, u"workspace.invalid_symlink"_s);
        QVERIFY(created.error().message.contains(entry));
        QVERIFY(!QFileInfo::exists(m_fixture->root() + u"/shop/s1"_s));
        QVERIFY(!m_fixture->branchExists(m_fixture->main(), u"feat/bad-link"_s));
    }

    void postCreateRunsInOrderAndIsLogged()
    {
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/setup"_s);
        request.postCreate = {u"echo hello-from-setup"_s, u"pwd > where.txt && test -f later.txt"_s};
        auto created = wait(plugin()->create(request));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QCOMPARE(QFileInfo(read(created->path + u"/where.txt"_s).trimmed()).canonicalFilePath(),
                 QFileInfo(created->path).canonicalFilePath());
        const QString log = read(worktreeEntry(u"s1"_s) + u"/post-create.log"_s);
        QVERIFY2(log.contains(u"$ echo hello-from-setup\nhello-from-setup\n"_s), qPrintable(log));
    }

    void failingPostCreateRollsEverythingBack()
    {
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/broken"_s);
        request.postCreate = {u"echo fine"_s, u"echo boom-on-stdout; echo boom-on-stderr >&2; exit 3"_s,
                              u"touch never.txt"_s};
        auto created = wait(plugin()->create(request));
        QVERIFY(!created.ok());
        const Error &error = created.error();
        QCOMPARE(error.code, u"workspace.post_create_failed"_s);
        QVERIFY2(error.message.contains(u"exit 3"_s), qPrintable(error.message)); // the command
        QVERIFY2(error.message.contains(u"exit code 3"_s), qPrintable(error.message));
        QVERIFY2(error.message.contains(u"boom-on-stdout"_s), qPrintable(error.message));
        QVERIFY2(error.message.contains(u"boom-on-stderr"_s), qPrintable(error.message));
        QVERIFY(!QFileInfo::exists(m_fixture->root() + u"/shop/s1"_s));
        QVERIFY(!QFileInfo::exists(worktreeEntry(u"s1"_s)));
        QVERIFY(!m_fixture->branchExists(m_fixture->main(), u"feat/broken"_s));
        QVERIFY(!m_fixture->gitOutput(m_fixture->main(), {u"worktree"_s, u"list"_s}).contains(u"s1"_s));
    }

    void failingPostCreateKeepsABranchItDidNotMake()
    {
        QVERIFY(m_fixture->git(m_fixture->main(), {u"branch"_s, u"feat/kept"_s}));
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/kept"_s);
        request.postCreate = {u"false"_s};
        QVERIFY(!wait(plugin()->create(request)).ok());
        QVERIFY(m_fixture->branchExists(m_fixture->main(), u"feat/kept"_s));
        QVERIFY(!QFileInfo::exists(worktreeEntry(u"s1"_s)));
    }

    void postCreateTimeoutStopsTheCommand()
    {
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/slow"_s);
        request.postCreate = {u"echo started; sleep 30"_s};
        QElapsedTimer clock;
        clock.start();
        auto created = wait(plugin({{u"postCreateTimeoutMs"_s, 500}})->create(request));
        QVERIFY(!created.ok());
        QVERIFY(clock.elapsed() < 20000);
        QCOMPARE(created.error().code, u"workspace.post_create_failed"_s);
        QVERIFY2(created.error().message.contains(u"did not finish"_s), qPrintable(created.error().message));
        QVERIFY2(created.error().message.contains(u"started"_s), qPrintable(created.error().message));
        QVERIFY(!QFileInfo::exists(m_fixture->root() + u"/shop/s1"_s));
    }

    void destroyRemovesTheWorktreeAndKeepsTheBranch()
    {
        auto workspace = plugin();
        auto created = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/done"_s)));
        QVERIFY(created.ok());
        QVERIFY(m_fixture->commitFile(created->path, u"work.txt"_s, u"session work"_s));
        QVERIFY(wait(workspace->destroy(created->path)).ok());
        QVERIFY(!QFileInfo::exists(created->path));
        QVERIFY(!QFileInfo::exists(worktreeEntry(u"s1"_s)));
        QVERIFY(!workspace->exists(created->path));
        QVERIFY(m_fixture->branchExists(m_fixture->main(), u"feat/done"_s));
        QCOMPARE(m_fixture->gitOutput(m_fixture->main(), {u"log"_s, u"-1"_s, u"--format=%s"_s, u"feat/done"_s}),
                 u"session work"_s);
        // Gone already: still fine.
        QVERIFY(wait(workspace->destroy(created->path)).ok());
    }

    void destroyPrunesAWorktreeWhoseFolderIsGone()
    {
        auto workspace = plugin();
        auto created = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/vanished"_s)));
        QVERIFY(created.ok());
        QVERIFY(QDir(created->path).removeRecursively());
        QVERIFY(QFileInfo::exists(worktreeEntry(u"s1"_s)));
        QVERIFY(wait(workspace->destroy(created->path)).ok());
        QVERIFY(!QFileInfo::exists(worktreeEntry(u"s1"_s)));
    }

    void destroyRefusesPathsOutsideTheRoot_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::newRow("main checkout") << u"main"_s;
        QTest::newRow("root itself") << u"workspaces"_s;
        QTest::newRow("project folder") << u"workspaces/shop"_s;
        QTest::newRow("escaping with ..") << u"workspaces/shop/../../main"_s;
        QTest::newRow("too deep") << u"workspaces/shop/s1/src"_s;
    }
    void destroyRefusesPathsOutsideTheRoot()
    {
        QFETCH(QString, relative);
        auto workspace = plugin();
        QVERIFY(wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/safe"_s))).ok());
        test::writeFile(m_fixture->root() + u"/shop/s1/src/file.txt"_s, "x");
        auto destroyed = wait(workspace->destroy(m_fixture->base() + u'/' + relative));
        QVERIFY(!destroyed.ok());
        QCOMPARE(destroyed.error().code, u"workspace.outside_root"_s);
        QVERIFY(QFileInfo::exists(m_fixture->main() + u"/first.txt"_s));
        QVERIFY(QFileInfo::exists(m_fixture->root() + u"/shop/s1/src/file.txt"_s));
    }

    void destroyRefusesASymlinkedWorkspace()
    {
        QDir().mkpath(m_fixture->root() + u"/shop"_s);
        QVERIFY(QFile::link(m_fixture->main(), m_fixture->root() + u"/shop/s1"_s));
        auto destroyed = wait(plugin()->destroy(m_fixture->root() + u"/shop/s1"_s));
        QVERIFY(!destroyed.ok());
        QCOMPARE(destroyed.error().code, u"workspace.outside_root"_s);
        QVERIFY(QFileInfo::exists(m_fixture->main() + u"/first.txt"_s));
    }

    void restoreRecreatesADeletedWorktree()
    {
        auto workspace = plugin();
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/again"_s);
        request.postCreate = {u"echo restored >> setup-ran.txt"_s};
        auto created = wait(workspace->create(request));
        QVERIFY(created.ok());
        QVERIFY(m_fixture->commitFile(created->path, u"work.txt"_s, u"session work"_s));
        QVERIFY(QDir(created->path).removeRecursively());
        QVERIFY(!workspace->exists(created->path));

        auto restored = wait(workspace->restore(request));
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().toString()));
        QCOMPARE(restored->path, created->path);
        QVERIFY(workspace->exists(restored->path));
        QVERIFY(QFileInfo::exists(restored->path + u"/work.txt"_s));
        QCOMPARE(read(restored->path + u"/setup-ran.txt"_s), u"restored\n"_s);

        // Still there: restore hands it back untouched.
        auto again = wait(workspace->restore(request));
        QVERIFY(again.ok());
        QCOMPARE(again->path, created->path);
    }

    void restoreNeedsTheBranch()
    {
        auto restored = wait(plugin()->restore(m_fixture->request(u"s1"_s, u"feat/never-made"_s)));
        QVERIFY(!restored.ok());
        QCOMPARE(restored.error().code, u"workspace.branch_missing"_s);
        QVERIFY(!QFileInfo::exists(m_fixture->root() + u"/shop/s1"_s));
    }

    void offlineOriginUsesWhatIsThere()
    {
        QVERIFY(m_fixture->git(m_fixture->main(),
                               {u"remote"_s, u"set-url"_s, u"origin"_s, m_fixture->base() + u"/gone.git"_s}));
        auto created = wait(plugin()->create(m_fixture->request(u"s1"_s, u"feat/offline"_s)));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QVERIFY(QFileInfo::exists(created->path + u"/first.txt"_s));
        QVERIFY(!QFileInfo::exists(created->path + u"/later.txt"_s));
    }

    void repositoryProblemsAreReported()
    {
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/x"_s);
        request.repositoryPath = m_fixture->base() + u"/not-a-repo"_s;
        QDir().mkpath(request.repositoryPath);
        auto created = wait(plugin()->create(request));
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, u"workspace.repository"_s);

        request = m_fixture->request(u"../escape"_s, u"feat/x"_s);
        created = wait(plugin()->create(request));
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, u"workspace.invalid_request"_s);

        request = m_fixture->request(u"s1"_s, u"bad..branch"_s);
        created = wait(plugin()->create(request));
        QVERIFY(!created.ok());
        QVERIFY(!QFileInfo::exists(m_fixture->root() + u"/shop/s1"_s));
    }

    void twoSessionsGetTwoWorktrees()
    {
        auto workspace = plugin();
        auto first = workspace->create(m_fixture->request(u"s1"_s, u"feat/a"_s));
        auto second = workspace->create(m_fixture->request(u"s2"_s, u"feat/b"_s));
        auto a = wait(first);
        auto b = wait(second);
        QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().toString()));
        QVERIFY2(b.ok(), qPrintable(b.ok() ? QString() : b.error().toString()));
        QVERIFY(a->path != b->path);
        QVERIFY(workspace->exists(a->path));
        QVERIFY(workspace->exists(b->path));
        const QString list = m_fixture->gitOutput(m_fixture->main(), {u"worktree"_s, u"list"_s});
        QCOMPARE(list.split(u'\n').size(), 3);

        auto clash = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/c"_s)));
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().code, u"workspace.exists"_s);
    }
};

QTEST_GUILESS_MAIN(TstWorktreeWorkspace)
#include "tst_worktree_workspace.moc"
