#include "fake_github_state.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

QString deterministicSha(const QString &seed)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha1).toHex());
}

} // namespace

FakeGithubState::FakeGithubState() : m_clock(QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC)) {}

QDateTime FakeGithubState::tick()
{
    m_clock = m_clock.addSecs(1);
    return m_clock;
}

GhRepository &FakeGithubState::addRepository(const QString &fullName)
{
    auto it = m_repos.find(fullName);
    if (it != m_repos.end())
        return it.value();
    GhRepository repo;
    repo.owner = fullName.section(u'/', 0, 0);
    repo.name = fullName.section(u'/', 1);
    repo.branches << u"main"_s;
    return m_repos.insert(fullName, repo).value();
}

GhRepository *FakeGithubState::repository(const QString &fullName)
{
    auto it = m_repos.find(fullName);
    return it == m_repos.end() ? nullptr : &it.value();
}

const GhRepository *FakeGithubState::repository(const QString &fullName) const
{
    auto it = m_repos.find(fullName);
    return it == m_repos.end() ? nullptr : &it.value();
}

void FakeGithubState::touchPull(GhPullRequest &pr)
{
    pr.updatedAt = tick();
}

int FakeGithubState::addPullRequest(const QString &repoName, GhPullRequest pr)
{
    GhRepository &repo = addRepository(repoName);
    pr.number = repo.nextNumber++;
    const QDateTime at = tick();
    if (!pr.createdAt.isValid())
        pr.createdAt = at;
    pr.updatedAt = at;
    if (pr.headSha.isEmpty())
        pr.headSha = deterministicSha(repoName + u"#"_s + QString::number(pr.number));
    if (pr.state == u"merged"_s && !pr.mergedAt.isValid())
        pr.mergedAt = at;
    if (pr.state != u"open"_s && !pr.closedAt.isValid())
        pr.closedAt = at;
    if (!pr.headRef.isEmpty() && !repo.branches.contains(pr.headRef))
        repo.branches << pr.headRef;
    for (auto &review : pr.reviews) {
        review.id = nextId();
        if (!review.submittedAt.isValid())
            review.submittedAt = at;
        if (review.commitId.isEmpty())
            review.commitId = pr.headSha;
    }
    const int number = pr.number;
    const QList<GhReviewThread> threads = pr.threads;
    pr.threads.clear();
    repo.pulls.insert(number, pr);
    for (const auto &thread : threads)
        addReviewThread(repoName, number, thread);
    repo.pulls[number].updatedAt = at;
    return number;
}

GhPullRequest *FakeGithubState::pullRequest(const QString &repoName, int number)
{
    GhRepository *repo = repository(repoName);
    if (!repo)
        return nullptr;
    auto it = repo->pulls.find(number);
    return it == repo->pulls.end() ? nullptr : &it.value();
}

const GhPullRequest *FakeGithubState::pullRequest(const QString &repoName, int number) const
{
    const GhRepository *repo = repository(repoName);
    if (!repo)
        return nullptr;
    auto it = repo->pulls.find(number);
    return it == repo->pulls.end() ? nullptr : &it.value();
}

bool FakeGithubState::updatePullRequest(const QString &repo, int number,
                                        const std::function<void(GhPullRequest &)> &change)
{
    GhPullRequest *pr = pullRequest(repo, number);
    if (!pr)
        return false;
    change(*pr);
    touchPull(*pr);
    return true;
}

bool FakeGithubState::pushHead(const QString &repo, int number, const QString &sha)
{
    return updatePullRequest(repo, number, [&](GhPullRequest &pr) {
        pr.headSha = sha;
        for (auto &thread : pr.threads)
            thread.isOutdated = thread.isOutdated || !thread.isResolved;
    });
}

bool FakeGithubState::closePullRequest(const QString &repo, int number)
{
    return updatePullRequest(repo, number, [&](GhPullRequest &pr) {
        pr.state = u"closed"_s;
        pr.closedAt = m_clock.addSecs(1);
    });
}

bool FakeGithubState::mergePullRequest(const QString &repo, int number)
{
    return updatePullRequest(repo, number, [&](GhPullRequest &pr) {
        pr.state = u"merged"_s;
        pr.closedAt = m_clock.addSecs(1);
        pr.mergedAt = pr.closedAt;
        pr.mergeCommitSha = deterministicSha(u"merge:"_s + pr.headSha);
    });
}

qint64 FakeGithubState::addReview(const QString &repo, int number, GhReview review)
{
    GhPullRequest *pr = pullRequest(repo, number);
    if (!pr)
        return 0;
    review.id = nextId();
    const QDateTime at = tick();
    if (!review.submittedAt.isValid())
        review.submittedAt = at;
    if (review.commitId.isEmpty())
        review.commitId = pr->headSha;
    pr->reviews << review;
    pr->updatedAt = at;
    return review.id;
}

