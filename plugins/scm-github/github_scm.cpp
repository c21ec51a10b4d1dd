#include "github_scm.h"

#include "ci_failure_reader.h"
#include "github_api.h"
#include "net/rate_limit_account.h"
#include "plugin/await_result.h"
#include "review_thread_reader.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// A CI log that could not be read is retried this many cycles before the agent is told about
// the failure without it: a ci-failed message without the log is what people complain about.
constexpr int kExcerptAttempts = 3;

QString prWhat(int number, const QString &repo)
{
    return u"PR #%1 of %2"_s.arg(number).arg(repo);
}

QString changeKey(const github::PullRequestFacts &facts)
{
    const PrSnapshot &s = facts.snapshot;
    return QStringList{QString::number(int(s.state)),
                       s.headSha,
                       QString::number(int(s.ciStatus)),
                       QString::number(int(s.reviewDecision)),
                       facts.mergeableState,
                       facts.mergeStateStatus,
                       QString::number(facts.unresolvedThreads),
                       facts.updatedAt}
        .join(u'|');
}

} // namespace

struct GithubScm::Fetch
{
    PendingResult<QHash<QString, PrSnapshot>> answer;
    QList<PrLookup> lookups;
    QDateTime now;
    QSet<int> changedInList;
    QSet<int> read; // read by this fetch's snapshot
    QHash<int, QString> unavailable;
    int outstanding = 0;
};

GithubScm::GithubScm(const PluginSettings &settings) : m_context(std::make_unique<QObject>())
{
    m_repoText = settings.value(u"repo"_s).toString();
    if (m_repoText.isEmpty())
        m_repoText = settings.value(u"_project"_s).toObject().value(u"repository"_s).toString();
    if (auto repo = GithubRepo::parse(m_repoText); repo)
        m_repo = repo.value();
    else
        m_problem = repo.error().message;
    m_policy.unstableIsReady = settings.value(u"unstableIsReady"_s).toBool(false);
    m_deleteBranchOnMerge = settings.value(u"deleteBranchOnMerge"_s).toBool(true);
    // `cadence: {busySeconds, waitingSeconds, closedSeconds}`: how often a pull request is read.
    const QJsonObject cadence = settings.value(u"cadence"_s).toObject();
    github::PollCadence::Intervals intervals;
    const auto seconds = [&cadence](const QString &key, qint64 fallbackMs) {
        return cadence.contains(key) ? qint64(cadence.value(key).toDouble() * 1000) : fallbackMs;
    };
    intervals.hotMs = seconds(u"busySeconds"_s, intervals.hotMs);
    intervals.warmMs = seconds(u"waitingSeconds"_s, intervals.warmMs);
    intervals.closedMs = seconds(u"closedSeconds"_s, intervals.closedMs);
    m_cadence = github::PollCadence(intervals);
    m_api = std::make_unique<GithubApi>(settings);
    if (m_problem.isEmpty())
        m_problem = m_api->configurationProblem();
    if (m_repo) {
        m_ci = std::make_unique<github::CiFailureReader>(*m_api, *m_repo);
        m_reviews = std::make_unique<github::ReviewThreadReader>(*m_api, *m_repo);
    }
}

GithubScm::~GithubScm() = default;

QString GithubScm::name() const
{
    return u"github"_s;
}

Availability GithubScm::detect() const
{
    if (!m_problem.isEmpty())
        return Availability::missing(m_problem, u"set the project's `repo: owner/name` (and `scm.apiUrl` for GitHub "
                                                "Enterprise Server)"_s);
    return Availability::ok();
}

double GithubScm::budgetLeft() const
{
    const auto account = m_api->account();
    return std::min(account->remainingFraction(u"core"_s), account->remainingFraction(u"graphql"_s));
}

