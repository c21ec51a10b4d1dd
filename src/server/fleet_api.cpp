#include "fleet_api.h"

#include "plugin/notifier_plugin.h"

#include "notify/notification_composer.h"

#include "api_json.h"
#include "fleet/fleet.h"
#include "json_responses.h"
#include "lifecycle/escalations.h"
#include "model/model_enums.h"
#include "store/store.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace flotilla {

FleetApi::FleetApi(Fleet &fleet, Store &store, ApiAccess &access, RequestGuard &guard, QObject *parent)
    : QObject(parent), m_fleet(fleet), m_store(store), m_access(access), m_guard(guard)
{}

QHttpServerResponder::StatusCode FleetApi::statusFor(const QString &code)
{
    static const QHash<QString, Status> exact = {
        {u"session.not_found"_s, Status::NotFound},
        {u"store.not_found"_s, Status::NotFound},
        {u"spawn.unknown_project"_s, Status::NotFound},
        {u"session.busy"_s, Status::Conflict},
        {u"session.not_restorable"_s, Status::Conflict},
        {u"session.branch_mismatch"_s, Status::Conflict},
        {u"spawn.duplicate"_s, Status::Conflict},
        {u"pr.claimed"_s, Status::Conflict},
        {u"pr.not_open"_s, Status::Conflict},
        {u"session.no_runtime"_s, Status::Conflict},
        {u"plugin.timeout"_s, Status::GatewayTimeout},
        {u"api.forbidden"_s, Status::Forbidden},
        {u"review.not_local"_s, Status::Conflict},
        {u"review.no_pull_request"_s, Status::Conflict},
        {u"review.no_thread"_s, Status::NotFound},
    };
    if (const auto found = exact.constFind(code); found != exact.cend())
        return found.value();
    if (code.startsWith(u"merge."_s) || code == u"scm.not_open"_s)
        return Status::Conflict; // the pull request is not in a state to merge: look again
    if (code.startsWith(u"api."_s) || code.startsWith(u"spawn."_s) || code.startsWith(u"review.invalid"_s)
        || code.endsWith(u"empty_message"_s) || code.endsWith(u"empty_answer"_s) || code.startsWith(u"store.invalid"_s)
        || code == u"session.not_worker"_s || code == u"session.no_scm"_s)
        return Status::UnprocessableEntity;
    // What is left failed in a plugin: the runtime, the workspace, the tracker, the SCM.
    return Status::BadGateway;
}

void FleetApi::reply(const std::shared_ptr<QHttpServerResponder> &responder, const QPointer<QTcpSocket> &socket,
                     QHttpServerResponse response)
{
    if (!socket)
        return; // the client gave up; the operation itself is done and logged
    addSecurityHeaders(response);
    response.write(std::move(*responder));
}

QHttpServerResponse FleetApi::errorResponse(const Error &error)
{
    QHttpServerResponse response = jsonError(statusFor(error.code), error.code, error.toString());
    addSecurityHeaders(response);
    return response;
}

FleetApi::Outcome FleetApi::admit(const QHttpServerRequest &request, bool changesState)
{
    const auto refuse = [](const RequestGuard::Rejection &rejection) -> Outcome {
        QHttpServerResponse response = jsonError(rejection.status, rejection.code, rejection.message);
        addSecurityHeaders(response);
        return response;
    };
    if (const auto rejection = m_guard.checkHost(request))
        return refuse(*rejection);
    if (changesState) {
        if (const auto rejection = m_guard.checkOrigin(request))
            return refuse(*rejection);
        if (request.body().size() > kMaxBodyBytes)
            return refuse({Status::PayloadTooLarge, u"too_large"_s,
                           u"the request body is larger than %1 bytes"_s.arg(kMaxBodyBytes)});
    }
    const auto principal = m_access.authenticate(request.value("Authorization"), request.value("Cookie"));
    if (!principal)
        return refuse({Status::Unauthorized, u"unauthorized"_s,
                       u"a valid API token is required (flo sends it; the dashboard is opened from the app)"_s});
    // A browser always names the page a change comes from; a cookie without one is a forgery.
    if (changesState && principal->browser && request.value("Origin").isEmpty())
        return refuse({Status::Forbidden, u"bad_origin"_s,
                       u"state changes from a browser must carry the Origin of Flotilla's own pages"_s});
    return *principal;
}

void FleetApi::refuse(QHttpServerResponder &responder, QHttpServerResponse response)
{
    addSecurityHeaders(response);
    response.write(std::move(responder));
}

