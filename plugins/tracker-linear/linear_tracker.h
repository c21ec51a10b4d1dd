#pragma once

#include "linear_issue_json.h"
#include "plugin/tracker_plugin.h"

#include <QHash>

#include <memory>

namespace flotilla {

class LinearApi;

// Issues in Linear, through its GraphQL API. Settings: "teamId" (a team's id, or its key such
// as "INT"; "teamKey" is accepted too) limits listing to that team and is where new issues go;
// "apiKey" (a ${VAR} or keychain:NAME reference, else $LINEAR_API_KEY, else the keychain item
// "linear"); "apiUrl" for a different endpoint. Issue ids are identifiers such as "INT-100".
// States map onto each team's workflow by state type (started → in progress, completed →
// closed, canceled → cancelled, the rest → open); a team's states are read once and kept.
class LinearTracker final : public TrackerPlugin
{
public:
    explicit LinearTracker(const PluginSettings &settings);
    ~LinearTracker() override;
    LinearTracker(const LinearTracker &) = delete;
    LinearTracker &operator=(const LinearTracker &) = delete;

    QString name() const override;
    Availability detect() const override;

    Async<Issue> getIssue(const QString &issueId) override;
    Async<QList<Issue>> listIssues(const IssueQuery &query) override;
    Async<void> updateIssue(const QString &issueId, const IssueUpdate &update) override;
    Async<Issue> createIssue(const Issue &issue) override;
    // Linear's own branch name for the issue when it has one, else "feat/int-100".
    QString branchName(const Issue &issue) const override;
    QString buildPrompt(const Issue &issue) const override;

private:
    struct Target; // the issue an update works on
    Async<Target> target(const QString &identifier);
    Async<QList<LinearWorkflowState>> states(const QString &teamId);
    Async<QStringList> labelIds(const QStringList &names, const QString &teamId, const QString &teamKey);
    Async<QString> teamUuid();
    Async<QList<Issue>> listPage(const QJsonObject &filter, int limit, const QString &after, QList<Issue> sofar,
                                 int pages);
    Async<void> applyUpdate(const Target &target, const IssueUpdate &update);
    Async<void> comment(const QString &issueUuid, const QString &identifier, const QString &body);

    std::unique_ptr<LinearApi> m_api;
    QString m_team; // as configured: an id or a key
    QString m_teamUuid;
    QHash<QString, QList<LinearWorkflowState>> m_states; // by team id
};

} // namespace flotilla
