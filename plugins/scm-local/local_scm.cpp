#include "local_scm.h"

#include "git/git_handle.h"
#include "git/git_remote.h"
#include "local_ci_queue.h"
#include "util/app_paths.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <map>
#include <mutex>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// One fetch or merge at a time per mirror: libgit2 takes reference locks and two writers of the
// same mirror would fail each other.
std::unique_lock<std::mutex> lockMirror(const QString &path)
{
    static std::mutex guard;
    static std::map<QString, std::mutex> locks;
    std::mutex *mine = nullptr;
    {
        const std::lock_guard hold(guard);
        mine = &locks[path];
    }
    return std::unique_lock(*mine);
}

// A remote written as a path relative to the checkout ("../shop.git") means that folder.
QString absoluteRemote(const QString &url, const QString &checkout)
{
    const bool hasScheme = url.contains(u"://"_s);
    const bool scpLike = !hasScheme && url.contains(u':') && !QFileInfo(url).isAbsolute();
    if (hasScheme || scpLike || QDir::isAbsolutePath(url))
        return url;
    return QDir::cleanPath(QDir(checkout).absoluteFilePath(url));
}

using Facts = QHash<QString, GitBranchFacts>;

Result<Facts> readBranches(const QString &mirror, const QString &origin, const QStringList &branches,
                           const QString &base)
{
    const auto lock = lockMirror(mirror);
    auto synced = syncGitMirror(mirror, origin, {});
    if (!synced)
        return synced.error();
    Facts facts;
    for (const QString &branch : branches) {
        auto read = gitBranchFacts(synced->get(), branch, base);
        if (!read)
            return read.error();
        facts.insert(branch, read.value());
    }
    return facts;
}

Result<QString> mergeBranch(const QString &mirror, const QString &origin, const GitMergeRequest &request)
{
    const auto lock = lockMirror(mirror);
    auto synced = syncGitMirror(mirror, origin, {});
    if (!synced)
        return synced.error();
    return mergeInGitMirror(synced->get(), request, {});
}

PrState prState(LocalPullRequest::State state)
{
    switch (state) {
    case LocalPullRequest::State::Open:
        return PrState::Open;
    case LocalPullRequest::State::Merged:
        return PrState::Merged;
    case LocalPullRequest::State::Closed:
        return PrState::Closed;
    }
    return PrState::None;
}

} // namespace

LocalScm::LocalScm(const PluginSettings &settings) : m_context(std::make_unique<QObject>())
{
    const QJsonObject project = settings.value(u"_project"_s).toObject();
    m_project.id = project.value(u"id"_s).toString();
    m_project.checkout = project.value(u"path"_s).toString();
    m_project.base = project.value(u"defaultBranch"_s).toString(u"main"_s);
    m_project.databasePath = project.value(u"database"_s).toString();
    m_project.ciCommand = project.value(u"ciCommand"_s).toString();
    m_project.ciTimeoutMs = qint64(project.value(u"ciTimeoutMs"_s).toDouble(15 * 60 * 1000));
    m_project.logCapBytes = qint64(project.value(u"ciMaxLogBytes"_s).toDouble(5 * 1024 * 1024));
    m_mirrorPath = u"%1/scm-local/%2.git"_s.arg(AppPaths::dataDir(), m_project.id);
}

LocalScm::~LocalScm() = default;

QString LocalScm::name() const
{
    return u"local"_s;
}

Availability LocalScm::detect() const
{
    if (m_project.id.isEmpty() || m_project.checkout.isEmpty())
        return Availability::missing(u"the local SCM was not given its project"_s,
                                     u"configure it as a project's `scm: {plugin: local}`"_s);
    if (auto origin = originUrl(); !origin)
        return Availability::missing(origin.error().message,
                                     u"add the remote the project pushes to: git remote add origin PATH-OR-URL"_s);
    return Availability::ok();
}

Result<QString> LocalScm::originUrl() const
{
    auto opened = openGitRepository(m_project.checkout);
    if (!opened)
        return opened.error();
    auto url = gitRemoteUrl(opened->get(), u"origin"_s);
    if (!url)
        return url.error();
    if (url->isEmpty())
        return makeError(u"scm.no_origin"_s,
                         u"the project's repository has no remote called origin; the local SCM keeps its pull "
                         "requests there"_s,
                         m_project.checkout);
    return absoluteRemote(url.value(), m_project.checkout);
}

Result<void> LocalScm::prepare()
{
    if (m_store)
        return {};
    if (m_project.databasePath.isEmpty())
        return makeError(u"scm.no_database"_s, u"the local SCM was not told where Flotilla's database is"_s);
    auto origin = originUrl();
    if (!origin)
        return origin.error();
    if (auto opened = m_database.open(m_project.databasePath); !opened)
        return opened;
    m_store = std::make_unique<LocalScmStore>(m_database);
    const QString folder = AppPaths::dataDir() + u"/scm-local"_s;
    m_ci = std::make_unique<LocalCiQueue>(
        *m_store, LocalCiQueue::Settings{m_project.id, origin.value(), m_project.ciCommand, m_project.ciTimeoutMs,
                                         m_project.logCapBytes, folder + u"/ci-logs"_s, folder + u"/ci-work"_s});
    if (!m_project.ciCommand.isEmpty())
        m_ci->resumeUnfinished();
    return {};
}

