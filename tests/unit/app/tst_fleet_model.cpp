#include "model/display_status.h"
#include "models/fleet_model.h"
#include "models/fleet_sort_model.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 3, 1), QTime(12, 0), QTimeZone::utc());

SessionRecord session(const QString &id, qint64 revision = 1)
{
    SessionRecord s;
    s.id = id;
    s.projectId = u"shop"_s;
    s.issueId = u"LOCAL-%1"_s.arg(id.section(u'-', 1));
    s.displayName = u"Issue of "_s + id;
    s.branch = u"feat/"_s + id;
    s.state = SessionState::Working;
    s.reason = SessionReason::TaskInProgress;
    s.createdAt = kNow.addSecs(-600);
    s.revision = revision;
    return s;
}

SessionRecord withFailingCi(SessionRecord s)
{
    s.pr.state = PrState::Open;
    s.pr.reason = PrReason::CiFailing;
    s.pr.ci = PrCiState::Failing;
    s.pr.review = PrReviewState::Pending;
    s.pr.number = 7;
    s.revision += 1;
    return s;
}

QStringList sessionOrder(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, FleetModel::SessionColumn).data().toString();
    return ids;
}

} // namespace

class TestFleetModel final : public QObject
{
    Q_OBJECT

private slots:
    void aBurstOfChangesReachesTheViewsAsOneBatch()
    {
        FleetModel model;
        model.reset({session(u"app-1"_s), session(u"app-2"_s), session(u"app-3"_s), session(u"app-4"_s)});
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (int round = 2; round < 12; ++round) {
            model.queue(session(u"app-2"_s, round));
            model.queue(session(u"app-3"_s, round));
        }
        for (int n = 5; n < 105; ++n)
            model.queue(session(u"app-%1"_s.arg(n)));
        QCOMPARE(model.rowCount(), 4); // nothing before the batch
        QTRY_COMPARE(model.rowCount(), 104);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(changed.count(), 1); // rows 1 and 2 are one run
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), 2);
        QCOMPARE(model.session(model.rowOf(u"app-3"_s)).revision, 11);
        // New sessions keep the order they arrived in.
        QCOMPARE(model.session(4).id, u"app-5"_s);
        QCOMPARE(model.session(103).id, u"app-104"_s);
    }

    void anOlderRevisionNeverMovesARowBack()
    {
        FleetModel model;
        model.reset({withFailingCi(session(u"app-1"_s, 4))});
        model.queue(session(u"app-1"_s, 3));
        model.flush();
        QCOMPARE(model.session(0).revision, 5);
        QCOMPARE(model.index(0, FleetModel::StatusColumn).data().toString(), u"CI failed"_s);

        // Within one batch too: the newest wins whatever order the signals came in.
        model.queue(withFailingCi(session(u"app-1"_s, 9)));
        model.queue(session(u"app-1"_s, 6));
        model.flush();
        QCOMPARE(model.session(0).revision, 10);
    }

    void marksSessionsThatChangeTheSameFiles()
    {
        FleetModel model;
        model.reset({session(u"app-1"_s), session(u"app-2"_s), session(u"app-3"_s)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setOverlaps({{u"app-1"_s, {{u"app-3"_s, {u"src/cart.cpp"_s, u"src/cart.h"_s}}}},
                           {u"app-3"_s, {{u"app-1"_s, {u"src/cart.cpp"_s, u"src/cart.h"_s}}}}});
        QCOMPARE(changed.size(), 2); // only the two rows concerned
        const QModelIndex first = model.index(0, FleetModel::SessionColumn);
        QCOMPARE(first.data(FleetModel::ConflictRole).toStringList(),
                 QStringList{u"app-3: src/cart.cpp, src/cart.h"_s});
        QVERIFY(first.data(Qt::ToolTipRole).toString().contains(u"app-3: src/cart.cpp"_s));
        QVERIFY(model.index(1, FleetModel::SessionColumn).data(FleetModel::ConflictRole).toStringList().isEmpty());

        // A scan that finds the same again changes nothing; one that finds the overlap gone
        // clears both marks.
        changed.clear();
        model.setOverlaps({{u"app-1"_s, {{u"app-3"_s, {u"src/cart.cpp"_s, u"src/cart.h"_s}}}},
                           {u"app-3"_s, {{u"app-1"_s, {u"src/cart.cpp"_s, u"src/cart.h"_s}}}}});
        QCOMPARE(changed.size(), 0);
        model.setOverlaps({});
        QCOMPARE(changed.size(), 2);
        QVERIFY(first.data(FleetModel::ConflictRole).toStringList().isEmpty());
    }

    void showsWhatAPersonNeedsInEachColumn()
    {
        FleetModel model;
        model.setClock([] { return kNow; });
        SessionRecord s = withFailingCi(session(u"app-1"_s));
        s.pr.url = u"https://example.com/pr/7"_s;
        s.activity.state = ActivityState::WaitingInput;
        s.cost.usd = 1.5;
        model.reset({s});
        QCOMPARE(model.index(0, FleetModel::IssueColumn).data().toString(), u"LOCAL-1  Issue of app-1"_s);
        QCOMPARE(model.index(0, FleetModel::StatusColumn).data().toString(), u"CI failed"_s);
        QCOMPARE(model.index(0, FleetModel::StatusColumn).data(FleetModel::StatusRole).toInt(),
                 static_cast<int>(DisplayStatus::CiFailed));
        QCOMPARE(model.index(0, FleetModel::PrColumn).data().toString(), u"#7"_s);
        QCOMPARE(model.index(0, FleetModel::PrColumn).data(FleetModel::PrUrlRole).toString(), s.pr.url);
        // Checks and review stay visible beside the status, whatever the status says.
        QCOMPARE(model.index(0, FleetModel::CiColumn).data().toString(), u"failing"_s);
        QCOMPARE(model.index(0, FleetModel::CiColumn).data(FleetModel::ToneRole).toInt(),
                 static_cast<int>(FleetModel::Tone::Bad));
        QCOMPARE(model.index(0, FleetModel::ReviewColumn).data().toString(), u"waiting"_s);
        QCOMPARE(model.index(0, FleetModel::ReviewColumn).data(FleetModel::ToneRole).toInt(),
                 static_cast<int>(FleetModel::Tone::Info));
        QCOMPARE(model.index(0, FleetModel::StatusColumn).data(FleetModel::ToneRole).toInt(),
                 static_cast<int>(FleetModel::Tone::Bad));
        QCOMPARE(model.index(0, FleetModel::BranchColumn).data(FleetModel::ToneRole).toInt(),
                 static_cast<int>(FleetModel::Tone::None));
        QCOMPARE(model.index(0, FleetModel::ActivityColumn).data().toString(), u"waiting for input"_s);
        QCOMPARE(model.index(0, FleetModel::BranchColumn).data().toString(), u"feat/app-1"_s);
        QCOMPARE(model.index(0, FleetModel::AgeColumn).data().toString(), u"10 min"_s);
        QCOMPARE(model.index(0, FleetModel::CostColumn).data().toString(), u"$1.50"_s);
        QVERIFY(model.index(0, 0).data(FleetModel::AttentionRole).toBool());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setClock([] { return kNow.addSecs(3 * 3600); });
        model.refreshAges();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, FleetModel::AgeColumn).data().toString(), u"3 h"_s);
    }

    void showsNoChecksWithoutAnOpenPullRequest()
    {
        FleetModel model;
        SessionRecord s = session(u"app-1"_s);
        model.reset({s});
        QCOMPARE(model.index(0, FleetModel::CiColumn).data().toString(), QString());
        QCOMPARE(model.index(0, FleetModel::ReviewColumn).data().toString(), QString());

        s = withFailingCi(s);
        s.pr.ci = PrCiState::Passing;
        s.pr.review = PrReviewState::Approved;
        s.pr.state = PrState::Merged;
        model.queue(s);
        model.flush();
        QCOMPARE(model.index(0, FleetModel::CiColumn).data().toString(), u"passing"_s);
        QCOMPARE(model.index(0, FleetModel::ReviewColumn).data().toString(), u"approved"_s);
        QCOMPARE(model.index(0, FleetModel::PrColumn).data().toString(), u"#7 merged"_s);

        s.pr.state = PrState::Closed;
        s.revision += 1;
        model.queue(s);
        model.flush();
        QCOMPARE(model.index(0, FleetModel::CiColumn).data().toString(), QString());
        QCOMPARE(model.index(0, FleetModel::PrColumn).data().toString(), u"#7 closed"_s);
    }

    void countsTheSessionsThatNeedAPerson()
    {
        FleetModel model;
        QSignalSpy attention(&model, &FleetModel::attentionCountChanged);
        model.reset({session(u"app-1"_s), session(u"app-2"_s)});
        QCOMPARE(attention.takeLast().at(0).toInt(), 0);
        model.queue(withFailingCi(session(u"app-2"_s)));
        model.flush();
        QCOMPARE(attention.count(), 1);
        QCOMPARE(attention.takeLast().at(0).toInt(), 1);
        model.queue(session(u"app-1"_s, 2)); // no change in the count: no signal
        model.flush();
        QCOMPARE(attention.count(), 0);
    }

    void sessionsThatNeedAPersonComeFirstInEitherOrder()
    {
        FleetModel model;
        SessionRecord ended = session(u"app-1"_s);
        ended.state = SessionState::Terminated;
        ended.reason = SessionReason::ManuallyKilled;
        // Killed needs no one; app-10 sorts after app-9 by number, not text.
        model.reset({ended, session(u"app-2"_s), withFailingCi(session(u"app-10"_s)), session(u"app-9"_s)});
        FleetSortModel sorted;
        sorted.setSourceModel(&model);
        sorted.sort(FleetModel::SessionColumn, Qt::AscendingOrder);
        QCOMPARE(sessionOrder(sorted), QStringList({u"app-10"_s, u"app-2"_s, u"app-9"_s, u"app-1"_s}));
        sorted.sort(FleetModel::SessionColumn, Qt::DescendingOrder);
        QCOMPARE(sessionOrder(sorted), QStringList({u"app-10"_s, u"app-9"_s, u"app-2"_s, u"app-1"_s}));

        // A change that needs someone moves its row up as it arrives.
        model.queue(withFailingCi(session(u"app-2"_s, 3)));
        model.flush();
        QCOMPARE(sessionOrder(sorted).mid(0, 2), QStringList({u"app-10"_s, u"app-2"_s}));
    }

    void filtersBySessionIssueBranchOrStatus()
    {
        FleetModel model;
        model.reset({session(u"app-1"_s), withFailingCi(session(u"app-2"_s)), session(u"web-3"_s)});
        FleetSortModel sorted;
        sorted.setSourceModel(&model);
        sorted.setFilterText(u"WEB"_s);
        QCOMPARE(sessionOrder(sorted), QStringList({u"web-3"_s}));
        sorted.setFilterText(u"ci failed"_s);
        QCOMPARE(sessionOrder(sorted), QStringList({u"app-2"_s}));
        sorted.setFilterText(u"LOCAL-1"_s);
        QCOMPARE(sessionOrder(sorted), QStringList({u"app-1"_s}));
        sorted.setFilterText(u"  "_s);
        QCOMPARE(sorted.rowCount(), 3);
    }
};

QTEST_GUILESS_MAIN(TestFleetModel)
#include "tst_fleet_model.moc"
