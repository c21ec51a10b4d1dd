// Thirty sessions with pull requests on a fake GitHub, driven by the real lifecycle and
// reactions through the real GitHub SCM plugin: every transition, the failing step's log in the
// ci-failed message, human and bot review comments, rate limits and hostile answers.
#include "async_wait.h"
#include "fake_github.h"
#include "github_api.h"
#include "github_scm.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/reaction_engine.h"
#include "lifecycle/session_actions.h"
#include "model/display_status.h"
#include "model/enum_names.h"
#include "model/model_enums.h"
#include "net/rate_limit_account.h"
#include "store/store.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flotilla;
using namespace flotilla::fakes;

namespace {

constexpr auto kRepo = "acme/shop";
constexpr int kSessions = 30;

// The agent's side of a reaction: the text goes to the in-memory runtime.
class SentToRuntime final : public SessionActions
{
public:
    explicit SentToRuntime(fakes::Runtime &runtime) : m_runtime(runtime) {}
    Async<void> sendToAgent(const SessionRecord &session, const QString &text) override
    {
        return m_runtime.sendText(RuntimeHandle{session.runtime.handle, m_runtime.name(), {}}, text);
    }
    Async<void> kill(const SessionRecord &, const QString &) override { return readyOk(); }
    Async<void> closePullRequest(const SessionRecord &) override { return readyOk(); }
    Async<void> merge(const SessionRecord &, MergeMethod, const QString &) override { return readyOk(); }

private:
    fakes::Runtime &m_runtime;
};

QString actionsLog(const QString &testName)
{
    return u"\xFEFF"
           "2026-11-26T10:00:01.0000000Z ##[group]Run actions/checkout@v4\n"
           "2026-11-26T10:00:01.1000000Z with:\n"
           "2026-11-26T10:00:02.0000000Z ##[endgroup]\n"
           "2026-11-26T10:00:05.0000000Z ##[group]Run npm test\n"
           "2026-11-26T10:00:05.0100000Z \x1b[36;1mnpm test\x1b[0m\n"
           "2026-11-26T10:00:05.0200000Z ##[endgroup]\n"
           "2026-11-26T10:00:06.0000000Z > shop@1.0.0 test\n"
           "2026-11-26T10:00:07.0000000Z  PASS  src/price.test.js\n"
           "2026-11-26T10:00:08.0000000Z  FAIL  src/cart.test.js\n"
           "2026-11-26T10:00:08.1000000Z   \xE2\x97\x8F %1\n"
           "2026-11-26T10:00:08.2000000Z     expect(received).toBe(expected)\n"
           "2026-11-26T10:00:08.3000000Z     Expected: 3\n"
           "2026-11-26T10:00:08.4000000Z     Received: 2\n"
           "2026-11-26T10:00:09.0000000Z Tests:       1 failed, 41 passed, 42 total\n"
           "2026-11-26T10:00:09.5000000Z ##[error]Process completed with exit code 1.\n"
           "2026-11-26T10:00:10.0000000Z Post job cleanup.\n"_s.arg(testName);
}

} // namespace

