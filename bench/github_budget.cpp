// An hour of a GitHub fleet replayed in seconds: N sessions over R repositories, one lifecycle
// cycle every 30 simulated seconds, pull requests that open, run CI (some fail and are fixed),
// get reviews (some request changes) and merge, on the fake GitHub. Reports the requests
// Flotilla's GitHub plugin sent, how many REST requests were answered 304, the GraphQL points,
// and the same hour under the reference tool's per-cycle call pattern (github.md §1).
//
//   bench_github_budget [--sessions 30] [--repos 2] [--cycles 120] [--updates-per-hour 0.8]
//                       [--seed 42] [--runs 3] [--check]
#include "async_wait.h"
#include "fake_github.h"
#include "github_scm.h"
#include "net/rate_limit_account.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace flotilla;
using namespace flotilla::fakes;
using namespace Qt::StringLiterals;

namespace {

double argument(const QStringList &arguments, const QString &name, double fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toDouble() : fallback;
}

struct Session
{
    QString id;
    QString repo;
    QString branch;
    int number = 0;
    int openAt = 0;
    int version = 0;
    int ciDoneAt = -1; // cycle at which the running CI completes
    bool ciFails = false;
    int nextUpdateAt = -1;
    bool merged = false;
};

struct Figures
{
    int requests = 0;
    int rest = 0;
    int notModified = 0;
    int graphql = 0;
    int signedDownloads = 0;
    int graphqlPoints = 0;
    int reference = 0;
    QMap<QString, QPair<int, int>> restByPattern; // pattern → (requests, answered 304)
};

class Hour
{
public:
    Hour(int sessions, int repos, int cycles, double updatesPerHour, quint32 seed)
        : m_cycles(cycles), m_updateChance(updatesPerHour / 120.0), m_random(seed)
    {
        for (int r = 0; r < repos; ++r)
            m_github.state().addRepository(u"acme/repo%1"_s.arg(r));
        for (int i = 0; i < sessions; ++i) {
            Session session;
            session.id = u"s%1"_s.arg(i);
            session.repo = u"acme/repo%1"_s.arg(i % repos);
            session.branch = u"feat/issue-%1"_s.arg(i);
            // Most sessions already have a pull request; the rest open one in the first 20 minutes.
            session.openAt = m_random.bounded(100) < 80 ? 0 : 5 + m_random.bounded(36);
            m_sessions << session;
        }
        qputenv("FLOTILLA_BENCH_GH_TOKEN", m_github.token().toUtf8());
        for (int r = 0; r < repos; ++r) {
            const QString repo = u"acme/repo%1"_s.arg(r);
            auto scm = std::make_unique<GithubScm>(
                QJsonObject{{u"apiUrl"_s, m_github.baseUrl().toString()},
                            {u"token"_s, u"${FLOTILLA_BENCH_GH_TOKEN}"_s},
                            {u"_project"_s, QJsonObject{{u"id"_s, repo},
                                                        {u"repository"_s, repo},
                                                        {u"database"_s, QString(m_dir.path() + u"/flotilla.db"_s)}}}});
            scm->setClock([this] { return m_now; });
            m_scms.emplace(repo, std::move(scm));
        }
    }

    Figures run()
    {
        for (int cycle = 0; cycle < m_cycles; ++cycle) {
            m_now = m_now.addSecs(30);
            for (Session &session : m_sessions)
                advance(session, cycle);
            poll();
            m_reference += referenceCallsPerCycle();
        }
        Figures figures;
        for (const RequestRecord &record : m_github.requestLog()) {
            if (record.resource == u"signed"_s) {
                ++figures.signedDownloads;
                continue;
            }
            ++figures.requests;
            if (record.resource == u"graphql"_s)
                ++figures.graphql;
            else {
                ++figures.rest;
                auto &pattern = figures.restByPattern[record.pattern];
                ++pattern.first;
                if (record.status == 304) {
                    ++figures.notModified;
                    ++pattern.second;
                }
            }
        }
        figures.graphqlPoints = m_github.budget(u"graphql"_s).used;
        figures.reference = m_reference;
        return figures;
    }

private:
    QString sha(const Session &session) const
    {
        return u"%1%2"_s.arg(session.id.mid(1).toInt(), 8, 16, QLatin1Char('0'))
            .arg(session.version, 32, 16, QLatin1Char('0'));
    }

