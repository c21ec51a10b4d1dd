#include "linear_tracker.h"

#include "linear_api.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kPageSize = 100;
constexpr int kMaxPages = 10;

const QString kIssueById = u"query IssueById($id: String!) { issue(id: $id) { ...IssueFields } } "_s;
const QString kIssueList =
    u"query IssueList($filter: IssueFilter, $first: Int!, $after: String) { issues(filter: $filter, first: "
    "$first, after: $after, orderBy: updatedAt) { nodes { ...IssueFields } pageInfo { hasNextPage endCursor } } } "_s;
const QString kIssueForUpdate = u"query IssueForUpdate($id: String!) { issue(id: $id) { id identifier "
                                "state { type } team { id key } labels { nodes { id name } } } }"_s;
const QString kTeamStates =
    u"query TeamStates($id: String!) { team(id: $id) { id key states { nodes { id name type position } } } }"_s;
const QString kTeamByKey = u"query TeamByKey($key: String!) { teams(filter: { key: { eq: $key } }) "
                           "{ nodes { id key } } }"_s;
const QString kLabelsByName = u"query LabelsByName($names: [String!]) { issueLabels(filter: { name: { in: $names } "
                              "}, first: 250) { nodes { id name team { id } } } }"_s;
const QString kIssueUpdate = u"mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) { "
                             "issueUpdate(id: $id, input: $input) { success } }"_s;
const QString kCommentCreate = u"mutation CommentCreate($input: CommentCreateInput!) { "
                               "commentCreate(input: $input) { success comment { id } } }"_s;
const QString kIssueCreate = u"mutation IssueCreate($input: IssueCreateInput!) { "
                             "issueCreate(input: $input) { success issue { ...IssueFields } } } "_s;

QString withFields(const QString &document)
{
    return document + linear::issueFieldsFragment();
}

// "INT-100", "int-100", an issue's URL or its UUID.
Result<QString> identifierOf(const QString &issueId)
{
    QString text = issueId.trimmed();
    if (text.startsWith(u"http://"_s) || text.startsWith(u"https://"_s)) {
        static const QRegularExpression kInUrl(u"/issue/([A-Za-z][A-Za-z0-9_]*-[0-9]+)(?:/|$)"_s);
        const auto match = kInUrl.match(text);
        if (match.hasMatch())
            text = match.captured(1);
    }
    static const QRegularExpression kIdentifier(u"^[A-Za-z][A-Za-z0-9_]*-[0-9]{1,9}$"_s);
    if (kIdentifier.match(text).hasMatch())
        return text.toUpper();
    if (linear::looksLikeId(text))
        return text;
    return makeError(u"tracker.bad_id"_s,
                     u"\"%1\" is not a Linear issue; name it by its identifier, such as INT-100"_s.arg(issueId));
}

Error notFound(const QString &identifier)
{
    return makeError(u"tracker.not_found"_s, u"Linear has no issue %1, or the API key cannot see it"_s.arg(identifier));
}

// Linear answers a missing issue with an error rather than null; both mean the same here.
Result<QJsonObject> issueNode(const Result<QJsonObject> &data, const QString &identifier)
{
    if (!data)
        return data.error().code == u"linear.not_found"_s ? Result<QJsonObject>(notFound(identifier)) : data;
    const QJsonObject node = data->value(u"issue"_s).toObject();
    if (node.isEmpty())
        return notFound(identifier);
    return node;
}

Result<void> succeeded(const Result<QJsonObject> &data, const QString &field, const QString &what)
{
    if (!data)
        return data.error();
    if (!data->value(field).toObject().value(u"success"_s).toBool())
        return makeError(u"linear.not_applied"_s, u"%1: Linear did not apply the change"_s.arg(what));
    return {};
}

} // namespace

struct LinearTracker::Target
{
    QString uuid;
    QString identifier;
    QString teamId;
    QString teamKey;
    QString stateType;
    QHash<QString, QString> labelIds; // current labels, name → id
};

