// FleetApi's project endpoints: the configured projects, and the issues their trackers hold
// (what the dashboard's spawn form offers).

#include "config/config_model.h"
#include "fleet/fleet.h"
#include "fleet_api.h"
#include "json_responses.h"
#include "model/display_status.h"
#include "model/enum_names.h"
#include "plugin/external/external_enum_names.h"
#include "store/store.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kMaxIssues = 200;

std::optional<Issue::State> issueStateFrom(const QString &text, bool *known)
{
    *known = true;
    if (text.isEmpty() || text == u"open"_s)
        return Issue::State::Open;
    if (text == u"all"_s)
        return std::nullopt;
    if (const auto state = enumFromName<Issue::State>(text))
        return state;
    *known = false;
    return std::nullopt;
}

} // namespace

QHttpServerResponse FleetApi::listProjects(const QHttpServerRequest &request)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return std::move(*refused);
    const Principal principal = std::get<Principal>(admitted);
    if (principal.kind == Principal::Kind::Session)
        return errorResponse(makeError(u"api.forbidden"_s, u"a session token cannot list projects"_s));
    QJsonArray projects;
    if (const auto config = m_fleet.config()) {
        for (const ProjectConfig &project : config->projects) {
            if (!principal.maySteerIn(project.id))
                continue; // an orchestrator sees its own project
            const ProjectPlugins *plugins = m_fleet.plugins(project.id);
            QStringList agents = plugins ? plugins->agents.keys() : QStringList();
            agents.sort();
            projects.append(QJsonObject{
                {u"id"_s, project.id},
                {u"name"_s, project.name},
                {u"repo"_s, project.repo},
                {u"path"_s, project.path},
                {u"defaultBranch"_s, project.defaultBranch},
                {u"sessionPrefix"_s, project.sessionPrefix},
                {u"agents"_s, QJsonArray::fromStringList(agents)},
                {u"defaultAgent"_s, config->workerAgent(project.id)},
                {u"tracker"_s, plugins && plugins->tracker ? QJsonValue(plugins->tracker->name()) : QJsonValue()},
                {u"problems"_s, QJsonArray::fromStringList(m_fleet.problems(project.id))}});
        }
    }
    QHttpServerResponse response(QJsonObject{{u"projects"_s, projects}});
    addSecurityHeaders(response);
    return response;
}

void FleetApi::listIssues(const QString &projectId, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    Outcome admitted = admit(request, false);
    if (auto *refused = std::get_if<QHttpServerResponse>(&admitted))
        return refuse(responder, std::move(*refused));
    if (!std::get<Principal>(admitted).maySteerIn(projectId))
        return refuse(responder, errorResponse(makeError(u"api.forbidden"_s,
                                                         u"this token cannot list the issues of %1"_s.arg(projectId))));
    const auto config = m_fleet.config();
    if (!config || !config->project(projectId))
        return refuse(responder, errorResponse(makeError(u"spawn.unknown_project"_s,
                                                         u"no project \"%1\" is configured"_s.arg(projectId))));
    const ProjectPlugins *plugins = m_fleet.plugins(projectId);
    if (!plugins || !plugins->tracker)
        return refuse(responder, errorResponse(makeError(u"spawn.no_tracker"_s,
                                                         u"project %1 has no issue tracker"_s.arg(projectId))));
    const QUrlQuery query(request.url());
    IssueQuery issues;
    bool known = false;
    issues.state = issueStateFrom(query.queryItemValue(u"state"_s), &known);
    if (!known)
        return refuse(responder,
                      errorResponse(makeError(u"api.invalid_query"_s,
                                              u"\"state\" must be open, in_progress, closed, cancelled or all"_s)));
    issues.text = query.queryItemValue(u"q"_s, QUrl::FullyDecoded).trimmed();
    if (const QString label = query.queryItemValue(u"label"_s, QUrl::FullyDecoded); !label.isEmpty())
        issues.labels = label.split(u',', Qt::SkipEmptyParts);
    bool limitOk = false;
    const int limit = query.queryItemValue(u"limit"_s).toInt(&limitOk);
    issues.limit = limitOk && limit > 0 ? std::min(limit, kMaxIssues) : 50;

    // Which issues already have a live agent, so the form can say so instead of spawning twice.
    QHash<QString, QString> working;
    if (auto live = m_store.sessions().list(projectId)) {
        for (const SessionRecord &session : std::as_const(live.value())) {
            if (session.kind == SessionKind::Worker && !session.issueId.isEmpty()
                && !isTerminal(deriveDisplayStatus(session)))
                working.insert(session.issueId, session.id);
        }
    }
    answerWhenDone(std::move(responder), plugins->tracker->listIssues(issues),
                   [projectId, working](const QList<Issue> &found) {
                       QJsonArray list;
                       for (const Issue &issue : found) {
                           list.append(QJsonObject{
                               {u"id"_s, issue.id},
                               {u"title"_s, issue.title},
                               {u"url"_s, issue.url},
                               {u"state"_s, enumName(issue.state)},
                               {u"labels"_s, QJsonArray::fromStringList(issue.labels)},
                               {u"assignee"_s, issue.assignee},
                               {u"session"_s, working.value(issue.id)},
                           });
                       }
                       return QJsonObject{{u"project"_s, projectId}, {u"issues"_s, list}};
                   });
}

} // namespace flotilla
