#include "model/display_status.h"
#include "model/model_enums.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(flotilla::SessionState)
Q_DECLARE_METATYPE(flotilla::SessionReason)
Q_DECLARE_METATYPE(flotilla::PrState)
Q_DECLARE_METATYPE(flotilla::PrReason)
Q_DECLARE_METATYPE(flotilla::DisplayStatus)

class TestDisplayStatus final : public QObject
{
    Q_OBJECT

private slots:
    // Every row of the derivation table, plus the rows' precedence over each other.
    void derivesFromFacts_data()
    {
        QTest::addColumn<SessionState>("state");
        QTest::addColumn<SessionReason>("reason");
        QTest::addColumn<PrState>("prState");
        QTest::addColumn<PrReason>("prReason");
        QTest::addColumn<double>("costUsd");
        QTest::addColumn<DisplayStatus>("expected");

        using S = SessionState;
        using R = SessionReason;
        using P = PrState;
        using Q = PrReason;
        using D = DisplayStatus;
        const auto row = [](const char *name, S s, R r, P p, Q q, double cost, D d) {
            QTest::newRow(name) << s << r << p << q << cost << d;
        };
        row("not started", S::NotStarted, R::SpawnRequested, P::None, Q::NotCreated, 0, D::Spawning);
        row("not started beats an open PR", S::NotStarted, R::SpawnRequested, P::Open, Q::CiFailing, 0, D::Spawning);
        row("needs input", S::NeedsInput, R::AwaitingUserInput, P::None, Q::NotCreated, 0, D::NeedsInput);
        row("needs input beats ci failing", S::NeedsInput, R::AwaitingUserInput, P::Open, Q::CiFailing, 0,
            D::NeedsInput);
        row("stuck", S::Stuck, R::TaskInProgress, P::None, Q::NotCreated, 0, D::Stuck);
        row("detecting", S::Detecting, R::ProbeFailure, P::None, Q::NotCreated, 0, D::Detecting);
        row("done", S::Done, R::ResearchComplete, P::None, Q::NotCreated, 0, D::Done);
        row("killed by hand", S::Terminated, R::ManuallyKilled, P::Open, Q::InProgress, 0, D::Killed);
        row("runtime lost", S::Terminated, R::RuntimeLost, P::None, Q::NotCreated, 0, D::Killed);
        row("auto cleanup", S::Terminated, R::AutoCleanup, P::Merged, Q::Merged, 0, D::Cleanup);
        row("pr merged cleanup", S::Terminated, R::PrMerged, P::Merged, Q::Merged, 0, D::Cleanup);
        row("error in process", S::Terminated, R::ErrorInProcess, P::None, Q::NotCreated, 0, D::Errored);
        row("probe failure", S::Terminated, R::ProbeFailure, P::None, Q::NotCreated, 0, D::Errored);
        row("terminated otherwise", S::Terminated, R::AgentProcessExited, P::None, Q::NotCreated, 0, D::Terminated);
        row("merged", S::Idle, R::MergedWaitingDecision, P::Merged, Q::Merged, 0, D::Merged);
        row("merged while working", S::Working, R::TaskInProgress, P::Merged, Q::Merged, 0, D::Merged);
        row("ci failing", S::Working, R::FixingCi, P::Open, Q::CiFailing, 0, D::CiFailed);
        row("changes requested", S::Idle, R::PrCreated, P::Open, Q::ChangesRequested, 0, D::ChangesRequested);
        row("review pending", S::Idle, R::AwaitingExternalReview, P::Open, Q::ReviewPending, 0, D::ReviewPending);
        row("approved", S::Idle, R::PrCreated, P::Open, Q::Approved, 0, D::Approved);
        row("merge ready", S::Idle, R::PrCreated, P::Open, Q::MergeReady, 0, D::Mergeable);
        row("pr open in progress", S::Working, R::PrCreated, P::Open, Q::InProgress, 0, D::PrOpen);
        row("pr closed working", S::Working, R::PrClosedWaitingDecision, P::Closed, Q::ClosedUnmerged, 0, D::Working);
        row("pr closed idle", S::Idle, R::PrClosedWaitingDecision, P::Closed, Q::ClosedUnmerged, 0, D::Idle);
        row("working", S::Working, R::TaskInProgress, P::None, Q::NotCreated, 0, D::Working);
        row("idle", S::Idle, R::AwaitingExternalReview, P::None, Q::NotCreated, 0, D::Idle);
        row("over budget", S::Working, R::TaskInProgress, P::Open, Q::CiFailing, 12.5, D::BudgetExceeded);
        row("budget reason", S::Idle, R::BudgetExceeded, P::None, Q::NotCreated, 0, D::BudgetExceeded);
        row("over budget but stuck", S::Stuck, R::TaskInProgress, P::None, Q::NotCreated, 12.5, D::Stuck);
        row("over budget but killed", S::Terminated, R::ManuallyKilled, P::None, Q::NotCreated, 12.5, D::Killed);
    }

