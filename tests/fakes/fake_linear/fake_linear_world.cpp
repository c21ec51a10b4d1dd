#include "fake_linear_world.h"

#include <QRegularExpression>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

const QString kNotFound = u"Entity not found"_s;

std::optional<bool> compareString(const QString &value, const QJsonObject &comparator, QString &problem)
{
    bool result = true;
    for (auto it = comparator.begin(); it != comparator.end(); ++it) {
        const QString op = it.key();
        const QString text = it.value().toString();
        if (op == u"eq"_s)
            result = result && value == text;
        else if (op == u"neq"_s)
            result = result && value != text;
        else if (op == u"eqIgnoreCase"_s)
            result = result && value.compare(text, Qt::CaseInsensitive) == 0;
        else if (op == u"contains"_s)
            result = result && value.contains(text);
        else if (op == u"containsIgnoreCase"_s)
            result = result && value.contains(text, Qt::CaseInsensitive);
        else if (op == u"startsWith"_s)
            result = result && value.startsWith(text);
        else if (op == u"in"_s || op == u"nin"_s) {
            bool found = false;
            for (const QJsonValue &item : it.value().toArray())
                found = found || item.toString() == value;
            result = result && (op == u"in"_s ? found : !found);
        } else {
            problem = u"Field \"%1\" is not defined by type \"StringComparator\"."_s.arg(op);
            return std::nullopt;
        }
    }
    return result;
}

// Evaluates an entity filter whose leaves are string comparators, with and/or nesting.
std::optional<bool> matchFields(const QJsonObject &filter, const QString &type,
                                const std::function<std::optional<QString>(const QString &)> &field, QString &problem)
{
    bool result = true;
    for (auto it = filter.begin(); it != filter.end(); ++it) {
        if (it.key() == u"and"_s || it.key() == u"or"_s) {
            const bool all = it.key() == u"and"_s;
            bool combined = all;
            for (const QJsonValue &part : it.value().toArray()) {
                const auto one = matchFields(part.toObject(), type, field, problem);
                if (!one)
                    return std::nullopt;
                combined = all ? combined && *one : combined || *one;
            }
            result = result && combined;
            continue;
        }
        const auto value = field(it.key());
        if (!value) {
            problem = u"Field \"%1\" is not defined by type \"%2\"."_s.arg(it.key(), type);
            return std::nullopt;
        }
        const auto compared = compareString(*value, it.value().toObject(), problem);
        if (!compared)
            return std::nullopt;
        result = result && *compared;
    }
    return result;
}

QString slug(const QString &text)
{
    QString out = text.toLower();
    out.replace(QRegularExpression(u"[^a-z0-9]+"_s), u"-"_s);
    while (out.startsWith(u'-'))
        out.remove(0, 1);
    while (out.endsWith(u'-'))
        out.chop(1);
    return out.left(40);
}

} // namespace

LinearAnswer LinearAnswer::data(const QJsonObject &data)
{
    return {200, QJsonObject{{u"data"_s, data}}};
}

LinearAnswer LinearAnswer::error(int status, const QString &code, const QString &message, const QString &userMessage)
{
    QJsonObject extensions{{u"code"_s, code}, {u"type"_s, code.toLower().replace(u'_', u' ')}};
    if (!userMessage.isEmpty())
        extensions.insert(u"userPresentableMessage"_s, userMessage);
    const QJsonObject error{{u"message"_s, message}, {u"extensions"_s, extensions}};
    return {status, QJsonObject{{u"errors"_s, QJsonArray{error}}, {u"data"_s, QJsonValue::Null}}};
}

FakeLinearWorld::FakeLinearWorld() = default;

QString FakeLinearWorld::newId()
{
    // UUID-shaped and deterministic, so answers are the same on every run.
    const quint64 n = ++m_lastId;
    return u"%1-0000-4000-8000-%2"_s.arg(n, 8, 16, QChar(u'0')).arg(n, 12, 16, QChar(u'0'));
}