Result<std::optional<LocalPullRequest>> LocalScm::findPullRequest(const PrLookup &lookup) const
{
    if (lookup.number > 0)
        return m_store->get(m_project.id, lookup.number);
    auto open = m_store->openFor(m_project.id, lookup.branch);
    if (!open || open->has_value())
        return open;
    return m_store->latestFor(m_project.id, lookup.branch);
}

Async<QHash<QString, PrSnapshot>> LocalScm::fetchBatch(const QList<PrLookup> &lookups)
{
    if (auto ok = prepare(); !ok)
        return failed<QHash<QString, PrSnapshot>>(ok.error());
    auto origin = originUrl();
    if (!origin)
        return failed<QHash<QString, PrSnapshot>>(origin.error());
    QStringList branches;
    for (const PrLookup &lookup : lookups) {
        QString branch = lookup.branch;
        if (lookup.number > 0) {
            auto known = m_store->get(m_project.id, lookup.number);
            if (!known)
                return failed<QHash<QString, PrSnapshot>>(known.error());
            if (known->has_value())
                branch = known->value().branch;
        }
        if (!branch.isEmpty())
            branches << branch;
    }
    branches.removeDuplicates();

    return QtConcurrent::run(readBranches, m_mirrorPath, origin.value(), branches, m_project.base)
        .then(m_context.get(), [this, lookups](Result<Facts> facts) -> Result<QHash<QString, PrSnapshot>> {
            if (!facts)
                return facts.error();
            QHash<QString, PrSnapshot> snapshots;
            for (const PrLookup &lookup : lookups) {
                auto tracked = track(lookup, facts.value());
                if (!tracked)
                    return tracked.error();
                if (tracked->state != PrState::None)
                    snapshots.insert(lookup.key, tracked.value());
            }
            return snapshots;
        });
}

Result<PrSnapshot> LocalScm::track(const PrLookup &lookup, const Facts &allFacts)
{
    auto found = findPullRequest(lookup);
    if (!found)
        return found.error();
    const QString branch = found->has_value() ? found->value().branch : lookup.branch;
    const GitBranchFacts facts = allFacts.value(branch);

    if (found->has_value()) {
        LocalPullRequest pr = found->value();
        const bool pushedAgainAfterMerge = pr.state == LocalPullRequest::State::Merged && lookup.number == 0
                                           && facts.exists && facts.ahead > 0 && facts.headSha != pr.headSha;
        if (!pushedAgainAfterMerge) {
            if (pr.state == LocalPullRequest::State::Open && !facts.exists) {
                // The branch is gone from the origin, which closes its pull request as hosts do.
                if (auto closed = m_store->finish(m_project.id, pr.number, LocalPullRequest::State::Closed); !closed)
                    return closed.error();
                pr.state = LocalPullRequest::State::Closed;
            } else if (pr.state == LocalPullRequest::State::Open && facts.headSha != pr.headSha) {
                if (auto moved = m_store->setHead(m_project.id, pr.number, facts.headSha); !moved)
                    return moved.error();
                pr.headSha = facts.headSha;
            }
            return snapshot(pr, facts);
        }
    }
    if (!facts.exists || facts.ahead == 0)
        return PrSnapshot{};
    auto opened = m_store->open(m_project.id, branch, m_project.base, facts.title.isEmpty() ? branch : facts.title,
                                facts.headSha);
    if (!opened)
        return opened.error();
    return snapshot(opened.value(), facts);
}

PrSnapshot LocalScm::snapshot(const LocalPullRequest &pr, const GitBranchFacts &facts)
{
    PrSnapshot snapshot;
    snapshot.state = prState(pr.state);
    snapshot.number = pr.number;
    snapshot.title = pr.title;
    snapshot.headSha = pr.headSha;
    snapshot.headBranch = pr.branch;
    snapshot.baseBranch = pr.base;
    if (pr.state != LocalPullRequest::State::Open)
        return snapshot;
    snapshot.hasConflicts = facts.conflicts;
    snapshot.isBehind = facts.behind > 0;
    snapshot.mergeable = facts.exists && !facts.conflicts;
    describeCi(pr, snapshot);
    describeReviews(pr, snapshot);
    return snapshot;
}

