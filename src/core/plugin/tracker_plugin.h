#pragma once

#include "plugin_common.h"

#include <QStringList>

#include <optional>

namespace flotilla {

struct Issue
{
    enum class State { Open, InProgress, Closed, Cancelled };

    QString id; // "42", "INT-100", "LOCAL-7"
    QString title;
    QString description;
    QString url;
    State state = State::Open;
    QStringList labels;
    QString assignee;
    QString branchName; // the tracker's own branch name (Linear), if any
};

struct IssueQuery
{
    std::optional<Issue::State> state;
    QStringList labels;
    QString assignee;
    QString text;
    int limit = 50;
    // Oldest first (by creation), for work queues; otherwise the tracker's own order.
    bool oldestFirst = {};
};

struct IssueUpdate
{
    std::optional<Issue::State> state;
    QStringList addLabels;
    QStringList removeLabels;
    QString comment;
};

class TrackerPlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Tracker;
    PluginSlot slot() const final { return kSlot; }

    virtual Async<Issue> getIssue(const QString &issueId) = 0;
    virtual Async<QList<Issue>> listIssues(const IssueQuery &query) = 0;
    virtual Async<void> updateIssue(const QString &issueId, const IssueUpdate &update) = 0;
    virtual Async<Issue> createIssue(const Issue &issue) = 0;
    // The branch a session for this issue works on (e.g. "feat/issue-42").
    virtual QString branchName(const Issue &issue) const = 0;
    // The task prompt an agent gets for this issue.
    virtual QString buildPrompt(const Issue &issue) const = 0;
};

} // namespace flotilla
