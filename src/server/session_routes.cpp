// FleetApi's session endpoints.

#include "api_json.h"
#include "fleet/fleet.h"
#include "fleet_api.h"
#include "json_responses.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/lifecycle_rules.h"
#include "lifecycle/session_manager.h"
#include "model/display_status.h"
#include "store/store.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

using Status = QHttpServerResponder::StatusCode;

QHttpServerResponse ok(const QJsonObject &body, Status status = Status::Ok)
{
    QHttpServerResponse response(body, status);
    addSecurityHeaders(response);
    return response;
}

} // namespace

QString FleetApi::actorOf(const QJsonObject &body, const Principal &principal)
{
    const QString claimed = body.value(u"actor"_s).toString();
    // A browser is the dashboard, whatever its page claims.
    if (principal.kind == Principal::Kind::User && !principal.browser
        && (claimed == u"cli"_s || claimed == u"dashboard"_s || claimed == u"desktop"_s))
        return claimed;
    return principal.actor();
}

QString FleetApi::orchestratorsProject(const QHttpServerRequest &request)
{
    const auto caller = m_access.authenticate(request.value("Authorization"), request.value("Cookie"));
    return caller && caller->kind == Principal::Kind::Orchestrator ? caller->projectId : QString();
}

QHttpServerResponse FleetApi::listSessions(const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    const Principal principal = std::get<Principal>(admitted);
    const QUrlQuery query(request.url());
    const bool all = query.queryItemValue(u"all"_s) == u"1"_s || query.queryItemValue(u"all"_s) == u"true"_s;
    auto listed = m_store.sessions().list(query.queryItemValue(u"project"_s, QUrl::FullyDecoded));
    if (!listed)
        return errorResponse(listed.error());
    QJsonArray sessions;
    int hidden = 0;
    for (const SessionRecord &session : std::as_const(listed.value())) {
        if (!principal.mayActOn(session.id, session.projectId))
            continue;
        if (!all && isTerminal(deriveDisplayStatus(session))) {
            ++hidden;
            continue;
        }
        sessions.append(sessionJson(session));
    }
    return ok(QJsonObject{{u"sessions"_s, sessions}, {u"meta"_s, QJsonObject{{u"hiddenTerminatedCount"_s, hidden}}}});
}

std::variant<SessionRecord, QHttpServerResponse> FleetApi::readableSession(const QString &id,
                                                                           const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    const Principal principal = std::get<Principal>(admitted);
    auto found = m_store.sessions().get(id);
    if (!found)
        return errorResponse(found.error());
    const QString forbidden = principal.kind == Principal::Kind::Orchestrator
                                  ? u"this token may act on the sessions of project %1 only"_s.arg(principal.projectId)
                                  : u"this token may act for its own session only"_s;
    if (!found.value()) {
        if (principal.kind == Principal::Kind::Session)
            return errorResponse(makeError(u"api.forbidden"_s, forbidden));
        return errorResponse(makeError(u"session.not_found"_s, u"no session \"%1\""_s.arg(id)));
    }
    if (!principal.mayActOn(id, found.value()->projectId))
        return errorResponse(makeError(u"api.forbidden"_s, forbidden));
    return *found.value();
}

QHttpServerResponse FleetApi::getSession(const QString &id, const QHttpServerRequest &request)
{
    auto readable = readableSession(id, request);
    if (auto *refused = std::get_if<QHttpServerResponse>(&readable))
        return std::move(*refused);
    const SessionRecord &session = std::get<SessionRecord>(readable);
    QJsonObject body = sessionJson(session);
    if (const ProjectPlugins *plugins = m_fleet.plugins(session.projectId);
        plugins && plugins->runtime && !session.runtime.handle.isEmpty()) {
        const RuntimeHandle handle{session.runtime.handle, plugins->runtime->name(), {}};
        body.insert(u"attachCommand"_s, QJsonArray::fromStringList(plugins->runtime->attachCommand(handle)));
    }
    return ok(QJsonObject{{u"session"_s, body}});
}

