// The mirror behind local pull requests, against real repositories made with the git CLI.
#include "git/git_mirror.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestGitMirror final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    QString m_origin;
    QString m_work;
    QString m_mirror;

    QString git(const QString &dir, const QStringList &arguments)
    {
        QProcessEnvironment environment = m_env->processEnvironment();
        environment.insert(u"GIT_AUTHOR_NAME"_s, u"Dana"_s);
        environment.insert(u"GIT_AUTHOR_EMAIL"_s, u"dana@example.invalid"_s);
        environment.insert(u"GIT_COMMITTER_NAME"_s, u"Dana"_s);
        environment.insert(u"GIT_COMMITTER_EMAIL"_s, u"dana@example.invalid"_s);
        const test::ProcessResult result = test::runProcess(u"git"_s, arguments, environment, dir);
        if (!result.finished || result.exitCode != 0)
            qWarning("git %s failed: %s", qPrintable(arguments.join(u' ')), qPrintable(result.err));
        return result.out.trimmed();
    }

    void commit(const QString &file, const QByteArray &content, const QString &message)
    {
        QFile out(m_work + u'/' + file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
        out.close();
        git(m_work, {u"add"_s, file});
        git(m_work, {u"commit"_s, u"-q"_s, u"-m"_s, message});
    }

    GitRepositoryHandle sync()
    {
        auto synced = syncGitMirror(m_mirror, m_origin, {});
        if (!synced) {
            qWarning("%s", qPrintable(synced.error().toString()));
            return {};
        }
        return std::move(synced).value();
    }

private slots:
    void init()
    {
        m_env = std::make_unique<test::IsolatedEnvironment>();
        m_origin = m_env->workDir() + u"/origin.git"_s;
        m_work = m_env->workDir() + u"/work"_s;
        m_mirror = m_env->workDir() + u"/mirror.git"_s;
        QDir().mkpath(m_work);
        git(m_env->workDir(), {u"init"_s, u"-q"_s, u"--bare"_s, u"-b"_s, u"main"_s, m_origin});
        git(m_work, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
        git(m_work, {u"remote"_s, u"add"_s, u"origin"_s, m_origin});
        commit(u"cart.txt"_s, "one\ntwo\nthree\n", u"Start"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"main"_s});
    }

    void cleanup() { m_env.reset(); }

    void readsABranchAgainstItsBase()
    {
        git(m_work, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/cart"_s});
        commit(u"cart.txt"_s, "one\ntwo\nthree\nfour\n", u"Add four to the cart"_s);
        commit(u"notes.txt"_s, "notes\n", u"Write notes"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"feat/cart"_s});

        const GitRepositoryHandle mirror = sync();
        QVERIFY(mirror);
        auto facts = gitBranchFacts(mirror.get(), u"feat/cart"_s, u"main"_s);
        QVERIFY2(facts.ok(), qPrintable(facts.ok() ? QString() : facts.error().toString()));
        QVERIFY(facts->exists);
        QCOMPARE(facts->headSha, git(m_work, {u"rev-parse"_s, u"feat/cart"_s}));
        QCOMPARE(facts->baseSha, git(m_work, {u"rev-parse"_s, u"main"_s}));
        QCOMPARE(facts->ahead, 2);
        QCOMPARE(facts->behind, 0);
        QCOMPARE(facts->title, u"Add four to the cart"_s);
        QVERIFY(!facts->conflicts);

        QVERIFY(!gitBranchFacts(mirror.get(), u"feat/none"_s, u"main"_s)->exists);
        const auto noBase = gitBranchFacts(mirror.get(), u"feat/cart"_s, u"trunk"_s);
        QVERIFY(!noBase.ok());
        QCOMPARE(noBase.error().code, u"git.base_missing"_s);
    }

    void seesConflictsWithAMovedBase()
    {
        git(m_work, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/cart"_s});
        commit(u"cart.txt"_s, "one\nTWO\nthree\n", u"Shout two"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"feat/cart"_s});
        git(m_work, {u"checkout"_s, u"-q"_s, u"main"_s});
        commit(u"cart.txt"_s, "one\n2\nthree\n", u"Number two"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"main"_s});

        const GitRepositoryHandle mirror = sync();
        QVERIFY(mirror);
        const auto facts = gitBranchFacts(mirror.get(), u"feat/cart"_s, u"main"_s).value();
        QCOMPARE(facts.behind, 1);
        QVERIFY(facts.conflicts);

        GitMergeRequest request{u"feat/cart"_s, u"main"_s, facts.headSha, GitMergeStyle::Squash, u"Shout two"_s};
        const auto merged = mergeInGitMirror(mirror.get(), request, {});
        QVERIFY(!merged.ok());
        QCOMPARE(merged.error().code, u"git.merge_conflicts"_s);
        QCOMPARE(git(m_origin, {u"rev-parse"_s, u"main"_s}), facts.baseSha); // origin untouched
    }

    void squashesAndMergesIntoTheOrigin()
    {
        git(m_work, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/notes"_s});
        commit(u"notes.txt"_s, "notes\n", u"Write notes"_s);
        commit(u"notes.txt"_s, "more notes\n", u"More notes"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"feat/notes"_s});
        git(m_work, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/more"_s, u"main"_s});
        commit(u"more.txt"_s, "more\n", u"Add more"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"feat/more"_s});

        GitRepositoryHandle mirror = sync();
        QVERIFY(mirror);
        const QString notesHead = gitBranchFacts(mirror.get(), u"feat/notes"_s, u"main"_s)->headSha;
        const auto squashed = mergeInGitMirror(
            mirror.get(), {u"feat/notes"_s, u"main"_s, notesHead, GitMergeStyle::Squash, u"Notes (#1)"_s}, {});
        QVERIFY2(squashed.ok(), qPrintable(squashed.ok() ? QString() : squashed.error().toString()));
        QCOMPARE(git(m_origin, {u"rev-parse"_s, u"main"_s}), squashed.value());
        QCOMPARE(git(m_origin, {u"log"_s, u"-1"_s, u"--format=%s %P"_s, u"main"_s}).split(u' ').size(), 3);
        QCOMPARE(git(m_origin, {u"show"_s, u"main:notes.txt"_s}), u"more notes"_s);

        // A branch that moved after the review is not merged.
        const QString moreHead = gitBranchFacts(mirror.get(), u"feat/more"_s, u"main"_s)->headSha;
        const auto stale = mergeInGitMirror(
            mirror.get(), {u"feat/more"_s, u"main"_s, u"0123456789"_s, GitMergeStyle::Merge, u"More"_s}, {});
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().code, u"git.head_moved"_s);

        const auto merged =
            mergeInGitMirror(mirror.get(), {u"feat/more"_s, u"main"_s, moreHead, GitMergeStyle::Merge, u"More"_s}, {});
        QVERIFY2(merged.ok(), qPrintable(merged.ok() ? QString() : merged.error().toString()));
        const QStringList parents = git(m_origin, {u"log"_s, u"-1"_s, u"--format=%P"_s, u"main"_s}).split(u' ');
        QCOMPARE(parents, (QStringList{squashed.value(), moreHead}));
    }

    void aBaseThatMovedOnTheOriginIsNotOverwritten()
    {
        git(m_work, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/notes"_s});
        commit(u"notes.txt"_s, "notes\n", u"Write notes"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"feat/notes"_s});
        GitRepositoryHandle mirror = sync();
        QVERIFY(mirror);
        const QString head = gitBranchFacts(mirror.get(), u"feat/notes"_s, u"main"_s)->headSha;

        git(m_work, {u"checkout"_s, u"-q"_s, u"main"_s});
        commit(u"other.txt"_s, "other\n", u"Someone else"_s);
        git(m_work, {u"push"_s, u"-q"_s, u"origin"_s, u"main"_s});
        const QString theirs = git(m_origin, {u"rev-parse"_s, u"main"_s});

        const auto merged =
            mergeInGitMirror(mirror.get(), {u"feat/notes"_s, u"main"_s, head, GitMergeStyle::Squash, u"Notes"_s}, {});
        QVERIFY(!merged.ok());
        QCOMPARE(git(m_origin, {u"rev-parse"_s, u"main"_s}), theirs);
        // The next sync sees their commit, and the merge goes through on top of it.
        mirror = sync();
        QVERIFY(mirror);
        const auto again =
            mergeInGitMirror(mirror.get(), {u"feat/notes"_s, u"main"_s, head, GitMergeStyle::Squash, u"Notes"_s}, {});
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
        QCOMPARE(git(m_origin, {u"log"_s, u"-1"_s, u"--format=%P"_s, u"main"_s}), theirs);
    }

    void aRemovedOriginIsAClearError()
    {
        QVERIFY(sync());
        QVERIFY(QDir(m_origin).removeRecursively());
        const auto synced = syncGitMirror(m_mirror, m_origin, {});
        QVERIFY(!synced.ok());
        QVERIFY2(synced.error().message.contains(u"origin cannot be read"_s), qPrintable(synced.error().toString()));
        QCOMPARE(synced.error().context, m_origin);
    }

    void followsAnOriginThatMoved()
    {
        QVERIFY(sync());
        const QString moved = m_env->workDir() + u"/moved.git"_s;
        QVERIFY(QDir().rename(m_origin, moved));
        m_origin = moved;
        const GitRepositoryHandle mirror = sync();
        QVERIFY(mirror);
        QVERIFY(gitBranchFacts(mirror.get(), u"main"_s, u"main"_s)->exists);
    }
};

QTEST_GUILESS_MAIN(TestGitMirror)
#include "tst_git_mirror.moc"