QString FakeGithubState::addReviewThread(const QString &repo, int number, GhReviewThread thread)
{
    GhPullRequest *pr = pullRequest(repo, number);
    if (!pr)
        return {};
    const QDateTime at = tick();
    thread.id = u"PRRT_kwDO%1"_s.arg(nextId());
    thread.reviewId = nextId();
    for (auto &comment : thread.comments) {
        comment.databaseId = nextId();
        if (!comment.createdAt.isValid())
            comment.createdAt = at;
    }
    pr->threads << thread;
    pr->updatedAt = at;
    return thread.id;
}

GhReviewThread *FakeGithubState::reviewThread(const QString &threadId, QString *repoOut, int *numberOut)
{
    for (auto repoIt = m_repos.begin(); repoIt != m_repos.end(); ++repoIt) {
        for (auto &pr : repoIt.value().pulls) {
            for (auto &thread : pr.threads) {
                if (thread.id != threadId)
                    continue;
                if (repoOut)
                    *repoOut = repoIt.key();
                if (numberOut)
                    *numberOut = pr.number;
                return &thread;
            }
        }
    }
    return nullptr;
}

bool FakeGithubState::resolveReviewThread(const QString &threadId, bool resolved)
{
    QString repo;
    int number = 0;
    GhReviewThread *thread = reviewThread(threadId, &repo, &number);
    if (!thread)
        return false;
    thread->isResolved = resolved;
    touchPull(*pullRequest(repo, number));
    return true;
}

qint64 FakeGithubState::addThreadReply(const QString &threadId, const GhActor &author, const QString &body)
{
    QString repo;
    int number = 0;
    GhReviewThread *thread = reviewThread(threadId, &repo, &number);
    if (!thread)
        return 0;
    GhThreadComment comment;
    comment.databaseId = nextId();
    comment.author = author;
    comment.body = body;
    comment.createdAt = tick();
    thread->comments << comment;
    pullRequest(repo, number)->updatedAt = comment.createdAt;
    return comment.databaseId;
}

GhReviewThread *FakeGithubState::threadOfComment(const QString &repo, int number, qint64 commentId)
{
    GhPullRequest *pr = pullRequest(repo, number);
    if (!pr)
        return nullptr;
    for (auto &thread : pr->threads)
        for (const auto &comment : std::as_const(thread.comments))
            if (comment.databaseId == commentId)
                return &thread;
    return nullptr;
}

qint64 FakeGithubState::addCheckRun(const QString &repoName, const QString &sha, GhCheckRun run)
{
    GhRepository &repo = addRepository(repoName);
    if (run.id == 0)
        run.id = run.jobId != 0 ? run.jobId : nextId();
    if (run.checkSuiteId == 0) {
        const GhWorkflowRun *workflow = run.workflowRunId != 0 ? workflowRun(repoName, run.workflowRunId) : nullptr;
        run.checkSuiteId = workflow ? workflow->checkSuiteId : nextId();
    }
    const QDateTime at = tick();
    if (!run.startedAt.isValid())
        run.startedAt = at;
    if (run.status == u"completed"_s && !run.completedAt.isValid())
        run.completedAt = at;
    repo.checkRuns[sha] << run;
    return run.id;
}

bool FakeGithubState::updateCheckRun(const QString &repoName, qint64 checkRunId,
                                     const std::function<void(GhCheckRun &)> &change)
{
    GhRepository *repo = repository(repoName);
    if (!repo)
        return false;
    for (auto &runs : repo->checkRuns) {
        for (auto &run : runs) {
            if (run.id != checkRunId)
                continue;
            change(run);
            const QDateTime at = tick();
            if (run.status == u"completed"_s && !run.completedAt.isValid())
                run.completedAt = at;
            return true;
        }
    }
    return false;
}

void FakeGithubState::clearCheckRuns(const QString &repoName, const QString &sha)
{
    if (GhRepository *repo = repository(repoName))
        repo->checkRuns.remove(sha);
}

const GhCheckRun *FakeGithubState::checkRun(const QString &repoName, qint64 checkRunId) const
{
    const GhRepository *repo = repository(repoName);
    if (!repo)
        return nullptr;
    for (const auto &runs : repo->checkRuns)
        for (const auto &run : runs)
            if (run.id == checkRunId)
                return &run;
    return nullptr;
}

qint64 FakeGithubState::addWorkflowRun(const QString &repoName, GhWorkflowRun run)
{
    GhRepository &repo = addRepository(repoName);
    if (run.id == 0)
        run.id = nextId();
    if (run.checkSuiteId == 0)
        run.checkSuiteId = nextId();
    const QDateTime at = tick();
    for (auto &job : run.jobs) {
        if (job.id == 0)
            job.id = nextId();
        if (!job.startedAt.isValid())
            job.startedAt = at;
        if (job.status == u"completed"_s && !job.completedAt.isValid())
            job.completedAt = at;
    }
    repo.workflowRuns << run;
    return run.id;
}

const GhWorkflowRun *FakeGithubState::workflowRun(const QString &repoName, qint64 runId) const
{
    const GhRepository *repo = repository(repoName);
    if (!repo)
        return nullptr;
    for (const auto &run : repo->workflowRuns)
        if (run.id == runId)
            return &run;
    return nullptr;
}