LinearTracker::LinearTracker(const PluginSettings &settings)
    : m_api(std::make_unique<LinearApi>(settings)), m_team(settings.value(u"teamId"_s).toString().trimmed())
{
    if (m_team.isEmpty())
        m_team = settings.value(u"teamKey"_s).toString().trimmed();
    if (linear::looksLikeId(m_team))
        m_teamUuid = m_team;
}

LinearTracker::~LinearTracker() = default;

QString LinearTracker::name() const
{
    return u"linear"_s;
}

Availability LinearTracker::detect() const
{
    if (!m_api->configurationProblem().isEmpty())
        return Availability::missing(m_api->configurationProblem(),
                                     u"set the tracker's apiUrl to Linear's GraphQL endpoint or remove it"_s);
    return Availability::ok();
}

Async<Issue> LinearTracker::getIssue(const QString &issueId)
{
    auto identifier = identifierOf(issueId);
    if (!identifier)
        return failed<Issue>(identifier.error());
    const QString what = u"Linear issue %1"_s.arg(identifier.value());
    return m_api->call(withFields(kIssueById), {{u"id"_s, identifier.value()}}, what)
        .then(m_api.get(), [id = identifier.value()](Result<QJsonObject> data) -> Result<Issue> {
            auto node = issueNode(data, id);
            if (!node)
                return node.error();
            return linear::issueFromNode(node.value());
        });
}

Async<QList<Issue>> LinearTracker::listIssues(const IssueQuery &query)
{
    return listPage(linear::issueFilter(query, m_team), query.limit, {}, {}, 0);
}

Async<QList<Issue>> LinearTracker::listPage(const QJsonObject &filter, int limit, const QString &after,
                                            QList<Issue> sofar, int pages)
{
    const int wanted = limit > 0 ? std::min(kPageSize, limit - int(sofar.size())) : kPageSize;
    QJsonObject variables{{u"first"_s, wanted}};
    if (!filter.isEmpty())
        variables.insert(u"filter"_s, filter);
    if (!after.isEmpty())
        variables.insert(u"after"_s, after);
    const QString what = m_team.isEmpty() ? u"Linear issues"_s : u"Linear issues of team %1"_s.arg(m_team);
    return m_api->call(withFields(kIssueList), variables, what)
        .then(m_api.get(),
              [this, filter, limit, sofar, pages](Result<QJsonObject> data) mutable -> Async<QList<Issue>> {
                  if (!data)
                      return failed<QList<Issue>>(data.error());
                  const QJsonObject connection = data->value(u"issues"_s).toObject();
                  for (const QJsonValue &node : connection.value(u"nodes"_s).toArray())
                      sofar << linear::issueFromNode(node.toObject());
                  const QJsonObject pageInfo = connection.value(u"pageInfo"_s).toObject();
                  const QString cursor = pageInfo.value(u"endCursor"_s).toString();
                  const bool full = limit > 0 && sofar.size() >= limit;
                  if (full || !pageInfo.value(u"hasNextPage"_s).toBool() || cursor.isEmpty()
                      || pages + 1 >= kMaxPages) {
                      if (limit > 0 && sofar.size() > limit)
                          sofar.resize(limit);
                      return ready(Result<QList<Issue>>(sofar));
                  }
                  return listPage(filter, limit, cursor, sofar, pages + 1);
              })
        .unwrap();
}

Async<LinearTracker::Target> LinearTracker::target(const QString &identifier)
{
    return m_api->call(kIssueForUpdate, {{u"id"_s, identifier}}, u"Linear issue %1"_s.arg(identifier))
        .then(m_api.get(), [identifier](Result<QJsonObject> data) -> Result<Target> {
            auto node = issueNode(data, identifier);
            if (!node)
                return node.error();
            Target found;
            found.uuid = node->value(u"id"_s).toString();
            found.identifier = node->value(u"identifier"_s).toString();
            const QJsonObject team = node->value(u"team"_s).toObject();
            found.teamId = team.value(u"id"_s).toString();
            found.teamKey = team.value(u"key"_s).toString();
            found.stateType = node->value(u"state"_s).toObject().value(u"type"_s).toString();
            for (const QJsonValue &label : node->value(u"labels"_s).toObject().value(u"nodes"_s).toArray())
                found.labelIds.insert(label.toObject().value(u"name"_s).toString(),
                                      label.toObject().value(u"id"_s).toString());
            return found;
        });
}

