// Many spawns asked for at once through the session manager, against the real plugins: a git
// worktree each on a small repository with a bare origin, a tmux session each on a private
// server, the fake agent CLI with the prompt typed in after launch. Every spawn must succeed;
// the figures are each spawn's latency (request → answer) and the wall time of the whole batch.
//
//   bench_parallel_spawn [--sessions N]
#include "bench_support.h"
#include "fleet/fleet.h"
#include "lifecycle/session_manager.h"

#include <QTextStream>

using namespace flotilla;
using namespace flotilla::bench;
using namespace Qt::StringLiterals;

namespace {

struct Outcome
{
    double latencyMs = -1; // below zero: no answer yet
    QString sessionId;
    QString error;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argument(app.arguments(), u"--sessions"_s, 20);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (const QString missing = missingTool({u"git"_s, u"tmux"_s, u"python3"_s}); !missing.isEmpty()) {
        err << missing << " not found; skipping" << Qt::endl;
        return kSkipped;
    }

    BenchEnvironment env;
    auto repository = makeRepository(env.root() + u"/repo"_s, 50);
    if (!repository) {
        err << repository.error().toString() << Qt::endl;
        return 1;
    }
    BenchFleet fleet(env.root(), u"flotilla-bench-%1"_s.arg(QCoreApplication::applicationPid()));
    if (auto started = fleet.start(repository.value()); !started) {
        err << started.error().toString() << Qt::endl;
        fleet.tearDown({});
        return 1;
    }

    std::vector<Outcome> outcomes(static_cast<size_t>(count));
    std::vector<std::unique_ptr<QFutureWatcher<Result<SessionRecord>>>> watchers;
    int answered = 0;
    QEventLoop loop;
    QElapsedTimer clock;
    // When each session entered each step, to show where the latency goes.
    QHash<QString, QList<QPair<QString, double>>> steps;
    QObject::connect(&fleet.fleet().sessions(), &SessionManager::progress, &loop,
                     [&steps, &clock](const QString &sessionId, const QString &step) {
                         steps[sessionId].append({step, static_cast<double>(clock.nsecsElapsed()) / 1e6});
                     });
    clock.start();
    for (int i = 0; i < count; ++i) {
        SpawnRequest request;
        request.projectId = u"bench"_s;
        request.prompt = u"Parallel spawn %1: say hello."_s.arg(i + 1);
        request.actor = u"bench"_s;
        auto watcher = std::make_unique<QFutureWatcher<Result<SessionRecord>>>();
        QFutureWatcher<Result<SessionRecord>> *raw = watcher.get();
        QObject::connect(
            raw, &QFutureWatcherBase::finished, &loop, [&outcomes, &answered, &loop, &clock, count, raw, i] {
                Outcome &outcome = outcomes[static_cast<size_t>(i)];
                outcome.latencyMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
                const Result<SessionRecord> result =
                    raw->future().resultCount() > 0 ? raw->result()
                                                    : Result<SessionRecord>(makeError(u"bench.none"_s, u"cancelled"_s));
                if (result)
                    outcome.sessionId = result->id;
                else
                    outcome.error = result.error().toString();
                if (++answered == count)
                    loop.quit();
            });
        raw->setFuture(fleet.fleet().sessions().spawn(request));
        watchers.push_back(std::move(watcher));
    }
    QTimer::singleShot(std::chrono::minutes(5), &loop, &QEventLoop::quit);
    if (answered < count)
        loop.exec();
    const double wallMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;

    std::vector<double> latencies;
    QStringList spawned;
    QStringList failures;
    QStringList stepOrder;
    QHash<QString, std::vector<double>> stepTimes;
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const Outcome &outcome = outcomes[i];
        if (!outcome.sessionId.isEmpty()) {
            spawned << outcome.sessionId;
            latencies.push_back(outcome.latencyMs);
            const QList<QPair<QString, double>> entered = steps.value(outcome.sessionId);
            for (qsizetype at = 0; at < entered.size(); ++at) {
                const double left = at + 1 < entered.size() ? entered.at(at + 1).second : outcome.latencyMs;
                if (!stepOrder.contains(entered.at(at).first))
                    stepOrder << entered.at(at).first;
                stepTimes[entered.at(at).first].push_back(left - entered.at(at).second);
            }
        } else {
            failures << u"spawn %1: %2"_s.arg(i + 1).arg(outcome.latencyMs < 0 ? u"no answer in 5 minutes"_s
                                                                               : outcome.error);
        }
    }
    fleet.tearDown(spawned);

    out << "spawns issued at once: " << count << "\n";
    out << "succeeded: " << spawned.size() << " of " << count << "\n";
    for (const QString &failure : std::as_const(failures))
        out << "  failed " << failure << "\n";
    out << "per-spawn latency: median " << ms(median(latencies)) << " ms, max " << ms(maximum(latencies))
        << " ms  (ao 0.2.5: 4060 ms per session, flat from 1 to 30)\n";
    out << "total wall time:   " << ms(wallMs) << " ms\n";
    out << "time in each step, median / max (ms):";
    for (const QString &step : std::as_const(stepOrder))
        out << " " << step << " " << ms(median(stepTimes.value(step))) << " / " << ms(maximum(stepTimes.value(step)));
    out << Qt::endl;
    return failures.isEmpty() ? 0 : 1;
}
