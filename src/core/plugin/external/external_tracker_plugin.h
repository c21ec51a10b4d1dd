#pragma once

#include "external_plugin_caller.h"
#include "plugin/tracker_plugin.h"

namespace flotilla {

// The tracker slot served by an external command. Issue operations are calls; branchName()
// and buildPrompt() expand the `branchNameTemplate` and `promptTemplate` the plugin declared
// in its `initialize` answer (with defaults until it has answered).
class ExternalTrackerPlugin final : public TrackerPlugin
{
public:
    static constexpr auto kDefaultBranchTemplate = u"feat/{id}";
    static constexpr auto kDefaultPromptTemplate = u"Work on issue {id}: {title}\n\n{description}";

    ExternalTrackerPlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    Async<Issue> getIssue(const QString &issueId) override;
    Async<QList<Issue>> listIssues(const IssueQuery &query) override;
    Async<void> updateIssue(const QString &issueId, const IssueUpdate &update) override;
    Async<Issue> createIssue(const Issue &issue) override;
    QString branchName(const Issue &issue) const override;
    QString buildPrompt(const Issue &issue) const override;

    ExternalPluginProcess &process() { return m_caller.process(); }

private:
    QString declaredTemplate(QStringView key, QStringView fallback) const;

    ExternalPluginCaller m_caller;
};

} // namespace flotilla