Async<QList<LinearWorkflowState>> LinearTracker::states(const QString &teamId)
{
    if (const auto cached = m_states.constFind(teamId); cached != m_states.cend())
        return ready(Result<QList<LinearWorkflowState>>(cached.value()));
    return m_api->call(kTeamStates, {{u"id"_s, teamId}}, u"the workflow states of a Linear team"_s)
        .then(m_api.get(), [this, teamId](Result<QJsonObject> data) -> Result<QList<LinearWorkflowState>> {
            if (!data)
                return data.error();
            const QList<LinearWorkflowState> found = linear::statesFromTeam(data->value(u"team"_s).toObject());
            if (found.isEmpty())
                return makeError(u"linear.no_states"_s, u"the Linear team %1 has no workflow states"_s.arg(teamId));
            m_states.insert(teamId, found);
            return found;
        });
}

Async<QStringList> LinearTracker::labelIds(const QStringList &names, const QString &teamId, const QString &teamKey)
{
    if (names.isEmpty())
        return ready(Result<QStringList>(QStringList()));
    return m_api->call(kLabelsByName, {{u"names"_s, QJsonArray::fromStringList(names)}}, u"Linear labels"_s)
        .then(m_api.get(), [names, teamId, teamKey](Result<QJsonObject> data) -> Result<QStringList> {
            if (!data)
                return data.error();
            // A team's own label wins over a workspace label of the same name; another team's
            // label cannot be put on this team's issue.
            QHash<QString, QString> byName;
            for (const QJsonValue &value : data->value(u"issueLabels"_s).toObject().value(u"nodes"_s).toArray()) {
                const QJsonObject label = value.toObject();
                const QString owner = label.value(u"team"_s).toObject().value(u"id"_s).toString();
                const QString name = label.value(u"name"_s).toString().toLower();
                if (owner == teamId || (owner.isEmpty() && !byName.contains(name)))
                    byName.insert(name, label.value(u"id"_s).toString());
            }
            QStringList ids;
            for (const QString &name : names) {
                const QString id = byName.value(name.toLower());
                if (id.isEmpty())
                    return makeError(u"tracker.unknown_label"_s,
                                     u"Linear has no label \"%1\" for team %2; create it in Linear first"_s.arg(
                                         name, teamKey.isEmpty() ? teamId : teamKey));
                ids << id;
            }
            return ids;
        });
}

Async<QString> LinearTracker::teamUuid()
{
    if (!m_teamUuid.isEmpty())
        return ready(Result<QString>(m_teamUuid));
    if (m_team.isEmpty())
        return failed<QString>(
            makeError(u"tracker.no_team"_s,
                      u"new Linear issues need a team; set the tracker's teamId to the team's id or key (e.g. INT)"_s));
    return m_api->call(kTeamByKey, {{u"key"_s, m_team}}, u"Linear team %1"_s.arg(m_team))
        .then(m_api.get(), [this](Result<QJsonObject> data) -> Result<QString> {
            if (!data)
                return data.error();
            const QJsonArray teams = data->value(u"teams"_s).toObject().value(u"nodes"_s).toArray();
            if (teams.isEmpty())
                return makeError(u"tracker.no_team"_s,
                                 u"Linear has no team with the key %1, or the API key cannot see it"_s.arg(m_team));
            m_teamUuid = teams.first().toObject().value(u"id"_s).toString();
            return m_teamUuid;
        });
}

Async<void> LinearTracker::updateIssue(const QString &issueId, const IssueUpdate &update)
{
    auto identifier = identifierOf(issueId);
    if (!identifier)
        return failed<void>(identifier.error());
    return target(identifier.value())
        .then(m_api.get(),
              [this, update](Result<Target> found) -> Async<void> {
                  if (!found)
                      return failed<void>(found.error());
                  return applyUpdate(found.value(), update);
              })
        .unwrap();
}