QHttpServerResponse FleetApi::getPullRequest(const QString &id, const QHttpServerRequest &request)
{
    auto readable = readableSession(id, request);
    if (auto *refused = std::get_if<QHttpServerResponse>(&readable))
        return std::move(*refused);
    // What the lifecycle read last; nothing yet means no pull request was read since start.
    const std::optional<PrSnapshot> pr = m_fleet.lifecycle().lastPullRequest(id);
    return ok(
        QJsonObject{{u"session"_s, id}, {u"pullRequest"_s, pr ? QJsonValue(pullRequestJson(*pr)) : QJsonValue()}});
}

void FleetApi::spawn(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // An orchestrator spawns workers in its own project; a worker's token spawns nothing.
    const auto parsed = bodyOf(request);
    QString project = parsed ? parsed->value(u"project"_s).toString() : QString();
    if (project.isEmpty())
        project = orchestratorsProject(request);
    auto admitted = admitChange(request, responder, Allowed::SteerProject, project,
                                u"this token cannot spawn sessions in project \"%1\""_s.arg(project));
    if (!admitted)
        return;
    const Principal principal = admitted->principal;
    const QJsonObject *body = &admitted->body;
    SpawnRequest spawn;
    spawn.projectId = project;
    spawn.issueId = body->value(u"issue"_s).toVariant().toString();
    spawn.prompt = body->value(u"prompt"_s).toString();
    spawn.agent = body->value(u"agent"_s).toString();
    spawn.model = body->value(u"model"_s).toString();
    spawn.claimPr = body->value(u"claimPr"_s).toInt();
    spawn.actor = actorOf(*body, principal);
    if (spawn.projectId.isEmpty())
        return refuse(responder, errorResponse(makeError(u"api.missing_field"_s, u"\"project\" is required"_s)));
    answerWhenDone(
        std::move(responder), m_fleet.sessions().spawn(spawn),
        [](const SessionRecord &session) {
            return QJsonObject{{u"session"_s, sessionJson(session)}};
        },
        Status::Created);
}

void FleetApi::send(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto admitted =
        admitChange(request, responder, Allowed::Steer, id, u"this token cannot send to session %1"_s.arg(id));
    if (!admitted)
        return;
    const Principal principal = admitted->principal;
    const QJsonObject *body = &admitted->body;
    const QString text = body->value(u"text"_s).toString();
    answerWhenDone(std::move(responder), m_fleet.sessions().send(id, text, actorOf(*body, principal)), [id] {
        return QJsonObject{{u"session"_s, id}, {u"delivered"_s, true}};
    });
}

void FleetApi::kill(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto admitted =
        admitChange(request, responder, Allowed::OwnSession, id, u"this token cannot kill session %1"_s.arg(id));
    if (!admitted)
        return;
    const Principal principal = admitted->principal;
    const QJsonObject *body = &admitted->body;
    answerWhenDone(std::move(responder),
                   m_fleet.sessions().kill(id, body->value(u"why"_s).toString(), principal.actor()), [id] {
                       return QJsonObject{{u"session"_s, id}, {u"killed"_s, true}};
                   });
}

void FleetApi::restore(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto admitted =
        admitChange(request, responder, Allowed::Steer, id, u"this token cannot restore session %1"_s.arg(id));
    if (!admitted)
        return;
    const Principal principal = admitted->principal;
    answerWhenDone(std::move(responder), m_fleet.sessions().restore(id, principal.actor()),
                   [](const SessionRecord &session) {
                       return QJsonObject{{u"session"_s, sessionJson(session)}};
                   });
}