void LocalScm::describeCi(const LocalPullRequest &pr, PrSnapshot &snapshot)
{
    if (m_project.ciCommand.isEmpty())
        return;
    CiCheck check;
    check.name = u"ci: "_s + m_project.ciCommand;
    auto run = m_store->ciRun(m_project.id, pr.number, pr.headSha);
    if (!run || !run->has_value()) {
        if (run)
            (void)m_store->queueCi(m_project.id, pr.number, pr.headSha);
        m_ci->enqueue(pr.number, pr.headSha);
        snapshot.ciStatus = PrSnapshot::CiStatus::Pending;
        snapshot.checks << check;
        return;
    }
    const LocalCiRun &ci = run->value();
    check.url = ci.logPath.isEmpty() ? QString() : QUrl::fromLocalFile(ci.logPath).toString();
    check.conclusion = ci.reason;
    switch (ci.status) {
    case LocalCiRun::Status::Pending:
        m_ci->enqueue(pr.number, pr.headSha);
        snapshot.ciStatus = PrSnapshot::CiStatus::Pending;
        break;
    case LocalCiRun::Status::Running:
        check.status = CiCheck::Status::Running;
        snapshot.ciStatus = PrSnapshot::CiStatus::Pending;
        break;
    case LocalCiRun::Status::Passed:
        check.status = CiCheck::Status::Passed;
        snapshot.ciStatus = PrSnapshot::CiStatus::Passing;
        break;
    case LocalCiRun::Status::Failed:
        check.status = CiCheck::Status::Failed;
        check.logExcerpt = ci.excerpt.isEmpty() ? ci.reason : ci.excerpt;
        check.logFile = ci.logPath;
        snapshot.ciStatus = PrSnapshot::CiStatus::Failing;
        break;
    }
    snapshot.checks << check;
}

void LocalScm::describeReviews(const LocalPullRequest &pr, PrSnapshot &snapshot) const
{
    snapshot.reviewRequired = true;
    snapshot.reviewDecision = PrSnapshot::ReviewDecision::Pending;
    auto notes = m_store->reviewNotes(m_project.id, pr.number);
    if (!notes)
        return;
    const LocalReviewNote *verdict = nullptr; // the summary of the latest approving or blocking review
    for (const LocalReviewNote &note : notes.value()) {
        if (note.path.isEmpty() && note.verdict != LocalReviewInput::Verdict::Commented)
            verdict = &note;
    }
    if (verdict)
        snapshot.reviewDecision = verdict->verdict == LocalReviewInput::Verdict::Approved
                                      ? PrSnapshot::ReviewDecision::Approved
                                      : PrSnapshot::ReviewDecision::ChangesRequested;
    for (const LocalReviewNote &note : notes.value()) {
        const bool lineComment = !note.path.isEmpty() && !note.resolved;
        const bool blockingSummary = verdict && &note == verdict && !note.body.isEmpty()
                                     && note.verdict == LocalReviewInput::Verdict::ChangesRequested;
        if (!lineComment && !blockingSummary)
            continue;
        ReviewComment comment;
        comment.id = QString::number(note.id);
        if (lineComment)
            comment.threadId = comment.id; // a summary is no thread and cannot be resolved
        comment.author = note.author;
        comment.body = note.body;
        comment.path = note.path;
        comment.line = note.line;
        comment.createdAt = note.createdAt;
        snapshot.unresolvedComments << comment;
    }
}

Async<void> LocalScm::merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha)
{
    if (auto ok = prepare(); !ok)
        return failed<void>(ok.error());
    if (method == MergeMethod::Rebase)
        return failed<void>(
            makeError(u"scm.merge_method"_s, u"the local SCM merges with `merge` or `squash`, not `rebase`"_s));
    auto found = findPullRequest(pr);
    if (!found)
        return failed<void>(found.error());
    if (!found->has_value() || found->value().state != LocalPullRequest::State::Open)
        return failed<void>(makeError(u"scm.not_open"_s, u"there is no open pull request to merge"_s));
    auto origin = originUrl();
    if (!origin)
        return failed<void>(origin.error());
    const LocalPullRequest open = found->value();
    GitMergeRequest request;
    request.branch = open.branch;
    request.base = open.base;
    request.expectedHeadSha = expectedHeadSha.isEmpty() ? open.headSha : expectedHeadSha;
    request.style = method == MergeMethod::Merge ? GitMergeStyle::Merge : GitMergeStyle::Squash;
    request.message = u"%1 (#%2)"_s.arg(open.title).arg(open.number);
    return QtConcurrent::run(mergeBranch, m_mirrorPath, origin.value(), request)
        .then(m_context.get(), [this, number = open.number](Result<QString> merged) -> Result<void> {
            if (!merged)
                return merged.error();
            return m_store->finish(m_project.id, number, LocalPullRequest::State::Merged, merged.value());
        });
}

Async<void> LocalScm::close(const PrLookup &pr)
{
    if (auto ok = prepare(); !ok)
        return failed<void>(ok.error());
    auto found = findPullRequest(pr);
    if (!found)
        return failed<void>(found.error());
    if (!found->has_value() || found->value().state != LocalPullRequest::State::Open)
        return failed<void>(makeError(u"scm.not_open"_s, u"there is no open pull request to close"_s));
    return ready(m_store->finish(m_project.id, found->value().number, LocalPullRequest::State::Closed));
}

} // namespace flotilla
