#pragma once

#include "dashboard_login.h"

#include "plugin/lifecycle_plugin.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>
#include <optional>

namespace flotilla {

class SessionStore;

// Who is calling the local API.
struct Principal
{
    // User: the person (per-user token, or the dashboard's login). Session: a worker's agent,
    // for its own session only. Orchestrator: a project's orchestrator agent, for the sessions
    // of its own project.
    enum class Kind { User, Session, Orchestrator };

    Kind kind = Kind::User;
    QString sessionId;    // Session, Orchestrator: the caller's own session
    QString projectId;    // Orchestrator: the one project it may act in
    bool browser = false; // the person, through the dashboard's login cookie

    // May this caller act on `session`, a session of `sessionProject`?
    bool mayActOn(const QString &session, const QString &sessionProject) const
    {
        return kind == Kind::User || sessionId == session
               || (kind == Kind::Orchestrator && !projectId.isEmpty() && sessionProject == projectId);
    }
    // May this caller steer (spawn, send, restore) in `project`? People anywhere, an
    // orchestrator in its own project, a worker nowhere.
    bool maySteerIn(const QString &project) const
    {
        return kind == Kind::User || (kind == Kind::Orchestrator && project == projectId);
    }
    QString actor() const
    {
        if (kind == Kind::Session)
            return QStringLiteral("agent:") + sessionId;
        if (kind == Kind::Orchestrator)
            return QStringLiteral("orchestrator:") + sessionId;
        return browser ? QStringLiteral("dashboard") : QStringLiteral("api");
    }
};

// The API's credentials: the per-user token (full access) and one token per session, handed
// to that session's agent at spawn so `flo report` from inside it works and can act for that
// session only. Session tokens are random, reach the agent only through its environment, and
// are kept as SHA-256 hashes with the session (so they survive a restart and never sit in the
// database in the clear).
class ApiAccess final : public LifecyclePlugin
{
public:
    ApiAccess(QByteArray userToken, SessionStore &sessions);

    // The address agents reach the API at; known once the server listens.
    void setApiBase(const QString &apiBase) { m_apiBase = apiBase; }

    std::optional<Principal> authenticate(const QByteArray &bearerToken);
    // A request's caller: its bearer token (Authorization header), else a logged-in browser's
    // dashboard cookie (Cookie header).
    std::optional<Principal> authenticate(const QByteArray &authorizationHeader, const QByteArray &cookieHeader);
    DashboardLogin &dashboard() { return m_dashboard; }

    // LifecyclePlugin: adds FLOTILLA_API and FLOTILLA_TOKEN to the agent's environment.
    QString name() const override { return QStringLiteral("api-access"); }
    Async<SpawnContribution> onSpawn(const SessionRecord &session) override;
    void onTransition(const SessionRecord &, const QString &, const QString &) override {}
    void onKill(const SessionRecord &session) override;

    static QString tokenHash(const QByteArray &token);

private:
    QByteArray m_userToken;
    SessionStore &m_sessions;
    QString m_apiBase;
    QHash<QString, QString> m_sessionByHash; // cache of what the store holds
    DashboardLogin m_dashboard;
};

} // namespace flotilla