QString FakeLinearWorld::addTeam(const QString &key, const QString &name)
{
    LinearTeam team;
    team.id = newId();
    team.key = key;
    team.name = name.isEmpty() ? key : name;
    const QList<QPair<QString, QString>> workflow = {{u"Triage"_s, u"triage"_s},     {u"Backlog"_s, u"backlog"_s},
                                                     {u"Todo"_s, u"unstarted"_s},    {u"In Progress"_s, u"started"_s},
                                                     {u"In Review"_s, u"started"_s}, {u"Done"_s, u"completed"_s},
                                                     {u"Canceled"_s, u"canceled"_s}, {u"Duplicate"_s, u"canceled"_s}};
    double position = 0;
    for (const auto &[stateName, type] : workflow)
        team.states << LinearState{newId(), stateName, type, position++};
    m_teams << team;
    return team.id;
}

const LinearTeam *FakeLinearWorld::team(const QString &idOrKey) const
{
    for (const LinearTeam &team : m_teams) {
        if (team.id == idOrKey || team.key == idOrKey)
            return &team;
    }
    return nullptr;
}

QString FakeLinearWorld::addLabel(const QString &name, const QString &teamKey)
{
    const LinearTeam *owner = teamKey.isEmpty() ? nullptr : team(teamKey);
    m_labels << LinearLabel{newId(), name, owner ? owner->id : QString()};
    return m_labels.last().id;
}

const LinearState *FakeLinearWorld::defaultState(const LinearTeam &team) const
{
    for (const LinearState &state : team.states) {
        if (state.type == u"unstarted"_s)
            return &state;
    }
    return team.states.isEmpty() ? nullptr : &team.states.first();
}

QString FakeLinearWorld::addIssue(const QString &teamKey, LinearIssue issue, const QString &stateName)
{
    auto found = std::find_if(m_teams.begin(), m_teams.end(), [&](const LinearTeam &t) { return t.key == teamKey; });
    if (found == m_teams.end())
        return {};
    issue.id = newId();
    issue.teamId = found->id;
    issue.identifier = u"%1-%2"_s.arg(found->key).arg(found->nextNumber++);
    issue.stateId = defaultState(*found)->id;
    for (const LinearState &state : found->states) {
        if (state.name == stateName)
            issue.stateId = state.id;
    }
    if (issue.branchName.isEmpty())
        issue.branchName = u"bot/%1-%2"_s.arg(issue.identifier.toLower(), slug(issue.title));
    issue.updatedAt = ++m_clock;
    m_issues << issue;
    return issue.identifier;
}

LinearIssue *FakeLinearWorld::issue(const QString &identifierOrId)
{
    for (LinearIssue &item : m_issues) {
        if (item.id == identifierOrId || item.identifier.compare(identifierOrId, Qt::CaseInsensitive) == 0)
            return &item;
    }
    return nullptr;
}

const LinearIssue *FakeLinearWorld::issue(const QString &identifierOrId) const
{
    return const_cast<FakeLinearWorld *>(this)->issue(identifierOrId);
}

const LinearState *FakeLinearWorld::stateOf(const LinearIssue &issue) const
{
    const LinearTeam *owner = team(issue.teamId);
    if (!owner)
        return nullptr;
    for (const LinearState &state : owner->states) {
        if (state.id == issue.stateId)
            return &state;
    }
    return nullptr;
}

QStringList FakeLinearWorld::labelNames(const LinearIssue &issue) const
{
    QStringList names;
    for (const QString &id : issue.labelIds) {
        for (const LinearLabel &label : m_labels) {
            if (label.id == id)
                names << label.name;
        }
    }
    return names;
}

QJsonObject FakeLinearWorld::issueJson(const LinearIssue &issue) const
{
    const LinearTeam *owner = team(issue.teamId);
    const LinearState *state = stateOf(issue);
    QJsonArray labels;
    for (const QString &id : issue.labelIds) {
        for (const LinearLabel &label : m_labels) {
            if (label.id == id)
                labels << QJsonObject{{u"id"_s, label.id}, {u"name"_s, label.name}};
        }
    }
    return QJsonObject{
        {u"id"_s, issue.id},
        {u"identifier"_s, issue.identifier},
        {u"title"_s, issue.title},
        {u"description"_s, issue.description.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(issue.description)},
        {u"url"_s, u"https://linear.app/acme/issue/%1/%2"_s.arg(issue.identifier, slug(issue.title))},
        {u"branchName"_s, issue.branchName},
        {u"state"_s,
         state ? QJsonValue(QJsonObject{{u"id"_s, state->id}, {u"name"_s, state->name}, {u"type"_s, state->type}})
               : QJsonValue(QJsonValue::Null)},
        {u"labels"_s, QJsonObject{{u"nodes"_s, labels}}},
        {u"assignee"_s, issue.assignee ? QJsonValue(
                            QJsonObject{{u"name"_s, issue.assignee->name}, {u"email"_s, issue.assignee->email}})
                                       : QJsonValue(QJsonValue::Null)},
        {u"team"_s, QJsonObject{{u"id"_s, owner ? owner->id : QString()}, {u"key"_s, owner ? owner->key : QString()}}},
    };
}

