#include "lifecycle/lifecycle_rules.h"
#include "model/display_status.h"
#include "model/model_enums.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kSpawned = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);

SessionRecord freshSession()
{
    SessionRecord session;
    session.id = u"app-1"_s;
    session.createdAt = kSpawned;
    return session;
}

SessionRecord workingSession()
{
    SessionRecord session = freshSession();
    session.state = SessionState::Working;
    session.reason = SessionReason::TaskInProgress;
    return session;
}

RuntimeProbe alive()
{
    return RuntimeProbe{true, true, {}, {}};
}

RuntimeProbe gone()
{
    return RuntimeProbe{false, false, {}, {}};
}

ActivityReading activity(ActivityState state, const QDateTime &at)
{
    ActivityReading reading;
    reading.state = state;
    reading.at = at;
    reading.confidence = ActivityReading::Confidence::Valid;
    reading.source = ActivityReading::Source::Native;
    reading.evidence = u"test"_s;
    return reading;
}

SessionObservation at(qint64 minutesAfterSpawn)
{
    SessionObservation observation;
    observation.now = kSpawned.addSecs(minutesAfterSpawn * 60);
    return observation;
}

QString status(const SessionRecord &session)
{
    return enumName(deriveDisplayStatus(session));
}

PrSnapshot openPr()
{
    PrSnapshot pr;
    pr.state = PrState::Open;
    pr.number = 12;
    pr.url = u"https://example.invalid/pr/12"_s;
    pr.headSha = u"abc123"_s;
    return pr;
}

} // namespace

class TestLifecycleRules final : public QObject
{
    Q_OBJECT

private slots:
    void aLiveRuntimeEndsSpawning()
    {
        auto observation = at(0);
        observation.runtime = alive();
        const auto verdict = decide(freshSession(), observation, {}, {});
        QCOMPARE(status(verdict.session), u"working"_s);
        QCOMPARE(verdict.session.reason, SessionReason::AgentAcknowledged);
        QCOMPARE(verdict.session.runtime.state, RuntimeState::Alive);
    }

    void aFailedProbeIsDetectingNotKilled()
    {
        auto observation = at(30);
        observation.runtime = RuntimeProbe{false, false, u"tmux: server exited unexpectedly"_s, {}};
        const auto verdict = decide(workingSession(), observation, {}, {});
        QCOMPARE(status(verdict.session), u"detecting"_s);
        QCOMPARE(verdict.evidence.deadProbes, 0);
        QVERIFY(verdict.why.contains(u"server exited"_s));

        auto next = at(31);
        next.runtime = alive();
        QCOMPARE(status(decide(verdict.session, next, verdict.evidence, {}).session), u"working"_s);
    }

    void killedOnlyOnConsecutiveEvidence()
    {
        auto first = at(30);
        first.runtime = gone();
        const auto once = decide(workingSession(), first, {}, {});
        QCOMPARE(status(once.session), u"working"_s);
        QCOMPARE(once.evidence.deadProbes, 1);

        // Alive in between: the count starts over.
        auto between = at(31);
        between.runtime = alive();
        const auto recovered = decide(once.session, between, once.evidence, {});
        QCOMPARE(recovered.evidence.deadProbes, 0);

        const auto again = decide(recovered.session, first, recovered.evidence, {});
        QCOMPARE(status(again.session), u"working"_s);
        auto second = at(32);
        second.runtime = gone();
        const auto twice = decide(again.session, second, again.evidence, {});
        QCOMPARE(status(twice.session), u"killed"_s);
        QCOMPARE(twice.session.reason, SessionReason::RuntimeLost);
        QCOMPARE(twice.session.terminatedAt, second.now);
    }

    void neverKilledWithinTheSpawnGracePeriod()
    {
        SessionEvidence evidence;
        SessionRecord session = workingSession();
        for (int second = 0; second < 50; second += 10) {
            SessionObservation observation;
            observation.now = kSpawned.addSecs(second);
            observation.runtime = gone();
            const auto verdict = decide(session, observation, evidence, {});
            session = verdict.session;
            evidence = verdict.evidence;
            QCOMPARE(status(session), u"working"_s);
        }
        QCOMPARE(evidence.deadProbes, 5);
        auto late = at(2);
        late.runtime = gone();
        QCOMPARE(status(decide(session, late, evidence, {}).session), u"killed"_s);
    }

