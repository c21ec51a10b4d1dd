#pragma once

#include "github_endpoint.h"
#include "plugin/tracker_plugin.h"

#include <memory>

namespace flotilla {

class GithubApi;

// Issues of one GitHub repository, through the REST API. Settings: "repo" (owner/name; else
// the project's repository from the core's "_project" block), "apiUrl" or "host" for GitHub
// Enterprise Server, "token" (see GithubApi), and "inProgressLabel" (default
// "in-progress"). GitHub knows only open and closed issues, so "in progress" is an open issue
// with that label, and "cancelled" one closed as not planned; moving an issue to any other
// state takes the label off again.
class GithubTracker final : public TrackerPlugin
{
public:
    static constexpr auto kDefaultInProgressLabel = "in-progress";

    explicit GithubTracker(const PluginSettings &settings);
    ~GithubTracker() override;
    GithubTracker(const GithubTracker &) = delete;
    GithubTracker &operator=(const GithubTracker &) = delete;

    QString name() const override;
    Availability detect() const override;

    Async<Issue> getIssue(const QString &issueId) override;
    Async<QList<Issue>> listIssues(const IssueQuery &query) override;
    Async<void> updateIssue(const QString &issueId, const IssueUpdate &update) override;
    Async<Issue> createIssue(const Issue &issue) override;
    // "feat/issue-42", unless the issue names its own branch.
    QString branchName(const Issue &issue) const override;
    QString buildPrompt(const Issue &issue) const override;

private:
    struct Change;
    QString issuePath(int number) const;
    QString describe(int number) const;
    Async<void> changeState(const std::shared_ptr<Change> &change);
    Async<void> addLabels(const std::shared_ptr<Change> &change);
    Async<void> removeLabels(const std::shared_ptr<Change> &change, qsizetype next);
    Async<void> addComment(const std::shared_ptr<Change> &change);

    std::unique_ptr<GithubApi> m_api;
    Result<GithubRepo> m_repo;
    QString m_inProgressLabel;
};

} // namespace flotilla
