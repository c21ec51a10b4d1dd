#pragma once

#include "isolated_environment.h"
#include "plugin/plugin_common.h"
#include "process_helpers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace flotilla {
class Fleet;
class PluginRegistry;
class Store;
} // namespace flotilla

namespace flotilla::bench {

// Exit code of a benchmark that cannot run here (CTest reads it as "skipped").
constexpr int kSkipped = 77;

double median(std::vector<double> values);
double maximum(const std::vector<double> &values);
QString ms(double value); // "12.3"
int argument(const QStringList &arguments, const QString &name, int fallback);

// An empty string when every program is on PATH, else the first one missing.
QString missingTool(const QStringList &programs);

// test::IsolatedEnvironment plus a private HOME and TMUX_TMPDIR, so neither the user's git
// settings nor their tmux servers are reached by anything the benchmark starts.
class BenchEnvironment final
{
public:
    BenchEnvironment();
    ~BenchEnvironment();
    BenchEnvironment(const BenchEnvironment &) = delete;
    BenchEnvironment &operator=(const BenchEnvironment &) = delete;

    QString root() const { return m_isolated.root(); }
    const test::IsolatedEnvironment &isolated() const { return m_isolated; }
    QProcessEnvironment processEnvironment() const { return m_isolated.processEnvironment(); }

private:
    test::IsolatedEnvironment m_isolated;
    QByteArray m_savedHome;
    QByteArray m_savedTmuxDir;
};

// Runs git with a fixed identity; fails with its stderr.
Result<QString> git(const QStringList &arguments, const QString &workDir, int timeoutMs = 120000);

// `<parent>/main`, a checkout of branch main with `fileCount` files spread over nested folders
// in one commit, tracking `<parent>/origin.git`, a bare repository it was pushed to.
Result<QString> makeRepository(const QString &parent, int fileCount);

// The fake interactive agent CLI from the test suite.
QString fakeAgentScript();

// The configuration of one project "bench" on `repository`: tmux runtime, worktree
// workspace, the custom agent running the fake agent (the prompt is typed in after launch).
QByteArray fleetConfig(const QString &repository);

// A Fleet as the app builds it, over a store in `dataDir`, whose tmux runtime uses the
// private server `socket` (the configuration cannot choose a runtime's settings).
class BenchFleet final
{
public:
    BenchFleet(const QString &dataDir, const QString &socket);
    ~BenchFleet();
    BenchFleet(const BenchFleet &) = delete;
    BenchFleet &operator=(const BenchFleet &) = delete;

    // Opens the store and applies the configuration; any problem is an error.
    Result<void> start(const QString &repository);
    Fleet &fleet() { return *m_fleet; }
    // Kills every session spawned so far (runtime and worktree), then the tmux server.
    void tearDown(const QStringList &sessionIds);

private:
    QString m_dataDir;
    QString m_socket;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<Fleet> m_fleet;
};

// Stops the private tmux server named `socket` (and with it every agent it runs).
void killTmuxServer(const QString &socket, const QProcessEnvironment &environment);

// Runs the event loop until `future` finishes (or `timeoutMs` passes): the benchmark's own
// main thread may block, product code never does.
template<typename T> Result<T> await(Async<T> future, int timeoutMs = 300000)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<Result<T>> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    if (!future.isFinished() || future.resultCount() == 0)
        return makeError(QStringLiteral("bench.timeout"), QStringLiteral("no answer in time"));
    return future.result();
}

// Wall milliseconds from the call until `future` finishes.
template<typename T> std::pair<double, Result<T>> timed(const std::function<Async<T>()> &call)
{
    QElapsedTimer clock;
    clock.start();
    Result<T> result = await(call());
    return {static_cast<double>(clock.nsecsElapsed()) / 1e6, std::move(result)};
}

} // namespace flotilla::bench
