#pragma once

#include "http_types.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace flotilla {

// One hourly budget as the host last reported it (`x-ratelimit-*`).
struct RateLimitBudget
{
    QString resource; // "core", "graphql", "search"
    int limit = -1;
    int remaining = -1;
    int used = -1;
    QDateTime resetAt;
};

// What one account has spent since the process started, for `flo doctor`, the app and benchmarks.
struct RateLimitCounters
{
    int sent = 0;        // requests that reached the host
    int notModified = 0; // of them, answered 304 (free on GitHub)
    int refused = 0;     // held back locally because the account was paused
    int limited = 0;     // answered 403/429 for a rate limit
};

// The budget of one credential on one host, shared by every caller in the process that uses
// that credential there: the lifecycle's polls, the app, the API and `flo` all spend from the
// same account, so nobody can exhaust it behind the others' backs. It reads the host's
// rate-limit headers after every response; when the host says stop (403/429 with
// `retry-after`, or nothing remaining) the whole account pauses until the reset time and every
// request is refused locally, so no request reaches the host before then. It also caps the
// requests in flight and spaces mutations apart, as GitHub's secondary limits demand.
class RateLimitAccount final
{
public:
    using Clock = std::function<QDateTime()>;
    static constexpr int kMaxInFlight = 8;
    static constexpr qint64 kMutationSpacingMs = 1000;
    static constexpr qint64 kSecondaryPauseMs = 60 * 1000;

    RateLimitAccount(QString host, QString credentialFingerprint, Clock clock);
    RateLimitAccount(const RateLimitAccount &) = delete;
    RateLimitAccount &operator=(const RateLimitAccount &) = delete;

    QString host() const { return m_host; }
    // "api.github.com · 3f9a…": names the account without revealing the credential.
    QString label() const;

    // Whether a request may be sent now; when not, an error saying until when.
    Result<void> admit();
    // Reads the limits and counts the request. Returns true when the response is a limit hit
    // (the account is now paused and the caller must not treat the body as data).
    bool record(const HttpResponse &response);
    // A limit reported inside a 200 (GraphQL `RATE_LIMITED` errors).
    void pauseUntil(const QDateTime &until, const QString &reason);
    QDateTime pausedUntil() const;
    QString pauseReason() const;

    std::optional<RateLimitBudget> budget(const QString &resource) const;
    // remaining / limit of the resource, 1.0 while unknown.
    double remainingFraction(const QString &resource) const;
    RateLimitCounters counters() const;

    // Runs `start` now if fewer than kMaxInFlight requests are out, else when one finishes.
    // Every started request must call finished() exactly once.
    void whenSlotFree(std::function<void()> start);
    void finished();
    // Milliseconds a mutation must wait so mutations stay kMutationSpacingMs apart; reserves the slot.
    qint64 reserveMutation();

private:
    const QString m_host;
    const QString m_fingerprint;
    const Clock m_clock;
    mutable QMutex m_mutex; // accounts are shared; callers may live on different threads
    QHash<QString, RateLimitBudget> m_budgets;
    QDateTime m_pausedUntil;
    QString m_pauseReason;
    int m_secondaryHits = 0;
    RateLimitCounters m_counters;
    int m_inFlight = 0;
    std::deque<std::function<void()>> m_waiting;
    QDateTime m_nextMutation;
};

// Every account of the process, by host and credential.
class RateLimitBook final
{
public:
    static RateLimitBook &shared();

    RateLimitBook() = default;
    RateLimitBook(const RateLimitBook &) = delete;
    RateLimitBook &operator=(const RateLimitBook &) = delete;

    // The account for `credential` on `host`; an empty credential is the host's anonymous account.
    std::shared_ptr<RateLimitAccount> account(const QString &host, const QString &credential);
    QList<std::shared_ptr<RateLimitAccount>> accounts() const;
    // Tests move time forward to cross a reset without waiting for it.
    void setClock(RateLimitAccount::Clock clock);
    void clear();

private:
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<RateLimitAccount>> m_accounts;
    RateLimitAccount::Clock m_clock;
};

} // namespace flotilla