Async<QHash<QString, PrSnapshot>> GithubScm::fetchBatch(const QList<PrLookup> &lookups)
{
    if (!m_repo || !m_problem.isEmpty())
        return failed<QHash<QString, PrSnapshot>>(makeError(u"github.bad_config"_s, m_problem));
    auto fetch = std::make_shared<Fetch>();
    fetch->lookups = lookups;
    fetch->now = m_clock();
    auto future = fetch->answer.future();
    if (lookups.isEmpty()) {
        fetch->answer(QHash<QString, PrSnapshot>());
        return future;
    }
    guardRepository(fetch);
    return future;
}

void GithubScm::guardRepository(const std::shared_ptr<Fetch> &fetch)
{
    // The repository's most recently updated pull requests, behind an ETag: usually a free
    // 304. It finds new pull requests of the sessions' branches and tells which known ones
    // changed (CI results do not count as updates; their cadence covers them).
    const QUrlQuery query{
        {u"state"_s, u"all"_s}, {u"sort"_s, u"updated"_s}, {u"direction"_s, u"desc"_s}, {u"per_page"_s, u"100"_s}};
    m_api
        ->rest("GET", m_repo->path() + u"/pulls"_s, query, u"recently updated pull requests of %1"_s.arg(m_repoText),
               {}, true)
        .then(m_context.get(), [this, fetch](Result<HttpResponse> response) {
            if (!response)
                return failBatch(fetch, response.error());
            if (!response->isSuccess())
                return failBatch(fetch, githubError(response.value(), u"pull requests of %1"_s.arg(m_repoText)));
            auto document = response->json(u"pull requests of %1"_s.arg(m_repoText));
            if (!document)
                return failBatch(fetch, document.error());
            if (!document->isArray())
                return failBatch(fetch, makeError(u"github.unexpected_answer"_s,
                                                  u"pull requests of %1: the answer is not a list"_s.arg(m_repoText)));
            for (const QJsonValue &entry : document->array()) {
                const QJsonObject pr = entry.toObject();
                const int number = pr.value(u"number"_s).toInt();
                const QString branch = pr.value(u"head"_s).toObject().value(u"ref"_s).toString();
                if (number <= 0)
                    continue;
                if (!branch.isEmpty() && number > m_numberByBranch.value(branch))
                    m_numberByBranch.insert(branch, number);
                const QString updatedAt = pr.value(u"updated_at"_s).toString();
                const auto previous = m_updatedAtFromList.constFind(number);
                if (previous != m_updatedAtFromList.cend() && previous.value() != updatedAt)
                    fetch->changedInList.insert(number);
                m_updatedAtFromList.insert(number, updatedAt);
            }
            discover(fetch);
        });
}

void GithubScm::failBatch(const std::shared_ptr<Fetch> &fetch, const Error &error)
{
    // The lifecycle keeps every session as it was; the log says why nothing moved.
    qWarning("flotilla: GitHub pull requests of %s not read this cycle: %s", qUtf8Printable(m_repoText),
             qUtf8Printable(error.message));
    fetch->answer(error);
}

void GithubScm::discover(const std::shared_ptr<Fetch> &fetch)
{
    // Branches whose pull request is older than the list's first page: asked once, by name.
    QStringList branches;
    for (const PrLookup &lookup : std::as_const(fetch->lookups)) {
        if (lookup.number > 0 || lookup.branch.isEmpty() || m_numberByBranch.contains(lookup.branch)
            || m_discoveryAsked.contains(lookup.branch) || branches.contains(lookup.branch))
            continue;
        branches << lookup.branch;
    }
    if (branches.isEmpty())
        return snapshot(fetch);
    branches = branches.mid(0, kBatchSize);
    m_api
        ->graphql(github::discoveryQuery(*m_repo, branches), {},
                  u"pull requests of new branches in %1"_s.arg(m_repoText))
        .then(m_context.get(), [this, fetch, branches](Result<GraphqlAnswer> answer) {
            if (!answer)
                return failBatch(fetch, answer.error());
            for (qsizetype i = 0; i < branches.size(); ++i) {
                m_discoveryAsked.insert(branches.at(i));
                const QJsonArray nodes = answer->data.value(u"b%1"_s.arg(i))
                                             .toObject()
                                             .value(u"pullRequests"_s)
                                             .toObject()
                                             .value(u"nodes"_s)
                                             .toArray();
                int newest = 0;
                for (const QJsonValue &node : nodes)
                    newest = std::max(newest, node.toObject().value(u"number"_s).toInt());
                if (newest > 0)
                    m_numberByBranch.insert(branches.at(i), newest);
            }
            snapshot(fetch);
        });
}

