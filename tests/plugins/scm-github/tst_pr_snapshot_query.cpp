#include "poll_cadence.h"
#include "pr_snapshot_query.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::github;

namespace {

QJsonObject pullRequest(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// A pull request as GitHub's GraphQL API answers the snapshot query: a failing Actions job, a
// passing one, a stale run and a failing external status.
QByteArray failingPullRequest()
{
    QFile file(QStringLiteral(QT_TESTCASE_SOURCEDIR "/data/pull_request_failing.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data: %s", qPrintable(file.fileName()));
    return file.readAll();
}

} // namespace

class TestPrSnapshotQuery final : public QObject
{
    Q_OBJECT

private slots:
    void failingChecksAreFoundWithTheirJobs()
    {
        auto facts = parsePullRequest(pullRequest(failingPullRequest()), {});
        QVERIFY2(facts, qPrintable(facts ? QString() : facts.error().message));
        const PrSnapshot &pr = facts->snapshot;
        QCOMPARE(pr.number, 42);
        QCOMPARE(pr.state, PrState::Open);
        QCOMPARE(pr.ciStatus, PrSnapshot::CiStatus::Failing);
        QCOMPARE(pr.reviewDecision, PrSnapshot::ReviewDecision::Pending);
        QVERIFY(pr.reviewRequired);
        QVERIFY(!pr.mergeable);        // BLOCKED
        QCOMPARE(pr.checks.size(), 3); // the stale run is ignored
        QCOMPARE(facts->unresolvedThreads, 2);
        QCOMPARE(facts->failing.size(), 2);
        QCOMPARE(facts->failing.at(0).name, u"test (ubuntu)"_s);
        QCOMPARE(facts->failing.at(0).workflowRunId, 900);
        QCOMPARE(facts->failing.at(0).jobId, 501);
        QCOMPARE(facts->failing.at(1).name, u"ci/circleci"_s);
        QCOMPARE(facts->failing.at(1).workflowRunId, 0);
    }

    void noReviewDecisionMeansNoReviewNeeded()
    {
        QJsonObject pr = pullRequest(failingPullRequest());
        pr.insert(u"reviewDecision"_s, QJsonValue::Null);
        pr.insert(u"mergeStateStatus"_s, u"CLEAN"_s);
        pr.insert(u"commits"_s,
                  QJsonObject{{u"nodes"_s, QJsonArray{QJsonObject{{u"commit"_s, QJsonObject{{u"oid"_s, u"abc"_s},
                                                                                            {u"statusCheckRollup"_s,
                                                                                             QJsonValue::Null}}}}}}});
        auto facts = parsePullRequest(pr, {});
        QVERIFY(facts);
        QCOMPARE(facts->snapshot.reviewDecision, PrSnapshot::ReviewDecision::None);
        QVERIFY(!facts->snapshot.reviewRequired);
        QCOMPARE(facts->snapshot.ciStatus, PrSnapshot::CiStatus::None);
        QVERIFY(facts->snapshot.mergeable);
    }

    void unknownMergeabilityIsNeitherMergeableNorConflicting()
    {
        QJsonObject pr = pullRequest(failingPullRequest());
        pr.insert(u"mergeable"_s, u"UNKNOWN"_s);
        pr.insert(u"mergeStateStatus"_s, u"UNKNOWN"_s);
        auto facts = parsePullRequest(pr, {});
        QVERIFY(facts);
        QVERIFY(!facts->mergeabilityKnown());
        QVERIFY(!facts->snapshot.hasConflicts);
        QVERIFY(!facts->snapshot.mergeable);
    }

    void unstableIsReadyOnlyByPolicy()
    {
        QJsonObject pr = pullRequest(failingPullRequest());
        pr.insert(u"mergeStateStatus"_s, u"UNSTABLE"_s);
        pr.insert(u"reviewDecision"_s, u"APPROVED"_s);
        QVERIFY(!parsePullRequest(pr, {})->snapshot.mergeable);
        QVERIFY(parsePullRequest(pr, SnapshotPolicy{true})->snapshot.mergeable);
    }

    void malformedAnswersAreErrorsNotStates_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("number null") << u"number"_s << QJsonValue(QJsonValue::Null);
        QTest::newRow("number text") << u"number"_s << QJsonValue(u"42"_s);
        QTest::newRow("state odd") << u"state"_s << QJsonValue(u"HALF_OPEN"_s);
        QTest::newRow("state null") << u"state"_s << QJsonValue(QJsonValue::Null);
        QTest::newRow("head null") << u"headRefOid"_s << QJsonValue(QJsonValue::Null);
    }

    void malformedAnswersAreErrorsNotStates()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject pr = pullRequest(failingPullRequest());
        pr.insert(field, value);
        auto facts = parsePullRequest(pr, {});
        QVERIFY(!facts);
        QCOMPARE(facts.error().code, u"github.unexpected_answer"_s);
    }

    void nullsInsideTheRollupDoNotCrash()
    {
        QJsonObject pr = pullRequest(failingPullRequest());
        pr.insert(u"commits"_s, QJsonObject{{u"nodes"_s, QJsonArray{QJsonValue::Null, 7}}});
        pr.insert(u"reviewThreads"_s, QJsonValue::Null);
        auto facts = parsePullRequest(pr, {});
        QVERIFY(facts);
        QCOMPARE(facts->snapshot.ciStatus, PrSnapshot::CiStatus::None);
        QCOMPARE(facts->unresolvedThreads, 0);
    }

    void queriesAliasEveryPullRequestAndEscapeNames()
    {
        const QString query = snapshotQuery(GithubRepo{u"acme"_s, u"shop"_s}, {7, 42, 9});
        QVERIFY(query.contains(u"p0: repository(owner: \"acme\", name: \"shop\") { pullRequest(number: 7)"_s));
        QVERIFY(query.contains(u"p2: repository"_s));
        QVERIFY(query.contains(u"rateLimit"_s));
        const QString discovery = discoveryQuery(GithubRepo{u"acme"_s, u"shop"_s}, {u"feat/a\"b"_s});
        QVERIFY(discovery.contains(u"headRefName: \"feat/a\\\"b\""_s));
    }

    void cadenceReadsBusyPullRequestsEachCycleAndIdleOnesRarely()
    {
        const PollCadence cadence;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        PollCadence::Seen seen;
        QVERIFY(cadence.isDue(seen, now, 1.0)); // never read
        seen.readAt = now.addSecs(-30);
        seen.changedAt = now.addSecs(-3600);
        seen.state = PrState::Open;
        seen.ci = PrSnapshot::CiStatus::Pending;
        QVERIFY(cadence.isDue(seen, now, 1.0));
        QVERIFY(!cadence.isDue(seen, now, 0.2)); // stretched when the budget runs low
        seen.ci = PrSnapshot::CiStatus::Passing;
        QVERIFY(!cadence.isDue(seen, now, 1.0)); // waiting for people: every few minutes
        seen.readAt = now.addSecs(-200);
        QVERIFY(cadence.isDue(seen, now, 1.0));
        QVERIFY(!cadence.isDue(seen, now, 0.05)); // near the end of the budget: busy ones only
        seen.state = PrState::Merged;
        seen.readAt = now.addDays(-1);
        QVERIFY(!cadence.isDue(seen, now, 1.0));
    }
};

QTEST_GUILESS_MAIN(TestPrSnapshotQuery)
#include "tst_pr_snapshot_query.moc"
