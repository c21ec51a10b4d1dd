#pragma once

#include "issue_folder.h"
#include "plugin/tracker_plugin.h"

namespace flotilla {

// Issues kept as Markdown files in the project itself, so a project needs no hosted tracker.
// Settings: "folder" (relative to the project, default ".flotilla/issues"), "prefix" (default
// "LOCAL", giving ids like LOCAL-7), and the core's "_project" block for the project's path.
// All file work runs on worker threads.
class LocalTracker final : public TrackerPlugin
{
public:
    explicit LocalTracker(const PluginSettings &settings);

    QString name() const override;
    Availability detect() const override;

    Async<Issue> getIssue(const QString &issueId) override;
    Async<QList<Issue>> listIssues(const IssueQuery &query) override;
    Async<void> updateIssue(const QString &issueId, const IssueUpdate &update) override;
    Async<Issue> createIssue(const Issue &issue) override;
    // The issue's own "branch" when it names one, else "feat/local-7".
    QString branchName(const Issue &issue) const override;
    QString buildPrompt(const Issue &issue) const override;

private:
    QString m_projectPath;
    // The folder, or why the settings cannot name one; every call answers with that error.
    Result<IssueFolder> m_folder;
};

} // namespace flotilla
