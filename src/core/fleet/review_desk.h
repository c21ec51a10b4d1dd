#pragma once

#include "store/local_scm_store.h"
#include "util/result.h"

#include <QString>

namespace flotilla {

class Fleet;
class Store;

// Where people review pull requests that have no hosting service to review them on (the
// `local` SCM): from the desktop app, the dashboard or `flo review`. A review lands in the
// store, is written to the audit log, and the session is checked at once so its agent gets
// the requested changes (or the merge goes ahead) without waiting for the next poll.
class ReviewDesk final
{
public:
    ReviewDesk(Fleet &fleet, Store &store);
    ReviewDesk(const ReviewDesk &) = delete;
    ReviewDesk &operator=(const ReviewDesk &) = delete;

    struct Submitted
    {
        int reviewId = 0;
        int prNumber = 0;
    };

    // Reviews the open pull request of `sessionId`. A review that asks for changes must say
    // what (a summary or a line comment); line comments need a path and a positive line.
    Result<Submitted> submit(const QString &sessionId, LocalReviewInput review, const QString &actor);
    // Marks one line comment of the session's pull request resolved.
    Result<void> resolve(const QString &sessionId, qint64 threadId, const QString &actor);

private:
    struct Target
    {
        QString projectId;
        int prNumber = 0;
        QString headSha;
        QString identity;
    };
    Result<Target> openPullRequestOf(const QString &sessionId) const;

    Fleet &m_fleet;
    Store &m_store;
};

} // namespace flotilla