std::optional<FleetApi::Admitted> FleetApi::admitChange(const QHttpServerRequest &request,
                                                        QHttpServerResponder &responder, Allowed allowed,
                                                        const QString &sessionId, const QString &forbidden)
{
    Outcome admitted = admit(request, true);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted)) {
        refuse(responder, std::move(*refused));
        return std::nullopt;
    }
    const Principal principal = std::get<Principal>(admitted);
    if (!permits(principal, allowed, sessionId)) {
        refuseAndRecord(responder, principal, request, forbidden);
        return std::nullopt;
    }
    auto body = bodyOf(request);
    if (!body) {
        refuse(responder, errorResponse(body.error()));
        return std::nullopt;
    }
    return Admitted{principal, body.value()};
}

QString FleetApi::projectOf(const QString &sessionId) const
{
    auto found = m_store.sessions().get(sessionId);
    return found && found.value() ? found.value()->projectId : QString();
}

bool FleetApi::permits(const Principal &principal, Allowed allowed, const QString &sessionOrProject) const
{
    switch (allowed) {
    case Allowed::UserOnly:
        return principal.kind == Principal::Kind::User;
    case Allowed::OwnSession:
        return principal.mayActOn(sessionOrProject, principal.kind == Principal::Kind::Orchestrator
                                                        ? projectOf(sessionOrProject)
                                                        : QString());
    case Allowed::Steer:
        return principal.kind == Principal::Kind::User
               || (principal.kind == Principal::Kind::Orchestrator
                   && principal.maySteerIn(projectOf(sessionOrProject)));
    case Allowed::SteerProject:
        return principal.maySteerIn(sessionOrProject);
    }
    return false;
}

void FleetApi::refuseAndRecord(QHttpServerResponder &responder, const Principal &principal,
                               const QHttpServerRequest &request, const QString &forbidden)
{
    // What an agent tried and was not allowed is part of the audit trail of what it did.
    if (principal.kind != Principal::Kind::User) {
        Event event;
        event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        event.type = u"api.refused"_s;
        event.priority = Priority::Warning;
        event.sessionId = principal.sessionId;
        event.projectId =
            principal.kind == Principal::Kind::Orchestrator ? principal.projectId : projectOf(principal.sessionId);
        event.actor = principal.actor();
        event.timestamp = QDateTime::currentDateTimeUtc();
        event.message = u"Refused %1 %2: %3."_s.arg(
            QString::fromLatin1(request.method() == Method::Get ? "GET" : "POST"), request.url().path(), forbidden);
        event.data = QJsonObject{{u"path"_s, request.url().path()}};
        (void)m_store.events().append(event);
    }
    refuse(responder, errorResponse(makeError(u"api.forbidden"_s, forbidden)));
}

Result<QJsonObject> FleetApi::bodyOf(const QHttpServerRequest &request)
{
    if (request.body().trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError problem;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &problem);
    if (problem.error != QJsonParseError::NoError)
        return makeError(
            u"api.invalid_json"_s,
            u"the body is not valid JSON: %1 at offset %2"_s.arg(problem.errorString()).arg(problem.offset));
    if (!document.isObject())
        return makeError(u"api.invalid_json"_s, u"the body must be a JSON object"_s);
    return document.object();
}