    void startCi(Session &session, int cycle, bool mayFail)
    {
        session.ciFails = mayFail && m_random.bounded(100) < 30;
        session.ciDoneAt = cycle + 8 + m_random.bounded(5);
        GhCheckRun running;
        running.name = u"test"_s;
        running.status = u"in_progress"_s;
        m_github.state().addCheckRun(session.repo, sha(session), running);
    }

    void finishCi(Session &session)
    {
        m_github.state().clearCheckRuns(session.repo, sha(session));
        session.ciDoneAt = -1;
        if (!session.ciFails) {
            GhCheckRun passed;
            passed.name = u"test"_s;
            passed.conclusion = u"success"_s;
            m_github.state().addCheckRun(session.repo, sha(session), passed);
            return;
        }
        GhWorkflowRun run;
        run.name = u"CI"_s;
        run.headSha = sha(session);
        run.conclusion = u"failure"_s;
        GhJob job;
        job.id = ++m_nextJob;
        job.name = u"test"_s;
        job.conclusion = u"failure"_s;
        job.steps = {GhStep{1, u"Run npm test"_s, u"completed"_s, u"failure"_s, {}, {}}};
        job.log = u"2026-11-26T10:00:01.0000000Z ##[group]Run npm test\n"
                  "2026-11-26T10:00:01.1000000Z ##[endgroup]\n"
                  "2026-11-26T10:00:02.0000000Z FAIL src/cart.test.js\n"
                  "2026-11-26T10:00:03.0000000Z ##[error]Process completed with exit code 1.\n"_s;
        run.jobs = {job};
        const qint64 runId = m_github.state().addWorkflowRun(session.repo, run);
        GhCheckRun failed;
        failed.id = job.id;
        failed.name = u"test"_s;
        failed.conclusion = u"failure"_s;
        failed.workflowRunId = runId;
        failed.jobId = job.id;
        m_github.state().addCheckRun(session.repo, sha(session), failed);
        // The agent reads the log and pushes a fix some minutes later.
        session.nextUpdateAt = -1;
        m_pendingFix.insert(session.id, 0);
    }

    void advance(Session &session, int cycle)
    {
        if (session.merged)
            return;
        if (session.number == 0) {
            if (cycle < session.openAt)
                return;
            GhPullRequest pr;
            pr.title = u"Work of %1"_s.arg(session.id);
            pr.headRef = session.branch;
            pr.headSha = sha(session);
            pr.reviewDecision = u"REVIEW_REQUIRED"_s;
            pr.mergeStateStatus = u"BLOCKED"_s;
            session.number = m_github.state().addPullRequest(session.repo, pr);
            startCi(session, cycle, true);
            return;
        }
        if (session.ciDoneAt == cycle)
            finishCi(session);
        if (m_pendingFix.contains(session.id)) {
            if (++m_pendingFix[session.id] < 20)
                return;
            m_pendingFix.remove(session.id);
            ++session.version;
            m_github.state().pushHead(session.repo, session.number, sha(session));
            startCi(session, cycle, false);
            return;
        }
        // Everything else people and agents do to a pull request: a push, a review, a merge.
        if (session.ciDoneAt >= 0 || m_random.generateDouble() >= m_updateChance)
            return;
        const int what = m_random.bounded(100);
        if (what < 30) {
            ++session.version;
            m_github.state().pushHead(session.repo, session.number, sha(session));
            startCi(session, cycle, true);
        } else if (what < 50) {
            m_github.state().addReview(
                session.repo, session.number,
                GhReview{0, GhActor{u"alice"_s, false}, u"CHANGES_REQUESTED"_s, u"Please add a test."_s, {}, {}});
            m_github.state().updatePullRequest(session.repo, session.number,
                                               [](GhPullRequest &pr) { pr.reviewDecision = u"CHANGES_REQUESTED"_s; });
        } else if (what < 80) {
            m_github.state().addReview(session.repo, session.number,
                                       GhReview{0, GhActor{u"alice"_s, false}, u"APPROVED"_s, {}, {}, {}});
            m_github.state().updatePullRequest(session.repo, session.number, [](GhPullRequest &pr) {
                pr.reviewDecision = u"APPROVED"_s;
                pr.mergeStateStatus = u"CLEAN"_s;
            });
        } else {
            m_github.state().mergePullRequest(session.repo, session.number);
            session.merged = true;
        }
    }

