#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>

#include <chrono>
#include <functional>
#include <optional>

namespace flotilla {

// How a browser gets into the dashboard without ever seeing the API token: the app (or
// `flo dashboard`) asks for a one-time login code and opens /login?code=…; the code is good
// once, for two minutes, and is exchanged for a random cookie value (HttpOnly, SameSite=Strict)
// that authenticates the browser until it expires or Flotilla restarts. Only SHA-256 hashes of
// codes and cookies are kept, in memory.
class DashboardLogin final
{
public:
    static constexpr const char *kCookieName = "flotilla_dashboard";
    static constexpr std::chrono::minutes kCodeLifetime{2};
    static constexpr std::chrono::hours kCookieLifetime{12};
    using Clock = std::function<QDateTime()>;

    DashboardLogin();
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // A fresh one-time code (URL-safe).
    QByteArray issueCode();
    // The cookie value for a good code; nothing for an unknown, used or expired one.
    std::optional<QByteArray> redeem(const QByteArray &code);
    // Whether a Cookie request header carries a live dashboard cookie.
    bool acceptsCookieHeader(const QByteArray &cookieHeader);
    // The Set-Cookie header value for a new cookie.
    static QByteArray setCookieHeader(const QByteArray &value);

private:
    void forgetExpired(const QDateTime &now);

    Clock m_clock;
    QHash<QByteArray, QDateTime> m_codes;   // hash → expiry
    QHash<QByteArray, QDateTime> m_cookies; // hash → expiry
};

} // namespace flotilla