    void derivesFromFacts()
    {
        QFETCH(SessionState, state);
        QFETCH(SessionReason, reason);
        QFETCH(PrState, prState);
        QFETCH(PrReason, prReason);
        QFETCH(double, costUsd);
        QFETCH(DisplayStatus, expected);

        SessionRecord session;
        session.state = state;
        session.reason = reason;
        session.pr.state = prState;
        session.pr.reason = prReason;
        session.cost.usd = costUsd;
        session.budgetUsd = 10.0;
        QCOMPARE(enumName(deriveDisplayStatus(session)), enumName(expected));
    }

    void budgetOnlyCountsWhenSet()
    {
        SessionRecord session;
        session.state = SessionState::Working;
        session.cost.usd = 1000;
        QCOMPARE(deriveDisplayStatus(session), DisplayStatus::Working);
        session.budgetUsd = 0.0; // zero means "no budget", not "nothing allowed"
        QCOMPARE(deriveDisplayStatus(session), DisplayStatus::Working);
    }

    void classifiesTerminalAndAttention()
    {
        for (const auto &[status, name] : EnumNames<DisplayStatus>::table) {
            const bool terminal = isTerminal(status);
            const QString text = QString::fromLatin1(name);
            const bool expectedTerminal =
                QStringList{u"killed"_s, u"terminated"_s, u"done"_s, u"cleanup"_s, u"errored"_s, u"merged"_s}.contains(
                    text);
            QVERIFY2(terminal == expectedTerminal, name);
            if (terminal && status != DisplayStatus::Errored)
                QVERIFY2(!needsAttention(status), name);
        }
        QVERIFY(needsAttention(DisplayStatus::CiFailed));
        QVERIFY(needsAttention(DisplayStatus::BudgetExceeded));
        QVERIFY(!needsAttention(DisplayStatus::Working));
    }

    void namesRoundTrip()
    {
        const auto check = [](auto table) {
            QSet<QString> seen;
            for (const auto &[value, name] : table) {
                const QString text = QString::fromLatin1(name);
                QVERIFY2(!seen.contains(text), name);
                seen.insert(text);
                QCOMPARE(enumName(value), text);
                QVERIFY(enumFromName<std::decay_t<decltype(value)>>(text) == value);
            }
        };
        check(EnumNames<SessionState>::table);
        check(EnumNames<SessionReason>::table);
        check(EnumNames<PrState>::table);
        check(EnumNames<PrReason>::table);
        check(EnumNames<RuntimeState>::table);
        check(EnumNames<RuntimeReason>::table);
        check(EnumNames<ActivityState>::table);
        check(EnumNames<DisplayStatus>::table);
        check(EnumNames<Priority>::table);
        QVERIFY(!enumFromName<DisplayStatus>(u"ci-failed"_s).has_value());
    }

    void infersPriorityFromEventType_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("priority");
        QTest::newRow("stuck") << u"session.stuck"_s << u"urgent"_s;
        QTest::newRow("needs input") << u"session.needs_input"_s << u"urgent"_s;
        QTest::newRow("errored") << u"session.errored"_s << u"urgent"_s;
        QTest::newRow("summary") << u"summary.all_complete"_s << u"info"_s;
        QTest::newRow("approved") << u"review.approved"_s << u"action"_s;
        QTest::newRow("ready") << u"merge.ready"_s << u"action"_s;
        QTest::newRow("merged") << u"merge.completed"_s << u"action"_s;
        QTest::newRow("ci failing") << u"ci.failing"_s << u"warning"_s;
        QTest::newRow("changes") << u"review.changes_requested"_s << u"warning"_s;
        QTest::newRow("conflicts") << u"merge.conflicts"_s << u"warning"_s;
        QTest::newRow("other") << u"pr.created"_s << u"info"_s;
    }

    void infersPriorityFromEventType()
    {
        QFETCH(QString, type);
        QFETCH(QString, priority);
        QCOMPARE(enumName(inferPriority(type)), priority);
    }
};

QTEST_GUILESS_MAIN(TestDisplayStatus)
#include "tst_display_status.moc"
