#include "local_scm_store.h"

#include "database.h"
#include "sql_support.h"

#include <QSqlQuery>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

template<typename Enum, size_t N> QString nameOf(const std::array<std::pair<Enum, const char *>, N> &names, Enum value)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return QString();
}

template<typename Enum, size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &names, const QString &text)
{
    for (const auto &[candidate, name] : names) {
        if (text == QLatin1StringView(name))
            return candidate;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<LocalPullRequest::State, const char *>, 3> kPrStates = {{
    {LocalPullRequest::State::Open, "open"},
    {LocalPullRequest::State::Merged, "merged"},
    {LocalPullRequest::State::Closed, "closed"},
}};

constexpr std::array<std::pair<LocalCiRun::Status, const char *>, 4> kCiStatuses = {{
    {LocalCiRun::Status::Pending, "pending"},
    {LocalCiRun::Status::Running, "running"},
    {LocalCiRun::Status::Passed, "passed"},
    {LocalCiRun::Status::Failed, "failed"},
}};

constexpr std::array<std::pair<LocalReviewInput::Verdict, const char *>, 3> kVerdicts = {{
    {LocalReviewInput::Verdict::Approved, "approved"},
    {LocalReviewInput::Verdict::ChangesRequested, "changes_requested"},
    {LocalReviewInput::Verdict::Commented, "commented"},
}};

const QString kPrColumns =
    u"project_id, number, branch, base, title, state, head_sha, merge_sha, created_at, updated_at, closed_at"_s;

Result<LocalPullRequest> prFrom(const QSqlQuery &q, const QSqlDatabase &db)
{
    LocalPullRequest pr;
    pr.projectId = q.value(0).toString();
    pr.number = q.value(1).toInt();
    pr.branch = q.value(2).toString();
    pr.base = q.value(3).toString();
    pr.title = q.value(4).toString();
    const auto state = valueOf(kPrStates, q.value(5).toString());
    if (!state)
        return corruptRow(u"local_pull_requests"_s, u"%1#%2"_s.arg(pr.projectId).arg(pr.number),
                          u"unknown state %1"_s.arg(q.value(5).toString()), db);
    pr.state = *state;
    pr.headSha = q.value(6).toString();
    pr.mergeSha = q.value(7).toString();
    pr.createdAt = timeFrom(q.value(8));
    pr.updatedAt = timeFrom(q.value(9));
    pr.closedAt = timeFrom(q.value(10));
    return pr;
}

Result<std::optional<LocalPullRequest>> onePr(const QSqlDatabase &db, const QString &where, const QVariantList &values,
                                              const QString &what)
{
    QSqlQuery q(db);
    if (auto ran = exec(db, q, u"SELECT "_s + kPrColumns + u" FROM local_pull_requests WHERE "_s + where, values, what);
        !ran)
        return ran.error();
    if (!q.next())
        return std::optional<LocalPullRequest>();
    auto pr = prFrom(q, db);
    if (!pr)
        return pr.error();
    return std::optional<LocalPullRequest>(std::move(pr).value());
}

const QString kCiColumns = u"project_id, pr_number, head_sha, status, reason, excerpt, log_path, log_bytes, "
                           "log_truncated, queued_at, started_at, finished_at"_s;

Result<LocalCiRun> ciFrom(const QSqlQuery &q, const QSqlDatabase &db)
{
    LocalCiRun run;
    run.projectId = q.value(0).toString();
    run.prNumber = q.value(1).toInt();
    run.headSha = q.value(2).toString();
    const auto status = valueOf(kCiStatuses, q.value(3).toString());
    if (!status)
        return corruptRow(u"local_ci_runs"_s, run.headSha, u"unknown status %1"_s.arg(q.value(3).toString()), db);
    run.status = *status;
    run.reason = q.value(4).toString();
    run.excerpt = q.value(5).toString();
    run.logPath = q.value(6).toString();
    run.logBytes = q.value(7).toLongLong();
    run.logTruncated = q.value(8).toBool();
    run.queuedAt = timeFrom(q.value(9));
    run.startedAt = timeFrom(q.value(10));
    run.finishedAt = timeFrom(q.value(11));
    return run;
}

} // namespace

QString localPrStateName(LocalPullRequest::State state)
{
    return nameOf(kPrStates, state);
}

QString localCiStatusName(LocalCiRun::Status status)
{
    return nameOf(kCiStatuses, status);
}

QString localVerdictName(LocalReviewInput::Verdict verdict)
{
    return nameOf(kVerdicts, verdict);
}

LocalScmStore::LocalScmStore(Database &database) : m_database(database) {}

Result<LocalPullRequest> LocalScmStore::open(const QString &projectId, const QString &branch, const QString &base,
                                             const QString &title, const QString &headSha)
{
    return inTransaction<LocalPullRequest>(
        m_database.connection(), [&](const QSqlDatabase &db) -> Result<LocalPullRequest> {
            auto existing = onePr(db, u"project_id = ? AND branch = ? AND state = 'open'"_s, {projectId, branch},
                                  u"cannot look up the pull request"_s);
            if (!existing)
                return existing.error();
            if (existing->has_value())
                return std::move(existing).value().value();
            QSqlQuery q(db);
            if (auto ran =
                    exec(db, q, u"SELECT COALESCE(MAX(number), 0) + 1 FROM local_pull_requests WHERE project_id = ?"_s,
                         {projectId}, u"cannot number the pull request"_s);
                !ran)
                return ran.error();
            q.next();
            LocalPullRequest pr;
            pr.projectId = projectId;
            pr.number = q.value(0).toInt();
            pr.branch = branch;
            pr.base = base;
            pr.title = title;
            pr.headSha = headSha;
            pr.createdAt = pr.updatedAt = QDateTime::currentDateTimeUtc();
            QSqlQuery insert(db);
            if (auto ran = exec(db, insert,
                                u"INSERT INTO local_pull_requests (project_id, number, branch, base, title, state, "
                                "head_sha, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)"_s,
                                {projectId, pr.number, branch, base, text(title), headSha, timeValue(pr.createdAt),
                                 timeValue(pr.updatedAt)},
                                u"cannot store the pull request"_s);
                !ran)
                return ran.error();
            return pr;
        });
}

Result<std::optional<LocalPullRequest>> LocalScmStore::openFor(const QString &projectId, const QString &branch) const
{
    return onePr(m_database.connection(), u"project_id = ? AND branch = ? AND state = 'open'"_s, {projectId, branch},
                 u"cannot look up the pull request"_s);
}

Result<std::optional<LocalPullRequest>> LocalScmStore::get(const QString &projectId, int number) const
{
    return onePr(m_database.connection(), u"project_id = ? AND number = ?"_s, {projectId, number},
                 u"cannot read the pull request"_s);
}

Result<std::optional<LocalPullRequest>> LocalScmStore::latestFor(const QString &projectId, const QString &branch) const
{
    return onePr(m_database.connection(), u"project_id = ? AND branch = ? ORDER BY number DESC LIMIT 1"_s,
                 {projectId, branch}, u"cannot look up the pull request"_s);
}

Result<QList<LocalPullRequest>> LocalScmStore::list(const QString &projectId) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    if (auto ran =
            exec(db, q, u"SELECT "_s + kPrColumns + u" FROM local_pull_requests WHERE project_id = ? ORDER BY number"_s,
                 {projectId}, u"cannot list pull requests"_s);
        !ran)
        return ran.error();
    QList<LocalPullRequest> all;
    while (q.next()) {
        auto pr = prFrom(q, db);
        if (!pr)
            return pr.error();
        all << std::move(pr).value();
    }
    return all;
}