class TestGithubFleet final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    std::unique_ptr<FakeGithub> m_github;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<GithubScm> m_scm;
    fakes::Runtime m_runtime;
    fakes::Agent m_agent;
    ProjectPlugins m_plugins;
    std::unique_ptr<SentToRuntime> m_actions;
    std::unique_ptr<ReactionEngine> m_reactions;
    std::unique_ptr<LifecycleManager> m_lifecycle;
    QDateTime m_now = QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC);
    QHash<QString, int> m_prOf;          // session → PR number
    qint64 m_accountClockOffsetSecs = 0; // moves the rate-limit accounts' clock past a reset
    qint64 m_nextJob = 7000;

    void addSession(const QString &id, const QString &branch)
    {
        SessionRecord session;
        session.id = id;
        session.projectId = u"shop"_s;
        session.agent = u"fake-agent"_s;
        session.branch = branch;
        session.createdAt = m_now.addSecs(-600);
        session.runtime.handle = u"mem-"_s + id;
        m_runtime.launched.insert(session.runtime.handle, RuntimeLaunch{id, {}, {}, {}});
        QVERIFY(m_store->sessions().insert(session).ok());
    }

    LifecycleManager::CycleStats cycle()
    {
        QSignalSpy finished(m_lifecycle.get(), &LifecycleManager::cycleFinished);
        m_now = m_now.addSecs(30);
        m_lifecycle->pollNow();
        [&] { QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000); }();
        return finished.isEmpty() ? LifecycleManager::CycleStats{}
                                  : finished.at(0).at(0).value<LifecycleManager::CycleStats>();
    }

    QString status(const QString &id) { return enumName(deriveDisplayStatus(*m_store->sessions().get(id).value())); }
    QStringList received(const QString &id) { return m_runtime.received.value(u"mem-"_s + id); }
    QString sessionId(int i) const { return u"shop-%1"_s.arg(i); }
    QString branch(int i) const { return u"feat/issue-%1"_s.arg(i); }
    QString sha(int i, int version) const
    {
        return u"%1%2"_s.arg(i, 4, 10, QLatin1Char('0')).arg(version, 36, 10, QLatin1Char('a'));
    }

    GhCheckRun actionsCheck(const QString &name, qint64 runId, qint64 jobId, const QString &status,
                            const QString &conclusion)
    {
        GhCheckRun run;
        run.id = jobId;
        run.name = name;
        run.status = status;
        run.conclusion = conclusion;
        run.workflowRunId = runId;
        run.jobId = jobId;
        return run;
    }

    // A failed Actions run on `headSha`: "test" fails in step 4 "Run npm test", "lint" passes.
    void failCi(int i, const QString &headSha)
    {
        const qint64 testJob = ++m_nextJob;
        const qint64 lintJob = ++m_nextJob;
        GhWorkflowRun run;
        run.name = u"CI"_s;
        run.headSha = headSha;
        run.headBranch = branch(i);
        run.conclusion = u"failure"_s;
        const QDateTime t0 = QDateTime(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC);
        GhJob test;
        test.id = testJob;
        test.name = u"test"_s;
        test.conclusion = u"failure"_s;
        test.steps = {
            GhStep{1, u"Set up job"_s, u"completed"_s, u"success"_s, t0, t0.addSecs(1)},
            GhStep{2, u"Run actions/checkout@v4"_s, u"completed"_s, u"success"_s, t0.addSecs(1), t0.addSecs(2)},
            GhStep{3, u"Run npm test"_s, u"completed"_s, u"failure"_s, t0.addSecs(5), t0.addSecs(9)},
            GhStep{4, u"Post job cleanup."_s, u"completed"_s, u"success"_s, t0.addSecs(10), t0.addSecs(10)}};
        test.log = actionsLog(u"cart adds item %1"_s.arg(i));
        GhJob lint;
        lint.id = lintJob;
        lint.name = u"lint"_s;
        lint.conclusion = u"success"_s;
        run.jobs = {test, lint};
        const qint64 runId = m_github->state().addWorkflowRun(QString::fromLatin1(kRepo), run);
        m_github->state().clearCheckRuns(QString::fromLatin1(kRepo), headSha);
        GhCheckRun failing = actionsCheck(u"test"_s, runId, testJob, u"completed"_s, u"failure"_s);
        failing.annotations = {GhAnnotation{u"src/cart.test.js"_s, 12, 12, u"failure"_s, u"cart adds item"_s,
                                            u"Expected: 3, Received: 2"_s}};
        m_github->state().addCheckRun(QString::fromLatin1(kRepo), headSha, failing);
        m_github->state().addCheckRun(QString::fromLatin1(kRepo), headSha,
                                      actionsCheck(u"lint"_s, runId, lintJob, u"completed"_s, u"success"_s));
    }

    static GhReviewThread thread(const QString &path, int line, const QString &author, bool bot, const QString &body,
                                 bool resolved)
    {
        GhReviewThread made;
        made.isResolved = resolved;
        made.path = path;
        made.line = line;
        GhThreadComment comment;
        comment.author = GhActor{author, bot};
        comment.body = body;
        made.comments = {comment};
        return made;
    }

    void passCi(const QString &headSha)
    {
        m_github->state().clearCheckRuns(QString::fromLatin1(kRepo), headSha);
        m_github->state().addCheckRun(QString::fromLatin1(kRepo), headSha,
                                      actionsCheck(u"test"_s, 1, ++m_nextJob, u"completed"_s, u"success"_s));
        m_github->state().addCheckRun(QString::fromLatin1(kRepo), headSha,
                                      actionsCheck(u"lint"_s, 1, ++m_nextJob, u"completed"_s, u"success"_s));
    }

    // `count` sessions whose pull requests passed CI and wait for review.
    void reviewPendingFleet(int count)
    {
        const QString repo = QString::fromLatin1(kRepo);
        for (int i = 1; i <= count; ++i) {
            addSession(sessionId(i), branch(i));
            GhPullRequest pr;
            pr.title = u"Fix issue %1"_s.arg(i);
            pr.headRef = branch(i);
            pr.headSha = sha(i, 1);
            pr.reviewDecision = u"REVIEW_REQUIRED"_s;
            pr.mergeStateStatus = u"BLOCKED"_s;
            m_prOf.insert(sessionId(i), m_github->state().addPullRequest(repo, pr));
            passCi(sha(i, 1));
        }
        cycle();
        for (int i = 1; i <= count; ++i)
            QCOMPARE(status(sessionId(i)), u"review_pending"_s);
    }

    // What people do next: every PR gets a failing CI run on a new head.
    void breakEveryPullRequest(int count)
    {
        for (int i = 1; i <= count; ++i) {
            m_github->state().pushHead(QString::fromLatin1(kRepo), m_prOf.value(sessionId(i)), sha(i, 2));
            failCi(i, sha(i, 2));
        }
    }

    void statusesAre(int count, const QString &expected)
    {
        for (int i = 1; i <= count; ++i)
            QCOMPARE(status(sessionId(i)), expected);
    }

