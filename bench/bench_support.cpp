#include "bench_support.h"

#include "config/config_loader.h"
#include "custom_agent.h"
#include "fleet/fleet.h"
#include "lifecycle/session_manager.h"
#include "plugin/plugin_registry.h"
#include "store/store.h"
#include "tmux_runtime.h"
#include "worktree_workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::bench {

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double maximum(const std::vector<double> &values)
{
    return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

QString ms(double value)
{
    return QString::number(value, 'f', 1);
}

int argument(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

QString missingTool(const QStringList &programs)
{
    for (const QString &program : programs) {
        if (QStandardPaths::findExecutable(program).isEmpty())
            return program;
    }
    return {};
}

BenchEnvironment::BenchEnvironment() : m_savedHome(qgetenv("HOME")), m_savedTmuxDir(qgetenv("TMUX_TMPDIR"))
{
    const QString home = root() + u"/home"_s;
    const QString tmux = root() + u"/tmux"_s;
    QDir().mkpath(home);
    QDir().mkpath(tmux);
    qputenv("HOME", home.toLocal8Bit());
    qputenv("TMUX_TMPDIR", tmux.toLocal8Bit());
}

BenchEnvironment::~BenchEnvironment()
{
    qputenv("HOME", m_savedHome);
    if (m_savedTmuxDir.isNull())
        qunsetenv("TMUX_TMPDIR");
    else
        qputenv("TMUX_TMPDIR", m_savedTmuxDir);
}

Result<QString> git(const QStringList &arguments, const QString &workDir, int timeoutMs)
{
    const QStringList identity = {u"-c"_s, u"user.name=Bench"_s, u"-c"_s, u"user.email=bench@example.invalid"_s};
    const test::ProcessResult result =
        test::runProcess(u"git"_s, identity + arguments, QProcessEnvironment::systemEnvironment(), workDir, timeoutMs);
    if (!result.finished || result.exitCode != 0)
        return makeError(u"bench.git"_s, u"git %1 failed: %2"_s.arg(arguments.join(u' '), result.err.trimmed()),
                         workDir);
    return result.out;
}

Result<QString> makeRepository(const QString &parent, int fileCount)
{
    const QString origin = parent + u"/origin.git"_s;
    const QString checkout = parent + u"/main"_s;
    QDir().mkpath(checkout);
    if (auto made = git({u"init"_s, u"--bare"_s, u"-b"_s, u"main"_s, origin}, parent); !made)
        return made.error();
    if (auto made = git({u"init"_s, u"-b"_s, u"main"_s, checkout}, parent); !made)
        return made.error();
    // 10 × 10 folders of at most 100 files each (and deeper as the count grows).
    for (int i = 0; i < fileCount; ++i) {
        const QString folder = u"%1/src/m%2/p%3"_s.arg(checkout).arg(i / 1000).arg(i / 100 % 10);
        if (i % 100 == 0)
            QDir().mkpath(folder);
        QFile file(u"%1/f%2.txt"_s.arg(folder).arg(i));
        if (!file.open(QIODevice::WriteOnly))
            return makeError(u"bench.repository"_s, u"cannot write %1"_s.arg(file.fileName()), file.errorString());
        file.write(QByteArray("file ") + QByteArray::number(i) + "\n" + QByteArray(200, 'x') + "\n");
    }
    for (const QStringList &step :
         {QStringList{u"add"_s, u"-A"_s}, QStringList{u"commit"_s, u"-q"_s, u"-m"_s, u"Seed"_s},
          QStringList{u"remote"_s, u"add"_s, u"origin"_s, origin},
          QStringList{u"push"_s, u"-q"_s, u"-u"_s, u"origin"_s, u"main"_s},
          // Packed, as a cloned repository is: reading 10,000 loose objects is not what users see.
          QStringList{u"repack"_s, u"-a"_s, u"-d"_s, u"-q"_s}}) {
        if (auto done = git(step, checkout); !done)
            return done.error();
    }
    return checkout;
}

QString fakeAgentScript()
{
    return QStringLiteral(FLOTILLA_FAKE_AGENT);
}

QByteArray fleetConfig(const QString &repository)
{
    return "defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: custom\n"
           "projects:\n  bench:\n    path: "
           + repository.toUtf8() + "\n    sessionPrefix: bench\n    agentConfig:\n      command: python3 "
           + fakeAgentScript().toUtf8() + "\n";
}

void killTmuxServer(const QString &socket, const QProcessEnvironment &environment)
{
    (void)test::runProcess(u"tmux"_s, {u"-L"_s, socket, u"kill-server"_s}, environment, QString(), 10000);
}

BenchFleet::BenchFleet(const QString &dataDir, const QString &socket) : m_dataDir(dataDir), m_socket(socket) {}

BenchFleet::~BenchFleet()
{
    m_fleet.reset();
}

Result<void> BenchFleet::start(const QString &repository)
{
    m_store = std::make_unique<Store>();
    if (auto opened = m_store->open(m_dataDir + u"/bench.db"_s); !opened)
        return opened.error();
    m_registry = std::make_unique<PluginRegistry>();
    const QString socket = m_socket;
    const QList<Result<void>> added = {
        m_registry->add(PluginRegistry::Entry{
            RuntimePlugin::kSlot, u"tmux"_s, u"tmux on a private server"_s,
            [socket](const PluginSettings &) {
                return std::unique_ptr<Plugin>(std::make_unique<TmuxRuntime>(QJsonObject{{u"socket"_s, socket}}));
            }}),
        m_registry->add<WorkspacePlugin, WorktreeWorkspace>(u"worktree"_s, u"git worktrees"_s),
        m_registry->add<AgentPlugin, CustomAgent>(u"custom"_s, u"a command template"_s),
    };
    for (const Result<void> &result : added) {
        if (!result)
            return result.error();
    }
    const LoadedConfig loaded =
        ConfigLoader::loadText(fleetConfig(repository), m_dataDir + u"/flotilla.yaml"_s, std::nullopt);
    if (loaded.hasErrors())
        return makeError(u"bench.config"_s, loaded.errors().value(0).toString());
    m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, Fleet::Options());
    if (const QStringList problems = m_fleet->apply(std::make_shared<const Config>(loaded.config)); !problems.isEmpty())
        return makeError(u"bench.config"_s, problems.join(u"; "_s));
    m_fleet->start();
    return {};
}

void BenchFleet::tearDown(const QStringList &sessionIds)
{
    if (m_fleet) {
        std::vector<Async<void>> kills;
        for (const QString &id : sessionIds)
            kills.push_back(m_fleet->sessions().kill(id, u"benchmark over"_s, u"bench"_s));
        for (const Async<void> &pending : kills) {
            if (auto killed = await(pending); !killed)
                QTextStream(stderr) << "kill failed: " << killed.error().toString() << Qt::endl;
        }
        m_fleet->stop();
    }
    killTmuxServer(m_socket, QProcessEnvironment::systemEnvironment());
}

} // namespace flotilla::bench