Result<void> LocalScmStore::setHead(const QString &projectId, int number, const QString &headSha)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    return exec(db, q,
                u"UPDATE local_pull_requests SET head_sha = ?, updated_at = ? WHERE project_id = ? AND number = ?"_s,
                {headSha, timeValue(QDateTime::currentDateTimeUtc()), projectId, number},
                u"cannot record the pull request's new head"_s);
}

Result<void> LocalScmStore::finish(const QString &projectId, int number, LocalPullRequest::State state,
                                   const QString &mergeSha)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    const QVariant now = timeValue(QDateTime::currentDateTimeUtc());
    if (auto ran = exec(db, q,
                        u"UPDATE local_pull_requests SET state = ?, merge_sha = ?, updated_at = ?, closed_at = ? "
                        "WHERE project_id = ? AND number = ? AND state = 'open'"_s,
                        {localPrStateName(state), text(mergeSha), now, now, projectId, number},
                        u"cannot close the pull request"_s);
        !ran)
        return ran;
    if (q.numRowsAffected() != 1)
        return makeError(u"scm.not_open"_s, u"pull request #%1 of %2 is not open"_s.arg(number).arg(projectId));
    return {};
}

Result<bool> LocalScmStore::queueCi(const QString &projectId, int prNumber, const QString &headSha)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    if (auto ran = exec(db, q,
                        u"INSERT OR IGNORE INTO local_ci_runs (project_id, pr_number, head_sha, status, queued_at) "
                        "VALUES (?, ?, ?, 'pending', ?)"_s,
                        {projectId, prNumber, headSha, timeValue(QDateTime::currentDateTimeUtc())},
                        u"cannot queue the CI run"_s);
        !ran)
        return ran.error();
    return q.numRowsAffected() == 1;
}

Result<void> LocalScmStore::ciStarted(const QString &projectId, int prNumber, const QString &headSha,
                                      const QString &logPath)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    return exec(db, q,
                u"UPDATE local_ci_runs SET status = 'running', log_path = ?, started_at = ? WHERE project_id = ? AND "
                "pr_number = ? AND head_sha = ?"_s,
                {text(logPath), timeValue(QDateTime::currentDateTimeUtc()), projectId, prNumber, headSha},
                u"cannot record the start of the CI run"_s);
}

