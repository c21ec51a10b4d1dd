// The whole reactive loop offline: three agents (the fake agent CLI in real tmux) work in real
// worktrees, push to a bare origin, the local SCM opens their pull requests and runs CI on each
// head, CI failures go back to the agents with the failing output, review happens through the
// local API, and approved green pull requests are merged into the origin by the auto-merge
// reaction.
#include "api_access.h"
#include "api_server.h"
#include "async_wait.h"
#include "builtin_plugins.h"
#include "config/config_loader.h"
#include "fake_agent_records.h"
#include "fleet/fleet.h"
#include "headless_instance.h"
#include "isolated_environment.h"
#include "lifecycle/session_manager.h"
#include "plugin/plugin_registry.h"
#include "process_helpers.h"
#include "store/store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kToken = "local-loop-token-5b1e";

// Each agent records what it receives in its own file.
class AgentRecords final : public LifecyclePlugin
{
public:
    explicit AgentRecords(QString folder) : m_folder(std::move(folder)) {}
    QString name() const override { return u"test-records"_s; }
    Async<SpawnContribution> onSpawn(const SessionRecord &session) override
    {
        SpawnContribution contribution;
        contribution.environment = {{u"FAKE_AGENT_RECORD"_s, file(session.id)}, {u"FAKE_AGENT_THINK_MS"_s, u"50"_s}};
        return ready(Result<SpawnContribution>(contribution));
    }
    void onTransition(const SessionRecord &, const QString &, const QString &) override {}
    void onKill(const SessionRecord &) override {}
    QString file(const QString &sessionId) const { return m_folder + u'/' + sessionId + u".jsonl"_s; }

private:
    QString m_folder;
};

} // namespace