void GithubScm::snapshot(const std::shared_ptr<Fetch> &fetch)
{
    const double budget = budgetLeft();
    QList<int> due;
    for (const PrLookup &lookup : std::as_const(fetch->lookups)) {
        const int number = lookup.number > 0 ? lookup.number : m_numberByBranch.value(lookup.branch);
        if (number <= 0 || due.contains(number))
            continue;
        const auto tracked = m_tracked.constFind(number);
        const bool isDue = lookup.fresh || fetch->changedInList.contains(number) || tracked == m_tracked.cend()
                           || m_cadence.isDue(tracked->seen, fetch->now, budget);
        if (isDue)
            due << number;
    }
    if (due.isEmpty())
        return readDetails(fetch);
    fetch->outstanding = 1;
    for (qsizetype start = 0; start < due.size(); start += kBatchSize) {
        ++fetch->outstanding;
        snapshotBatch(fetch, due.mid(start, kBatchSize), true);
    }
    if (--fetch->outstanding == 0)
        readDetails(fetch);
}

void GithubScm::snapshotBatch(const std::shared_ptr<Fetch> &fetch, const QList<int> &numbers, bool mayHalve)
{
    m_api
        ->graphql(github::snapshotQuery(*m_repo, numbers), {},
                  u"state of %1 pull requests of %2"_s.arg(numbers.size()).arg(m_repoText))
        .then(m_context.get(), [this, fetch, numbers, mayHalve](Result<GraphqlAnswer> answer) {
            const auto settle = [this, fetch] {
                if (--fetch->outstanding == 0)
                    readDetails(fetch);
            };
            if (!answer) {
                const QString code = answer.error().code;
                // GitHub gives up on big queries after about ten seconds: ask again in halves.
                if (mayHalve && numbers.size() > 1 && (code == u"net.timeout"_s || code == u"net.server_error"_s)) {
                    const qsizetype half = numbers.size() / 2;
                    fetch->outstanding += 2;
                    snapshotBatch(fetch, numbers.mid(0, half), false);
                    snapshotBatch(fetch, numbers.mid(half), false);
                    return settle();
                }
                qWarning("flotilla: %s", qUtf8Printable(answer.error().message));
                for (int number : numbers)
                    fetch->unavailable.insert(number, answer.error().message);
                return settle();
            }
            for (qsizetype i = 0; i < numbers.size(); ++i) {
                const int number = numbers.at(i);
                const QString alias = u"p%1"_s.arg(i);
                const QJsonValue pr = answer->data.value(alias).toObject().value(u"pullRequest"_s);
                if (!pr.isObject()) {
                    QString reason = u"%1 was not found"_s.arg(prWhat(number, m_repoText));
                    for (const GraphqlError &error : std::as_const(answer->errors)) {
                        if (error.path.value(0) == alias)
                            reason += u": "_s + error.message;
                    }
                    qWarning("flotilla: %s", qUtf8Printable(reason));
                    fetch->unavailable.insert(number, reason);
                    continue;
                }
                auto facts = github::parsePullRequest(pr.toObject(), m_policy);
                if (!facts) {
                    const QString reason = u"%1: %2"_s.arg(prWhat(number, m_repoText), facts.error().message);
                    qWarning("flotilla: %s", qUtf8Printable(reason));
                    fetch->unavailable.insert(number, reason);
                    continue;
                }
                absorb(fetch, std::move(facts).value());
            }
            settle();
        });
}

