#include "api_access.h"

#include "request_guard.h"

#include "instance/api_token.h"
#include "model/display_status.h"
#include "store/session_store.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kHashKey = u"apiTokenSha256"_s;

QByteArray randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

ApiAccess::ApiAccess(QByteArray userToken, SessionStore &sessions)
    : m_userToken(std::move(userToken)), m_sessions(sessions)
{}

QString ApiAccess::tokenHash(const QByteArray &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex());
}

std::optional<Principal> ApiAccess::authenticate(const QByteArray &authorizationHeader, const QByteArray &cookieHeader)
{
    const QByteArray bearer = RequestGuard::bearerToken(authorizationHeader);
    if (!bearer.isEmpty())
        return authenticate(bearer);
    if (!cookieHeader.isEmpty() && m_dashboard.acceptsCookieHeader(cookieHeader)) {
        Principal person;
        person.browser = true;
        return person;
    }
    return std::nullopt;
}

std::optional<Principal> ApiAccess::authenticate(const QByteArray &bearerToken)
{
    if (bearerToken.isEmpty())
        return std::nullopt;
    if (ApiToken::matches(m_userToken, bearerToken))
        return Principal{};
    // Hash comparison: equal hashes of a 256-bit random token leak nothing about it.
    const QString hash = tokenHash(bearerToken);
    QString sessionId = m_sessionByHash.value(hash);
    if (sessionId.isEmpty()) {
        auto live = m_sessions.list({}, SessionStore::Terminated::Exclude);
        if (!live)
            return std::nullopt;
        for (const SessionRecord &session : std::as_const(live.value())) {
            const QString stored = session.extra.value(kHashKey).toString();
            if (!stored.isEmpty())
                m_sessionByHash.insert(stored, session.id);
            if (stored == hash)
                sessionId = session.id;
        }
    }
    if (sessionId.isEmpty())
        return std::nullopt;
    // A killed session's token stops working even while it is cached.
    auto session = m_sessions.get(sessionId);
    if (!session || !session.value() || session.value()->extra.value(kHashKey).toString() != hash
        || isTerminal(deriveDisplayStatus(*session.value()))) {
        m_sessionByHash.remove(hash);
        return std::nullopt;
    }
    const SessionRecord &caller = *session.value();
    if (caller.kind == SessionKind::Orchestrator)
        return Principal{Principal::Kind::Orchestrator, sessionId, caller.projectId, false};
    return Principal{Principal::Kind::Session, sessionId, {}, false};
}

Async<SpawnContribution> ApiAccess::onSpawn(const SessionRecord &session)
{
    const QByteArray token = randomToken();
    const QString hash = tokenHash(token);
    m_sessionByHash.insert(hash, session.id);
    SpawnContribution contribution;
    contribution.environment.insert(u"FLOTILLA_TOKEN"_s, QString::fromLatin1(token));
    if (!m_apiBase.isEmpty())
        contribution.environment.insert(u"FLOTILLA_API"_s, m_apiBase);
    contribution.environmentKeysForAudit = contribution.environment.keys();
    contribution.environmentKeysForAudit.sort();
    contribution.extra.insert(kHashKey, hash);
    return ready(Result<SpawnContribution>(contribution));
}

void ApiAccess::onKill(const SessionRecord &session)
{
    const QString hash = session.extra.value(kHashKey).toString();
    m_sessionByHash.remove(hash);
}

} // namespace flotilla