void FleetApi::registerRoutes(QHttpServer &http)
{
    http.route(u"/api/v1/projects"_s, Method::Get, [this](const QHttpServerRequest &r) { return listProjects(r); });
    http.route(u"/api/v1/projects/<arg>/issues"_s, Method::Get,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   listIssues(id, r, std::move(out));
               });
    http.route(u"/api/v1/sessions"_s, Method::Get, [this](const QHttpServerRequest &r) { return listSessions(r); });
    http.route(u"/api/v1/sessions"_s, Method::Post,
               [this](const QHttpServerRequest &r, QHttpServerResponder &&out) { spawn(r, std::move(out)); });
    http.route(u"/api/v1/sessions/cleanup"_s, Method::Post,
               [this](const QHttpServerRequest &r, QHttpServerResponder &&out) { cleanup(r, std::move(out)); });
    http.route(u"/api/v1/sessions/<arg>"_s, Method::Get,
               [this](const QString &id, const QHttpServerRequest &r) { return getSession(id, r); });
    http.route(u"/api/v1/sessions/<arg>/pull-request"_s, Method::Get,
               [this](const QString &id, const QHttpServerRequest &r) { return getPullRequest(id, r); });
    http.route(u"/api/v1/sessions/<arg>/send"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   send(id, r, std::move(out));
               });
    http.route(u"/api/v1/sessions/<arg>/kill"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   kill(id, r, std::move(out));
               });
    http.route(u"/api/v1/sessions/<arg>/restore"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   restore(id, r, std::move(out));
               });
    http.route(u"/api/v1/sessions/<arg>/claim-pr"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   claimPr(id, r, std::move(out));
               });
    http.route(u"/api/v1/sessions/<arg>/report"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r) { return report(id, r); });
    http.route(u"/api/v1/sessions/<arg>/merge"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   merge(id, r, std::move(out));
               });
    http.route(u"/api/v1/sessions/<arg>/review"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   review(id, r, std::move(out));
               });
    http.route(u"/api/v1/sessions/<arg>/review/threads/<arg>/resolve"_s, Method::Post,
               [this](const QString &id, const QString &thread, const QHttpServerRequest &r,
                      QHttpServerResponder &&out) { resolveThread(id, thread, r, std::move(out)); });
    http.route(u"/api/v1/decisions"_s, Method::Get, [this](const QHttpServerRequest &r) { return listDecisions(r); });
    http.route(u"/api/v1/decisions/<arg>/answer"_s, Method::Post,
               [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&out) {
                   answer(id, r, std::move(out));
               });
    http.route(u"/api/v1/events"_s, Method::Get, [this](const QHttpServerRequest &r) { return listEvents(r); });
    http.route(u"/api/v1/notifiers/test"_s, Method::Post,
               [this](const QHttpServerRequest &r, QHttpServerResponder &&out) { testNotifiers(r, std::move(out)); });
    registerOrchestratorRoutes(http);
}

QHttpServerResponse FleetApi::listDecisions(const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    const Principal principal = std::get<Principal>(admitted);
    const QUrlQuery query(request.url());
    QString session = query.queryItemValue(u"session"_s, QUrl::FullyDecoded);
    if (principal.kind == Principal::Kind::Session)
        session = principal.sessionId;
    auto pending = m_store.decisions().listPending(session);
    if (!pending)
        return errorResponse(pending.error());
    const QString project = principal.kind == Principal::Kind::Orchestrator
                                ? principal.projectId
                                : query.queryItemValue(u"project"_s, QUrl::FullyDecoded);
    QJsonArray decisions;
    for (const Decision &decision : std::as_const(pending.value())) {
        if (project.isEmpty() || decision.projectId == project)
            decisions.append(decisionJson(decision));
    }
    return QHttpServerResponse(QJsonObject{{u"decisions"_s, decisions}});
}

std::optional<QJsonObject> FleetApi::personsBody(const QHttpServerRequest &request,
                                                 const std::shared_ptr<QHttpServerResponder> &held,
                                                 const QPointer<QTcpSocket> &socket, const QString &refusal)
{
    Outcome admitted = admit(request, true);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted)) {
        reply(held, socket, std::move(*refused));
        return std::nullopt;
    }
    if (std::get<Principal>(admitted).kind != Principal::Kind::User) {
        reply(held, socket, errorResponse(makeError(u"api.forbidden"_s, refusal)));
        return std::nullopt;
    }
    auto body = bodyOf(request);
    if (!body) {
        reply(held, socket, errorResponse(body.error()));
        return std::nullopt;
    }
    return body.value();
}

void FleetApi::answer(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    const QPointer<QTcpSocket> socket = held->socket();
    const auto body = personsBody(request, held, socket, u"only a person answers decisions"_s);
    if (!body)
        return;
    const QString text = body->value(u"answer"_s).toString();
    QString channel = body->value(u"channel"_s).toString(u"api"_s);
    if (channel != u"cli"_s && channel != u"dashboard"_s && channel != u"desktop"_s)
        channel = u"api"_s;
    awaitResult(m_fleet.escalations().answer(id, text, channel), this, std::chrono::minutes(10), u"the answer"_s,
                [held, socket](Result<AppliedAnswer> applied) {
                    if (!applied)
                        return reply(held, socket, errorResponse(applied.error()));
                    reply(held, socket,
                          QHttpServerResponse(QJsonObject{{u"accepted"_s, applied->accepted},
                                                          {u"outcome"_s, applied->outcome},
                                                          {u"decision"_s, decisionJson(applied->decision)}},
                                              applied->accepted ? Status::Ok : Status::Conflict));
                });
}

