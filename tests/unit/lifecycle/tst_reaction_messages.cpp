#include "lifecycle/reaction_keys.h"
#include "lifecycle/reaction_messages.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

PrSnapshot failingPr()
{
    PrSnapshot pr;
    pr.state = PrState::Open;
    pr.number = 7;
    pr.headSha = u"0123456789abcdef"_s;
    pr.baseBranch = u"main"_s;
    CiCheck build{u"build"_s, CiCheck::Status::Failed, u"failure"_s, u"https://ci.example.invalid/run/1"_s, {}, {}};
    QStringList log;
    for (int i = 1; i <= 400; ++i)
        log << u"line %1"_s.arg(i);
    log << u"error: expected ';' before '}' token"_s;
    build.logExcerpt = log.join(u'\n');
    pr.checks = {build,
                 {u"lint"_s, CiCheck::Status::Passed, u"success"_s, {}, {}, {}},
                 {u"docs"_s, CiCheck::Status::Failed, u"timed_out"_s, {}, {}, {}},
                 {u"unit"_s, CiCheck::Status::Passed, u"success"_s, {}, {}, {}}};
    return pr;
}

} // namespace

class TestReactionMessages final : public QObject
{
    Q_OBJECT

private slots:
    void ciFailureCarriesTheLogAndThePassingChecks()
    {
        const QString text = messages::ciFailed(failingPr());
        QVERIFY(text.startsWith(u"CI failed on PR #7 (head 0123456)."_s));
        QVERIFY(text.contains(u"Failing check: build (failure)\n  https://ci.example.invalid/run/1"_s));
        QVERIFY(text.contains(u"error: expected ';' before '}' token"_s)); // the end of the log is kept
        QVERIFY(text.contains(u"line 400"_s));
        QVERIFY(!text.contains(u"line 5\n"_s)); // the start is cut
        QVERIFY(text.contains(u"earlier lines cut"_s));
        QVERIFY(text.contains(u"Failing check: docs (timed_out)"_s));
        QVERIFY(text.contains(u"(no log excerpt could be retrieved"_s));
        QVERIFY(text.contains(u"Passing checks: lint, unit."_s));
    }

    void reviewCommentsNamePlaceAuthorAndText()
    {
        PrSnapshot pr = failingPr();
        const QList<ReviewComment> comments = {
            {u"c1"_s,
             u"t1"_s,
             u"alice"_s,
             false,
             u"Use a QStringView here."_s,
             u"src/a.cpp"_s,
             42,
             false,
             u"https://example.invalid/c1"_s,
             {}},
            {u"c2"_s, u"t2"_s, u"bob"_s, false, u"Needs a test."_s, {}, 0, false, {}, {}},
        };
        const QString text = messages::reviewComments(pr, comments, false);
        QVERIFY(text.startsWith(u"Changes were requested on PR #7"_s));
        QVERIFY(text.contains(u"- src/a.cpp:42 — alice: Use a QStringView here."_s));
        QVERIFY(text.contains(u"thread: t1"_s));
        QVERIFY(text.contains(u"- (general) — bob: Needs a test."_s));
        QVERIFY(text.contains(u"resolve the threads"_s));
        QVERIFY(messages::reviewComments(pr, comments, true).startsWith(u"Automated review comments"_s));
    }

    void fingerprintsFollowContentNotOrder()
    {
        ReviewComment a{u"1"_s, {}, u"x"_s, false, u"one"_s, {}, 0, false, {}, {}};
        ReviewComment b{u"2"_s, {}, u"y"_s, false, u"two"_s, {}, 0, false, {}, {}};
        QCOMPARE(messages::commentFingerprint({a, b}), messages::commentFingerprint({b, a}));
        ReviewComment edited = b;
        edited.body = u"two, edited"_s;
        QVERIFY(messages::commentFingerprint({a, b}) != messages::commentFingerprint({a, edited}));
        QVERIFY(messages::commentFingerprint({a}) != messages::commentFingerprint({a, b}));
    }

    void conflictsAndNudges()
    {
        PrSnapshot pr = failingPr();
        pr.isBehind = true;
        const QString conflicts = messages::mergeConflicts(pr);
        QVERIFY(conflicts.contains(u"Rebase onto the latest main"_s));
        QVERIFY(conflicts.contains(u"also behind main"_s));
        SessionRecord session;
        session.pr.state = PrState::Open;
        session.pr.number = 7;
        QVERIFY(messages::idleNudge(session).contains(u"PR #7"_s));
        QVERIFY(messages::stuckNudge(session).contains(u"flo report"_s));
    }

    void recognisesBots_data()
    {
        QTest::addColumn<QString>("author");
        QTest::addColumn<bool>("bot");
        QTest::newRow("app") << u"cursor[bot]"_s << true;
        QTest::newRow("codecov") << u"codecov-commenter"_s << true;
        QTest::newRow("dependabot") << u"dependabot"_s << true;
        QTest::newRow("suffix") << u"review-bot"_s << true;
        QTest::newRow("human") << u"alice"_s << false;
        QTest::newRow("human ending in bot") << u"talbot"_s << false;
    }

    void recognisesBots()
    {
        QFETCH(QString, author);
        QFETCH(bool, bot);
        QCOMPARE(isBotAuthor(author), bot);
    }

    void mapsStatusesToReactionsAndEvents()
    {
        QCOMPARE(reactionKeyForStatus(DisplayStatus::CiFailed), u"ci-failed"_s);
        QCOMPARE(reactionKeyForStatus(DisplayStatus::Mergeable), u"approved-and-green"_s);
        QCOMPARE(reactionKeyForStatus(DisplayStatus::Killed), u"agent-exited"_s);
        QCOMPARE(reactionKeyForStatus(DisplayStatus::BudgetExceeded), u"budget-exceeded"_s);
        QVERIFY(reactionKeyForStatus(DisplayStatus::Working).isEmpty());
        QCOMPARE(eventTypeForStatus(DisplayStatus::CiFailed), u"ci.failing"_s);
        QCOMPARE(eventTypeForStatus(DisplayStatus::Mergeable), u"merge.ready"_s);
        QCOMPARE(priorityForStatus(DisplayStatus::NeedsInput), Priority::Urgent);
        QCOMPARE(priorityForStatus(DisplayStatus::Approved), Priority::Action);
        QCOMPARE(priorityForStatus(DisplayStatus::CiFailed), Priority::Warning);
        QCOMPARE(priorityForStatus(DisplayStatus::Killed), Priority::Info);
    }
};

QTEST_GUILESS_MAIN(TestReactionMessages)
#include "tst_reaction_messages.moc"
