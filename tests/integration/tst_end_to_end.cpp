#include "async_wait.h"
#include "builtin_plugins.h"
#include "config/config_loader.h"
#include "fake_agent_records.h"
#include "fleet/fleet.h"
#include "headless_instance.h"
#include "isolated_environment.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/session_manager.h"
#include "model/display_status.h"
#include "model/model_enums.h"
#include "plugin/plugin_registry.h"
#include "process_helpers.h"
#include "store/store.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QString kSecret = u"s3cret-e2e-7f1c9a2b4d"_s;

QMutex g_logMutex;
QStringList g_log;

void captureLog(QtMsgType, const QMessageLogContext &, const QString &message)
{
    const QMutexLocker lock(&g_logMutex);
    g_log << message;
}

// Each agent records what it receives in its own file, and gets a secret only through its
// environment, like a token from the keychain would arrive.
class AgentEnvironment final : public LifecyclePlugin
{
public:
    explicit AgentEnvironment(QString recordDir) : m_recordDir(std::move(recordDir)) {}
    QString name() const override { return u"test-environment"_s; }
    Async<SpawnContribution> onSpawn(const SessionRecord &session) override
    {
        SpawnContribution contribution;
        contribution.environment = {{u"FAKE_AGENT_RECORD"_s, recordFile(session.id)},
                                    {u"FAKE_AGENT_THINK_MS"_s, u"50"_s},
                                    {u"SHOP_DEPLOY_TOKEN"_s, kSecret}};
        contribution.environmentKeysForAudit = {u"FAKE_AGENT_RECORD"_s, u"FAKE_AGENT_THINK_MS"_s,
                                                u"SHOP_DEPLOY_TOKEN"_s};
        return ready(Result<SpawnContribution>(contribution));
    }
    void onTransition(const SessionRecord &, const QString &, const QString &) override {}
    void onKill(const SessionRecord &) override {}

    QString recordFile(const QString &sessionId) const { return m_recordDir + u'/' + sessionId + u".jsonl"_s; }

private:
    QString m_recordDir;
};

// The messages an agent recorded, in order (its own start and command lines left out).
QString longMessage()
{
    // 200 lines of 49 characters: tabs, quotes, shell and non-ASCII characters that a
    // keystroke-by-keystroke send would mangle.
    QStringList lines;
    for (int i = 0; i < 200; ++i)
        lines << u"line %1:\tümlaut \"q\" 'single' $HOME `t` \\b\\s "_s.arg(i, 3, 10, QLatin1Char('0'))
                     .leftJustified(49, u'.', true);
    return lines.join(u'\n').leftJustified(10000, u'x');
}

} // namespace