void FleetApi::testNotifiers(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    const QPointer<QTcpSocket> socket = held->socket();
    const auto body = personsBody(request, held, socket, u"only a person tests notifiers"_s);
    if (!body)
        return;
    QStringList names = m_fleet.notifierNames();
    if (const QString wanted = body->value(u"notifier"_s).toString(); !wanted.isEmpty()) {
        if (!names.contains(wanted))
            return reply(held, socket,
                         errorResponse(makeError(u"api.not_found"_s, u"no notifier \"%1\"; configured: %2"_s.arg(
                                                                         wanted, names.join(u", "_s)))));
        names = {wanted};
    }
    struct Run
    {
        QJsonArray results;
        int outstanding = 0;
    };
    auto run = std::make_shared<Run>();
    run->outstanding = int(names.size());
    if (names.isEmpty())
        return reply(held, socket, QHttpServerResponse(QJsonObject{{u"results"_s, QJsonArray()}}));
    for (const QString &name : std::as_const(names)) {
        Event event;
        event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        event.type = u"notification.test"_s;
        event.priority = Priority::Info;
        event.actor = u"user"_s;
        event.timestamp = QDateTime::currentDateTimeUtc();
        // The id keeps two tests in one second apart: a channel's dedupe would drop the second.
        event.message = u"A test from Flotilla (%1, %2): notifier %3 works."_s.arg(
            event.timestamp.toString(Qt::ISODate), event.id.left(8), name);
        const Notification notification = NotificationComposer(m_fleet.dashboardBase()).compose(event);
        NotifierPlugin *plugin = m_fleet.notifier(name);
        awaitResult(
            plugin->deliver(notification), this, std::chrono::seconds(20), u"notifier %1"_s.arg(name),
            [run, held, socket, name, plugin = plugin->name()](Result<void> delivered) {
                QJsonObject result{{u"notifier"_s, name}, {u"plugin"_s, plugin}, {u"delivered"_s, delivered.ok()}};
                if (!delivered)
                    result.insert(u"error"_s, delivered.error().toString());
                run->results.append(result);
                if (--run->outstanding == 0)
                    reply(held, socket, QHttpServerResponse(QJsonObject{{u"results"_s, run->results}}));
            });
    }
}

QHttpServerResponse FleetApi::listEvents(const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    const Principal principal = std::get<Principal>(admitted);
    const QUrlQuery query(request.url());
    EventQuery filter;
    filter.sessionId = principal.kind == Principal::Kind::Session
                           ? principal.sessionId
                           : query.queryItemValue(u"session"_s, QUrl::FullyDecoded);
    filter.projectId = principal.kind == Principal::Kind::Orchestrator
                           ? principal.projectId
                           : query.queryItemValue(u"project"_s, QUrl::FullyDecoded);
    if (const QString types = query.queryItemValue(u"type"_s, QUrl::FullyDecoded); !types.isEmpty())
        filter.types = types.split(u',', Qt::SkipEmptyParts);
    filter.afterSeq = query.queryItemValue(u"after"_s, QUrl::FullyDecoded).toLongLong();
    filter.beforeSeq = query.queryItemValue(u"before"_s, QUrl::FullyDecoded).toLongLong();
    if (const QString priority = query.queryItemValue(u"priority"_s, QUrl::FullyDecoded); !priority.isEmpty()) {
        filter.minPriority = enumFromName<Priority>(priority);
        if (!filter.minPriority)
            return errorResponse(
                makeError(u"api.invalid_query"_s,
                          u"\"priority\" must be urgent, action, warning or info (got \"%1\")"_s.arg(priority)));
    }
    bool limitOk = false;
    const int limit = query.queryItemValue(u"limit"_s, QUrl::FullyDecoded).toInt(&limitOk);
    filter.limit = limitOk && limit > 0 ? std::min(limit, 1000) : 200;
    if (query.queryItemValue(u"order"_s, QUrl::FullyDecoded) == u"oldest"_s)
        filter.order = EventQuery::Order::OldestFirst;
    auto events = m_store.events().query(filter);
    if (!events)
        return errorResponse(events.error());
    QJsonArray list;
    for (const StoredEvent &stored : std::as_const(events.value()))
        list.append(eventJson(stored.event, stored.seq));
    return QHttpServerResponse(QJsonObject{{u"events"_s, list}});
}

} // namespace flotilla
