// The records of the `local` SCM: pull requests, CI runs and reviews in the real SQLite store.
#include "store/database.h"
#include "store/local_scm_store.h"
#include "store_test_support.h"

#include <thread>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestLocalScmStore final : public QObject
{
    Q_OBJECT

private slots:
    void opensNumbersAndFindsPullRequests()
    {
        IsolatedEnvironment env;
        Database database;
        STORE_VERIFY(database.open(storePath(env)));
        LocalScmStore scm(database);

        auto first = scm.open(u"shop"_s, u"feat/cart"_s, u"main"_s, u"Add a cart"_s, u"aaa"_s);
        STORE_VERIFY(first);
        QCOMPARE(first->number, 1);
        QCOMPARE(first->state, LocalPullRequest::State::Open);
        auto again = scm.open(u"shop"_s, u"feat/cart"_s, u"main"_s, u"Other title"_s, u"bbb"_s);
        STORE_VERIFY(again);
        QCOMPARE(again->number, 1);
        QCOMPARE(again->title, u"Add a cart"_s);
        QCOMPARE(scm.open(u"shop"_s, u"feat/pay"_s, u"main"_s, u"Pay"_s, u"ccc"_s)->number, 2);
        QCOMPARE(scm.open(u"blog"_s, u"feat/post"_s, u"main"_s, u"Post"_s, u"ddd"_s)->number, 1);

        STORE_VERIFY(scm.setHead(u"shop"_s, 1, u"eee"_s));
        QCOMPARE(scm.openFor(u"shop"_s, u"feat/cart"_s).value()->headSha, u"eee"_s);
        QCOMPARE(scm.list(u"shop"_s)->size(), 2);
        QVERIFY(!scm.get(u"shop"_s, 9).value().has_value());
    }

    void mergedPullRequestsStayAndANewOneGetsTheNextNumber()
    {
        IsolatedEnvironment env;
        Database database;
        STORE_VERIFY(database.open(storePath(env)));
        LocalScmStore scm(database);
        STORE_VERIFY(scm.open(u"shop"_s, u"feat/cart"_s, u"main"_s, u"Cart"_s, u"aaa"_s));
        STORE_VERIFY(scm.finish(u"shop"_s, 1, LocalPullRequest::State::Merged, u"fff"_s));

        const auto merged = scm.latestFor(u"shop"_s, u"feat/cart"_s).value();
        QVERIFY(merged.has_value());
        QCOMPARE(merged->state, LocalPullRequest::State::Merged);
        QCOMPARE(merged->mergeSha, u"fff"_s);
        QVERIFY(merged->closedAt.isValid());
        QVERIFY(!scm.openFor(u"shop"_s, u"feat/cart"_s).value().has_value());

        const auto finishedTwice = scm.finish(u"shop"_s, 1, LocalPullRequest::State::Closed);
        QVERIFY(!finishedTwice.ok());
        QCOMPARE(finishedTwice.error().code, u"scm.not_open"_s);

        QCOMPARE(scm.open(u"shop"_s, u"feat/cart"_s, u"main"_s, u"Cart again"_s, u"ggg"_s)->number, 2);
        QCOMPARE(scm.latestFor(u"shop"_s, u"feat/cart"_s).value()->number, 2);
    }

    void twoProcessesOpeningTheSameBranchShareOnePullRequest()
    {
        IsolatedEnvironment env;
        const QString path = storePath(env);
        {
            Database database;
            STORE_VERIFY(database.open(path));
        }
        int numbers[2] = {0, 0};
        QString failures[2];
        const auto openAll = [&](int who) {
            Database database;
            if (auto opened = database.open(path); !opened) {
                failures[who] = opened.error().toString();
                return;
            }
            LocalScmStore scm(database);
            for (int i = 0; i < 20; ++i) {
                auto pr = scm.open(u"shop"_s, u"feat/%1"_s.arg(i), u"main"_s, u"PR"_s, u"sha"_s);
                if (!pr) {
                    failures[who] = pr.error().toString();
                    return;
                }
                numbers[who] += pr->number;
            }
        };
        std::thread one(openAll, 0);
        std::thread two(openAll, 1);
        one.join();
        two.join();
        QVERIFY2(failures[0].isEmpty(), qPrintable(failures[0]));
        QVERIFY2(failures[1].isEmpty(), qPrintable(failures[1]));
        Database database;
        STORE_VERIFY(database.open(path));
        LocalScmStore scm(database);
        QCOMPARE(scm.list(u"shop"_s)->size(), 20); // one per branch, numbered 1..20
        QCOMPARE(numbers[0], numbers[1]);          // both saw the same numbers
        QCOMPARE(numbers[0], 20 * 21 / 2);
    }

    void ciRunsAreQueuedOncePerHeadAndRecordTheirEnd()
    {
        IsolatedEnvironment env;
        Database database;
        STORE_VERIFY(database.open(storePath(env)));
        LocalScmStore scm(database);
        QCOMPARE(scm.queueCi(u"shop"_s, 1, u"aaa"_s).value(), true);
        QCOMPARE(scm.queueCi(u"shop"_s, 1, u"aaa"_s).value(), false);
        QCOMPARE(scm.queueCi(u"shop"_s, 1, u"bbb"_s).value(), true);
        QCOMPARE(scm.unfinishedCi()->size(), 2);

        STORE_VERIFY(scm.ciStarted(u"shop"_s, 1, u"aaa"_s, u"/logs/aaa.log"_s));
        QCOMPARE(scm.ciRun(u"shop"_s, 1, u"aaa"_s).value()->status, LocalCiRun::Status::Running);
        LocalCiRun ended = *scm.ciRun(u"shop"_s, 1, u"aaa"_s).value();
        ended.status = LocalCiRun::Status::Failed;
        ended.reason = u"exit code 2"_s;
        ended.excerpt = u"FAIL: test_cart"_s;
        ended.logBytes = 1234;
        ended.logTruncated = true;
        STORE_VERIFY(scm.ciFinished(ended));

        const LocalCiRun read = *scm.ciRun(u"shop"_s, 1, u"aaa"_s).value();
        QCOMPARE(read.status, LocalCiRun::Status::Failed);
        QCOMPARE(read.reason, u"exit code 2"_s);
        QCOMPARE(read.excerpt, u"FAIL: test_cart"_s);
        QCOMPARE(read.logPath, u"/logs/aaa.log"_s);
        QCOMPARE(read.logBytes, 1234);
        QVERIFY(read.logTruncated);
        QVERIFY(read.startedAt.isValid() && read.finishedAt.isValid());
        QCOMPARE(scm.unfinishedCi()->size(), 1);
        QVERIFY(!scm.ciRun(u"shop"_s, 2, u"aaa"_s).value().has_value());
    }

    void reviewsKeepTheirCommentsAsResolvableThreads()
    {
        IsolatedEnvironment env;
        Database database;
        STORE_VERIFY(database.open(storePath(env)));
        LocalScmStore scm(database);
        LocalReviewInput changes;
        changes.verdict = LocalReviewInput::Verdict::ChangesRequested;
        changes.author = u"dana"_s;
        changes.headSha = u"aaa"_s;
        changes.summary = u"Almost"_s;
        changes.comments = {{u"src/cart.py"_s, 12, u"Handle an empty cart"_s}, {u"README.md"_s, 3, u"Typo"_s}};
        QCOMPARE(scm.addReview(u"shop"_s, 1, changes).value(), 1);
        LocalReviewInput approval;
        approval.verdict = LocalReviewInput::Verdict::Approved;
        approval.author = u"dana"_s;
        approval.headSha = u"bbb"_s;
        QCOMPARE(scm.addReview(u"shop"_s, 1, approval).value(), 2);

        const QList<LocalReviewNote> notes = scm.reviewNotes(u"shop"_s, 1).value();
        QCOMPARE(notes.size(), 4);
        QCOMPARE(notes[0].path, QString());
        QCOMPARE(notes[0].body, u"Almost"_s);
        QCOMPARE(notes[1].path, u"src/cart.py"_s);
        QCOMPARE(notes[1].line, 12);
        QCOMPARE(notes[1].verdict, LocalReviewInput::Verdict::ChangesRequested);
        QCOMPARE(notes[3].reviewId, 2);
        QCOMPARE(notes[3].verdict, LocalReviewInput::Verdict::Approved);

        QCOMPARE(scm.resolveComment(u"shop"_s, notes[1].id).value(), true);
        QCOMPARE(scm.resolveComment(u"shop"_s, notes[0].id).value(), false); // a summary is no thread
        QCOMPARE(scm.resolveComment(u"blog"_s, notes[2].id).value(), false); // another project's id
        QVERIFY(scm.reviewNotes(u"shop"_s, 1).value()[1].resolved);
        QVERIFY(!scm.reviewNotes(u"shop"_s, 1).value()[2].resolved);
    }
};

QTEST_GUILESS_MAIN(TestLocalScmStore)
#include "tst_local_scm_store.moc"