void FleetApi::claimPr(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto admitted =
        admitChange(request, responder, Allowed::Steer, id, u"this token cannot claim pull requests for %1"_s.arg(id));
    if (!admitted)
        return;
    const Principal principal = admitted->principal;
    const QJsonObject *body = &admitted->body;
    const int number = body->value(u"pr"_s).toInt();
    if (number <= 0)
        return refuse(responder,
                      errorResponse(makeError(u"api.missing_field"_s, u"\"pr\" must be a pull request number"_s)));
    answerWhenDone(std::move(responder),
                   m_fleet.sessions().claimPr(id, number, body->value(u"takeOver"_s).toBool(), principal.actor()),
                   [](const SessionRecord &session) {
                       return QJsonObject{{u"session"_s, sessionJson(session)}};
                   });
}

void FleetApi::cleanup(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // An orchestrator cleans up its own project; people any or all.
    const auto parsed = bodyOf(request);
    QString project = parsed ? parsed->value(u"project"_s).toString() : QString();
    if (project.isEmpty())
        project = orchestratorsProject(request);
    auto admitted = admitChange(request, responder, Allowed::SteerProject, project,
                                u"this token cannot clean up sessions of \"%1\""_s.arg(project));
    if (!admitted)
        return;
    const Principal principal = admitted->principal;
    const QJsonObject *body = &admitted->body;
    const bool dryRun = body->value(u"dryRun"_s).toBool();
    answerWhenDone(std::move(responder), m_fleet.sessions().cleanup(project, dryRun, principal.actor()),
                   [dryRun](const QList<CleanupCandidate> &found) {
                       QJsonArray list;
                       for (const CleanupCandidate &candidate : found)
                           list.append(QJsonObject{{u"session"_s, candidate.sessionId}, {u"why"_s, candidate.why}});
                       return QJsonObject{{u"dryRun"_s, dryRun}, {u"sessions"_s, list}};
                   });
}

QHttpServerResponse FleetApi::report(const QString &id, const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, true);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    const Principal principal = std::get<Principal>(admitted);
    if (principal.kind != Principal::Kind::User && principal.sessionId != id)
        return errorResponse(makeError(u"api.forbidden"_s, u"this token may report for its own session only"_s));
    auto body = bodyOf(request);
    if (!body)
        return errorResponse(body.error());
    const QString state = body->value(u"state"_s).toString();
    const auto kind = reportKindFromName(state);
    if (!kind)
        return errorResponse(makeError(u"api.invalid_report"_s, u"unknown report \"%1\"; one of: %2"_s.arg(
                                                                    state, reportKindNames().join(u", "_s))));
    auto found = m_store.sessions().get(id);
    if (!found)
        return errorResponse(found.error());
    if (!found.value())
        return errorResponse(makeError(u"session.not_found"_s, u"no session \"%1\""_s.arg(id)));
    const SessionRecord &session = *found.value();
    // The reference tool's rules: agents report on live work only.
    if (session.kind != SessionKind::Worker)
        return errorResponse(makeError(u"api.invalid_report"_s, u"orchestrators do not report"_s));
    if (isTerminal(deriveDisplayStatus(session)) || session.pr.state == PrState::Merged
        || session.pr.state == PrState::Closed)
        return errorResponse(
            makeError(u"session.not_restorable"_s, u"%1 is finished; its reports no longer count"_s.arg(id)));
    AgentReport report;
    report.kind = *kind;
    report.at = QDateTime::currentDateTimeUtc();
    report.note = body->value(u"note"_s).toString().left(2000);
    Event event;
    event.type = u"session.reported"_s;
    event.priority = Priority::Info;
    event.sessionId = id;
    event.projectId = session.projectId;
    event.actor = principal.actor();
    event.identity = session.identity;
    event.timestamp = report.at;
    event.message = u"%1 reports %2%3"_s.arg(id, state, report.note.isEmpty() ? QString() : u": "_s + report.note);
    event.data = QJsonObject{{u"state"_s, state}, {u"note"_s, report.note}};
    if (auto logged = m_store.events().append(event); !logged)
        return errorResponse(logged.error());
    m_fleet.lifecycle().recordReport(id, report);
    return ok(QJsonObject{{u"session"_s, id}, {u"accepted"_s, true}}, Status::Accepted);
}

} // namespace flotilla