const GhJob *FakeGithubState::job(const QString &repoName, qint64 jobId) const
{
    const GhRepository *repo = repository(repoName);
    if (!repo)
        return nullptr;
    for (const auto &run : repo->workflowRuns)
        for (const auto &candidate : run.jobs)
            if (candidate.id == jobId)
                return &candidate;
    return nullptr;
}

bool FakeGithubState::setJobLog(const QString &repoName, qint64 jobId, const QString &log)
{
    GhRepository *repo = repository(repoName);
    if (!repo)
        return false;
    for (auto &run : repo->workflowRuns) {
        for (auto &candidate : run.jobs) {
            if (candidate.id == jobId) {
                candidate.log = log;
                return true;
            }
        }
    }
    return false;
}

qint64 FakeGithubState::addCommitStatus(const QString &repoName, const QString &sha, GhCommitStatus status)
{
    GhRepository &repo = addRepository(repoName);
    status.id = nextId();
    if (!status.createdAt.isValid())
        status.createdAt = tick();
    repo.statuses[sha] << status;
    return status.id;
}

int FakeGithubState::addIssue(const QString &repoName, GhIssue issue)
{
    GhRepository &repo = addRepository(repoName);
    issue.number = repo.nextNumber++;
    const QDateTime at = tick();
    if (!issue.createdAt.isValid())
        issue.createdAt = at;
    issue.updatedAt = at;
    if (issue.state == u"closed"_s && !issue.closedAt.isValid())
        issue.closedAt = at;
    repo.issues.insert(issue.number, issue);
    return issue.number;
}

GhIssue *FakeGithubState::issue(const QString &repoName, int number)
{
    GhRepository *repo = repository(repoName);
    if (!repo)
        return nullptr;
    auto it = repo->issues.find(number);
    return it == repo->issues.end() ? nullptr : &it.value();
}

const GhIssue *FakeGithubState::issue(const QString &repoName, int number) const
{
    const GhRepository *repo = repository(repoName);
    if (!repo)
        return nullptr;
    auto it = repo->issues.find(number);
    return it == repo->issues.end() ? nullptr : &it.value();
}

bool FakeGithubState::updateIssue(const QString &repo, int number, const std::function<void(GhIssue &)> &change)
{
    GhIssue *found = issue(repo, number);
    if (!found)
        return false;
    const QString stateBefore = found->state;
    change(*found);
    found->updatedAt = tick();
    if (found->state == u"closed"_s && stateBefore != u"closed"_s)
        found->closedAt = found->updatedAt;
    if (found->state == u"open"_s)
        found->closedAt = QDateTime();
    return true;
}

qint64 FakeGithubState::addIssueComment(const QString &repoName, int number, const GhActor &author, const QString &body)
{
    GhRepository *repo = repository(repoName);
    if (!repo || (!repo->issues.contains(number) && !repo->pulls.contains(number)))
        return 0;
    GhIssueComment comment;
    comment.id = nextId();
    comment.author = author;
    comment.body = body;
    comment.createdAt = tick();
    comment.updatedAt = comment.createdAt;
    repo->conversation[number] << comment;
    if (GhIssue *found = issue(repoName, number))
        found->updatedAt = comment.createdAt;
    if (GhPullRequest *pr = pullRequest(repoName, number))
        pr->updatedAt = comment.createdAt;
    return comment.id;
}

bool FakeGithubState::hasBranch(const QString &repoName, const QString &branch) const
{
    const GhRepository *repo = repository(repoName);
    return repo && repo->branches.contains(branch);
}

void FakeGithubState::addBranch(const QString &repoName, const QString &branch)
{
    GhRepository &repo = addRepository(repoName);
    if (!repo.branches.contains(branch))
        repo.branches << branch;
}

bool FakeGithubState::deleteBranch(const QString &repoName, const QString &branch)
{
    GhRepository *repo = repository(repoName);
    return repo && repo->branches.removeAll(branch) > 0;
}

std::optional<bool> FakeGithubState::readMergeable(GhPullRequest &pr)
{
    // GitHub never computes mergeability for a closed or merged PR.
    if (pr.state != u"open"_s)
        return std::nullopt;
    if (pr.mergeableComputingReads > 0) {
        --pr.mergeableComputingReads;
        return std::nullopt;
    }
    return pr.mergeable;
}

QString FakeGithubState::detailsUrl(const QString &repo, const GhCheckRun &run) const
{
    if (run.workflowRunId != 0 && run.jobId != 0)
        return u"%1/%2/actions/runs/%3/job/%4"_s.arg(m_htmlBase, repo).arg(run.workflowRunId).arg(run.jobId);
    return run.detailsUrl;
}

QString FakeGithubState::pullHtmlUrl(const QString &repo, int number) const
{
    return u"%1/%2/pull/%3"_s.arg(m_htmlBase, repo).arg(number);
}

} // namespace flotilla::fakes