    void anExitedAgentProcessIsTerminated()
    {
        SessionEvidence evidence{1, 0};
        auto observation = at(40);
        observation.runtime = RuntimeProbe{true, false, {}, {}};
        const auto verdict = decide(workingSession(), observation, evidence, {});
        QCOMPARE(verdict.session.state, SessionState::Terminated);
        QCOMPARE(verdict.session.reason, SessionReason::AgentProcessExited);
        QCOMPARE(status(verdict.session), u"terminated"_s);
    }

    void waitingForInputIsImmediate()
    {
        auto observation = at(0);
        observation.runtime = alive();
        observation.activity = activity(ActivityState::WaitingInput, observation.now);
        const auto verdict = decide(freshSession(), observation, {}, {});
        QCOMPARE(status(verdict.session), u"needs_input"_s);
    }

    void prFactsDecideTheStatus()
    {
        auto observation = at(60);
        observation.runtime = alive();
        observation.activity = activity(ActivityState::Ready, observation.now.addSecs(-30));
        observation.prLookup = SessionObservation::PrLookup::Found;
        observation.pr = openPr();
        observation.pr.ciStatus = PrSnapshot::CiStatus::Failing;
        const auto failing = decide(workingSession(), observation, {}, {});
        QCOMPARE(status(failing.session), u"ci_failed"_s);
        QCOMPARE(failing.session.pr.number, 12);
        QCOMPARE(failing.session.pr.headSha, u"abc123"_s);

        // A failed lookup derives nothing: the PR stays as last seen.
        auto blind = at(61);
        blind.runtime = alive();
        blind.prLookup = SessionObservation::PrLookup::Failed;
        blind.prError = u"HTTP 502"_s;
        QCOMPARE(status(decide(failing.session, blind, {}, {}).session), u"ci_failed"_s);

        observation.pr.state = PrState::Merged;
        const auto merged = decide(failing.session, observation, {}, {});
        QCOMPARE(status(merged.session), u"merged"_s);
        QCOMPARE(merged.session.reason, SessionReason::MergedWaitingDecision);
        QVERIFY(merged.session.completedAt.isValid());

        observation.pr.state = PrState::Closed;
        const auto closed = decide(failing.session, observation, {}, {});
        QCOMPARE(closed.session.reason, SessionReason::PrClosedWaitingDecision);
        QCOMPARE(closed.session.pr.reason, PrReason::ClosedUnmerged);
    }