std::optional<bool> FakeLinearWorld::matches(const QJsonObject &filter, const LinearIssue &issue,
                                             QString &problem) const
{
    bool result = true;
    const LinearTeam *owner = team(issue.teamId);
    const LinearState *state = stateOf(issue);
    for (auto it = filter.begin(); it != filter.end(); ++it) {
        const QString key = it.key();
        const QJsonObject inner = it.value().toObject();
        std::optional<bool> one;
        if (key == u"and"_s || key == u"or"_s) {
            const bool all = key == u"and"_s;
            bool combined = all;
            for (const QJsonValue &part : it.value().toArray()) {
                const auto sub = matches(part.toObject(), issue, problem);
                if (!sub)
                    return std::nullopt;
                combined = all ? combined && *sub : combined || *sub;
            }
            one = combined;
        } else if (key == u"title"_s || key == u"description"_s) {
            one = compareString(key == u"title"_s ? issue.title : issue.description, inner, problem);
        } else if (key == u"team"_s) {
            one = matchFields(
                inner, u"TeamFilter"_s,
                [&](const QString &field) -> std::optional<QString> {
                    if (field == u"id"_s)
                        return owner ? owner->id : QString();
                    if (field == u"key"_s)
                        return owner ? owner->key : QString();
                    return std::nullopt;
                },
                problem);
        } else if (key == u"state"_s) {
            one = matchFields(
                inner, u"WorkflowStateFilter"_s,
                [&](const QString &field) -> std::optional<QString> {
                    if (field == u"id"_s || field == u"name"_s || field == u"type"_s)
                        return state ? (field == u"id"_s     ? state->id
                                        : field == u"name"_s ? state->name
                                                             : state->type)
                                     : QString();
                    return std::nullopt;
                },
                problem);
        } else if (key == u"labels"_s) {
            const QJsonObject some = inner.value(u"some"_s).toObject();
            if (inner.size() != 1 || !inner.contains(u"some"_s)) {
                problem = u"the fake understands only labels: { some: … }"_s;
                return std::nullopt;
            }
            bool any = false;
            for (const QString &name : labelNames(issue)) {
                const auto sub = matchFields(
                    some, u"IssueLabelFilter"_s,
                    [&](const QString &field) -> std::optional<QString> {
                        if (field == u"name"_s)
                            return name;
                        return std::nullopt;
                    },
                    problem);
                if (!sub)
                    return std::nullopt;
                any = any || *sub;
            }
            one = any;
        } else if (key == u"assignee"_s) {
            if (inner.contains(u"isMe"_s)) {
                const bool me = issue.assignee && issue.assignee->email == m_viewer.email;
                one = me == inner.value(u"isMe"_s).toObject().value(u"eq"_s).toBool();
            } else {
                one = issue.assignee
                      && matchFields(
                             inner, u"NullableUserFilter"_s,
                             [&](const QString &field) -> std::optional<QString> {
                                 if (field == u"email"_s)
                                     return issue.assignee->email;
                                 if (field == u"name"_s || field == u"displayName"_s)
                                     return issue.assignee->name;
                                 return std::nullopt;
                             },
                             problem)
                             .value_or(false);
                if (!problem.isEmpty())
                    return std::nullopt;
            }
        } else {
            problem = u"Field \"%1\" is not defined by type \"IssueFilter\"."_s.arg(key);
            return std::nullopt;
        }
        if (!one)
            return std::nullopt;
        result = result && *one;
    }
    return result;
}

