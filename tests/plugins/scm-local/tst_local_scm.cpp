// The `local` SCM end to end on real repositories: pushed branches become pull requests, every
// new head runs the CI command, reviews from the store show up, merges land on the origin.
#include "async_wait.h"
#include "isolated_environment.h"
#include "local_scm.h"
#include "process_helpers.h"
#include "store/database.h"
#include "store/local_scm_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestLocalScm final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    QString m_origin;
    QString m_checkout;
    QString m_database;

    QString git(const QString &dir, const QStringList &arguments)
    {
        QProcessEnvironment environment = m_env->processEnvironment();
        environment.insert(u"GIT_AUTHOR_NAME"_s, u"Agent"_s);
        environment.insert(u"GIT_AUTHOR_EMAIL"_s, u"agent@example.invalid"_s);
        environment.insert(u"GIT_COMMITTER_NAME"_s, u"Agent"_s);
        environment.insert(u"GIT_COMMITTER_EMAIL"_s, u"agent@example.invalid"_s);
        const test::ProcessResult result = test::runProcess(u"git"_s, arguments, environment, dir);
        if (!result.finished || result.exitCode != 0)
            qWarning("git %s failed: %s", qPrintable(arguments.join(u' ')), qPrintable(result.err));
        return result.out.trimmed();
    }

    void commitAndPush(const QString &branch, const QString &file, const QByteArray &content, const QString &message)
    {
        git(m_checkout, {u"checkout"_s, u"-q"_s, u"-B"_s, branch});
        QFile out(m_checkout + u'/' + file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
        out.close();
        git(m_checkout, {u"add"_s, file});
        git(m_checkout, {u"commit"_s, u"-q"_s, u"-m"_s, message});
        git(m_checkout, {u"push"_s, u"-q"_s, u"-f"_s, u"origin"_s, branch});
        git(m_checkout, {u"checkout"_s, u"-q"_s, u"main"_s});
    }

    PluginSettings settings(const QString &ciCommand = {}, qint64 timeoutMs = 60000) const
    {
        return QJsonObject{{u"_project"_s, QJsonObject{{u"id"_s, u"shop"_s},
                                                       {u"path"_s, m_checkout},
                                                       {u"defaultBranch"_s, u"main"_s},
                                                       {u"database"_s, m_database},
                                                       {u"ciCommand"_s, ciCommand},
                                                       {u"ciTimeoutMs"_s, double(timeoutMs)},
                                                       {u"ciMaxLogBytes"_s, 1024.0 * 1024}}}};
    }

    static PrLookup lookup(const QString &branch) { return PrLookup{u"s1"_s, QString(), branch, 0}; }

    // Asks again until the snapshot leaves `pending` CI (the run is in the background).
    static PrSnapshot settled(LocalScm &scm, const QString &branch)
    {
        QElapsedTimer clock;
        clock.start();
        PrSnapshot latest;
        while (clock.elapsed() < 60000) {
            auto fetched = test::waitFor(scm.fetchBatch({lookup(branch)}));
            if (fetched && fetched->contains(u"s1"_s)) {
                latest = fetched->value(u"s1"_s);
                if (latest.ciStatus != PrSnapshot::CiStatus::Pending)
                    return latest;
            }
            QTest::qWait(100);
        }
        return latest;
    }

private slots:
    void init()
    {
        m_env = std::make_unique<test::IsolatedEnvironment>();
        m_origin = m_env->workDir() + u"/shop.git"_s;
        m_checkout = m_env->workDir() + u"/shop"_s;
        m_database = m_env->root() + u"/state/flotilla.db"_s;
        QDir().mkpath(m_checkout);
        QDir().mkpath(m_env->root() + u"/state"_s);
        git(m_env->workDir(), {u"init"_s, u"-q"_s, u"--bare"_s, u"-b"_s, u"main"_s, m_origin});
        git(m_checkout, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
        git(m_checkout, {u"remote"_s, u"add"_s, u"origin"_s, u"../shop.git"_s}); // relative, as people write it
        QFile readme(m_checkout + u"/README.md"_s);
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("shop\n");
        readme.close();
        git(m_checkout, {u"add"_s, u"README.md"_s});
        git(m_checkout, {u"commit"_s, u"-q"_s, u"-m"_s, u"Start"_s});
        git(m_checkout, {u"push"_s, u"-q"_s, u"origin"_s, u"main"_s});
    }

    void cleanup() { m_env.reset(); }

    void aBranchBecomesAPullRequestOnceItIsAhead()
    {
        LocalScm scm(settings());
        QVERIFY(scm.detect().available);
        auto none = test::waitFor(scm.fetchBatch({lookup(u"feat/cart"_s)}));
        QVERIFY2(none.ok(), qPrintable(none.ok() ? QString() : none.error().toString()));
        QVERIFY(none->isEmpty());

        commitAndPush(u"feat/cart"_s, u"cart.txt"_s, "cart\n", u"Add a cart"_s);
        auto fetched = test::waitFor(scm.fetchBatch({lookup(u"feat/cart"_s)}));
        QVERIFY(fetched.ok());
        const PrSnapshot pr = fetched->value(u"s1"_s);
        QCOMPARE(pr.state, PrState::Open);
        QCOMPARE(pr.number, 1);
        QCOMPARE(pr.title, u"Add a cart"_s);
        QCOMPARE(pr.headBranch, u"feat/cart"_s);
        QCOMPARE(pr.baseBranch, u"main"_s);
        QCOMPARE(pr.headSha, git(m_checkout, {u"rev-parse"_s, u"feat/cart"_s}));
        QCOMPARE(pr.ciStatus, PrSnapshot::CiStatus::None); // no CI command configured
        QCOMPARE(pr.reviewDecision, PrSnapshot::ReviewDecision::Pending);
        QVERIFY(pr.mergeable);

        // Looked up by number too, and a second push moves the same pull request's head.
        commitAndPush(u"feat/cart"_s, u"cart.txt"_s, "cart 2\n", u"Improve the cart"_s);
        auto byNumber = test::waitFor(scm.fetchBatch({PrLookup{u"s1"_s, QString(), QString(), 1}}));
        QVERIFY(byNumber.ok());
        QCOMPARE(byNumber->value(u"s1"_s).number, 1);
        QCOMPARE(byNumber->value(u"s1"_s).headSha, git(m_checkout, {u"rev-parse"_s, u"feat/cart"_s}));
    }

    void everyNewHeadRunsTheCiCommand()
    {
        LocalScm scm(settings(u"test -f ok.txt || { echo 'FAILED: ok.txt is missing'; exit 3; }"_s));
        commitAndPush(u"feat/ci"_s, u"work.txt"_s, "work\n", u"Work"_s);
        const PrSnapshot failing = settled(scm, u"feat/ci"_s);
        QCOMPARE(failing.ciStatus, PrSnapshot::CiStatus::Failing);
        QCOMPARE(failing.checks.size(), 1);
        QCOMPARE(failing.checks[0].status, CiCheck::Status::Failed);
        QVERIFY2(failing.checks[0].logExcerpt.contains(u"FAILED: ok.txt is missing"_s),
                 qPrintable(failing.checks[0].logExcerpt));
        QVERIFY2(failing.checks[0].conclusion.contains(u"3"_s), qPrintable(failing.checks[0].conclusion));

        commitAndPush(u"feat/ci"_s, u"ok.txt"_s, "ok\n", u"Fix CI"_s);
        const PrSnapshot passing = settled(scm, u"feat/ci"_s);
        QCOMPARE(passing.ciStatus, PrSnapshot::CiStatus::Passing);
        QCOMPARE(passing.checks[0].status, CiCheck::Status::Passed);
    }

    void reviewsFromTheStoreDecide()
    {
        LocalScm scm(settings());
        commitAndPush(u"feat/review"_s, u"a.txt"_s, "a\n", u"A"_s);
        const PrSnapshot open = test::waitFor(scm.fetchBatch({lookup(u"feat/review"_s)}))->value(u"s1"_s);

        Database database;
        QVERIFY(database.open(m_database).ok());
        LocalScmStore store(database);
        LocalReviewInput changes;
        changes.verdict = LocalReviewInput::Verdict::ChangesRequested;
        changes.author = u"dana"_s;
        changes.headSha = open.headSha;
        changes.summary = u"Not yet"_s;
        changes.comments = {{u"a.txt"_s, 1, u"Say more than a"_s}};
        QVERIFY(store.addReview(u"shop"_s, open.number, changes).ok());

        PrSnapshot reviewed = test::waitFor(scm.fetchBatch({lookup(u"feat/review"_s)}))->value(u"s1"_s);
        QCOMPARE(reviewed.reviewDecision, PrSnapshot::ReviewDecision::ChangesRequested);
        QCOMPARE(reviewed.unresolvedComments.size(), 2);
        QCOMPARE(reviewed.unresolvedComments[0].body, u"Not yet"_s);
        QCOMPARE(reviewed.unresolvedComments[1].path, u"a.txt"_s);
        QCOMPARE(reviewed.unresolvedComments[1].line, 1);
        QCOMPARE(reviewed.unresolvedComments[1].author, u"dana"_s);

        LocalReviewInput approval;
        approval.verdict = LocalReviewInput::Verdict::Approved;
        approval.author = u"dana"_s;
        QVERIFY(store.addReview(u"shop"_s, open.number, approval).ok());
        QVERIFY(store.resolveComment(u"shop"_s, reviewed.unresolvedComments[1].id.toLongLong()).value());
        reviewed = test::waitFor(scm.fetchBatch({lookup(u"feat/review"_s)}))->value(u"s1"_s);
        QCOMPARE(reviewed.reviewDecision, PrSnapshot::ReviewDecision::Approved);
        QVERIFY(reviewed.unresolvedComments.isEmpty());
    }

    void mergeLandsOnTheOriginAndTheSnapshotSaysMerged()
    {
        LocalScm scm(settings());
        commitAndPush(u"feat/merge"_s, u"m.txt"_s, "m\n", u"Add m"_s);
        const PrSnapshot open = test::waitFor(scm.fetchBatch({lookup(u"feat/merge"_s)}))->value(u"s1"_s);

        const auto stale = test::waitFor(scm.merge(lookup(u"feat/merge"_s), MergeMethod::Squash, u"0000000000"_s));
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().code, u"git.head_moved"_s);
        QVERIFY(!test::waitFor(scm.merge(lookup(u"feat/merge"_s), MergeMethod::Rebase, open.headSha)).ok());

        const auto merged = test::waitFor(scm.merge(lookup(u"feat/merge"_s), MergeMethod::Squash, open.headSha));
        QVERIFY2(merged.ok(), qPrintable(merged.ok() ? QString() : merged.error().toString()));
        QCOMPARE(git(m_origin, {u"log"_s, u"-1"_s, u"--format=%s"_s, u"main"_s}), u"Add m (#1)"_s);
        QCOMPARE(git(m_origin, {u"show"_s, u"main:m.txt"_s}), u"m"_s);
        const PrSnapshot after = test::waitFor(scm.fetchBatch({lookup(u"feat/merge"_s)}))->value(u"s1"_s);
        QCOMPARE(after.state, PrState::Merged);
        QCOMPARE(after.number, 1);
        QVERIFY(!test::waitFor(scm.merge(lookup(u"feat/merge"_s), MergeMethod::Squash, open.headSha)).ok());
    }

    void conflictsAreReported()
    {
        LocalScm scm(settings());
        commitAndPush(u"feat/x"_s, u"README.md"_s, "shop, by x\n", u"X"_s);
        git(m_checkout, {u"checkout"_s, u"-q"_s, u"main"_s});
        commitAndPush(u"main"_s, u"README.md"_s, "shop, by main\n", u"Main"_s);
        const PrSnapshot pr = test::waitFor(scm.fetchBatch({lookup(u"feat/x"_s)}))->value(u"s1"_s);
        QVERIFY(pr.hasConflicts);
        QVERIFY(pr.isBehind);
        QVERIFY(!pr.mergeable);
        const auto merged = test::waitFor(scm.merge(lookup(u"feat/x"_s), MergeMethod::Merge, pr.headSha));
        QVERIFY(!merged.ok());
        QCOMPARE(merged.error().code, u"git.merge_conflicts"_s);
    }

    void aDeletedBranchClosesItsPullRequestAndCloseWorks()
    {
        LocalScm scm(settings());
        commitAndPush(u"feat/gone"_s, u"g.txt"_s, "g\n", u"G"_s);
        commitAndPush(u"feat/shut"_s, u"s.txt"_s, "s\n", u"S"_s);
        QVERIFY(test::waitFor(scm.fetchBatch({lookup(u"feat/gone"_s)}))->contains(u"s1"_s));
        git(m_checkout, {u"push"_s, u"-q"_s, u"origin"_s, u"--delete"_s, u"feat/gone"_s});
        QCOMPARE(test::waitFor(scm.fetchBatch({lookup(u"feat/gone"_s)}))->value(u"s1"_s).state, PrState::Closed);

        QVERIFY(test::waitFor(scm.fetchBatch({lookup(u"feat/shut"_s)}))->contains(u"s1"_s));
        QVERIFY(test::waitFor(scm.close(lookup(u"feat/shut"_s))).ok());
        QCOMPARE(test::waitFor(scm.fetchBatch({lookup(u"feat/shut"_s)}))->value(u"s1"_s).state, PrState::Closed);
    }

    void aMissingOriginIsAClearError()
    {
        LocalScm scm(settings());
        QVERIFY(QDir(m_origin).removeRecursively());
        const auto fetched = test::waitFor(scm.fetchBatch({lookup(u"feat/cart"_s)}));
        QVERIFY(!fetched.ok());
        QVERIFY2(fetched.error().message.contains(u"origin cannot be read"_s), qPrintable(fetched.error().toString()));

        git(m_checkout, {u"remote"_s, u"remove"_s, u"origin"_s});
        LocalScm withoutRemote(settings());
        QVERIFY(!withoutRemote.detect().available);
        QVERIFY2(withoutRemote.detect().problem.contains(u"origin"_s), qPrintable(withoutRemote.detect().problem));
    }
};

QTEST_GUILESS_MAIN(TestLocalScm)
#include "tst_local_scm.moc"