// Real tmux, real git (a bare origin), real worktrees and the fake agent CLI: five sessions
// spawned at once, long multi-line messages delivered intact, kill and restore, and a secret
// that reaches the agents and nothing else.
class TestEndToEnd final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    QString m_repo;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<AgentEnvironment> m_agentEnvironment;
    std::unique_ptr<Fleet> m_fleet;

    ProcessResult git(const QStringList &arguments, const QString &dir)
    {
        return runProcess(u"git"_s, arguments, m_env->processEnvironment(), dir);
    }

    bool tmuxHas(const QString &session)
    {
        return runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"has-session"_s, u"-t"_s, u'=' + session},
                          m_env->processEnvironment())
                   .exitCode
               == 0;
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"tmux"_s).isEmpty() || QStandardPaths::findExecutable(u"git"_s).isEmpty()
            || QStandardPaths::findExecutable(u"python3"_s).isEmpty())
            QFAIL("tmux, git and python3 are needed (scripts/install-deps installs them)");
        m_env = std::make_unique<IsolatedEnvironment>();
        // A private tmux server: its socket lives under the test's own folder.
        qputenv("TMUX_TMPDIR", QFile::encodeName(m_env->root()));
        // The fake agent keeps its session log under HOME, like Claude Code does.
        QVERIFY(QDir().mkpath(m_env->root() + u"/home"_s));
        qputenv("HOME", QFile::encodeName(m_env->root() + u"/home"_s));
        qunsetenv("TMUX");
        m_repo = m_env->workDir() + u"/shop"_s;
        QVERIFY(makeRepositoryWithOrigin(*m_env, m_repo));

        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/data/flotilla.db"_s).ok());
        m_registry = std::make_unique<PluginRegistry>();
        QVERIFY(registerBuiltinPlugins(*m_registry).ok());
        const QByteArray yaml =
            "defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: custom\n"
            "projects:\n  shop:\n    path: "
            + m_repo.toUtf8() + "\n    sessionPrefix: shop\n    agentConfig:\n      command: \"python3 "
            + QByteArray(FLOTILLA_FAKE_AGENT) + " --model {model}\"\n" + "  broken:\n    path: " + m_repo.toUtf8()
            + "\n    sessionPrefix: broken\n    postCreate:\n"
              "      - \"echo preparing; echo dependency missing >&2; exit 3\"\n"
              "    agentConfig:\n      command: \"python3 "
            + QByteArray(FLOTILLA_FAKE_AGENT) + "\"\n";
        const LoadedConfig loaded = ConfigLoader::loadText(yaml, m_repo + u"/flotilla.yaml"_s, std::nullopt);
        QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.errors().value(0).toString()));
        Fleet::Options options;
        options.pollInterval = std::chrono::hours(1);
        m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, options);
        m_agentEnvironment = std::make_unique<AgentEnvironment>(m_env->root() + u"/records"_s);
        QVERIFY(QDir().mkpath(m_env->root() + u"/records"_s));
        m_fleet->addHook(m_agentEnvironment.get());
        const QStringList problems = m_fleet->apply(std::make_shared<const Config>(loaded.config));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"; "_s)));
        qInstallMessageHandler(captureLog);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(nullptr);
        m_fleet.reset();
        if (m_env)
            runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"kill-server"_s}, m_env->processEnvironment());
    }

    void fiveAgentsReceiveEveryMessageIntact()
    {
        QList<Async<SessionRecord>> spawning;
        for (int i = 1; i <= 5; ++i) {
            SpawnRequest request;
            request.projectId = u"shop"_s;
            request.prompt = u"Task %1: make the shop better"_s.arg(i);
            spawning << m_fleet->sessions().spawn(request);
        }
        QStringList ids;
        for (const Async<SessionRecord> &future : spawning) {
            const auto spawned = waitFor(future);
            QVERIFY2(spawned, qPrintable(spawned ? QString() : spawned.error().toString()));
            ids << spawned->id;
            QVERIFY(QFileInfo(spawned->workspacePath + u"/.git"_s).exists());
            QCOMPARE(git({u"rev-parse"_s, u"--abbrev-ref"_s, u"HEAD"_s}, spawned->workspacePath).out.trimmed(),
                     spawned->branch);
            QVERIFY(tmuxHas(spawned->id));
        }
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 5);

        const QString big = longMessage();
        QCOMPARE(big.size(), 10000);
        QCOMPARE(big.count(u'\n'), 199);
        for (const QString &id : std::as_const(ids)) {
            QTRY_COMPARE_WITH_TIMEOUT(receivedMessages(m_agentEnvironment->recordFile(id)).size(), 1, 20000);
            for (const QString &text : {u"first: run the tests"_s, big, u"third: open a pull request"_s}) {
                const auto sent = waitFor(m_fleet->sessions().send(id, text, u"test"_s));
                QVERIFY2(sent, qPrintable(sent ? QString() : sent.error().toString()));
            }
        }
        for (const QString &id : std::as_const(ids)) {
            QTRY_COMPARE_WITH_TIMEOUT(receivedMessages(m_agentEnvironment->recordFile(id)).size(), 4, 20000);
            const QStringList texts = receivedMessages(m_agentEnvironment->recordFile(id));
            QVERIFY(texts.at(0).startsWith(u"Task "_s));
            QCOMPARE(texts.at(1), u"first: run the tests"_s);
            QCOMPARE(texts.at(2).toUtf8(), big.toUtf8()); // byte for byte
            QCOMPARE(texts.at(3), u"third: open a pull request"_s);
        }
    }

    void secretsReachTheAgentOnly()
    {
        // The agent has it (it says so without printing it).
        const QString id = u"shop-2"_s;
        QVERIFY(waitFor(m_fleet->sessions().send(id, u"ENV SHOP_DEPLOY_TOKEN"_s, u"test"_s)).ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QFile record(m_agentEnvironment->recordFile(id));
                return record.open(QIODevice::ReadOnly) && record.readAll().contains("SHOP_DEPLOY_TOKEN=set");
            }(),
            20000);

        const QByteArray secret = kSecret.toUtf8();
        // No process's argv.
        QDirIterator procs(u"/proc"_s, QDir::Dirs | QDir::NoDotAndDotDot);
        int scanned = 0;
        while (procs.hasNext()) {
            QFile cmdline(procs.next() + u"/cmdline"_s);
            if (cmdline.open(QIODevice::ReadOnly)) {
                ++scanned;
                QVERIFY2(!cmdline.readAll().contains(secret), qPrintable(cmdline.fileName()));
            }
        }
        QVERIFY(scanned > 5);
        // No database row or file of the store (WAL included), no file in the runtime folder.
        for (const QString &dir : QStringList{m_env->root() + u"/data"_s, m_env->root() + u"/runtime"_s}) {
            QDirIterator files(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile file(files.next());
                if (file.open(QIODevice::ReadOnly))
                    QVERIFY2(!file.readAll().contains(secret), qPrintable(file.fileName()));
            }
        }
        EventQuery everything;
        for (const StoredEvent &stored : m_store->events().query(everything).value())
            QVERIFY(!QJsonDocument(stored.event.data).toJson().contains(secret)
                    && !stored.event.message.contains(kSecret));
        // No log line.
        const QMutexLocker lock(&g_logMutex);
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(kSecret), qPrintable(line));
        // The audit log names the secret, not its value.
        EventQuery spawned;
        spawned.types = {u"session.spawned"_s};
        QVERIFY(QJsonDocument(m_store->events().query(spawned).value().first().event.data)
                    .toJson()
                    .contains("SHOP_DEPLOY_TOKEN"));
    }

    void agentsWithoutOwnRecordsAreReadFromTheirScreen()
    {
        // The fake agent keeps no log the custom agent plugin reads: its terminal tells.
        const QString id = u"shop-3"_s;
        QVERIFY(waitFor(m_fleet->sessions().send(id, u"ASK"_s, u"test"_s)).ok());
        QSignalSpy cycles(&m_fleet->lifecycle(), &LifecycleManager::cycleFinished);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                m_fleet->lifecycle().pollNow({id});
                cycles.wait(5000);
                return m_store->sessions().get(id).value()->activity.state == ActivityState::WaitingInput;
            }(),
            20000);
        QCOMPARE(enumName(deriveDisplayStatus(*m_store->sessions().get(id).value())), u"needs_input"_s);
    }

    void badInputIsRefusedWithNothingHalfCreated()
    {
        const int before = int(m_store->sessions().list().value().size());
        SpawnRequest request;
        request.projectId = u"broken"_s;
        request.prompt = u"never starts"_s;
        const auto failed = waitFor(m_fleet->sessions().spawn(request));
        QVERIFY(!failed);
        QCOMPARE(failed.error().context, u"workspace"_s);
        QVERIFY2(failed.error().message.contains(u"dependency missing"_s), qPrintable(failed.error().message));
        QVERIFY(failed.error().message.contains(u"exit"_s) || failed.error().message.contains(u"3"_s));
        const SessionRecord broken = *m_store->sessions().get(u"broken-1"_s).value();
        QCOMPARE(enumName(deriveDisplayStatus(broken)), u"errored"_s);
        QVERIFY(!tmuxHas(u"broken-1"_s));
        QVERIFY(!QDir(m_env->root() + u"/data/flotilla/worktrees/broken/broken-1"_s).exists());
        QVERIFY(git({u"worktree"_s, u"list"_s}, m_repo).out.count(u'\n') <= 6); // main + the five shop sessions

        request.projectId = u"shop"_s;
        request.agent = u"no-such-agent"_s;
        const auto unknownAgent = waitFor(m_fleet->sessions().spawn(request));
        QVERIFY(!unknownAgent);
        QCOMPARE(unknownAgent.error().code, u"spawn.plugin_missing"_s);
        request.agent.clear();
        request.projectId = u"nope"_s;
        QCOMPARE(waitFor(m_fleet->sessions().spawn(request)).error().code, u"spawn.unknown_project"_s);
        request.projectId = u"shop"_s;
        request.issueId = u"42"_s; // the project has no tracker
        QCOMPARE(waitFor(m_fleet->sessions().spawn(request)).error().context, u"issue"_s);
        QCOMPARE(int(m_store->sessions().list().value().size()), before + 1); // only the errored one
    }

    void killKeepsTheBranchAndRestoreBringsItBack()
    {
        const SessionRecord session = *m_store->sessions().get(u"shop-1"_s).value();
        QVERIFY(QDir(session.workspacePath).exists());
        QVERIFY(waitFor(m_fleet->sessions().kill(session.id, u"done for now"_s, u"test"_s)).ok());
        QVERIFY(!tmuxHas(session.id));
        QVERIFY(!QDir(session.workspacePath).exists());
        QCOMPARE(git({u"branch"_s, u"--list"_s, session.branch}, m_repo).out.trimmed().remove(u' '), session.branch);
        QCOMPARE(enumName(deriveDisplayStatus(*m_store->sessions().get(session.id).value())), u"killed"_s);

        const auto restored = waitFor(m_fleet->sessions().restore(session.id, u"test"_s));
        QVERIFY2(restored, qPrintable(restored ? QString() : restored.error().toString()));
        QVERIFY(QDir(restored->workspacePath).exists());
        QVERIFY(tmuxHas(session.id));
        const int before = int(receivedMessages(m_agentEnvironment->recordFile(session.id)).size());
        QVERIFY(waitFor(m_fleet->sessions().send(session.id, u"welcome back"_s, u"test"_s)).ok());
        QTRY_VERIFY_WITH_TIMEOUT(receivedMessages(m_agentEnvironment->recordFile(session.id)).size() > before, 20000);
        QCOMPARE(receivedMessages(m_agentEnvironment->recordFile(session.id)).last(), u"welcome back"_s);

        for (const SessionRecord &live : m_store->sessions().list({}, SessionStore::Terminated::Exclude).value())
            QVERIFY(waitFor(m_fleet->sessions().kill(live.id, {}, u"test"_s)).ok());
    }
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_end_to_end.moc"
