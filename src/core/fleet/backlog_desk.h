#pragma once

#include "plugin/await_result.h"
#include "plugin/tracker_plugin.h"
#include "store/backlog_claim_store.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

class QTimer;

namespace flotilla {

class Fleet;
class Store;
struct BacklogSettings;
struct SessionRecord;

// Issues that start their own sessions: every `backlog.pollInterval` the project's tracker is
// asked for open issues carrying `backlog.label`. While fewer than `maxConcurrent` backlog
// sessions run, the oldest is claimed (label moved to `inProgressLabel`), spawned, and given
// a comment linking its session. When the session's pull request merges the issue is closed
// (or labelled for `flo verify`); when it ends any other way, or the spawn fails, the issue
// goes back to the backlog with a comment saying why and waits `retryAfter` before it is
// tried again. Claims are kept in the store, so a restart settles what ran before it.
class BacklogDesk final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BacklogDesk)

public:
    BacklogDesk(Fleet &fleet, Store &store, QObject *parent = nullptr);
    ~BacklogDesk() override;

    // Follows the configuration of the moment: one poll timer per project with a backlog.
    void configure();
    void stop();
    // One pass for the project now (settle, then claim while there is room); ignored while a
    // pass runs.
    void pollSoon(const QString &projectId);

    // Merged issues waiting for a person to verify them.
    // (Issues carrying `unverifiedLabel`, whoever put it there.)
    Async<QList<Issue>> unverified(const QString &projectId);
    // A person's verdict on merged work: verified closes the issue, failed reopens it with
    // `verificationFailedLabel`. `comment` is added to the issue.
    Async<BacklogClaim> verify(const QString &projectId, const QString &issueId, bool passed, const QString &comment,
                               const QString &actor);

signals:
    void passFinished(const QString &projectId);
    void claimChanged(const flotilla::BacklogClaim &claim);

private:
    struct Pass;
    void runPass(const QString &projectId);
    void settleNext(const std::shared_ptr<Pass> &pass);
    void settle(const std::shared_ptr<Pass> &pass, BacklogClaim claim, const SessionRecord &session);
    void fill(const std::shared_ptr<Pass> &pass);
    void claimNext(const std::shared_ptr<Pass> &pass);
    void spawnClaimed(const std::shared_ptr<Pass> &pass, BacklogClaim claim);
    // Puts the issue back in the backlog with a comment saying why, then goes on with `next`.
    void giveBack(const std::shared_ptr<Pass> &pass, BacklogClaim claim, const QString &reason,
                  const std::function<void()> &next);
    void endPass(const std::shared_ptr<Pass> &pass);
    void record(const BacklogClaim &claim, const QString &type, const QString &message, const QString &actor);
    QString sessionLink(const QString &sessionId) const;
    void onSessionChanged(const SessionRecord &session);

    Fleet &m_fleet;
    Store &m_store;
    QHash<QString, QTimer *> m_timers;
    QSet<QString> m_passing;
    QSet<QString> m_again; // asked for while a pass ran: another pass follows it
};

} // namespace flotilla
