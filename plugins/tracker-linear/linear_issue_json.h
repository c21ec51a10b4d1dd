#pragma once

#include "plugin/tracker_plugin.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

// One workflow state of a Linear team ("In Review", type "started").
struct LinearWorkflowState
{
    QString id;
    QString name;
    QString type; // triage, backlog, unstarted, started, completed, canceled
    double position = 0;
};

// How Linear's JSON maps onto the tracker's model, and back.
namespace linear {

// The selection every issue query and mutation asks for, as a fragment named IssueFields.
QString issueFieldsFragment();
Issue issueFromNode(const QJsonObject &node);

Issue::State stateFromType(const QString &type);
// The state types an Issue::State may become, most fitting first.
QStringList typesFor(Issue::State state);
QList<LinearWorkflowState> statesFromTeam(const QJsonObject &team);
// The team's state for `state`: of the first type the team has, the one placed first.
std::optional<LinearWorkflowState> pickState(const QList<LinearWorkflowState> &states, Issue::State state);

// The IssueFilter for a query, within `team` (an id or a key, empty for every team).
QJsonObject issueFilter(const IssueQuery &query, const QString &team);
bool looksLikeId(const QString &text); // a UUID rather than a team key

} // namespace linear

} // namespace flotilla
