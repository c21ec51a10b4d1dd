#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla::fakes {

struct LinearState
{
    QString id;
    QString name;
    QString type; // triage, backlog, unstarted, started, completed, canceled
    double position = 0;
};

struct LinearTeam
{
    QString id;
    QString key;
    QString name;
    QList<LinearState> states;
    int nextNumber = 1;
};

struct LinearLabel
{
    QString id;
    QString name;
    QString teamId; // empty: a workspace label
};

struct LinearUser
{
    QString name;
    QString email;
};

struct LinearComment
{
    QString id;
    QString body;
};

struct LinearIssue
{
    QString id; // a UUID
    QString identifier;
    QString teamId;
    QString title;
    QString description;
    QString stateId;
    QStringList labelIds;
    std::optional<LinearUser> assignee;
    QString branchName;
    QList<LinearComment> comments;
    qint64 updatedAt = 0; // a logical clock
};

// An operation's answer before it is written: `data` or GraphQL errors, and the HTTP status.
struct LinearAnswer
{
    int status = 200;
    QJsonObject body;

    static LinearAnswer data(const QJsonObject &data);
    // Linear's own shape: message, path, extensions { code, type, userPresentableMessage }.
    static LinearAnswer error(int status, const QString &code, const QString &message, const QString &userMessage = {});
};

// The workspace behind the fake: teams with Linear's default workflow, labels, issues and the
// comments made on them. Operations read and change it as Linear would.
class FakeLinearWorld final
{
public:
    FakeLinearWorld();

    // A team with Linear's default workflow (Triage, Backlog, Todo, In Progress, In Review,
    // Done, Canceled, Duplicate); returns its id.
    QString addTeam(const QString &key, const QString &name = {});
    const LinearTeam *team(const QString &idOrKey) const;
    QString addLabel(const QString &name, const QString &teamKey = {});
    // Adds an issue to the team with the key `teamKey`, in the state named `stateName` (the
    // team's default when empty); returns its identifier.
    QString addIssue(const QString &teamKey, LinearIssue issue, const QString &stateName = {});
    LinearIssue *issue(const QString &identifierOrId);
    const LinearIssue *issue(const QString &identifierOrId) const;
    const LinearState *stateOf(const LinearIssue &issue) const;
    QStringList labelNames(const LinearIssue &issue) const;
    QString viewerEmail() const { return m_viewer.email; }

    // Operations, by name, with the request's variables.
    LinearAnswer issueById(const QJsonObject &variables) const;
    LinearAnswer issueList(const QJsonObject &variables) const;
    LinearAnswer teamStates(const QJsonObject &variables) const;
    LinearAnswer teamByKey(const QJsonObject &variables) const;
    LinearAnswer labelsByName(const QJsonObject &variables) const;
    LinearAnswer issueUpdate(const QJsonObject &variables);
    LinearAnswer commentCreate(const QJsonObject &variables);
    LinearAnswer issueCreate(const QJsonObject &variables);

private:
    QString newId();
    QJsonObject issueJson(const LinearIssue &issue) const;
    // Evaluates an IssueFilter; an unknown field is an error message, as Linear's validation gives.
    std::optional<bool> matches(const QJsonObject &filter, const LinearIssue &issue, QString &problem) const;
    const LinearState *defaultState(const LinearTeam &team) const;

    QList<LinearTeam> m_teams;
    QList<LinearLabel> m_labels;
    QList<LinearIssue> m_issues;
    LinearUser m_viewer{QStringLiteral("Flotilla Bot"), QStringLiteral("bot@flotilla.test")};
    qint64 m_clock = 0;
    quint64 m_lastId = 0;
};

} // namespace flotilla::fakes
