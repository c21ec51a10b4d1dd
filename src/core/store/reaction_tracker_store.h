#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla {

class Database;

// How often one reaction has run for one session. Persisted so attempt counts and the time of
// the first trigger (which duration-based escalation measures from) survive a restart.
struct ReactionTracker
{
    QString sessionId;
    QString reactionKey; // "ci-failed", "changes-requested", …
    int attempts = 0;
    QDateTime firstTriggeredAt;
    QDateTime lastTriggeredAt;
    QDateTime lastSentAt; // last time something reached the agent (cool-downs, re-nags)
    QString fingerprint;  // what the reaction last acted on (a review comment set, a head SHA)
    bool escalated = false;
};

class ReactionTrackerStore final
{
public:
    explicit ReactionTrackerStore(Database &database);
    ReactionTrackerStore(const ReactionTrackerStore &) = delete;
    ReactionTrackerStore &operator=(const ReactionTrackerStore &) = delete;

    Result<std::optional<ReactionTracker>> get(const QString &sessionId, const QString &reactionKey) const;
    Result<void> upsert(const ReactionTracker &tracker);
    // A reset tracker is gone: the next trigger starts counting from one.
    Result<void> reset(const QString &sessionId, const QString &reactionKey);
    Result<void> resetAllExcept(const QString &sessionId, const QStringList &keepKeys);
    Result<void> resetForSession(const QString &sessionId);
    // Ordered by reaction key.
    Result<QList<ReactionTracker>> list(const QString &sessionId) const;

private:
    Result<void> remove(const QString &sql, const QVariantList &values, const QString &what);

    Database &m_database;
};

} // namespace flotilla