Result<void> LocalScmStore::ciFinished(const LocalCiRun &run)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    return exec(db, q,
                u"UPDATE local_ci_runs SET status = ?, reason = ?, excerpt = ?, log_bytes = ?, log_truncated = ?, "
                "finished_at = ? WHERE project_id = ? AND pr_number = ? AND head_sha = ?"_s,
                {localCiStatusName(run.status), text(run.reason), text(run.excerpt), run.logBytes,
                 run.logTruncated ? 1 : 0, timeValue(QDateTime::currentDateTimeUtc()), run.projectId, run.prNumber,
                 run.headSha},
                u"cannot record the end of the CI run"_s);
}

Result<std::optional<LocalCiRun>> LocalScmStore::ciRun(const QString &projectId, int prNumber,
                                                       const QString &headSha) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    if (auto ran = exec(db, q,
                        u"SELECT "_s + kCiColumns
                            + u" FROM local_ci_runs WHERE project_id = ? AND pr_number = ? AND head_sha = ?"_s,
                        {projectId, prNumber, headSha}, u"cannot read the CI run"_s);
        !ran)
        return ran.error();
    if (!q.next())
        return std::optional<LocalCiRun>();
    auto run = ciFrom(q, db);
    if (!run)
        return run.error();
    return std::optional<LocalCiRun>(std::move(run).value());
}

Result<QList<LocalCiRun>> LocalScmStore::unfinishedCi() const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    if (auto ran = exec(db, q,
                        u"SELECT "_s + kCiColumns
                            + u" FROM local_ci_runs WHERE status IN ('pending', 'running') ORDER BY queued_at"_s,
                        {}, u"cannot list CI runs"_s);
        !ran)
        return ran.error();
    QList<LocalCiRun> runs;
    while (q.next()) {
        auto run = ciFrom(q, db);
        if (!run)
            return run.error();
        runs << std::move(run).value();
    }
    return runs;
}

Result<int> LocalScmStore::addReview(const QString &projectId, int prNumber, const LocalReviewInput &review)
{
    return inTransaction<int>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<int> {
        QSqlQuery q(db);
        if (auto ran = exec(db, q,
                            u"SELECT COALESCE(MAX(review_id), 0) + 1 FROM local_review_comments WHERE project_id = ? "
                            "AND pr_number = ?"_s,
                            {projectId, prNumber}, u"cannot number the review"_s);
            !ran)
            return ran.error();
        q.next();
        const int reviewId = q.value(0).toInt();
        const QVariant now = timeValue(QDateTime::currentDateTimeUtc());
        QList<LocalReviewInput::LineComment> rows = review.comments;
        rows.prepend({QString(), 0, review.summary}); // the summary row carries the verdict
        for (const LocalReviewInput::LineComment &row : std::as_const(rows)) {
            QSqlQuery insert(db);
            if (auto ran =
                    exec(db, insert,
                         u"INSERT INTO local_review_comments (project_id, pr_number, review_id, verdict, author, "
                         "head_sha, path, line, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                         {projectId, prNumber, reviewId, localVerdictName(review.verdict), text(review.author),
                          text(review.headSha), text(row.path), row.line, text(row.body), now},
                         u"cannot store the review"_s);
                !ran)
                return ran.error();
        }
        return reviewId;
    });
}

Result<QList<LocalReviewNote>> LocalScmStore::reviewNotes(const QString &projectId, int prNumber) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    if (auto ran = exec(db, q,
                        u"SELECT id, review_id, verdict, author, head_sha, path, line, body, resolved, created_at FROM "
                        "local_review_comments WHERE project_id = ? AND pr_number = ? ORDER BY id"_s,
                        {projectId, prNumber}, u"cannot read the reviews"_s);
        !ran)
        return ran.error();
    QList<LocalReviewNote> notes;
    while (q.next()) {
        LocalReviewNote note;
        note.id = q.value(0).toLongLong();
        note.reviewId = q.value(1).toInt();
        const auto verdict = valueOf(kVerdicts, q.value(2).toString());
        if (!verdict)
            return corruptRow(u"local_review_comments"_s, QString::number(note.id),
                              u"unknown verdict %1"_s.arg(q.value(2).toString()), db);
        note.verdict = *verdict;
        note.author = q.value(3).toString();
        note.headSha = q.value(4).toString();
        note.path = q.value(5).toString();
        note.line = q.value(6).toInt();
        note.body = q.value(7).toString();
        note.resolved = q.value(8).toBool();
        note.createdAt = timeFrom(q.value(9));
        notes << note;
    }
    return notes;
}

Result<bool> LocalScmStore::resolveComment(const QString &projectId, qint64 noteId)
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    if (auto ran = exec(
            db, q, u"UPDATE local_review_comments SET resolved = 1 WHERE project_id = ? AND id = ? AND path != ''"_s,
            {projectId, noteId}, u"cannot resolve the comment"_s);
        !ran)
        return ran.error();
    return q.numRowsAffected() == 1;
}

} // namespace flotilla