class TestLocalLoop final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    QString m_repo;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<AgentRecords> m_records;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<ApiAccess> m_access;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;

    QString git(const QStringList &arguments, const QString &dir)
    {
        const ProcessResult result = runProcess(u"git"_s, arguments, m_env->processEnvironment(), dir);
        if (result.exitCode != 0)
            qWarning("git %s: %s", qPrintable(arguments.join(u' ')), qPrintable(result.err));
        return result.out.trimmed();
    }

    HttpExchange post(const QByteArray &path, const QJsonObject &body)
    {
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        const QByteArray request =
            "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) + "\r\nAuthorization: Bearer "
            + kToken + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size())
            + "\r\nConnection: close\r\n\r\n" + json;
        const quint16 port = m_port;
        auto future = QtConcurrent::run([port, request] { return rawHttp(port, request, 20000); });
        while (!future.isFinished())
            QTest::qWait(5);
        return future.result();
    }

    SessionRecord session(const QString &id) const { return m_store->sessions().get(id).value().value(); }

    // Lets the fleet run until `done` holds for the session, or the time is up.
    bool runUntil(const QString &id, const std::function<bool(const SessionRecord &)> &done, int timeoutMs = 120000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            if (done(session(id)))
                return true;
            QTest::qWait(100);
        }
        qWarning("%s stopped at %s", qPrintable(id), qPrintable(eventTypes(id).join(u", "_s)));
        return false;
    }

    QStringList eventTypes(const QString &id) const
    {
        EventQuery query;
        query.sessionId = id;
        query.limit = 500;
        query.order = EventQuery::Order::OldestFirst;
        auto events = m_store->events().query(query);
        QStringList types;
        for (const StoredEvent &stored : events.value()) {
            const QString reaction = stored.event.data.value(u"reaction"_s).toString();
            types.append(reaction.isEmpty() ? stored.event.type : stored.event.type + u':' + reaction);
        }
        return types;
    }

    static bool inOrder(const QStringList &types, const QStringList &expected)
    {
        qsizetype at = 0;
        for (const QString &wanted : expected) {
            at = types.indexOf(wanted, at);
            if (at < 0)
                return false;
            ++at;
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        for (const QString &tool : {u"tmux"_s, u"git"_s, u"python3"_s}) {
            if (QStandardPaths::findExecutable(tool).isEmpty())
                QFAIL("tmux, git and python3 are needed (scripts/install-deps installs them)");
        }
        m_env = std::make_unique<IsolatedEnvironment>();
        qputenv("TMUX_TMPDIR", QFile::encodeName(m_env->root()));
        QVERIFY(QDir().mkpath(m_env->root() + u"/home"_s));
        qputenv("HOME", QFile::encodeName(m_env->root() + u"/home"_s));
        // The agents commit as someone, as they would on a developer's machine.
        QFile identity(m_env->root() + u"/home/.gitconfig"_s);
        QVERIFY(identity.open(QIODevice::WriteOnly));
        identity.write("[user]\n\tname = Agent\n\temail = agent@example.invalid\n");
        identity.close();
        qunsetenv("TMUX");
        m_repo = m_env->workDir() + u"/shop"_s;
        QVERIFY(makeRepositoryWithOrigin(*m_env, m_repo));
        // The project's test: check.txt must say ok.
        QFile check(m_repo + u"/check.txt"_s);
        QVERIFY(check.open(QIODevice::WriteOnly));
        check.write("ok\n");
        check.close();
        QFile test(m_repo + u"/test.sh"_s);
        QVERIFY(test.open(QIODevice::WriteOnly));
        test.write("echo running test_check\nv=$(cat check.txt)\n"
                   "if [ \"$v\" != ok ]; then echo \"FAIL: test_check: expected ok, got $v\"; exit 1; fi\n"
                   "echo \"1 test passed\"\n");
        test.close();
        git({u"add"_s, u"check.txt"_s, u"test.sh"_s}, m_repo);
        git({u"commit"_s, u"-q"_s, u"-m"_s, u"Add the check"_s}, m_repo);
        git({u"push"_s, u"-q"_s, u"origin"_s, u"main"_s}, m_repo);

        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/data/flotilla.db"_s).ok());
        m_registry = std::make_unique<PluginRegistry>();
        QVERIFY(registerBuiltinPlugins(*m_registry).ok());
        const QByteArray yaml = "defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: custom\n"
                                "projects:\n  shop:\n    path: "
                                + m_repo.toUtf8()
                                + "\n    sessionPrefix: shop\n    agentConfig:\n"
                                  "      command: \"python3 "
                                + QByteArray(FLOTILLA_FAKE_AGENT)
                                + "\"\n"
                                  "    scm:\n      plugin: local\n      ci:\n        command: sh test.sh\n"
                                  "        timeout: 60s\n"
                                  "    reactions:\n"
                                  "      ci-failed:\n        message: |-\n          EDIT check.txt ok\n"
                                  "          COMMIT Fix the check\n          PUSH\n"
                                  "      approved-and-green:\n        auto: true\n        action: auto-merge\n"
                                  "        mergeMethod: squash\n";
        const LoadedConfig loaded = ConfigLoader::loadText(yaml, m_repo + u"/flotilla.yaml"_s, std::nullopt);
        QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.errors().value(0).toString()));

        m_server = std::make_unique<ApiServer>();
        ApiServer::Options serverOptions;
        serverOptions.port = 0;
        serverOptions.token = kToken;
        QVERIFY(m_server->listen(serverOptions).ok());
        m_port = quint16(m_server->port());
        Fleet::Options options;
        options.pollInterval = std::chrono::milliseconds(500);
        m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, options);
        m_access = std::make_unique<ApiAccess>(kToken, m_store->sessions());
        m_access->setApiBase(u"http://127.0.0.1:%1"_s.arg(m_port));
        m_records = std::make_unique<AgentRecords>(m_env->root() + u"/records"_s);
        QVERIFY(QDir().mkpath(m_env->root() + u"/records"_s));
        m_fleet->addHook(m_access.get());
        m_fleet->addHook(m_records.get());
        const QStringList problems = m_fleet->apply(std::make_shared<const Config>(loaded.config));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"; "_s)));
        m_server->attach(*m_fleet, *m_store, *m_access);
        m_fleet->start();
    }

    void cleanupTestCase()
    {
        if (m_fleet)
            m_fleet->stop();
        m_server.reset();
        m_fleet.reset();
        if (m_env)
            runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"kill-server"_s}, m_env->processEnvironment());
    }

    void threeSessionsGoFromWorkToMerged()
    {
        QStringList ids;
        for (int i = 1; i <= 3; ++i) {
            SpawnRequest request;
            request.projectId = u"shop"_s;
            // Each agent adds its feature and, by mistake, breaks the project's check.
            request.prompt = u"Add feature %1.\nEDIT feature-%1.txt feature %1\nEDIT check.txt broken\n"
                             "COMMIT Add feature %1\nPUSH"_s.arg(i);
            const auto spawned = waitFor(m_fleet->sessions().spawn(request));
            QVERIFY2(spawned.ok(), qPrintable(spawned.ok() ? QString() : spawned.error().toString()));
            ids << spawned->id;
        }

        // CI fails on each first head; the agent gets the failing output and fixes it; CI passes.
        // The agent may act on the message before its delivery is confirmed, so the fix is
        // ordered after the reaction's start, and the delivery only has to be confirmed.
        for (const QString &id : std::as_const(ids)) {
            QVERIFY(runUntil(id, [&](const SessionRecord &s) {
                const QStringList types = eventTypes(id);
                return s.pr.reason == PrReason::ReviewPending
                       && types.lastIndexOf(u"review.pending"_s) > types.indexOf(u"reaction.triggered:ci-failed"_s)
                       && types.contains(u"reaction.triggered:ci-failed"_s)
                       && types.contains(u"reaction.sent:ci-failed"_s);
            }));
            const QStringList messages = receivedMessages(m_records->file(id));
            const auto ciMessage = std::find_if(messages.cbegin(), messages.cend(),
                                                [](const QString &text) { return text.contains(u"CI failed on"_s); });
            QVERIFY2(ciMessage != messages.cend(), qPrintable(messages.join(u"\n---\n"_s)));
            QVERIFY2(ciMessage->contains(u"FAIL: test_check: expected ok, got broken"_s), qPrintable(*ciMessage));
            QVERIFY(ciMessage->contains(u"ci: sh test.sh"_s));
        }

        // A person asks for a change on the first, with a line comment, through the API.
        const QString first = ids.first();
        const HttpExchange changes =
            post("/api/v1/sessions/" + first.toUtf8() + "/review",
                 QJsonObject{{u"verdict"_s, u"request-changes"_s},
                             {u"summary"_s, u"Explain the feature"_s},
                             {u"comments"_s, QJsonArray{QJsonObject{{u"path"_s, u"feature-1.txt"_s},
                                                                    {u"line"_s, 1},
                                                                    {u"body"_s, u"Say what feature 1 does"_s}}}}});
        QCOMPARE(changes.status, 201);
        QVERIFY(runUntil(first, [&](const SessionRecord &) {
            const QStringList messages = receivedMessages(m_records->file(first));
            return std::any_of(messages.cbegin(), messages.cend(),
                               [](const QString &text) { return text.contains(u"Changes were requested"_s); });
        }));
        const QStringList messages = receivedMessages(m_records->file(first));
        const QString changesMessage = *std::find_if(messages.cbegin(), messages.cend(), [](const QString &text) {
            return text.contains(u"Changes were requested"_s);
        });
        QVERIFY2(changesMessage.contains(u"feature-1.txt:1"_s), qPrintable(changesMessage));
        QVERIFY(changesMessage.contains(u"Say what feature 1 does"_s));

        // The thread the message names is resolved (the agent may do so itself for its own
        // pull request); then approval is all a person does, and the rest merges itself.
        const qsizetype threadAt = changesMessage.indexOf(u"thread: "_s);
        QVERIFY(threadAt > 0);
        const QString thread = changesMessage.mid(threadAt + 8).section(u'\n', 0, 0).trimmed();
        const HttpExchange resolved =
            post("/api/v1/sessions/" + first.toUtf8() + "/review/threads/" + thread.toUtf8() + "/resolve", {});
        QCOMPARE(resolved.status, 200);
        for (const QString &id : std::as_const(ids)) {
            const HttpExchange approval =
                post("/api/v1/sessions/" + id.toUtf8() + "/review", QJsonObject{{u"verdict"_s, u"approve"_s}});
            QCOMPARE(approval.status, 201);
        }
        for (const QString &id : std::as_const(ids))
            QVERIFY(runUntil(id, [](const SessionRecord &s) { return s.pr.state == PrState::Merged; }));

        for (int i = 1; i <= 3; ++i) {
            const QString content = git({u"show"_s, u"main:feature-%1.txt"_s.arg(i)}, m_repo + u".origin.git"_s);
            QCOMPARE(content, u"feature %1"_s.arg(i));
        }
        QCOMPARE(git({u"show"_s, u"main:check.txt"_s}, m_repo + u".origin.git"_s), u"ok"_s);

        for (const QString &id : std::as_const(ids)) {
            const QStringList types = eventTypes(id);
            QVERIFY2(inOrder(types, {u"session.spawned"_s, u"ci.failing"_s, u"reaction.triggered:ci-failed"_s,
                                     u"review.pending"_s, u"review.submitted"_s, u"merge.ready"_s,
                                     u"merge.requested:approved-and-green"_s, u"merge.completed"_s}),
                     qPrintable(types.join(u", "_s)));
        }
        const QStringList firstTypes = eventTypes(first);
        QVERIFY2(inOrder(firstTypes, {u"review.submitted"_s, u"review.changes_requested"_s,
                                      u"reaction.triggered:changes-requested"_s, u"review.thread_resolved"_s,
                                      u"review.submitted"_s, u"merge.completed"_s}),
                 qPrintable(firstTypes.join(u", "_s)));
    }
};

QTEST_GUILESS_MAIN(TestLocalLoop)
#include "tst_local_loop.moc"