void GithubScm::absorb(const std::shared_ptr<Fetch> &fetch, github::PullRequestFacts facts)
{
    const int number = facts.snapshot.number;
    Tracked &tracked = m_tracked[number];
    const bool known = tracked.seen.readAt.isValid();
    if (!facts.mergeabilityKnown() && known) {
        // GitHub is still computing: keep what it said last rather than guess a conflict.
        facts.snapshot.mergeable = tracked.facts.snapshot.mergeable;
        facts.snapshot.hasConflicts = tracked.facts.snapshot.hasConflicts;
        facts.snapshot.isBehind = tracked.facts.snapshot.isBehind;
    }
    if (!known || changeKey(facts) != changeKey(tracked.facts))
        tracked.seen.changedAt = fetch->now;
    if (known && facts.snapshot.headSha != tracked.facts.snapshot.headSha) {
        tracked.excerpts.clear();
        tracked.excerptFailures = 0;
    }
    tracked.facts = std::move(facts);
    tracked.seen.readAt = fetch->now;
    tracked.seen.state = tracked.facts.snapshot.state;
    tracked.seen.ci = tracked.facts.snapshot.ciStatus;
    tracked.seen.mergeabilityKnown = tracked.facts.mergeabilityKnown();
    m_numberByBranch.insert(tracked.facts.snapshot.headBranch, number);
    fetch->read.insert(number);
}

void GithubScm::readDetails(const std::shared_ptr<Fetch> &fetch)
{
    fetch->outstanding = 1;
    const auto settle = [this, fetch] {
        if (--fetch->outstanding == 0)
            answer(fetch);
    };
    QSet<int> wanted;
    for (const PrLookup &lookup : std::as_const(fetch->lookups)) {
        const int number = lookup.number > 0 ? lookup.number : m_numberByBranch.value(lookup.branch);
        if (number > 0 && m_tracked.contains(number) && !fetch->unavailable.contains(number))
            wanted.insert(number);
    }
    QHash<int, QList<github::FailingCheck>> missingByPr;
    for (int number : std::as_const(wanted)) {
        Tracked &tracked = m_tracked[number];
        const PrSnapshot &pr = tracked.facts.snapshot;
        if (pr.state != PrState::Open)
            continue;

        QList<github::FailingCheck> missing;
        for (const github::FailingCheck &check : std::as_const(tracked.facts.failing)) {
            if (!tracked.excerpts.contains(check.name))
                missing << check;
        }
        if (!missing.isEmpty() && pr.ciStatus == PrSnapshot::CiStatus::Failing)
            missingByPr.insert(number, missing);

        const bool conversation =
            pr.reviewDecision == PrSnapshot::ReviewDecision::ChangesRequested || tracked.facts.unresolvedThreads > 0;
        if (!conversation) {
            tracked.comments.clear();
            tracked.commentsKey.clear();
            continue;
        }
        const QString key =
            u"%1/%2/%3"_s.arg(tracked.facts.updatedAt).arg(tracked.facts.unresolvedThreads).arg(int(pr.reviewDecision));
        if (key == tracked.commentsKey)
            continue;
        ++fetch->outstanding;
        m_reviews->read(number).then(m_context.get(),
                                     [this, fetch, number, key, settle](Result<QList<ReviewComment>> comments) {
                                         Tracked &current = m_tracked[number];
                                         if (!comments) {
                                             // Without the comments a changes-requested message
                                             // would be empty: wait for them.
                                             qWarning("flotilla: %s", qUtf8Printable(comments.error().message));
                                             fetch->unavailable.insert(number, comments.error().message);
                                             return settle();
                                         }
                                         current.comments = comments.value();
                                         current.commentsKey = key;
                                         settle();
                                     });
    }
    if (!missingByPr.isEmpty())
        readFailingLogs(fetch, missingByPr, settle);
    settle();
}