private slots:
    void init()
    {
        qRegisterMetaType<LifecycleManager::CycleStats>();
        m_accountClockOffsetSecs = 0;
        RateLimitBook::shared().setClock(
            [this] { return QDateTime::currentDateTimeUtc().addSecs(m_accountClockOffsetSecs); });
        m_env = std::make_unique<test::IsolatedEnvironment>();
        m_github = std::make_unique<FakeGithub>();
        QVERIFY(m_github->isListening());
        m_github->state().addRepository(QString::fromLatin1(kRepo));
        qputenv("FLOTILLA_TEST_GH_TOKEN", m_github->token().toUtf8());
        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_env->root() + u"/flotilla.db"_s).ok());

        const QJsonObject settings{
            {u"apiUrl"_s, m_github->baseUrl().toString()},
            {u"token"_s, u"${FLOTILLA_TEST_GH_TOKEN}"_s},
            // Every due pull request on every cycle: the test's cycles are not 30 s apart.
            {u"cadence"_s, QJsonObject{{u"busySeconds"_s, 0.0}, {u"waitingSeconds"_s, 0.0}}},
            {u"requestTimeoutSeconds"_s, 2.0},
            {u"_project"_s, QJsonObject{{u"id"_s, u"shop"_s},
                                        {u"repository"_s, QString::fromLatin1(kRepo)},
                                        {u"database"_s, QString(m_env->root() + u"/flotilla.db"_s)}}}};
        m_scm = std::make_unique<GithubScm>(settings);
        QVERIFY2(m_scm->detect().available, qPrintable(m_scm->detect().problem));
        m_runtime = fakes::Runtime();
        m_agent = fakes::Agent();
        m_plugins =
            ProjectPlugins{u"shop"_s, QString::fromLatin1(kRepo), &m_runtime, nullptr, nullptr, m_scm.get(), {}, {}};
        m_plugins.agents.insert(u"fake-agent"_s, &m_agent);
        m_actions = std::make_unique<SentToRuntime>(m_runtime);
        m_reactions = std::make_unique<ReactionEngine>(ReactionEngine::Dependencies{
            m_store->events(), m_store->trackers(), m_store->decisions(), *m_actions,
            [](const QString &, const QString &key) -> std::optional<ReactionPolicy> {
                if (key != u"ci-failed"_s && key != u"changes-requested"_s && key != u"bugbot-comments"_s)
                    return std::nullopt;
                ReactionPolicy policy;
                policy.key = key;
                policy.action = ReactionPolicy::Action::SendToAgent;
                return policy;
            },
            [](const QString &, Priority) { return QStringList{u"desktop"_s}; }, [this] { return m_now; }});
        LifecyclePolicy policy;
        policy.cycleTimeoutMs = 15000;
        m_lifecycle = std::make_unique<LifecycleManager>(LifecycleManager::Dependencies{
            m_store->sessions(), *m_reactions,
            [this](const QString &projectId) { return projectId == u"shop"_s ? &m_plugins : nullptr; },
            [this] { return m_now; }, policy});
    }

    void cleanup()
    {
        RateLimitBook::shared().setClock({});
        m_lifecycle.reset();
        m_reactions.reset();
        m_scm.reset();
        m_store.reset();
        m_github.reset();
        m_env.reset();
        m_prOf.clear();
    }

    void thirtySessionsGoThroughEveryTransition()
    {
        const QString repo = QString::fromLatin1(kRepo);
        for (int i = 1; i <= kSessions; ++i)
            addSession(sessionId(i), branch(i));
        cycle();
        for (int i = 1; i <= kSessions; ++i)
            QCOMPARE(status(sessionId(i)), u"working"_s);

        // Each agent opens its pull request; CI starts.
        for (int i = 1; i <= kSessions; ++i) {
            GhPullRequest pr;
            pr.title = u"Fix issue %1"_s.arg(i);
            pr.headRef = branch(i);
            pr.headSha = sha(i, 1);
            pr.mergeStateStatus = u"BLOCKED"_s; // checks running
            m_github->state().addBranch(repo, branch(i));
            m_prOf.insert(sessionId(i), m_github->state().addPullRequest(repo, pr));
            m_github->state().addCheckRun(repo, sha(i, 1),
                                          actionsCheck(u"test"_s, 1, ++m_nextJob, u"in_progress"_s, {}));
        }
        cycle();
        for (int i = 1; i <= kSessions; ++i)
            QCOMPARE(status(sessionId(i)), u"pr_open"_s);

        // CI fails everywhere: each agent gets the failing step's lines, not a placeholder.
        for (int i = 1; i <= kSessions; ++i)
            failCi(i, sha(i, 1));
        cycle();
        for (int i = 1; i <= kSessions; ++i) {
            QCOMPARE(status(sessionId(i)), u"ci_failed"_s);
            const QStringList messages = received(sessionId(i));
            QCOMPARE(messages.size(), 1);
            const QString message = messages.first();
            QVERIFY2(message.contains(u"cart adds item %1"_s.arg(i)), qPrintable(message));
            QVERIFY(message.contains(u"Expected: 3"_s));
            QVERIFY(message.contains(u"Tests:       1 failed, 41 passed, 42 total"_s));
            QVERIFY(message.contains(u"failing step 3 \"Run npm test\""_s));
            QVERIFY(message.contains(u"exit code 1"_s));
            QVERIFY(message.contains(u"src/cart.test.js:12"_s)); // the annotation
            QVERIFY(message.contains(u"Passing checks: lint"_s));
            QVERIFY(!message.contains(u"Post job cleanup"_s));
            QVERIFY(!message.contains(u"\x1b["_s));
        }
        QCOMPARE(m_github->signedUrlViolations(), 0);

        // The agents push fixes; CI passes; review is required.
        for (int i = 1; i <= kSessions; ++i) {
            m_github->state().pushHead(repo, m_prOf.value(sessionId(i)), sha(i, 2));
            passCi(sha(i, 2));
            m_github->state().updatePullRequest(repo, m_prOf.value(sessionId(i)),
                                                [](GhPullRequest &pr) { pr.reviewDecision = u"REVIEW_REQUIRED"_s; });
        }
        cycle();
        for (int i = 1; i <= kSessions; ++i)
            QCOMPARE(status(sessionId(i)), u"review_pending"_s);

        // A person requests changes on every PR, a bot leaves a comment too.
        for (int i = 1; i <= kSessions; ++i) {
            const int number = m_prOf.value(sessionId(i));
            m_github->state().addReview(
                repo, number,
                GhReview{
                    0, GhActor{u"alice"_s, false}, u"CHANGES_REQUESTED"_s, u"Please handle the empty cart."_s, {}, {}});
            m_github->state().addReviewThread(
                repo, number,
                thread(u"src/cart.js"_s, 40 + i, u"alice"_s, false, u"Off by one here (%1)."_s.arg(i), false));
            m_github->state().addReviewThread(
                repo, number, thread(u"src/price.js"_s, 7, u"bob"_s, false, u"Use integer cents."_s, false));
            m_github->state().addReviewThread(repo, number,
                                              thread(u"src/old.js"_s, 3, u"alice"_s, false, u"Already fixed."_s, true));
            m_github->state().addReviewThread(
                repo, number, thread(u"src/cart.js"_s, 88, u"cursor[bot]"_s, true, u"Possible null deref."_s, false));
            m_github->state().updatePullRequest(repo, number,
                                                [](GhPullRequest &pr) { pr.reviewDecision = u"CHANGES_REQUESTED"_s; });
        }
        cycle();
        for (int i = 1; i <= kSessions; ++i) {
            QCOMPARE(status(sessionId(i)), u"changes_requested"_s);
            const QStringList messages = received(sessionId(i));
            QString human;
            QString bot;
            for (const QString &message : messages) {
                if (message.contains(u"Changes were requested"_s))
                    human = message;
                if (message.contains(u"Automated review comments"_s))
                    bot = message;
            }
            QVERIFY2(!human.isEmpty(), qPrintable(messages.join(u"\n---\n"_s)));
            QVERIFY(human.contains(u"src/cart.js:%1 — alice: Off by one here (%2)."_s.arg(40 + i).arg(i)));
            QVERIFY(human.contains(u"src/price.js:7 — bob: Use integer cents."_s));
            QVERIFY(human.contains(u"alice: Please handle the empty cart."_s));
            QVERIFY(!human.contains(u"Already fixed."_s));
            QVERIFY(!human.contains(u"Possible null deref."_s));
            // GraphQL names a bot by its app login, without "[bot]".
            QVERIFY2(bot.contains(u"src/cart.js:88 — cursor: Possible null deref."_s), qPrintable(bot));
        }

        // An agent resolves a thread it addressed; a thread of another pull request is refused.
        {
            const SessionRecord first = *m_store->sessions().get(sessionId(1)).value();
            const PrLookup lookup{first.id, repo, first.branch, first.pr.number};
            const GhPullRequest *own = m_github->state().pullRequest(repo, first.pr.number);
            const QString ownThread = own->threads.at(0).id;
            const QString foreignThread =
                m_github->state().pullRequest(repo, m_prOf.value(sessionId(2)))->threads.at(0).id;
            auto refused = test::waitFor(m_scm->resolveThread(lookup, foreignThread));
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, u"review.no_thread"_s);
            QVERIFY(!m_github->state().reviewThread(foreignThread)->isResolved);
            auto resolved = test::waitFor(m_scm->resolveThread(lookup, ownThread));
            QVERIFY2(resolved, qPrintable(resolved ? QString() : resolved.error().message));
            QVERIFY(m_github->state().reviewThread(ownThread)->isResolved);
        }

        // Approved, threads resolved, mergeability still being computed on some PRs.
        for (int i = 1; i <= kSessions; ++i) {
            const int number = m_prOf.value(sessionId(i));
            for (const GhReviewThread &thread : m_github->state().pullRequest(repo, number)->threads)
                m_github->state().resolveReviewThread(thread.id, true);
            m_github->state().addReview(repo, number,
                                        GhReview{0, GhActor{u"alice"_s, false}, u"APPROVED"_s, {}, {}, {}});
            m_github->state().updatePullRequest(repo, number, [i](GhPullRequest &pr) {
                pr.reviewDecision = u"APPROVED"_s;
                pr.mergeStateStatus = u"CLEAN"_s;
                pr.mergeableComputingReads = i % 3 == 0 ? 1 : 0;
            });
        }
        cycle();
        cycle(); // the computing ones settle
        for (int i = 1; i <= kSessions; ++i)
            QCOMPARE(status(sessionId(i)), u"mergeable"_s);

        // Merged through the plugin, as auto-merge or a person's decision does.
        for (int i = 1; i <= kSessions; ++i) {
            const SessionRecord session = *m_store->sessions().get(sessionId(i)).value();
            auto merged = test::waitFor(m_scm->merge(PrLookup{session.id, repo, session.branch, session.pr.number},
                                                     MergeMethod::Squash, session.pr.headSha));
            QVERIFY2(merged, qPrintable(merged ? QString() : merged.error().message));
        }
        cycle();
        for (int i = 1; i <= kSessions; ++i) {
            QCOMPARE(m_github->state().pullRequest(repo, m_prOf.value(sessionId(i)))->state, u"merged"_s);
            QVERIFY(!m_github->state().hasBranch(repo, branch(i)));
            QCOMPARE(status(sessionId(i)), u"merged"_s);
        }
    }

    void anExhaustedBudgetSendsNothingUntilItsReset()
    {
        reviewPendingFleet(5);
        QVERIFY(!QTest::currentTestFailed());
        m_github->exhaustRateLimit(u"core"_s, 60);
        breakEveryPullRequest(5);

        // The first refusal teaches the account; nothing after it reaches GitHub before the reset.
        cycle();
        statusesAre(5, u"review_pending"_s);
        const int sent = m_github->requestCount();
        const QDateTime pausedUntil = m_scm->api().account()->pausedUntil();
        QVERIFY(pausedUntil.isValid());
        QVERIFY(pausedUntil > QDateTime::currentDateTimeUtc().addSecs(50));
        for (int round = 0; round < 3; ++round) {
            cycle();
            m_lifecycle->pollNow({sessionId(1)}); // a webhook's immediate check is held back too
            cycle();
        }
        QCOMPARE(m_github->requestCount(), sent);
        statusesAre(5, u"review_pending"_s);
        QVERIFY(m_scm->api().account()->counters().refused > 0);

        // The reset passes: polling resumes where it left off.
        m_accountClockOffsetSecs = 61;
        m_github->setRateLimit(u"core"_s, 5000, 5000);
        cycle();
        QVERIFY(m_github->requestCount() > sent);
        statusesAre(5, u"ci_failed"_s);
    }

    void aSecondaryLimitPausesTheAccountForItsRetryAfter()
    {
        reviewPendingFleet(3);
        m_github->answerWithSecondaryLimit(1, 120);
        breakEveryPullRequest(3);
        cycle();
        statusesAre(3, u"review_pending"_s);
        const int sent = m_github->requestCount();
        cycle();
        QCOMPARE(m_github->requestCount(), sent);
        m_accountClockOffsetSecs = 121;
        cycle();
        statusesAre(3, u"ci_failed"_s);
    }

    void hostileAnswersChangeNothing_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("path");
        QTest::newRow("HTML 502 from the front end on GraphQL") << int(FaultKind::BadGatewayHtml) << u"^/graphql$"_s;
        QTest::newRow("HTML 502 on the repository guard") << int(FaultKind::BadGatewayHtml) << u"/pulls$"_s;
        QTest::newRow("truncated JSON from GraphQL") << int(FaultKind::MalformedJson) << u"^/graphql$"_s;
        QTest::newRow("truncated JSON on the guard") << int(FaultKind::MalformedJson) << u"/pulls$"_s;
        QTest::newRow("500 everywhere") << int(FaultKind::ServerError) << u".*"_s;
        QTest::newRow("GraphQL never answers") << int(FaultKind::Hang) << u"^/graphql$"_s;
        QTest::newRow("the job log never answers") << int(FaultKind::Hang) << u"/logs$"_s;
    }

    void hostileAnswersChangeNothing()
    {
        QFETCH(int, kind);
        QFETCH(QString, path);
        reviewPendingFleet(3);
        breakEveryPullRequest(3);
        Fault fault;
        fault.kind = FaultKind(kind);
        fault.path = QRegularExpression(path);
        m_github->injectFault(fault);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"flotilla: "_s));
        cycle();
        cycle();
        statusesAre(3, u"review_pending"_s);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(received(sessionId(i)).isEmpty()); // no ci-failed message without its log

        // Requests left hanging time out on their own; within a few cycles all is read.
        m_github->clearFaults();
        for (int round = 0; round < 4 && status(sessionId(3)) != u"ci_failed"_s; ++round)
            cycle();
        statusesAre(3, u"ci_failed"_s);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(received(sessionId(i)).value(0).contains(u"Expected: 3"_s));
    }

    void unexpectedNullsAreLoggedAndChangeNothing()
    {
        reviewPendingFleet(2);
        // GitHub answers a PR as null (deleted, or no access) while the other one is fine.
        m_github->state().updatePullRequest(QString::fromLatin1(kRepo), m_prOf.value(sessionId(1)),
                                            [](GhPullRequest &pr) { pr.reviewDecision = u"APPROVED"_s; });
        m_github->state().repository(QString::fromLatin1(kRepo))->pulls.remove(m_prOf.value(sessionId(2)));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"flotilla: PR #2 of acme/shop was not found"_s));
        cycle();
        QCOMPARE(status(sessionId(2)), u"review_pending"_s);
        QCOMPARE(status(sessionId(1)), u"approved"_s);
    }
};

QTEST_GUILESS_MAIN(TestGithubFleet)
#include "tst_github_fleet.moc"
