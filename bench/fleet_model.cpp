// How fast the fleet table takes a burst of changes: a 1,000-session FleetModel behind the
// sort-and-filter proxy the main window uses (sorted by age, filtered by a search text), then
// 100 sessions changing at once (state, CI, review, activity, cost) applied as one batch.
// Measures queue + flush, including the proxy's re-sort and the attention count.
//
//   bench_fleet_model [--sessions 1000] [--changed 100] [--runs 15]
#include "models/fleet_model.h"
#include "models/fleet_sort_model.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

int argument(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

SessionRecord session(int i, const QDateTime &now)
{
    SessionRecord record;
    record.id = u"app-%1"_s.arg(i);
    record.projectId = i % 3 == 0 ? u"api"_s : u"app"_s;
    record.issueId = QString::number(1000 + i);
    record.displayName = u"Issue %1: make the thing %2 work"_s.arg(1000 + i).arg(i % 17);
    record.branch = u"feat/issue-%1"_s.arg(1000 + i);
    record.agent = u"claude-code"_s;
    record.state = SessionState::Working;
    record.activity.state = ActivityState::Active;
    record.createdAt = now.addSecs(-60 * i);
    record.startedAt = record.createdAt;
    record.pr.state = i % 4 == 0 ? PrState::None : PrState::Open;
    record.pr.number = i % 4 == 0 ? 0 : i;
    record.pr.ci = PrCiState::Pending;
    record.revision = 1;
    return record;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const int sessions = std::max(1, argument(arguments, u"--sessions"_s, 1000));
    const int changed = std::clamp(argument(arguments, u"--changed"_s, 100), 1, sessions);
    const int runs = std::max(1, argument(arguments, u"--runs"_s, 15));
    const QDateTime now = QDateTime::currentDateTimeUtc();

    FleetModel model;
    model.setClock([now] { return now; });
    FleetSortModel sorted;
    sorted.setSourceModel(&model);
    sorted.sort(FleetModel::AgeColumn, Qt::AscendingOrder);
    sorted.setFilterText(u"issue"_s);
    QList<SessionRecord> all;
    for (int i = 0; i < sessions; ++i)
        all << session(i, now);
    model.reset(all);

    QTextStream out(stdout);
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        // A different 100 each run, each with new facts.
        QList<SessionRecord> burst;
        for (int k = 0; k < changed; ++k) {
            SessionRecord record = all.at((run * 37 + k * (sessions / changed)) % sessions);
            record.revision += run + 1;
            record.pr.ci = (run + k) % 3 == 0 ? PrCiState::Failing : PrCiState::Passing;
            record.pr.review = k % 2 ? PrReviewState::Approved : PrReviewState::ChangesRequested;
            record.activity.state = k % 5 == 0 ? ActivityState::WaitingInput : ActivityState::Ready;
            record.state = k % 5 == 0 ? SessionState::NeedsInput : SessionState::Idle;
            record.cost.usd = 0.01 * (run + k);
            record.lastTransitionAt = now;
            burst << record;
        }
        QElapsedTimer timer;
        timer.start();
        for (const SessionRecord &record : std::as_const(burst))
            model.queue(record);
        model.flush();
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        times.push_back(ms);
        for (const SessionRecord &record : std::as_const(burst))
            all[model.rowOf(record.id)] = record; // rows keep their places in the source model
        out << u"run %1: %2 ms\n"_s.arg(run + 1).arg(ms, 0, 'f', 3);
    }
    std::sort(times.begin(), times.end());
    out << u"%1 changed rows applied to a %2-session model (sorted and filtered): median %3 ms (target < 5 ms), "
           "%4 rows shown, %5 need attention\n"_s.arg(changed)
               .arg(sessions)
               .arg(times[times.size() / 2], 0, 'f', 3)
               .arg(sorted.rowCount())
               .arg(model.attentionCount());
    return 0;
}
