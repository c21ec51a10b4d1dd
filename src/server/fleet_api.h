#pragma once

#include "api_access.h"
#include "model/session_facts.h"
#include "plugin/await_result.h"
#include "request_guard.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QObject>

#include <QPointer>
#include <QTcpSocket>

#include <memory>
#include <optional>
#include <variant>

class QHttpServer;

namespace flotilla {

class Fleet;
class Store;

// The fleet's REST endpoints under /api/v1: projects and their trackers' issues, sessions (list, get,
// pull request, spawn, send, kill, restore, cleanup, claim-pr, report, review, merge), decisions, events and the
// configuration check. Every request passes the guard (loopback Host, a token, a matching Origin and a size limit on
// state changes); a session token may act for its own session only.
class FleetApi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetApi)

public:
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;

    FleetApi(Fleet &fleet, Store &store, ApiAccess &access, RequestGuard &guard, QObject *parent = nullptr);

    void registerRoutes(QHttpServer &http);
    void registerOrchestratorRoutes(QHttpServer &http);

    // The HTTP status for a core error code ("session.not_found" → 404, "session.busy" → 409).
    static QHttpServerResponder::StatusCode statusFor(const QString &code);
    static QHttpServerResponse errorResponse(const Error &error);
    // Writes `response` with the security headers, unless the client has gone meanwhile.
    static void reply(const std::shared_ptr<QHttpServerResponder> &responder, const QPointer<QTcpSocket> &socket,
                      QHttpServerResponse response);

private:
    using Outcome = std::variant<Principal, QHttpServerResponse>;
    // UserOnly: people. OwnSession: people, the session itself, its project's orchestrator.
    // Steer: people and the orchestrator of the session's project. SteerProject: the same, with
    // the project named directly.
    enum class Allowed { UserOnly, OwnSession, Steer, SteerProject };
    QString projectOf(const QString &sessionId) const;
    // An orchestrator's own project, which its requests may leave out; empty for other callers.
    QString orchestratorsProject(const QHttpServerRequest &request);
    bool permits(const Principal &principal, Allowed allowed, const QString &sessionOrProject) const;
    // Refuses as forbidden; an agent's refused attempt is recorded in the audit log.
    void refuseAndRecord(QHttpServerResponder &responder, const Principal &principal, const QHttpServerRequest &request,
                         const QString &forbidden);
    struct Admitted
    {
        Principal principal;
        QJsonObject body;
    };
    // A state change: the caller and its JSON body when the guard, `allowed` and the body all
    // pass; otherwise the refusal is written to `responder` and nothing comes back.
    std::optional<Admitted> admitChange(const QHttpServerRequest &request, QHttpServerResponder &responder,
                                        Allowed allowed, const QString &sessionId, const QString &forbidden);
    static void refuse(QHttpServerResponder &responder, QHttpServerResponse response);
    using Status = QHttpServerResponder::StatusCode;
    using Method = QHttpServerRequest::Method;

    // Answers the request when the core has: `toJson(value)` with `status`, or the error.
    template<typename T, typename ToJson>
    void answerWhenDone(QHttpServerResponder &&responder, Async<T> call, ToJson toJson, Status status = Status::Ok)
    {
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        const QPointer<QTcpSocket> socket = held->socket();
        // Spawning runs the workspace's postCreate commands: no deadline short of the client's.
        awaitResult(std::move(call), this, std::chrono::hours(1), QStringLiteral("the request"),
                    [held, socket, toJson, status](Result<T> result) {
                        if (!result) {
                            reply(held, socket, errorResponse(result.error()));
                            return;
                        }
                        if constexpr (std::is_void_v<T>)
                            reply(held, socket, QHttpServerResponse(toJson(), status));
                        else
                            reply(held, socket, QHttpServerResponse(toJson(result.value()), status));
                    });
    }
    // The caller, or the response refusing it. `changesState` adds the Origin and size checks.
    Outcome admit(const QHttpServerRequest &request, bool changesState);
    static Result<QJsonObject> bodyOf(const QHttpServerRequest &request);

    // Who the audit log names: the front end a person used, else what the token is.
    static QString actorOf(const QJsonObject &body, const Principal &principal);

    QHttpServerResponse listProjects(const QHttpServerRequest &request);
    void listIssues(const QString &projectId, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    QHttpServerResponse listSessions(const QHttpServerRequest &request);
    // The session a read may see, or the refusal (token, scope, unknown id).
    std::variant<SessionRecord, QHttpServerResponse> readableSession(const QString &id,
                                                                     const QHttpServerRequest &request);
    QHttpServerResponse getSession(const QString &id, const QHttpServerRequest &request);
    QHttpServerResponse getPullRequest(const QString &id, const QHttpServerRequest &request);
    void spawn(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void send(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void kill(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void restore(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void claimPr(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void cleanup(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    QHttpServerResponse report(const QString &id, const QHttpServerRequest &request);
    void merge(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void review(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void resolveThread(const QString &id, const QString &thread, const QHttpServerRequest &request,
                       QHttpServerResponder &&responder);
    QHttpServerResponse listDecisions(const QHttpServerRequest &request);
    void answer(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    QHttpServerResponse listEvents(const QHttpServerRequest &request);
    // The JSON body of a state-changing request only a person (not an agent's session) may
    // make; nullopt once the refusal has been answered.
    std::optional<QJsonObject> personsBody(const QHttpServerRequest &request,
                                           const std::shared_ptr<QHttpServerResponder> &held,
                                           const QPointer<QTcpSocket> &socket, const QString &refusal);
    QHttpServerResponse listOrchestrators(const QHttpServerRequest &request);
    void startOrchestrator(const QString &projectId, const QHttpServerRequest &request,
                           QHttpServerResponder &&responder);
    void ask(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    QHttpServerResponse listBacklog(const QString &projectId, const QHttpServerRequest &request);
    void listUnverified(const QString &projectId, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void verify(const QString &projectId, const QString &issueId, const QHttpServerRequest &request,
                QHttpServerResponder &&responder);
    // Sends a test notification through one notifier, or each, now, past the outbox.
    void testNotifiers(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    Fleet &m_fleet;
    Store &m_store;
    ApiAccess &m_access;
    RequestGuard &m_guard;
};

} // namespace flotilla
