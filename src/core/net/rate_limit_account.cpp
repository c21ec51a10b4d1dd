#include "rate_limit_account.h"

#include <QCryptographicHash>
#include <QMutexLocker>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

int headerInt(const HttpResponse &response, const QByteArray &name, int fallback = -1)
{
    bool ok = false;
    const int value = response.header(name).trimmed().toInt(&ok);
    return ok ? value : fallback;
}

QString fingerprint(const QString &credential)
{
    if (credential.isEmpty())
        return u"anonymous"_s;
    return QString::fromLatin1(
        QCryptographicHash::hash(credential.toUtf8(), QCryptographicHash::Sha256).toHex().left(12));
}

} // namespace

RateLimitAccount::RateLimitAccount(QString host, QString credentialFingerprint, Clock clock)
    : m_host(std::move(host)), m_fingerprint(std::move(credentialFingerprint)), m_clock(std::move(clock))
{}

QString RateLimitAccount::label() const
{
    return u"%1 · %2"_s.arg(m_host, m_fingerprint.left(6));
}

Result<void> RateLimitAccount::admit()
{
    QMutexLocker lock(&m_mutex);
    const QDateTime now = m_clock();
    if (m_pausedUntil.isValid() && now < m_pausedUntil) {
        ++m_counters.refused;
        return makeError(u"net.rate_limited"_s,
                         u"%1 is rate-limited until %2 UTC (%3); nothing is sent to it before then"_s.arg(
                             m_host, m_pausedUntil.toUTC().toString(u"HH:mm:ss"_s), m_pauseReason));
    }
    return {};
}

bool RateLimitAccount::record(const HttpResponse &response)
{
    QMutexLocker lock(&m_mutex);
    const QDateTime now = m_clock();
    ++m_counters.sent;
    if (response.status == 304)
        ++m_counters.notModified;

    RateLimitBudget budget;
    budget.resource = QString::fromLatin1(response.header("x-ratelimit-resource").trimmed());
    if (budget.resource.isEmpty())
        budget.resource = u"core"_s;
    budget.limit = headerInt(response, "x-ratelimit-limit");
    budget.remaining = headerInt(response, "x-ratelimit-remaining");
    budget.used = headerInt(response, "x-ratelimit-used");
    if (const int reset = headerInt(response, "x-ratelimit-reset"); reset > 0)
        budget.resetAt = QDateTime::fromSecsSinceEpoch(reset, Qt::UTC);
    if (budget.limit >= 0 || budget.remaining >= 0)
        m_budgets.insert(budget.resource, budget);

    const int retryAfter = headerInt(response, "retry-after");
    const bool refused = response.status == 403 || response.status == 429;
    const bool exhausted = budget.remaining == 0 && budget.resetAt.isValid();
    const bool mentionsLimit = response.body.contains("rate limit");
    const auto pause = [&](const QDateTime &until, const QString &reason) {
        if (!m_pausedUntil.isValid() || until > m_pausedUntil)
            m_pausedUntil = until;
        m_pauseReason = reason;
    };

    if (refused && retryAfter >= 0) {
        ++m_counters.limited;
        pause(now.addSecs(std::max(retryAfter, 1)), u"the host asked to retry after %1 s"_s.arg(retryAfter));
        return true;
    }
    if (exhausted) {
        // Whether this answer was refused or was the last one the budget allowed, nothing more
        // may go out before the reset.
        pause(budget.resetAt, u"the %1 budget of %2 requests is used up"_s.arg(budget.resource).arg(budget.limit));
        if (refused) {
            ++m_counters.limited;
            return true;
        }
        return false;
    }
    if (response.status == 429 || (refused && mentionsLimit)) {
        // A secondary limit without a retry time: at least a minute, then exponentially longer.
        ++m_counters.limited;
        ++m_secondaryHits;
        const qint64 base = kSecondaryPauseMs << std::min(m_secondaryHits - 1, 4);
        const qint64 jitter = QRandomGenerator::global()->bounded(qint64(base / 10 + 1));
        pause(now.addMSecs(base + jitter), u"a secondary rate limit"_s);
        return true;
    }
    if (response.isSuccess() || response.status == 304)
        m_secondaryHits = 0;
    return false;
}

