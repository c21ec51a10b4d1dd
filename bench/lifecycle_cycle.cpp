// One lifecycle cycle over a fleet of sessions with in-memory plugins: CPU time per cycle and
// memory per session. Fake plugins answer at once, so this measures Flotilla's own work:
// reading the fleet from SQLite, deciding every session, storing what changed, reactions.
//
//   bench_lifecycle_cycle [--sessions N] [--cycles N]
#include "in_memory_plugins.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/reaction_engine.h"
#include "lifecycle/session_actions.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <ctime>
#include <malloc.h>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

class NoActions final : public SessionActions
{
public:
    Async<void> sendToAgent(const SessionRecord &, const QString &) override { return readyOk(); }
    Async<void> kill(const SessionRecord &, const QString &) override { return readyOk(); }
    Async<void> closePullRequest(const SessionRecord &) override { return readyOk(); }
    Async<void> merge(const SessionRecord &, MergeMethod, const QString &) override { return readyOk(); }
};

double cpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

size_t heapBytes()
{
    return mallinfo2().uordblks;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int argument(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int sessionCount = argument(app.arguments(), u"--sessions"_s, 100);
    const int cycles = argument(app.arguments(), u"--cycles"_s, 50);
    QTextStream out(stdout);

    QTemporaryDir dir;
    Store store;
    if (auto opened = store.open(dir.path() + u"/bench.db"_s); !opened) {
        out << "cannot open the store: " << opened.error().toString() << Qt::endl;
        return 1;
    }
    fakes::Runtime runtime;
    fakes::Agent agent;
    fakes::Scm scm;
    ProjectPlugins plugins{u"bench"_s, u"acme/bench"_s, &runtime, nullptr, nullptr, &scm, {}, {}};
    plugins.agents.insert(u"fake-agent"_s, &agent);
    NoActions actions;
    QDateTime now = QDateTime::currentDateTimeUtc();
    ReactionEngine reactions({store.events(), store.trackers(), store.decisions(), actions,
                              [](const QString &, const QString &) { return std::optional<ReactionPolicy>(); },
                              [](const QString &, Priority) { return QStringList{u"desktop"_s}; },
                              [&now] { return now; }});
    LifecycleManager lifecycle({store.sessions(), reactions, [&plugins](const QString &) { return &plugins; },
                                [&now] { return now; }, LifecyclePolicy{}});

    const size_t heapBefore = heapBytes();
    for (int i = 1; i <= sessionCount; ++i) {
        SessionRecord session;
        session.id = u"bench-%1"_s.arg(i);
        session.projectId = u"bench"_s;
        session.agent = u"fake-agent"_s;
        session.branch = u"feat/%1"_s.arg(i);
        session.displayName = u"Benchmark session %1 with a realistic title of some length"_s.arg(i);
        session.createdAt = now.addSecs(-3600);
        session.runtime.handle = u"mem-bench-%1"_s.arg(i);
        runtime.launched.insert(session.runtime.handle, RuntimeLaunch{session.id, {}, {}, {}});
        ActivityReading reading;
        reading.state = ActivityState::Active;
        reading.at = now;
        reading.confidence = ActivityReading::Confidence::Valid;
        agent.activity.insert(session.id, reading);
        PrSnapshot pr;
        pr.state = PrState::Open;
        pr.number = i;
        pr.headSha = u"%1"_s.arg(i, 40, 16, QLatin1Char('0'));
        pr.reviewDecision = PrSnapshot::ReviewDecision::Pending;
        pr.ciStatus = PrSnapshot::CiStatus::Passing;
        scm.byBranch.insert(session.branch, pr);
        if (auto inserted = store.sessions().insert(session); !inserted) {
            out << "cannot insert: " << inserted.error().toString() << Qt::endl;
            return 1;
        }
    }

    const auto runCycle = [&] {
        // Plugins that answer at once may finish the cycle inside pollNow().
        QEventLoop loop;
        bool finished = false;
        const auto connection = QObject::connect(&lifecycle, &LifecycleManager::cycleFinished, &loop, [&] {
            finished = true;
            loop.quit();
        });
        lifecycle.pollNow();
        if (!finished)
            loop.exec();
        QObject::disconnect(connection);
    };
    runCycle(); // every session: spawning → review_pending
    const size_t heapAfterFirst = heapBytes();

    std::vector<double> steady;
    size_t peak = heapAfterFirst;
    for (int i = 0; i < cycles; ++i) {
        now = now.addSecs(30);
        const double start = cpuMs();
        runCycle();
        steady.push_back(cpuMs() - start);
        peak = std::max(peak, heapBytes());
    }
    // Every session changes every cycle: CI flips between failing and passing.
    std::vector<double> busy;
    for (int i = 0; i < cycles; ++i) {
        for (auto it = scm.byBranch.begin(); it != scm.byBranch.end(); ++it)
            it->ciStatus = i % 2 == 0 ? PrSnapshot::CiStatus::Failing : PrSnapshot::CiStatus::Passing;
        now = now.addSecs(30);
        const double start = cpuMs();
        runCycle();
        busy.push_back(cpuMs() - start);
    }

    const double retainedPerSession = static_cast<double>(heapAfterFirst - heapBefore) / sessionCount / 1024.0;
    const double peakPerSession = static_cast<double>(peak - heapBefore) / sessionCount / 1024.0;
    out << "sessions: " << sessionCount << ", cycles measured: " << cycles << " steady + " << cycles << " busy\n";
    out << "CPU per cycle, steady (no changes):      median " << QString::number(median(steady), 'f', 3) << " ms"
        << "  (target < 5 ms)\n";
    out << "CPU per cycle, busy (every session moves): median " << QString::number(median(busy), 'f', 3) << " ms\n";
    out << "memory per session, retained:  " << QString::number(retainedPerSession, 'f', 2)
        << " KiB (target < 50 KB)\n";
    out << "memory per session, peak:      " << QString::number(peakPerSession, 'f', 2) << " KiB\n";
    out << "runtime probes: " << runtime.probeCalls << ", SCM batches: " << scm.batchCalls
        << ", activity reads: " << agent.activityCalls << Qt::endl;
    return 0;
}