    void poll()
    {
        for (auto it = m_scms.begin(); it != m_scms.end(); ++it) {
            QList<PrLookup> lookups;
            for (const Session &session : std::as_const(m_sessions)) {
                if (session.repo == it->first)
                    lookups << PrLookup{session.id, session.repo, session.branch, m_known.value(session.id)};
            }
            auto batch = test::waitFor(it->second->fetchBatch(lookups), 120000);
            if (!batch) {
                QTextStream(stderr) << "cycle failed: " << batch.error().message << '\n';
                continue;
            }
            for (auto found = batch->cbegin(); found != batch->cend(); ++found)
                m_known.insert(found.key(), found->number); // as the lifecycle stores it
        }
    }

    // What the reference tool sends per cycle (github.md §1): per repository the open-PR
    // guard; per PR a snapshot slot (one GraphQL query per 25), the head's check-runs guard and,
    // every fourth cycle (at most every 2 minutes), the line-comment guard.
    int referenceCallsPerCycle()
    {
        int calls = 0;
        QHash<QString, int> openByRepo;
        for (const Session &session : std::as_const(m_sessions)) {
            openByRepo[session.repo];
            if (session.number > 0 && !session.merged)
                ++openByRepo[session.repo];
        }
        for (int open : std::as_const(openByRepo))
            calls += 1 + (open + 24) / 25 + open + (m_referenceCycle % 4 == 0 ? open : 0);
        ++m_referenceCycle;
        return calls;
    }

    QTemporaryDir m_dir;
    FakeGithub m_github;
    std::map<QString, std::unique_ptr<GithubScm>> m_scms;
    QList<Session> m_sessions;
    QHash<QString, int> m_known;
    QHash<QString, int> m_pendingFix;
    QDateTime m_now = QDateTime::currentDateTimeUtc();
    const int m_cycles;
    const double m_updateChance;
    QRandomGenerator m_random;
    qint64 m_nextJob = 50000;
    int m_reference = 0;
    int m_referenceCycle = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const int sessions = int(argument(arguments, u"--sessions"_s, 30));
    const int repos = std::max(1, int(argument(arguments, u"--repos"_s, 2)));
    const int cycles = int(argument(arguments, u"--cycles"_s, 120));
    const double updates = argument(arguments, u"--updates-per-hour"_s, 0.8);
    const quint32 seed = quint32(argument(arguments, u"--seed"_s, 42));
    const int runs = std::max(1, int(argument(arguments, u"--runs"_s, 3)));
    qputenv("QT_LOGGING_RULES", "*.warning=false");

    QTextStream out(stdout);
    out << "GitHub budget: " << sessions << " sessions, " << repos << " repositories, " << cycles << " cycles of 30 s, "
        << updates << " pull-request updates per session-hour\n";
    std::vector<Figures> all;
    for (int run = 0; run < runs; ++run) {
        RateLimitBook::shared().clear();
        Hour hour(sessions, repos, cycles, updates, seed + quint32(run));
        const Figures figures = hour.run();
        all.push_back(figures);
        out << u"run %1: requests %2 (REST %3, of them 304: %4 = %5%; GraphQL %6 queries, %7 points); signed log "
               "downloads %8; reference pattern %9 requests\n"_s.arg(run + 1)
                   .arg(figures.requests)
                   .arg(figures.rest)
                   .arg(figures.notModified)
                   .arg(figures.rest ? 100.0 * figures.notModified / figures.rest : 0.0, 0, 'f', 1)
                   .arg(figures.graphql)
                   .arg(figures.graphqlPoints)
                   .arg(figures.signedDownloads)
                   .arg(figures.reference);
        for (auto it = figures.restByPattern.cbegin(); it != figures.restByPattern.cend(); ++it)
            out << u"    %1: %2 (304: %3)\n"_s.arg(it.key()).arg(it->first).arg(it->second);
        out.flush();
    }
    std::sort(all.begin(), all.end(), [](const Figures &a, const Figures &b) { return a.requests < b.requests; });
    const Figures &median = all[all.size() / 2];
    const double ratio = median.rest ? double(median.notModified) / median.rest : 0.0;
    out << u"median: %1 requests per hour (target <= 600), %2% of REST answered 304 (target >= 80%), %3x fewer "
           "requests than the reference pattern (%4)\n"_s.arg(median.requests)
               .arg(100.0 * ratio, 0, 'f', 1)
               .arg(double(median.reference) / std::max(1, median.requests), 0, 'f', 1)
               .arg(median.reference);
    // --check: exit 1 when the hour misses the targets (a full-size run; the smoke run is too small).
    if (arguments.contains(u"--check"_s))
        return median.requests <= 600 && ratio >= 0.8 ? 0 : 1;
    return 0;
}
