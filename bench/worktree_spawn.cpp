// Making a session's workspace in a repository of 10,000 files: the worktree plugin's create()
// beside `git worktree add` run as a process, interleaved run by run on the same repository,
// then a whole spawn (worktree, tmux session, agent, prompt) through the session manager.
// Flotilla's create also fetches the base branch from origin first (a local bare repository
// here), which `git worktree add` does not.
//
//   [TMPDIR=DIR] bench_worktree_spawn [--files N] [--runs N]
#include "bench_support.h"
#include "fleet/fleet.h"
#include "lifecycle/session_manager.h"
#include "worktree_workspace.h"

#include <QJsonObject>
#include <QTextStream>

#include <unistd.h>

using namespace flotilla;
using namespace flotilla::bench;
using namespace Qt::StringLiterals;

namespace {

struct Measured
{
    std::vector<double> flotilla;
    std::vector<double> git;
    std::vector<double> spawn;
};

// Writes out what earlier runs left dirty, so neither side's timing pays for the other's writes.
void settle()
{
    sync();
}

// Worktrees stay until every run is done: on ext4, creating files right after deleting
// thousands makes the allocator skip the recently freed inodes one by one, which would charge
// whoever comes second for the other's clean-up instead of for its own checkout.
struct Made
{
    QStringList flotilla;
    QStringList git;
};

Result<double> flotillaCreate(WorktreeWorkspace &workspace, const QString &repository, const QString &name, Made &made)
{
    WorkspaceRequest request;
    request.projectId = u"bench"_s;
    request.repositoryPath = repository;
    request.sessionId = name;
    request.branch = u"bench/"_s + name;
    request.baseBranch = u"main"_s;
    settle();
    auto [elapsed, created] = timed<WorkspaceInfo>([&] { return workspace.create(request); });
    if (!created)
        return created.error();
    made.flotilla << created->path;
    return elapsed;
}

Result<double> gitAdd(const QString &repository, const QString &root, const QString &name, Made &made)
{
    const QString path = root + u'/' + name;
    settle();
    QElapsedTimer clock;
    clock.start();
    const test::ProcessResult added = test::runProcess(
        u"git"_s, {u"worktree"_s, u"add"_s, u"-q"_s, u"-b"_s, u"bench/"_s + name, path, u"origin/main"_s},
        QProcessEnvironment::systemEnvironment(), repository, 120000);
    const double elapsed = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    if (!added.finished || added.exitCode != 0)
        return makeError(u"bench.git"_s, u"git worktree add failed: "_s + added.err.trimmed());
    made.git << path;
    return elapsed;
}

Result<void> removeAll(WorktreeWorkspace &workspace, const QString &repository, const Made &made)
{
    for (const QString &path : made.flotilla) {
        if (auto removed = await(workspace.destroy(path)); !removed)
            return removed.error();
    }
    for (const QString &path : made.git) {
        if (auto removed = git({u"worktree"_s, u"remove"_s, u"--force"_s, path}, repository); !removed)
            return removed.error();
    }
    return {};
}

Result<double> spawnOnce(Fleet &fleet, QStringList &spawned)
{
    SpawnRequest request;
    request.projectId = u"bench"_s;
    request.prompt = u"Measure how long a spawn takes."_s;
    request.actor = u"bench"_s;
    settle();
    auto [elapsed, session] = timed<SessionRecord>([&] { return fleet.sessions().spawn(request); });
    if (!session)
        return session.error();
    spawned << session->id;
    return elapsed;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int files = argument(app.arguments(), u"--files"_s, 10000);
    const int runs = argument(app.arguments(), u"--runs"_s, 7);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (const QString missing = missingTool({u"git"_s, u"tmux"_s, u"python3"_s}); !missing.isEmpty()) {
        err << missing << " not found; skipping" << Qt::endl;
        return kSkipped;
    }

    BenchEnvironment env;
    QElapsedTimer seeding;
    seeding.start();
    auto repository = makeRepository(env.root() + u"/repo"_s, files);
    if (!repository) {
        err << repository.error().toString() << Qt::endl;
        return 1;
    }
    out << "repository: " << files << " files, seeded in " << ms(static_cast<double>(seeding.elapsed())) << " ms\n";

    WorktreeWorkspace workspace(QJsonObject{{u"root"_s, QString(env.root() + u"/flotilla-worktrees"_s)}});
    const QString gitRoot = env.root() + u"/git-worktrees"_s;
    Measured measured;
    Made made;
    // One untimed round each: the first checkout pays for reading the objects into the page cache.
    for (int run = -1; run < runs; ++run) {
        const QString suffix = run < 0 ? u"warm"_s : QString::number(run);
        // Alternating who goes first keeps either from always inheriting the other's warm caches.
        const bool flotillaFirst = run % 2 == 0;
        Result<double> mine = makeError(u"bench.none"_s, QString());
        Result<double> theirs = makeError(u"bench.none"_s, QString());
        if (flotillaFirst)
            mine = flotillaCreate(workspace, repository.value(), u"fl-"_s + suffix, made);
        theirs = gitAdd(repository.value(), gitRoot, u"git-"_s + suffix, made);
        if (!flotillaFirst)
            mine = flotillaCreate(workspace, repository.value(), u"fl-"_s + suffix, made);
        for (const Result<double> *result : {&mine, &theirs}) {
            if (!*result) {
                err << result->error().toString() << Qt::endl;
                return 1;
            }
        }
        if (run >= 0) {
            measured.flotilla.push_back(mine.value());
            measured.git.push_back(theirs.value());
        }
    }

    if (auto removed = removeAll(workspace, repository.value(), made); !removed) {
        err << removed.error().toString() << Qt::endl;
        return 1;
    }

    const QString socket = u"flotilla-bench-%1"_s.arg(QCoreApplication::applicationPid());
    BenchFleet fleet(env.root(), socket);
    QStringList spawned;
    int status = 0;
    if (auto started = fleet.start(repository.value()); !started) {
        err << started.error().toString() << Qt::endl;
        status = 1;
    }
    for (int run = 0; status == 0 && run < runs; ++run) {
        auto latency = spawnOnce(fleet.fleet(), spawned);
        if (!latency) {
            err << "spawn failed: " << latency.error().toString() << Qt::endl;
            status = 1;
            break;
        }
        measured.spawn.push_back(latency.value());
    }
    fleet.tearDown(spawned);
    if (status != 0)
        return status;

    const double flotillaMedian = median(measured.flotilla);
    const double gitMedian = median(measured.git);
    out << "runs: " << runs << " (interleaved, after one warm-up each)\n";
    out << "worktree create, Flotilla (plugin, libgit2):   median " << ms(flotillaMedian) << " ms\n";
    out << "git worktree add -b B PATH origin/main:         median " << ms(gitMedian) << " ms\n";
    out << "ratio Flotilla / git:                           " << QString::number(flotillaMedian / gitMedian, 'f', 2)
        << "  (target <= 1.0)\n";
    out << "full spawn (worktree + tmux + agent + prompt):  median " << ms(median(measured.spawn)) << " ms, max "
        << ms(maximum(measured.spawn)) << " ms  (ao 0.2.5: 4060 ms)" << Qt::endl;
    return 0;
}
