#include "external_tracker_plugin.h"

#include "external_json.h"
#include "external_templates.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace external {
namespace {

struct IssueList
{
    QList<Issue> issues;
};

void fromJson(const JsonReader &in, IssueList &out)
{
    in.list(u"issues", out.issues);
}

} // namespace
} // namespace external

ExternalTrackerPlugin::ExternalTrackerPlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{
    m_caller.process().start();
}

Async<Issue> ExternalTrackerPlugin::getIssue(const QString &issueId)
{
    return m_caller.call<Issue>(u"tracker.getIssue"_s, {{u"id"_s, issueId}});
}

Async<QList<Issue>> ExternalTrackerPlugin::listIssues(const IssueQuery &query)
{
    return m_caller.call<external::IssueList>(u"tracker.listIssues"_s, external::toJson(query))
        .then([](Result<external::IssueList> list) -> Result<QList<Issue>> {
            if (!list)
                return list.error();
            return std::move(list).value().issues;
        });
}

Async<void> ExternalTrackerPlugin::updateIssue(const QString &issueId, const IssueUpdate &update)
{
    return m_caller.callVoid(u"tracker.updateIssue"_s, {{u"id"_s, issueId}, {u"update"_s, external::toJson(update)}});
}

Async<Issue> ExternalTrackerPlugin::createIssue(const Issue &issue)
{
    return m_caller.call<Issue>(u"tracker.createIssue"_s, external::toJson(issue));
}

QString ExternalTrackerPlugin::declaredTemplate(QStringView key, QStringView fallback) const
{
    const QJsonValue declared = m_caller.process().declarations().value(key);
    return declared.isString() ? declared.toString() : fallback.toString();
}

QString ExternalTrackerPlugin::branchName(const Issue &issue) const
{
    if (!issue.branchName.isEmpty())
        return issue.branchName;
    return external::expandTemplate(declaredTemplate(u"branchNameTemplate", kDefaultBranchTemplate),
                                    external::issueValues(issue));
}

QString ExternalTrackerPlugin::buildPrompt(const Issue &issue) const
{
    QString prompt = external::expandTemplate(declaredTemplate(u"promptTemplate", kDefaultPromptTemplate),
                                              external::issueValues(issue));
    if (!m_caller.process().declarations().contains(u"promptTemplate") && !issue.url.isEmpty())
        prompt += u"\n\nIssue: "_s + issue.url;
    return prompt.trimmed();
}

} // namespace flotilla
