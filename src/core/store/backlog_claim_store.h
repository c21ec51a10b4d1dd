#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

class Database;

// One issue the backlog took from a tracker.
struct BacklogClaim
{
    // Claiming: labels moved, session not yet started. Running: a session works on it.
    // Merged: its pull request merged (issue closed, or waiting for verification). Returned:
    // back in the backlog, with the reason, until `retryAfter`. Verified / VerificationFailed:
    // a person checked the merged work (`flo verify`).
    enum class State { Claiming, Running, Merged, Returned, Verified, VerificationFailed };

    QString projectId;
    QString issueId;
    State state = State::Claiming;
    QString sessionId;
    QString title;
    QString url;
    int attempts = 0;
    QString reason; // why it went back, or how it ended
    QDateTime retryAfter;
    QDateTime updatedAt;

    bool holdsASlot() const { return state == State::Claiming || state == State::Running; }
};

QString backlogStateName(BacklogClaim::State state);

class BacklogClaimStore final
{
public:
    explicit BacklogClaimStore(Database &database);
    BacklogClaimStore(const BacklogClaimStore &) = delete;
    BacklogClaimStore &operator=(const BacklogClaimStore &) = delete;

    Result<std::optional<BacklogClaim>> get(const QString &projectId, const QString &issueId) const;
    Result<QList<BacklogClaim>> list(const QString &projectId) const;
    // Writes the claim as given (insert or replace), stamping `updatedAt`.
    Result<void> put(BacklogClaim claim);

private:
    Database &m_database;
};

} // namespace flotilla