void GithubScm::readFailingLogs(const std::shared_ptr<Fetch> &fetch,
                                const QHash<int, QList<github::FailingCheck>> &missingByPr,
                                const std::function<void()> &settle)
{
    QHash<int, QString> heads;
    for (auto it = missingByPr.cbegin(); it != missingByPr.cend(); ++it)
        heads.insert(it.key(), m_tracked.value(it.key()).facts.snapshot.headSha);
    ++fetch->outstanding;
    m_ci->read(missingByPr).then(m_context.get(), [this, fetch, heads, settle](const github::ExcerptsByPr &byPr) {
        for (auto pr = byPr.cbegin(); pr != byPr.cend(); ++pr) {
            const int number = pr.key();
            Tracked &current = m_tracked[number];
            if (current.facts.snapshot.headSha != heads.value(number))
                continue; // a newer head arrived meanwhile
            QStringList incomplete;
            for (auto it = pr->cbegin(); it != pr->cend(); ++it) {
                if (it->complete || current.excerptFailures + 1 >= kExcerptAttempts)
                    current.excerpts.insert(it.key(), it->text);
                else
                    incomplete << it->text;
            }
            if (!incomplete.isEmpty()) {
                ++current.excerptFailures;
                const QString reason = u"the failing CI log of %1 is not read yet: %2"_s.arg(prWhat(number, m_repoText),
                                                                                             incomplete.join(u' '));
                qWarning("flotilla: %s", qUtf8Printable(reason));
                fetch->unavailable.insert(number, reason);
            }
        }
        settle();
    });
}

void GithubScm::answer(const std::shared_ptr<Fetch> &fetch)
{
    QHash<QString, PrSnapshot> answers;
    for (const PrLookup &lookup : std::as_const(fetch->lookups)) {
        const int number = lookup.number > 0 ? lookup.number : m_numberByBranch.value(lookup.branch);
        if (number <= 0)
            continue; // no pull request for this branch
        const auto tracked = m_tracked.constFind(number);
        PrSnapshot snapshot;
        if (tracked != m_tracked.cend()) {
            snapshot = tracked->facts.snapshot;
            for (CiCheck &check : snapshot.checks) {
                if (check.status != CiCheck::Status::Failed)
                    continue;
                check.logExcerpt = tracked->excerpts.value(check.name);
                for (const github::FailingCheck &failing : tracked->facts.failing) {
                    const qint64 job = failing.jobId != 0 ? failing.jobId : failing.checkRunId;
                    const QString kept = github::CiFailureReader::fullLogPath(m_api->endpoint().restBase.host(), job);
                    if (failing.name == check.name && failing.workflowRunId != 0 && QFileInfo::exists(kept))
                        check.logFile = kept;
                }
            }
            snapshot.unresolvedComments = tracked->comments;
        }
        if (const auto reason = fetch->unavailable.constFind(number); reason != fetch->unavailable.cend())
            snapshot.unavailable = reason.value();
        else if (tracked == m_tracked.cend())
            continue;
        answers.insert(lookup.key, snapshot);
    }
    fetch->answer(answers);
}