LinearAnswer FakeLinearWorld::issueById(const QJsonObject &variables) const
{
    const LinearIssue *found = issue(variables.value(u"id"_s).toString());
    if (!found)
        return LinearAnswer::error(200, u"INVALID_INPUT"_s, kNotFound + u": Issue"_s,
                                   u"Could not find referenced Issue."_s);
    return LinearAnswer::data({{u"issue"_s, issueJson(*found)}});
}

LinearAnswer FakeLinearWorld::issueList(const QJsonObject &variables) const
{
    const int first = variables.value(u"first"_s).toInt(50);
    if (first < 1 || first > 250)
        return LinearAnswer::error(400, u"INVALID_INPUT"_s, u"first must be between 1 and 250"_s);
    const int offset = variables.value(u"after"_s).toString().toInt();
    QList<const LinearIssue *> matching;
    for (const LinearIssue &item : m_issues) {
        QString problem;
        const auto match = matches(variables.value(u"filter"_s).toObject(), item, problem);
        if (!match)
            return LinearAnswer::error(400, u"GRAPHQL_VALIDATION_FAILED"_s, problem);
        if (*match)
            matching << &item;
    }
    std::sort(matching.begin(), matching.end(),
              [](const LinearIssue *a, const LinearIssue *b) { return a->updatedAt > b->updatedAt; });
    QJsonArray nodes;
    for (qsizetype i = offset; i < matching.size() && i < offset + first; ++i)
        nodes << issueJson(*matching.at(i));
    const bool more = offset + first < matching.size();
    const QJsonObject pageInfo{{u"hasNextPage"_s, more},
                               {u"endCursor"_s, nodes.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                : QJsonValue(QString::number(offset + nodes.size()))}};
    return LinearAnswer::data({{u"issues"_s, QJsonObject{{u"nodes"_s, nodes}, {u"pageInfo"_s, pageInfo}}}});
}

LinearAnswer FakeLinearWorld::teamStates(const QJsonObject &variables) const
{
    const QString id = variables.value(u"id"_s).toString();
    const LinearTeam *found = nullptr;
    for (const LinearTeam &item : m_teams) {
        if (item.id == id)
            found = &item;
    }
    if (!found)
        return LinearAnswer::error(200, u"INVALID_INPUT"_s, kNotFound + u": Team"_s,
                                   u"Could not find referenced Team."_s);
    QJsonArray states;
    // Linear lists states in no particular order; position is what orders them.
    for (auto it = found->states.crbegin(); it != found->states.crend(); ++it)
        states << QJsonObject{
            {u"id"_s, it->id}, {u"name"_s, it->name}, {u"type"_s, it->type}, {u"position"_s, it->position}};
    return LinearAnswer::data({{u"team"_s, QJsonObject{{u"id"_s, found->id},
                                                       {u"key"_s, found->key},
                                                       {u"states"_s, QJsonObject{{u"nodes"_s, states}}}}}});
}

LinearAnswer FakeLinearWorld::teamByKey(const QJsonObject &variables) const
{
    QJsonArray nodes;
    for (const LinearTeam &item : m_teams) {
        if (item.key == variables.value(u"key"_s).toString())
            nodes << QJsonObject{{u"id"_s, item.id}, {u"key"_s, item.key}};
    }
    return LinearAnswer::data({{u"teams"_s, QJsonObject{{u"nodes"_s, nodes}}}});
}

LinearAnswer FakeLinearWorld::labelsByName(const QJsonObject &variables) const
{
    QStringList names;
    for (const QJsonValue &name : variables.value(u"names"_s).toArray())
        names << name.toString();
    QJsonArray nodes;
    for (const LinearLabel &label : m_labels) {
        if (names.contains(label.name))
            nodes << QJsonObject{{u"id"_s, label.id},
                                 {u"name"_s, label.name},
                                 {u"team"_s, label.teamId.isEmpty()
                                                 ? QJsonValue(QJsonValue::Null)
                                                 : QJsonValue(QJsonObject{{u"id"_s, label.teamId}})}};
    }
    return LinearAnswer::data({{u"issueLabels"_s, QJsonObject{{u"nodes"_s, nodes}}}});
}

