#pragma once

#include <QHash>
#include <QString>

#include <chrono>

namespace flotilla {

// How the notification dispatcher paces itself. The defaults suit real channels (Slack, email,
// a tray); tests shrink the intervals.
struct DispatchPolicy
{
    // How long one delivery may take before the notifier is presumed hung and the attempt
    // counts as failed; `timeoutFor` overrides it per notifier name (a slow SMTP relay).
    std::chrono::milliseconds timeout{std::chrono::seconds(15)};
    QHash<QString, std::chrono::milliseconds> timeoutFor;
    // Tries per delivery, the first one included; after the last failure it is given up.
    // `maxAttemptsFor` and `firstRetryFor` override it per notifier (its `retries` and
    // `retryDelayMs` settings).
    int maxAttempts = 8;
    QHash<QString, int> maxAttemptsFor;
    QHash<QString, std::chrono::milliseconds> firstRetryFor;
    // The wait after the n-th failure is firstRetry * 2^(n-1), capped at maxRetry, and spread
    // by up to ±jitter of itself so channels that failed together do not retry in lockstep.
    std::chrono::milliseconds firstRetry{std::chrono::seconds(5)};
    std::chrono::milliseconds maxRetry{std::chrono::minutes(10)};
    double jitter = 0.2;
    // Deliveries one notifier may have in flight at once; the rest wait their turn in memory.
    int perNotifierLimit = 4;
    // How often due retries and lapsed leases are looked for when nothing new was logged.
    std::chrono::milliseconds sweepInterval{std::chrono::seconds(5)};
    // How long a claimed delivery stays reserved; after a crash it is due again once this runs
    // out. Always kept longer than every timeout, so a live delivery is never claimed twice.
    std::chrono::milliseconds lease{std::chrono::minutes(2)};
    // Deliveries claimed per store transaction.
    int claimBatch = 32;

    std::chrono::milliseconds timeoutOf(const QString &notifier) const { return timeoutFor.value(notifier, timeout); }
    // The policy as it applies to one notifier.
    DispatchPolicy forNotifier(const QString &notifier) const
    {
        DispatchPolicy own = *this;
        own.maxAttempts = maxAttemptsFor.value(notifier, maxAttempts);
        own.firstRetry = firstRetryFor.value(notifier, firstRetry);
        return own;
    }
};

} // namespace flotilla