Async<void> GithubScm::merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha)
{
    if (!m_repo || !m_problem.isEmpty())
        return failed<void>(makeError(u"github.bad_config"_s, m_problem));
    const int number = pr.number > 0 ? pr.number : m_numberByBranch.value(pr.branch);
    if (number <= 0)
        return failed<void>(
            makeError(u"github.no_pr"_s, u"branch %1 has no pull request in %2 to merge"_s.arg(pr.branch, m_repoText)));
    const QString methodName = method == MergeMethod::Merge    ? u"merge"_s
                               : method == MergeMethod::Rebase ? u"rebase"_s
                                                               : u"squash"_s;
    QJsonObject body{{u"merge_method"_s, methodName}};
    if (!expectedHeadSha.isEmpty())
        body.insert(u"sha"_s, expectedHeadSha);
    const QString what = u"merging %1"_s.arg(prWhat(number, m_repoText));
    const QString branch = m_tracked.value(number).facts.snapshot.headBranch.isEmpty()
                               ? pr.branch
                               : m_tracked.value(number).facts.snapshot.headBranch;
    PendingResult<void> done;
    m_api->rest("PUT", m_repo->path() + u"/pulls/%1/merge"_s.arg(number), {}, what, body)
        .then(m_context.get(), [this, done, number, what, branch, expectedHeadSha](Result<HttpResponse> response) {
            if (!response)
                return done(response.error());
            if (response->status == 405)
                return done(makeError(u"github.not_mergeable"_s, githubError(response.value(), what).message));
            if (response->status == 409)
                return done(makeError(u"github.head_moved"_s,
                                      u"%1: the branch moved since head %2 was checked; nothing was merged"_s.arg(
                                          what, expectedHeadSha.left(7))));
            if (!response->isSuccess())
                return done(githubError(response.value(), what));
            // Read it again next cycle, whatever the cadence says.
            m_tracked[number].seen.readAt = QDateTime();
            if (!m_deleteBranchOnMerge || branch.isEmpty())
                return done({});
            m_api
                ->rest("DELETE",
                       m_repo->path() + u"/git/refs/heads/"_s
                           + QString::fromLatin1(QUrl::toPercentEncoding(branch, "/")),
                       {}, u"deleting branch %1 of %2"_s.arg(branch, m_repoText))
                .then(m_context.get(), [done, branch](Result<HttpResponse> deleted) {
                    // The merge stands either way; a branch already gone (422) is what was wanted.
                    if (!deleted || (!deleted->isSuccess() && deleted->status != 422))
                        qWarning("flotilla: merged, but branch %s was not deleted: %s", qUtf8Printable(branch),
                                 qUtf8Printable(deleted ? githubError(deleted.value(), u"delete"_s).message
                                                        : deleted.error().message));
                    done({});
                });
        });
    return done.future();
}

Async<void> GithubScm::close(const PrLookup &pr)
{
    if (!m_repo || !m_problem.isEmpty())
        return failed<void>(makeError(u"github.bad_config"_s, m_problem));
    const int number = pr.number > 0 ? pr.number : m_numberByBranch.value(pr.branch);
    if (number <= 0)
        return failed<void>(
            makeError(u"github.no_pr"_s, u"branch %1 has no pull request in %2 to close"_s.arg(pr.branch, m_repoText)));
    const QString what = u"closing %1"_s.arg(prWhat(number, m_repoText));
    return m_api->rest("PATCH", m_repo->path() + u"/pulls/%1"_s.arg(number), {}, what, {{u"state"_s, u"closed"_s}})
        .then(m_context.get(), [this, number, what](Result<HttpResponse> response) -> Result<void> {
            if (!response)
                return response.error();
            if (!response->isSuccess())
                return githubError(response.value(), what);
            m_tracked[number].seen.readAt = QDateTime();
            return {};
        });
}

Async<void> GithubScm::resolveThread(const PrLookup &pr, const QString &threadId)
{
    if (!m_repo || !m_problem.isEmpty())
        return failed<void>(makeError(u"github.bad_config"_s, m_problem));
    const int number = pr.number > 0 ? pr.number : m_numberByBranch.value(pr.branch);
    // A session's token may resolve the threads of its own pull request only: the id must be
    // one this pull request's review threads were last read with.
    const QList<ReviewComment> comments = m_tracked.value(number).comments;
    const bool ours = number > 0 && std::any_of(comments.cbegin(), comments.cend(), [&](const ReviewComment &c) {
                          return c.threadId == threadId;
                      });
    if (!ours)
        return failed<void>(makeError(
            u"review.no_thread"_s, u"%1 has no open review thread \"%2\""_s.arg(prWhat(number, m_repoText), threadId)));
    return m_reviews->resolve(threadId).then(m_context.get(), [this, number](Result<void> resolved) {
        if (resolved)
            m_tracked[number].commentsKey.clear(); // read the conversation again next cycle
        return resolved;
    });
}

} // namespace flotilla