Async<void> LinearTracker::applyUpdate(const Target &target, const IssueUpdate &requested)
{
    IssueUpdate update = requested;
    // An issue already in a state of the wanted kind stays in it ("In Review" is in progress
    // too), so a repeated update changes nothing.
    if (update.state && linear::stateFromType(target.stateType) == *update.state)
        update.state.reset();
    const bool changesLabels = !update.addLabels.isEmpty() || !update.removeLabels.isEmpty();
    const auto commentStep = [this, target, comment = update.comment]() -> Async<void> {
        if (comment.trimmed().isEmpty())
            return readyOk();
        return this->comment(target.uuid, target.identifier, comment);
    };
    if (!update.state && !changesLabels)
        return commentStep();

    const QString what = u"updating Linear issue %1"_s.arg(target.identifier);
    // The state first, then the labels: both are needed before the one issueUpdate that
    // applies them together, so a failure leaves the issue as it was.
    Async<QList<LinearWorkflowState>> teamStates =
        update.state ? states(target.teamId) : ready(Result<QList<LinearWorkflowState>>(QList<LinearWorkflowState>()));
    return teamStates
        .then(m_api.get(),
              [this, target, update](Result<QList<LinearWorkflowState>> found) -> Async<QJsonObject> {
                  if (!found)
                      return failed<QJsonObject>(found.error());
                  QJsonObject input;
                  if (update.state) {
                      const auto state = linear::pickState(found.value(), *update.state);
                      if (!state)
                          return failed<QJsonObject>(
                              makeError(u"tracker.no_state"_s,
                                        u"Linear team %1 has no workflow state of type %2"_s.arg(
                                            target.teamKey, linear::typesFor(*update.state).join(u" or "_s))));
                      input.insert(u"stateId"_s, state->id);
                  }
                  if (update.addLabels.isEmpty() && update.removeLabels.isEmpty())
                      return ready(Result<QJsonObject>(input));
                  const QStringList missing = [&] {
                      QStringList names;
                      for (const QString &name : update.addLabels) {
                          bool present = false;
                          for (auto it = target.labelIds.cbegin(); it != target.labelIds.cend(); ++it)
                              present = present || it.key().compare(name, Qt::CaseInsensitive) == 0;
                          if (!present && !names.contains(name, Qt::CaseInsensitive))
                              names << name;
                      }
                      return names;
                  }();
                  return labelIds(missing, target.teamId, target.teamKey)
                      .then(m_api.get(),
                            [target, update, input](Result<QStringList> added) mutable -> Result<QJsonObject> {
                                if (!added)
                                    return added.error();
                                QStringList ids;
                                for (auto it = target.labelIds.cbegin(); it != target.labelIds.cend(); ++it) {
                                    if (!update.removeLabels.contains(it.key(), Qt::CaseInsensitive))
                                        ids << it.value();
                                }
                                ids << added.value();
                                input.insert(u"labelIds"_s, QJsonArray::fromStringList(ids));
                                return input;
                            });
              })
        .unwrap()
        .then(m_api.get(),
              [this, target, what](Result<QJsonObject> input) -> Async<QJsonObject> {
                  if (!input)
                      return failed<QJsonObject>(input.error());
                  return m_api->call(kIssueUpdate, {{u"id"_s, target.uuid}, {u"input"_s, input.value()}}, what, true);
              })
        .unwrap()
        .then(m_api.get(),
              [what, commentStep](Result<QJsonObject> data) -> Async<void> {
                  if (auto applied = succeeded(data, u"issueUpdate"_s, what); !applied)
                      return failed<void>(applied.error());
                  return commentStep();
              })
        .unwrap();
}

Async<void> LinearTracker::comment(const QString &issueUuid, const QString &identifier, const QString &body)
{
    const QString what = u"commenting on Linear issue %1"_s.arg(identifier);
    return m_api
        ->call(kCommentCreate, {{u"input"_s, QJsonObject{{u"issueId"_s, issueUuid}, {u"body"_s, body}}}}, what, true)
        .then(m_api.get(), [what](Result<QJsonObject> data) { return succeeded(data, u"commentCreate"_s, what); });
}

