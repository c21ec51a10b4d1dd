#pragma once

#include "plugin/plugin_common.h"
#include "store/local_scm_store.h"
#include "util/result.h"

#include <QString>

namespace flotilla {

class Fleet;
class Store;

// Where people review pull requests that have no hosting service to review them on (the
// `local` SCM), and where agents resolve the review threads they addressed (any SCM): from the desktop app, the
// dashboard or `flo review`. A review lands in the store, is written to the audit log, and the session is checked at
// once so its agent gets the requested changes (or the merge goes ahead) without waiting for the next poll.
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
    // Marks one review thread of the session's pull request resolved: in the store for the
    // `local` SCM, on the hosting service otherwise (for a thread the agent was shown).
    Async<void> resolve(const QString &sessionId, const QString &threadId, const QString &actor);

private:
    struct Target
    {
        QString projectId;
        int prNumber = 0;
        QString headSha;
        QString identity;
    };
    Result<Target> openPullRequestOf(const QString &sessionId) const;
    Result<void> resolveLocal(const QString &sessionId, const QString &thread, const QString &actor);
    Result<void> recordResolved(const QString &sessionId, const QString &projectId, const QString &identity,
                                int prNumber, const QString &thread, const QString &actor);

    Fleet &m_fleet;
    Store &m_store;
};

} // namespace flotilla
