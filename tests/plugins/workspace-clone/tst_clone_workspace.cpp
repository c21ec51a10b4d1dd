#include "clone_workspace.h"
#include "git_fixture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace flotilla;
using flotilla::test::GitFixture;
using flotilla::test::wait;

class TstCloneWorkspace : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GitFixture> m_fixture;

    std::unique_ptr<CloneWorkspace> plugin() const
    {
        return std::make_unique<CloneWorkspace>(QJsonObject{{u"root"_s, m_fixture->root()}});
    }
    static qint64 folderSize(const QString &path)
    {
        qint64 total = 0;
        QDirIterator files(path, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (files.hasNext())
            total += QFileInfo(files.next()).size();
        return total;
    }

private slots:
    void init()
    {
        m_fixture = std::make_unique<GitFixture>();
        QVERIFY(m_fixture->isValid());
    }
    void cleanup() { m_fixture.reset(); }

    void cloneBorrowsObjectsAndPushesToTheRealRemote()
    {
        // Enough history that a copy of it would show.
        for (int i = 0; i < 20; ++i) {
            QByteArray noise(20000, Qt::Uninitialized);
            for (char &byte : noise)
                byte = static_cast<char>(QRandomGenerator::global()->bounded(256));
            test::writeFile(m_fixture->main() + u"/data.txt"_s, noise);
            QVERIFY(m_fixture->git(m_fixture->main(), {u"add"_s, u"data.txt"_s}));
            QVERIFY(m_fixture->git(m_fixture->main(), {u"commit"_s, u"-q"_s, u"-m"_s, u"data %1"_s.arg(i)}));
        }
        QVERIFY(m_fixture->git(m_fixture->main(), {u"push"_s, u"-q"_s, u"origin"_s, u"HEAD:refs/heads/history"_s}));

        auto workspace = plugin();
        QCOMPARE(workspace->name(), u"clone"_s);
        auto created = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/clone"_s)));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        const QString path = created->path;
        QCOMPARE(path, m_fixture->root() + u"/shop/s1"_s);
        QVERIFY(workspace->exists(path));
        QVERIFY(!workspace->exists(m_fixture->root() + u"/shop/none"_s));

        QFile alternates(path + u"/.git/objects/info/alternates"_s);
        QVERIFY(alternates.open(QIODevice::ReadOnly));
        QCOMPARE(QFileInfo(QString::fromUtf8(alternates.readAll()).trimmed()).canonicalFilePath(),
                 QFileInfo(m_fixture->main() + u"/.git/objects"_s).canonicalFilePath());
        QCOMPARE(m_fixture->gitOutput(path, {u"count-objects"_s}).section(u' ', 0, 0), u"0"_s);
        QVERIFY(folderSize(path + u"/.git/objects"_s) < 1024);
        QVERIFY(folderSize(path + u"/.git"_s) < folderSize(m_fixture->main() + u"/.git/objects"_s) / 4);

        // Started from origin/main after the fetch, with the history readable through the alternates.
        QVERIFY(QFileInfo::exists(path + u"/later.txt"_s));
        QVERIFY(!QFileInfo::exists(path + u"/data.txt"_s));
        QCOMPARE(m_fixture->gitOutput(path, {u"rev-parse"_s, u"--abbrev-ref"_s, u"HEAD"_s}), u"feat/clone"_s);
        QCOMPARE(m_fixture->gitOutput(path, {u"log"_s, u"--format=%s"_s, u"origin/history"_s}).split(u'\n').size(), 21);
        QVERIFY(m_fixture->git(path, {u"fsck"_s, u"--connectivity-only"_s}));

        QCOMPARE(m_fixture->gitOutput(path, {u"remote"_s, u"get-url"_s, u"origin"_s}), m_fixture->origin());
        QVERIFY(m_fixture->commitFile(path, u"clone-work.txt"_s, u"clone work"_s));
        QVERIFY(m_fixture->git(path, {u"push"_s, u"-q"_s, u"origin"_s, u"feat/clone"_s}));
        QVERIFY(m_fixture->branchExists(m_fixture->origin(), u"feat/clone"_s));
        // The main checkout's branches are not touched.
        QVERIFY(!m_fixture->branchExists(m_fixture->main(), u"feat/clone"_s));
    }

    void branchOnOriginIsTrackedAndLocalBranchIsReused()
    {
        QVERIFY(m_fixture->git(m_fixture->other(), {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/remote"_s}));
        QVERIFY(m_fixture->commitFile(m_fixture->other(), u"remote.txt"_s, u"remote work"_s));
        QVERIFY(m_fixture->git(m_fixture->other(), {u"push"_s, u"-q"_s, u"origin"_s, u"feat/remote"_s}));
        QVERIFY(m_fixture->git(m_fixture->main(), {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/local"_s}));
        QVERIFY(m_fixture->commitFile(m_fixture->main(), u"local.txt"_s, u"local work"_s));
        QVERIFY(m_fixture->git(m_fixture->main(), {u"checkout"_s, u"-q"_s, u"main"_s}));

        auto workspace = plugin();
        auto remote = wait(workspace->create(m_fixture->request(u"s1"_s, u"feat/remote"_s)));
        QVERIFY2(remote.ok(), qPrintable(remote.ok() ? QString() : remote.error().toString()));
        QVERIFY(QFileInfo::exists(remote->path + u"/remote.txt"_s));
        QCOMPARE(m_fixture->gitOutput(remote->path, {u"rev-parse"_s, u"--abbrev-ref"_s, u"@{upstream}"_s}),
                 u"origin/feat/remote"_s);

        auto local = wait(workspace->create(m_fixture->request(u"s2"_s, u"feat/local"_s)));
        QVERIFY2(local.ok(), qPrintable(local.ok() ? QString() : local.error().toString()));
        QVERIFY(QFileInfo::exists(local->path + u"/local.txt"_s));
    }

    void symlinksAndFailingPostCreate()
    {
        test::writeFile(m_fixture->main() + u"/.env"_s, "TOKEN=1\n");
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/setup"_s);
        request.symlinks = {u".env"_s};
        request.postCreate = {u"test -L .env && echo linked"_s};
        auto workspace = plugin();
        auto created = wait(workspace->create(request));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QFile log(created->path + u"/.git/post-create.log"_s);
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("linked"));

        request = m_fixture->request(u"s2"_s, u"feat/broken"_s);
        request.symlinks = {u"../main/.env"_s};
        auto rejected = wait(workspace->create(request));
        QVERIFY(!rejected.ok());
        QCOMPARE(rejected.error().code, u"workspace.invalid_symlink"_s);

        request.symlinks.clear();
        request.postCreate = {u"echo clone-setup-broke; exit 7"_s};
        auto failed = wait(workspace->create(request));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, u"workspace.post_create_failed"_s);
        QVERIFY2(failed.error().message.contains(u"exit code 7"_s), qPrintable(failed.error().message));
        QVERIFY2(failed.error().message.contains(u"clone-setup-broke"_s), qPrintable(failed.error().message));
        QVERIFY(!QFileInfo::exists(m_fixture->root() + u"/shop/s2"_s));
    }

    void destroyAndRestoreFromTheRemote()
    {
        auto workspace = plugin();
        WorkspaceRequest request = m_fixture->request(u"s1"_s, u"feat/pushed"_s);
        auto created = wait(workspace->create(request));
        QVERIFY(created.ok());
        QVERIFY(m_fixture->commitFile(created->path, u"pushed.txt"_s, u"pushed work"_s));
        QVERIFY(m_fixture->git(created->path, {u"push"_s, u"-q"_s, u"origin"_s, u"feat/pushed"_s}));

        auto outside = wait(workspace->destroy(m_fixture->main()));
        QVERIFY(!outside.ok());
        QCOMPARE(outside.error().code, u"workspace.outside_root"_s);
        QVERIFY(QFileInfo::exists(m_fixture->main() + u"/first.txt"_s));

        QVERIFY(wait(workspace->destroy(created->path)).ok());
        QVERIFY(!QFileInfo::exists(created->path));
        QVERIFY(wait(workspace->destroy(created->path)).ok());

        auto restored = wait(workspace->restore(request));
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().toString()));
        QVERIFY(QFileInfo::exists(restored->path + u"/pushed.txt"_s));
        QCOMPARE(m_fixture->gitOutput(restored->path, {u"rev-parse"_s, u"--abbrev-ref"_s, u"@{upstream}"_s}),
                 u"origin/feat/pushed"_s);

        auto missing = wait(workspace->restore(m_fixture->request(u"s2"_s, u"feat/never-pushed"_s)));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"workspace.branch_missing"_s);
    }

    void offlineOriginStillClones()
    {
        QVERIFY(m_fixture->git(m_fixture->main(),
                               {u"remote"_s, u"set-url"_s, u"origin"_s, m_fixture->base() + u"/gone.git"_s}));
        auto created = wait(plugin()->create(m_fixture->request(u"s1"_s, u"feat/offline"_s)));
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
        QVERIFY(QFileInfo::exists(created->path + u"/first.txt"_s));
        QCOMPARE(m_fixture->gitOutput(created->path, {u"remote"_s, u"get-url"_s, u"origin"_s}),
                 m_fixture->base() + u"/gone.git"_s);
    }
};

QTEST_GUILESS_MAIN(TstCloneWorkspace)
#include "tst_clone_workspace.moc"
