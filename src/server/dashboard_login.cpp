#include "dashboard_login.h"

#include <QCryptographicHash>
#include <QList>
#include <QRandomGenerator>

namespace flotilla {

namespace {

QByteArray randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray hashOf(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

} // namespace

DashboardLogin::DashboardLogin() : m_clock([] { return QDateTime::currentDateTimeUtc(); }) {}

void DashboardLogin::forgetExpired(const QDateTime &now)
{
    for (QHash<QByteArray, QDateTime> *table : {&m_codes, &m_cookies})
        table->removeIf([&now](const auto &entry) { return entry.value() <= now; });
}

QByteArray DashboardLogin::issueCode()
{
    const QDateTime now = m_clock();
    forgetExpired(now);
    const QByteArray code = randomToken();
    m_codes.insert(hashOf(code), now.addSecs(std::chrono::duration_cast<std::chrono::seconds>(kCodeLifetime).count()));
    return code;
}

std::optional<QByteArray> DashboardLogin::redeem(const QByteArray &code)
{
    const QDateTime now = m_clock();
    forgetExpired(now);
    // Looked up by hash: the comparison never runs over the secret itself.
    if (code.isEmpty() || !m_codes.remove(hashOf(code)))
        return std::nullopt;
    const QByteArray cookie = randomToken();
    m_cookies.insert(hashOf(cookie),
                     now.addSecs(std::chrono::duration_cast<std::chrono::seconds>(kCookieLifetime).count()));
    return cookie;
}

bool DashboardLogin::acceptsCookieHeader(const QByteArray &cookieHeader)
{
    const QDateTime now = m_clock();
    const QByteArray prefix = QByteArray(kCookieName) + '=';
    for (const QByteArray &part : cookieHeader.split(';')) {
        const QByteArray pair = part.trimmed();
        if (!pair.startsWith(prefix))
            continue;
        const auto found = m_cookies.constFind(hashOf(pair.mid(prefix.size())));
        if (found != m_cookies.cend() && found.value() > now)
            return true;
    }
    return false;
}

QByteArray DashboardLogin::setCookieHeader(const QByteArray &value)
{
    return QByteArray(kCookieName) + '=' + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
           + QByteArray::number(qint64(std::chrono::duration_cast<std::chrono::seconds>(kCookieLifetime).count()));
}

} // namespace flotilla