void RateLimitAccount::pauseUntil(const QDateTime &until, const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    ++m_counters.limited;
    if (!m_pausedUntil.isValid() || until > m_pausedUntil)
        m_pausedUntil = until;
    m_pauseReason = reason;
}

QDateTime RateLimitAccount::pausedUntil() const
{
    QMutexLocker lock(&m_mutex);
    return m_pausedUntil.isValid() && m_clock() < m_pausedUntil ? m_pausedUntil : QDateTime();
}

QString RateLimitAccount::pauseReason() const
{
    QMutexLocker lock(&m_mutex);
    return m_pauseReason;
}

std::optional<RateLimitBudget> RateLimitAccount::budget(const QString &resource) const
{
    QMutexLocker lock(&m_mutex);
    const auto found = m_budgets.constFind(resource);
    if (found == m_budgets.cend())
        return std::nullopt;
    return found.value();
}

double RateLimitAccount::remainingFraction(const QString &resource) const
{
    const auto known = budget(resource);
    if (!known || known->limit <= 0 || known->remaining < 0)
        return 1.0;
    if (known->resetAt.isValid() && m_clock() >= known->resetAt)
        return 1.0; // the window has rolled over since the host last reported
    return double(known->remaining) / double(known->limit);
}

RateLimitCounters RateLimitAccount::counters() const
{
    QMutexLocker lock(&m_mutex);
    return m_counters;
}

void RateLimitAccount::whenSlotFree(std::function<void()> start)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_inFlight >= kMaxInFlight) {
            m_waiting.push_back(std::move(start));
            return;
        }
        ++m_inFlight;
    }
    start();
}

void RateLimitAccount::finished()
{
    std::function<void()> next;
    {
        QMutexLocker lock(&m_mutex);
        if (m_waiting.empty()) {
            m_inFlight = std::max(0, m_inFlight - 1);
            return;
        }
        // The slot passes straight to the next waiting request.
        next = std::move(m_waiting.front());
        m_waiting.pop_front();
    }
    next();
}

qint64 RateLimitAccount::reserveMutation()
{
    QMutexLocker lock(&m_mutex);
    const QDateTime now = m_clock();
    const QDateTime slot = m_nextMutation.isValid() && m_nextMutation > now ? m_nextMutation : now;
    m_nextMutation = slot.addMSecs(kMutationSpacingMs);
    return now.msecsTo(slot);
}

RateLimitBook &RateLimitBook::shared()
{
    static RateLimitBook book;
    return book;
}

std::shared_ptr<RateLimitAccount> RateLimitBook::account(const QString &host, const QString &credential)
{
    const QString print = fingerprint(credential);
    const QString key = host.toLower() + u'/' + print;
    QMutexLocker lock(&m_mutex);
    if (auto found = m_accounts.value(key))
        return found;
    auto clock = m_clock ? m_clock : RateLimitAccount::Clock([] { return QDateTime::currentDateTimeUtc(); });
    auto made = std::make_shared<RateLimitAccount>(host.toLower(), print, clock);
    m_accounts.insert(key, made);
    return made;
}

QList<std::shared_ptr<RateLimitAccount>> RateLimitBook::accounts() const
{
    QMutexLocker lock(&m_mutex);
    return m_accounts.values();
}

void RateLimitBook::setClock(RateLimitAccount::Clock clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(clock);
    m_accounts.clear(); // accounts keep the clock they were made with
}

void RateLimitBook::clear()
{
    QMutexLocker lock(&m_mutex);
    m_accounts.clear();
}

} // namespace flotilla
