// FleetApi's endpoints for orchestrators, agents' own questions and the backlog.

#include "api_json.h"
#include "config/config_model.h"
#include "fleet/backlog_desk.h"
#include "fleet/fleet.h"
#include "fleet/orchestrator_desk.h"
#include "fleet_api.h"
#include "json_responses.h"
#include "lifecycle/escalations.h"
#include "model/enum_names.h"
#include "plugin/external/external_enum_names.h"
#include "store/store.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

using Status = QHttpServerResponder::StatusCode;

QJsonObject claimJson(const BacklogClaim &claim)
{
    QJsonObject json{{u"issue"_s, claim.issueId},     {u"state"_s, backlogStateName(claim.state)},
                     {u"session"_s, claim.sessionId}, {u"title"_s, claim.title},
                     {u"url"_s, claim.url},           {u"attempts"_s, claim.attempts},
                     {u"reason"_s, claim.reason},     {u"updatedAt"_s, claim.updatedAt.toString(Qt::ISODateWithMs)}};
    if (claim.retryAfter.isValid())
        json.insert(u"retryAfter"_s, claim.retryAfter.toString(Qt::ISODate));
    return json;
}

} // namespace

void FleetApi::registerOrchestratorRoutes(QHttpServer &http)
{
    http.route(u"/api/v1/orchestrators"_s, Method::Get,
               [this](const QHttpServerRequest &r) { return listOrchestrators(r); });
    http.route(u"/api/v1/projects/<arg>/orchestrator"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   startOrchestrator(id, r, std::move(out));
               });
    http.route(u"/api/v1/decisions"_s, Method::Post,
               [this](const QHttpServerRequest &r, QHttpServerResponder &&out) { ask(r, std::move(out)); });
    http.route(u"/api/v1/projects/<arg>/backlog"_s, Method::Get,
               [this](const QString &id, const QHttpServerRequest &r) { return listBacklog(id, r); });
    http.route(u"/api/v1/projects/<arg>/verification"_s, Method::Get,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   listUnverified(id, r, std::move(out));
               });
    http.route(u"/api/v1/projects/<arg>/issues/<arg>/verify"_s, Method::Post,
               [this](const QString &id, const QString &issue, const QHttpServerRequest &r,
                      QHttpServerResponder &&out) { verify(id, issue, r, std::move(out)); });
}

QHttpServerResponse FleetApi::listOrchestrators(const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    const Principal principal = std::get<Principal>(admitted);
    if (principal.kind == Principal::Kind::Session)
        return errorResponse(makeError(u"api.forbidden"_s, u"a worker's token cannot list orchestrators"_s));
    QJsonArray list;
    if (const auto config = m_fleet.config()) {
        for (const ProjectConfig &project : config->projects) {
            if (!principal.maySteerIn(project.id))
                continue;
            const auto current = m_fleet.orchestrators().current(project.id);
            list.append(QJsonObject{{u"project"_s, project.id},
                                    {u"enabled"_s, project.orchestrator.enabled},
                                    {u"agent"_s, config->orchestratorAgent(project.id)},
                                    {u"session"_s, current ? QJsonValue(sessionJson(*current)) : QJsonValue()}});
        }
    }
    QHttpServerResponse response(QJsonObject{{u"orchestrators"_s, list}});
    addSecurityHeaders(response);
    return response;
}

void FleetApi::startOrchestrator(const QString &projectId, const QHttpServerRequest &request,
                                 QHttpServerResponder &&responder)
{
    auto admitted = admitChange(request, responder, Allowed::UserOnly, {}, u"only a person starts orchestrators"_s);
    if (!admitted)
        return;
    const bool replace = admitted->body.value(u"replace"_s).toBool();
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    const QPointer<QTcpSocket> socket = held->socket();
    awaitResult(m_fleet.orchestrators().ensure(projectId, actorOf(admitted->body, admitted->principal), replace), this,
                std::chrono::hours(1), u"the orchestrator"_s, [held, socket](Result<OrchestratorStart> started) {
                    if (!started)
                        return reply(held, socket, errorResponse(started.error()));
                    const bool fresh = started->how == OrchestratorStart::How::Started
                                       || started->how == OrchestratorStart::How::Replaced;
                    reply(held, socket,
                          QHttpServerResponse(QJsonObject{{u"session"_s, sessionJson(started->session)},
                                                          {u"outcome"_s, orchestratorOutcomeName(started->how)}},
                                              fresh ? Status::Created : Status::Ok));
                });
}