Async<Issue> LinearTracker::createIssue(const Issue &issue)
{
    if (issue.title.trimmed().isEmpty())
        return failed<Issue>(makeError(u"tracker.invalid"_s, u"an issue needs a title"_s));
    struct Draft
    {
        QString teamId;
        QList<LinearWorkflowState> states;
    };
    return teamUuid()
        .then(m_api.get(),
              [this, issue](Result<QString> team) -> Async<Draft> {
                  if (!team)
                      return failed<Draft>(team.error());
                  // Open issues take the team's default state, as issues made in Linear do.
                  if (issue.state == Issue::State::Open)
                      return ready(Result<Draft>(Draft{team.value(), {}}));
                  return states(team.value())
                      .then(m_api.get(),
                            [id = team.value()](Result<QList<LinearWorkflowState>> found) -> Result<Draft> {
                                if (!found)
                                    return found.error();
                                return Draft{id, found.value()};
                            });
              })
        .unwrap()
        .then(m_api.get(),
              [this, issue](Result<Draft> draft) -> Async<QJsonObject> {
                  if (!draft)
                      return failed<QJsonObject>(draft.error());
                  QJsonObject input{{u"teamId"_s, draft->teamId}, {u"title"_s, issue.title.trimmed()}};
                  if (!issue.description.isEmpty())
                      input.insert(u"description"_s, issue.description);
                  if (issue.state != Issue::State::Open) {
                      const auto state = linear::pickState(draft->states, issue.state);
                      if (!state)
                          return failed<QJsonObject>(
                              makeError(u"tracker.no_state"_s, u"the Linear team has no workflow state for it"_s));
                      input.insert(u"stateId"_s, state->id);
                  }
                  return labelIds(issue.labels, draft->teamId, m_team)
                      .then(m_api.get(), [input](Result<QStringList> labels) mutable -> Result<QJsonObject> {
                          if (!labels)
                              return labels.error();
                          if (!labels->isEmpty())
                              input.insert(u"labelIds"_s, QJsonArray::fromStringList(labels.value()));
                          return input;
                      });
              })
        .unwrap()
        .then(m_api.get(),
              [this](Result<QJsonObject> input) -> Async<QJsonObject> {
                  if (!input)
                      return failed<QJsonObject>(input.error());
                  return m_api->call(withFields(kIssueCreate), {{u"input"_s, input.value()}},
                                     u"creating a Linear issue"_s, true);
              })
        .unwrap()
        .then(m_api.get(), [](Result<QJsonObject> data) -> Result<Issue> {
            const QString what = u"creating a Linear issue"_s;
            if (auto applied = succeeded(data, u"issueCreate"_s, what); !applied)
                return applied.error();
            const QJsonObject node = data->value(u"issueCreate"_s).toObject().value(u"issue"_s).toObject();
            if (node.isEmpty())
                return makeError(u"linear.unexpected_shape"_s, u"%1: Linear did not return the new issue"_s.arg(what));
            return linear::issueFromNode(node);
        });
}

QString LinearTracker::branchName(const Issue &issue) const
{
    if (!issue.branchName.trimmed().isEmpty())
        return issue.branchName.trimmed();
    return u"feat/"_s + issue.id.trimmed().toLower();
}

QString LinearTracker::buildPrompt(const Issue &issue) const
{
    QString prompt = u"Work on issue %1: %2\n"_s.arg(issue.id, issue.title);
    if (!issue.url.isEmpty())
        prompt += u"Linear: "_s + issue.url + u'\n';
    if (!issue.labels.isEmpty())
        prompt += u"Labels: "_s + issue.labels.join(u", "_s) + u'\n';
    prompt += u"\n## Description\n\n"_s;
    const QString description = issue.description.trimmed();
    prompt += description.isEmpty() ? u"(The issue has no description.)"_s : description;
    prompt += u'\n';
    return prompt;
}

} // namespace flotilla