    void openPrReasons_data()
    {
        using Ci = PrSnapshot::CiStatus;
        using Review = PrSnapshot::ReviewDecision;
        QTest::addColumn<int>("ci");
        QTest::addColumn<int>("review");
        QTest::addColumn<bool>("required");
        QTest::addColumn<bool>("mergeable");
        QTest::addColumn<bool>("conflicts");
        QTest::addColumn<bool>("draft");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, Ci ci, Review review, bool required, bool mergeable, bool conflicts,
                            bool draft, const char *expected) {
            QTest::newRow(name) << int(ci) << int(review) << required << mergeable << conflicts << draft
                                << QString::fromLatin1(expected);
        };
        row("ci failing wins", Ci::Failing, Review::Approved, true, true, false, false, "ci_failing");
        row("draft", Ci::Pending, Review::None, true, false, false, true, "in_progress");
        row("changes requested", Ci::Passing, Review::ChangesRequested, true, true, false, false, "changes_requested");
        row("approved and green", Ci::Passing, Review::Approved, true, true, false, false, "merge_ready");
        row("no review needed", Ci::Passing, Review::None, false, true, false, false, "merge_ready");
        row("no checks at all", Ci::None, Review::Approved, true, true, false, false, "merge_ready");
        row("approved with conflicts", Ci::Passing, Review::Approved, true, false, true, false, "approved");
        row("approved, ci pending", Ci::Pending, Review::Approved, true, true, false, false, "approved");
        row("review pending", Ci::Passing, Review::Pending, true, false, false, false, "review_pending");
        row("review required, none yet", Ci::Passing, Review::None, true, false, false, false, "review_pending");
        row("nothing decided", Ci::Pending, Review::None, false, false, false, false, "in_progress");
    }

    void openPrReasons()
    {
        QFETCH(int, ci);
        QFETCH(int, review);
        QFETCH(bool, required);
        QFETCH(bool, mergeable);
        QFETCH(bool, conflicts);
        QFETCH(bool, draft);
        QFETCH(QString, expected);
        PrSnapshot pr = openPr();
        pr.ciStatus = PrSnapshot::CiStatus(ci);
        pr.reviewDecision = PrSnapshot::ReviewDecision(review);
        pr.reviewRequired = required;
        pr.mergeable = mergeable;
        pr.hasConflicts = conflicts;
        pr.draft = draft;
        const PullRequestFacts facts = prFactsFrom(pr, {}, kSpawned);
        QCOMPARE(enumName(facts.reason), expected);
        // The checks and the review are kept as they are, whatever the reason says.
        QCOMPARE(enumName(facts.ci), (QStringList{u"none"_s, u"pending"_s, u"passing"_s, u"failing"_s}.at(ci)));
        QCOMPARE(enumName(facts.review),
                 (QStringList{u"none"_s, u"pending"_s, u"approved"_s, u"changes_requested"_s}.at(review)));
    }

    void freshReportsCountStaleOnesDoNot()
    {
        auto observation = at(20);
        observation.runtime = alive();
        observation.report = AgentReport{AgentReport::Kind::FixingCi, observation.now.addSecs(-60), {}};
        const auto fresh = decide(workingSession(), observation, {}, {});
        QCOMPARE(fresh.session.reason, SessionReason::FixingCi);

        observation.report = AgentReport{AgentReport::Kind::Completed, observation.now.addSecs(-3600), {}};
        const auto stale = decide(workingSession(), observation, {}, {});
        QCOMPARE(stale.session.reason, SessionReason::TaskInProgress);

        observation.report = AgentReport{AgentReport::Kind::ReadyForReview, observation.now, {}};
        const auto done = decide(workingSession(), observation, {}, {});
        QCOMPARE(status(done.session), u"idle"_s);
        QCOMPARE(done.session.reason, SessionReason::AwaitingExternalReview);
    }

    void stuckNeedsTimeAndConsecutiveEvidence()
    {
        auto observation = at(30);
        observation.runtime = alive();
        observation.activity = activity(ActivityState::Idle, observation.now.addSecs(-11 * 60));
        const auto once = decide(workingSession(), observation, {}, {});
        QCOMPARE(once.evidence.stuckProbes, 1);
        QVERIFY(status(once.session) != u"stuck"_s);
        const auto twice = decide(once.session, observation, once.evidence, {});
        QCOMPARE(status(twice.session), u"stuck"_s);

        // Idle for long while a PR waits for review is waiting, not stuck.
        observation.prLookup = SessionObservation::PrLookup::Found;
        observation.pr = openPr();
        observation.pr.reviewDecision = PrSnapshot::ReviewDecision::Pending;
        const auto waiting = decide(once.session, observation, once.evidence, {});
        QCOMPARE(status(waiting.session), u"review_pending"_s);
        QCOMPARE(waiting.evidence.stuckProbes, 0);

        // Blocked on an error is stuck even with a PR.
        observation.activity = activity(ActivityState::Blocked, observation.now.addSecs(-20 * 60));
        const auto blocked =
            decide(decide(workingSession(), observation, {}, {}).session, observation, SessionEvidence{0, 1}, {});
        QCOMPARE(status(blocked.session), u"stuck"_s);

        // Activity again: back to work.
        observation.activity = activity(ActivityState::Active, observation.now);
        observation.prLookup = SessionObservation::PrLookup::NotAsked;
        const auto resumed = decide(twice.session, observation, twice.evidence, {});
        QCOMPARE(status(resumed.session), u"working"_s);
        QCOMPARE(resumed.evidence.stuckProbes, 0);
    }

    void terminalSessionsStayPut()
    {
        SessionRecord session = workingSession();
        session.state = SessionState::Terminated;
        session.reason = SessionReason::ManuallyKilled;
        auto observation = at(90);
        observation.runtime = alive();
        observation.activity = activity(ActivityState::Active, observation.now);
        const auto verdict = decide(session, observation, {}, {});
        QCOMPARE(status(verdict.session), u"killed"_s);
        QCOMPARE(verdict.why, u"terminal"_s);
    }
};

QTEST_GUILESS_MAIN(TestLifecycleRules)
#include "tst_lifecycle_rules.moc"
