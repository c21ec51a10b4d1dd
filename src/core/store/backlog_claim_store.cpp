#include "backlog_claim_store.h"

#include "database.h"
#include "sql_support.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

const QString kColumns =
    u"project_id, issue_id, state, session_id, title, url, attempts, reason, retry_after, updated_at"_s;

constexpr std::pair<BacklogClaim::State, const char *> kStateNames[] = {
    {BacklogClaim::State::Claiming, "claiming"}, {BacklogClaim::State::Running, "running"},
    {BacklogClaim::State::Merged, "merged"},     {BacklogClaim::State::Returned, "returned"},
    {BacklogClaim::State::Verified, "verified"}, {BacklogClaim::State::VerificationFailed, "verification_failed"},
};

std::optional<BacklogClaim::State> stateFrom(const QString &name)
{
    for (const auto &[state, text] : kStateNames) {
        if (name == QLatin1StringView(text))
            return state;
    }
    return std::nullopt;
}

Result<BacklogClaim> claimFrom(const QSqlQuery &query, const QSqlDatabase &db)
{
    BacklogClaim claim;
    claim.projectId = query.value(0).toString();
    claim.issueId = query.value(1).toString();
    const auto state = stateFrom(query.value(2).toString());
    if (!state)
        return corruptRow(u"backlog_claims"_s, claim.projectId + u'/' + claim.issueId,
                          u"unknown state \"%1\""_s.arg(query.value(2).toString()), db);
    claim.state = *state;
    claim.sessionId = query.value(3).toString();
    claim.title = query.value(4).toString();
    claim.url = query.value(5).toString();
    claim.attempts = query.value(6).toInt();
    claim.reason = query.value(7).toString();
    claim.retryAfter = timeFrom(query.value(8));
    claim.updatedAt = timeFrom(query.value(9));
    return claim;
}

} // namespace

QString backlogStateName(BacklogClaim::State state)
{
    for (const auto &[known, text] : kStateNames) {
        if (known == state)
            return QString::fromLatin1(text);
    }
    return {};
}

BacklogClaimStore::BacklogClaimStore(Database &database) : m_database(database) {}

Result<std::optional<BacklogClaim>> BacklogClaimStore::get(const QString &projectId, const QString &issueId) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read =
            exec(db, query, u"SELECT %1 FROM backlog_claims WHERE project_id = ? AND issue_id = ?"_s.arg(kColumns),
                 {projectId, issueId}, u"cannot read the backlog claim of issue %1"_s.arg(issueId));
        !read)
        return read.error();
    if (!query.next())
        return std::optional<BacklogClaim>();
    auto claim = claimFrom(query, db);
    if (!claim)
        return claim.error();
    return std::optional<BacklogClaim>(claim.value());
}

Result<QList<BacklogClaim>> BacklogClaimStore::list(const QString &projectId) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read =
            exec(db, query,
                 u"SELECT %1 FROM backlog_claims WHERE project_id = ? ORDER BY updated_at, issue_id"_s.arg(kColumns),
                 {projectId}, u"cannot read the backlog of %1"_s.arg(projectId));
        !read)
        return read.error();
    QList<BacklogClaim> claims;
    while (query.next()) {
        auto claim = claimFrom(query, db);
        if (!claim)
            return claim.error();
        claims << claim.value();
    }
    return claims;
}

Result<void> BacklogClaimStore::put(BacklogClaim claim)
{
    if (claim.projectId.isEmpty() || claim.issueId.isEmpty())
        return makeError(u"store.invalid_claim"_s, u"a backlog claim needs a project and an issue"_s);
    claim.updatedAt = QDateTime::currentDateTimeUtc();
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    return exec(
        db, query, u"INSERT OR REPLACE INTO backlog_claims(%1) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kColumns),
        {claim.projectId, claim.issueId, backlogStateName(claim.state), text(claim.sessionId), text(claim.title),
         text(claim.url), claim.attempts, text(claim.reason), timeValue(claim.retryAfter), timeValue(claim.updatedAt)},
        u"cannot record the backlog claim of issue %1"_s.arg(claim.issueId));
}

} // namespace flotilla