LinearAnswer FakeLinearWorld::issueUpdate(const QJsonObject &variables)
{
    LinearIssue *found = issue(variables.value(u"id"_s).toString());
    if (!found)
        return LinearAnswer::error(200, u"INVALID_INPUT"_s, kNotFound + u": Issue"_s,
                                   u"Could not find referenced Issue."_s);
    const QJsonObject input = variables.value(u"input"_s).toObject();
    const LinearTeam *owner = team(found->teamId);
    if (input.contains(u"stateId"_s)) {
        const QString stateId = input.value(u"stateId"_s).toString();
        const bool known = std::any_of(owner->states.cbegin(), owner->states.cend(),
                                       [&](const LinearState &state) { return state.id == stateId; });
        if (!known)
            return LinearAnswer::error(200, u"INVALID_INPUT"_s, u"Argument Validation Error"_s,
                                       u"The workflow state does not belong to the issue's team."_s);
        found->stateId = stateId;
    }
    if (input.contains(u"labelIds"_s)) {
        QStringList ids;
        for (const QJsonValue &id : input.value(u"labelIds"_s).toArray()) {
            const bool known = std::any_of(m_labels.cbegin(), m_labels.cend(), [&](const LinearLabel &label) {
                return label.id == id.toString() && (label.teamId.isEmpty() || label.teamId == found->teamId);
            });
            if (!known)
                return LinearAnswer::error(200, u"INVALID_INPUT"_s, u"Argument Validation Error"_s,
                                           u"A label does not exist or belongs to another team."_s);
            ids << id.toString();
        }
        found->labelIds = ids;
    }
    found->updatedAt = ++m_clock;
    return LinearAnswer::data({{u"issueUpdate"_s, QJsonObject{{u"success"_s, true}}}});
}

LinearAnswer FakeLinearWorld::commentCreate(const QJsonObject &variables)
{
    const QJsonObject input = variables.value(u"input"_s).toObject();
    LinearIssue *found = issue(input.value(u"issueId"_s).toString());
    if (!found)
        return LinearAnswer::error(200, u"INVALID_INPUT"_s, kNotFound + u": Issue"_s,
                                   u"Could not find referenced Issue."_s);
    const QString body = input.value(u"body"_s).toString();
    if (body.trimmed().isEmpty())
        return LinearAnswer::error(200, u"INVALID_INPUT"_s, u"Argument Validation Error"_s,
                                   u"A comment needs a body."_s);
    found->comments << LinearComment{newId(), body};
    found->updatedAt = ++m_clock;
    return LinearAnswer::data(
        {{u"commentCreate"_s,
          QJsonObject{{u"success"_s, true}, {u"comment"_s, QJsonObject{{u"id"_s, found->comments.last().id}}}}}});
}

LinearAnswer FakeLinearWorld::issueCreate(const QJsonObject &variables)
{
    const QJsonObject input = variables.value(u"input"_s).toObject();
    const QString teamId = input.value(u"teamId"_s).toString();
    const LinearTeam *owner = nullptr;
    for (const LinearTeam &item : m_teams) {
        if (item.id == teamId)
            owner = &item;
    }
    if (!owner)
        return LinearAnswer::error(200, u"INVALID_INPUT"_s, kNotFound + u": Team"_s,
                                   u"Could not find referenced Team."_s);
    if (input.value(u"title"_s).toString().trimmed().isEmpty())
        return LinearAnswer::error(200, u"INVALID_INPUT"_s, u"Argument Validation Error"_s,
                                   u"An issue needs a title."_s);
    LinearIssue created;
    created.title = input.value(u"title"_s).toString();
    created.description = input.value(u"description"_s).toString();
    for (const QJsonValue &id : input.value(u"labelIds"_s).toArray())
        created.labelIds << id.toString();
    const QString identifier = addIssue(owner->key, created);
    LinearIssue *stored = issue(identifier);
    if (input.contains(u"stateId"_s))
        stored->stateId = input.value(u"stateId"_s).toString();
    return LinearAnswer::data(
        {{u"issueCreate"_s, QJsonObject{{u"success"_s, true}, {u"issue"_s, issueJson(*stored)}}}});
}

} // namespace flotilla::fakes