void FleetApi::ask(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    Outcome admitted = admit(request, true);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return refuse(responder, std::move(*refused));
    const Principal principal = std::get<Principal>(admitted);
    auto body = bodyOf(request);
    if (!body)
        return refuse(responder, errorResponse(body.error()));
    // An agent asks for itself; a person may put a question on a session's behalf.
    const QString sessionId =
        principal.kind == Principal::Kind::User ? body->value(u"session"_s).toString() : principal.sessionId;
    if (sessionId.isEmpty())
        return refuse(responder, errorResponse(makeError(u"api.missing_field"_s, u"\"session\" is required"_s)));
    auto found = m_store.sessions().get(sessionId);
    if (!found)
        return refuse(responder, errorResponse(found.error()));
    if (!found.value())
        return refuse(responder,
                      errorResponse(makeError(u"session.not_found"_s, u"no session \"%1\""_s.arg(sessionId))));
    QStringList options;
    for (const QJsonValue &option : body->value(u"options"_s).toArray())
        options << option.toString();
    auto asked =
        m_fleet.escalations().ask(*found.value(), body->value(u"question"_s).toString(), options, principal.actor());
    if (!asked)
        return refuse(responder, errorResponse(asked.error()));
    QHttpServerResponse response(QJsonObject{{u"decision"_s, decisionJson(asked.value())}}, Status::Created);
    refuse(responder, std::move(response)); // written with the security headers
}

QHttpServerResponse FleetApi::listBacklog(const QString &projectId, const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    if (!std::get<Principal>(admitted).maySteerIn(projectId))
        return errorResponse(
            makeError(u"api.forbidden"_s, u"this token cannot read the backlog of %1"_s.arg(projectId)));
    const auto config = m_fleet.config();
    const ProjectConfig *project = config ? config->project(projectId) : nullptr;
    if (!project)
        return errorResponse(
            makeError(u"spawn.unknown_project"_s, u"no project \"%1\" is configured"_s.arg(projectId)));
    auto claims = m_store.backlogClaims().list(projectId);
    if (!claims)
        return errorResponse(claims.error());
    QJsonArray list;
    for (const BacklogClaim &claim : std::as_const(claims.value()))
        list.append(claimJson(claim));
    QHttpServerResponse response(QJsonObject{{u"project"_s, projectId},
                                             {u"enabled"_s, project->backlog.enabled},
                                             {u"label"_s, project->backlog.label},
                                             {u"maxConcurrent"_s, project->backlog.maxConcurrent},
                                             {u"claims"_s, list}});
    addSecurityHeaders(response);
    return response;
}

void FleetApi::listUnverified(const QString &projectId, const QHttpServerRequest &request,
                              QHttpServerResponder &&responder)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return refuse(responder, std::move(*refused));
    if (!std::get<Principal>(admitted).maySteerIn(projectId))
        return refuse(responder, errorResponse(makeError(u"api.forbidden"_s,
                                                         u"this token cannot read the issues of %1"_s.arg(projectId))));
    QHash<QString, BacklogClaim> claims;
    if (auto listed = m_store.backlogClaims().list(projectId)) {
        for (const BacklogClaim &claim : std::as_const(listed.value()))
            claims.insert(claim.issueId, claim);
    }
    answerWhenDone(std::move(responder), m_fleet.backlog().unverified(projectId),
                   [projectId, claims](const QList<Issue> &issues) {
                       QJsonArray list;
                       for (const Issue &issue : issues) {
                           list.append(QJsonObject{{u"id"_s, issue.id},
                                                   {u"title"_s, issue.title},
                                                   {u"url"_s, issue.url},
                                                   {u"state"_s, enumName(issue.state)},
                                                   {u"session"_s, claims.value(issue.id).sessionId},
                                                   {u"mergedAs"_s, claims.value(issue.id).reason}});
                       }
                       return QJsonObject{{u"project"_s, projectId}, {u"issues"_s, list}};
                   });
}

void FleetApi::verify(const QString &projectId, const QString &issueId, const QHttpServerRequest &request,
                      QHttpServerResponder &&responder)
{
    auto admitted = admitChange(request, responder, Allowed::UserOnly, {}, u"only a person verifies merged work"_s);
    if (!admitted)
        return;
    const QJsonObject &body = admitted->body;
    if (!body.value(u"passed"_s).isBool())
        return refuse(responder, errorResponse(makeError(u"api.missing_field"_s,
                                                         u"\"passed\" must be true (verified) or false (failed)"_s)));
    answerWhenDone(std::move(responder),
                   m_fleet.backlog().verify(projectId, issueId, body.value(u"passed"_s).toBool(),
                                            body.value(u"comment"_s).toString(), actorOf(body, admitted->principal)),
                   [](const BacklogClaim &claim) {
                       return QJsonObject{{u"claim"_s, claimJson(claim)}};
                   });
}

} // namespace flotilla
