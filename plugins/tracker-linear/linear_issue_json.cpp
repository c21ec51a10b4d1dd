#include "linear_issue_json.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::linear {

QString issueFieldsFragment()
{
    return u"fragment IssueFields on Issue { id identifier title description url branchName "
           "state { id name type } labels { nodes { id name } } assignee { name email } team { id key } }"_s;
}

Issue issueFromNode(const QJsonObject &node)
{
    Issue issue;
    issue.id = node.value(u"identifier"_s).toString();
    issue.title = node.value(u"title"_s).toString();
    issue.description = node.value(u"description"_s).toString();
    issue.url = node.value(u"url"_s).toString();
    issue.branchName = node.value(u"branchName"_s).toString();
    issue.state = stateFromType(node.value(u"state"_s).toObject().value(u"type"_s).toString());
    for (const QJsonValue &label : node.value(u"labels"_s).toObject().value(u"nodes"_s).toArray())
        issue.labels << label.toObject().value(u"name"_s).toString();
    const QJsonObject assignee = node.value(u"assignee"_s).toObject();
    issue.assignee = assignee.value(u"email"_s).toString();
    if (issue.assignee.isEmpty())
        issue.assignee = assignee.value(u"name"_s).toString();
    return issue;
}

Issue::State stateFromType(const QString &type)
{
    if (type == u"started"_s)
        return Issue::State::InProgress;
    if (type == u"completed"_s)
        return Issue::State::Closed;
    if (type == u"canceled"_s)
        return Issue::State::Cancelled;
    return Issue::State::Open; // triage, backlog, unstarted
}

QStringList typesFor(Issue::State state)
{
    switch (state) {
    case Issue::State::InProgress:
        return {u"started"_s};
    case Issue::State::Closed:
        return {u"completed"_s};
    case Issue::State::Cancelled:
        return {u"canceled"_s};
    case Issue::State::Open:
        break;
    }
    return {u"unstarted"_s, u"backlog"_s, u"triage"_s};
}

QList<LinearWorkflowState> statesFromTeam(const QJsonObject &team)
{
    QList<LinearWorkflowState> states;
    for (const QJsonValue &value : team.value(u"states"_s).toObject().value(u"nodes"_s).toArray()) {
        const QJsonObject node = value.toObject();
        states << LinearWorkflowState{node.value(u"id"_s).toString(), node.value(u"name"_s).toString(),
                                      node.value(u"type"_s).toString(), node.value(u"position"_s).toDouble()};
    }
    return states;
}

std::optional<LinearWorkflowState> pickState(const QList<LinearWorkflowState> &states, Issue::State state)
{
    for (const QString &type : typesFor(state)) {
        std::optional<LinearWorkflowState> best;
        for (const LinearWorkflowState &candidate : states) {
            if (candidate.type == type && (!best || candidate.position < best->position))
                best = candidate;
        }
        if (best)
            return best;
    }
    return std::nullopt;
}

bool looksLikeId(const QString &text)
{
    static const QRegularExpression kUuid(
        u"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"_s);
    return kUuid.match(text).hasMatch();
}

QJsonObject issueFilter(const IssueQuery &query, const QString &team)
{
    QJsonArray all;
    if (!team.isEmpty()) {
        const QString field = looksLikeId(team) ? u"id"_s : u"key"_s;
        all << QJsonObject{{u"team"_s, QJsonObject{{field, QJsonObject{{u"eq"_s, team}}}}}};
    }
    if (query.state)
        all << QJsonObject{
            {u"state"_s,
             QJsonObject{{u"type"_s, QJsonObject{{u"in"_s, QJsonArray::fromStringList(typesFor(*query.state))}}}}}};
    // Every label must be present, so each gets its own condition.
    for (const QString &label : query.labels)
        all << QJsonObject{
            {u"labels"_s, QJsonObject{{u"some"_s, QJsonObject{{u"name"_s, QJsonObject{{u"eqIgnoreCase"_s, label}}}}}}}};
    if (!query.assignee.isEmpty()) {
        const QJsonObject same{{u"eqIgnoreCase"_s, query.assignee}};
        const QJsonObject assignee =
            query.assignee == u"me"_s
                ? QJsonObject{{u"isMe"_s, QJsonObject{{u"eq"_s, true}}}}
                : QJsonObject{{u"or"_s, QJsonArray{QJsonObject{{u"email"_s, same}}, QJsonObject{{u"name"_s, same}},
                                                   QJsonObject{{u"displayName"_s, same}}}}};
        all << QJsonObject{{u"assignee"_s, assignee}};
    }
    if (!query.text.trimmed().isEmpty()) {
        const QJsonObject contains{{u"containsIgnoreCase"_s, query.text.trimmed()}};
        all << QJsonObject{
            {u"or"_s, QJsonArray{QJsonObject{{u"title"_s, contains}}, QJsonObject{{u"description"_s, contains}}}}};
    }
    return all.isEmpty() ? QJsonObject() : QJsonObject{{u"and"_s, all}};
}

} // namespace flotilla::linear
