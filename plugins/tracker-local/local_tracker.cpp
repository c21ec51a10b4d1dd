#include "local_tracker.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kDefaultFolder = u".flotilla/issues"_s;
const QString kDefaultPrefix = u"LOCAL"_s;
const QString kNoProject = u"tracker.no_project"_s;

QString projectPathOf(const PluginSettings &settings)
{
    return settings.value(u"_project"_s).toObject().value(u"path"_s).toString();
}

Result<IssueFolder> folderFrom(const PluginSettings &settings)
{
    const QString projectPath = projectPathOf(settings);
    if (projectPath.isEmpty())
        return makeError(kNoProject,
                         u"the local tracker keeps issues inside a project, but no project path was given"_s);
    if (!QDir::isAbsolutePath(projectPath))
        return makeError(kNoProject, u"the project's path must be absolute"_s, projectPath);

    const QJsonValue folderSetting = settings.value(u"folder"_s);
    if (!folderSetting.isUndefined() && !folderSetting.isNull() && !folderSetting.isString())
        return makeError(u"tracker.folder"_s, u"\"folder\" must be a path relative to the project"_s);
    QString folder = folderSetting.toString().trimmed();
    if (folder.isEmpty())
        folder = kDefaultFolder;
    const QString slashed = QString(folder).replace(u'\\', u'/');
    const bool driveLetter = slashed.size() > 1 && slashed.at(1) == u':';
    if (QDir::isAbsolutePath(folder) || slashed.startsWith(u'/') || slashed.startsWith(u'~') || driveLetter)
        return makeError(
            u"tracker.folder"_s,
            u"the issues folder \"%1\" must be relative to the project, e.g. %2"_s.arg(folder, kDefaultFolder));
    if (slashed.split(u'/').contains(u".."_s))
        return makeError(u"tracker.folder"_s,
                         u"the issues folder \"%1\" must stay inside the project; remove the \"..\""_s.arg(folder));

    const QString prefix = settings.value(u"prefix"_s).toString().trimmed();
    static const QRegularExpression kPrefix(u"^[A-Za-z][A-Za-z0-9_]*$"_s);
    if (!prefix.isEmpty() && !kPrefix.match(prefix).hasMatch())
        return makeError(
            u"tracker.prefix"_s,
            u"the issue prefix \"%1\" may hold only letters, digits and _, starting with a letter"_s.arg(prefix));
    return IssueFolder(QDir::cleanPath(projectPath + u'/' + slashed), prefix.isEmpty() ? kDefaultPrefix : prefix);
}

template<typename T, typename Work> Async<T> onWorker(const Result<IssueFolder> &folder, Work work)
{
    if (!folder)
        return failed<T>(folder.error());
    return QtConcurrent::run([folder = folder.value(), work = std::move(work)]() -> Result<T> { return work(folder); });
}

} // namespace

LocalTracker::LocalTracker(const PluginSettings &settings)
    : m_projectPath(projectPathOf(settings)), m_folder(folderFrom(settings))
{}

QString LocalTracker::name() const
{
    return u"local"_s;
}

Availability LocalTracker::detect() const
{
    if (!m_folder) {
        const Error &error = m_folder.error();
        if (error.code == kNoProject)
            return Availability::missing(error.toString(),
                                         u"use the local tracker for a project of the configuration"_s);
        return Availability::missing(
            error.toString(), u"set the tracker's folder to a path inside the project, e.g. %1"_s.arg(kDefaultFolder));
    }
    if (!QFileInfo(m_projectPath).isDir())
        return Availability::missing(u"the project folder %1 does not exist"_s.arg(m_projectPath),
                                     u"check the project's path in the configuration"_s);
    return Availability::ok();
}

Async<Issue> LocalTracker::getIssue(const QString &issueId)
{
    return onWorker<Issue>(m_folder, [issueId](const IssueFolder &folder) { return folder.get(issueId); });
}

Async<QList<Issue>> LocalTracker::listIssues(const IssueQuery &query)
{
    return onWorker<QList<Issue>>(m_folder, [query](const IssueFolder &folder) { return folder.list(query); });
}

Async<void> LocalTracker::updateIssue(const QString &issueId, const IssueUpdate &update)
{
    return onWorker<void>(m_folder,
                          [issueId, update](const IssueFolder &folder) { return folder.update(issueId, update); });
}

Async<Issue> LocalTracker::createIssue(const Issue &issue)
{
    return onWorker<Issue>(m_folder, [issue](const IssueFolder &folder) { return folder.create(issue); });
}

QString LocalTracker::branchName(const Issue &issue) const
{
    if (!issue.branchName.trimmed().isEmpty())
        return issue.branchName.trimmed();
    return u"feat/"_s + issue.id.trimmed().toLower();
}

QString LocalTracker::buildPrompt(const Issue &issue) const
{
    const IssueBody body = IssueBody::split(issue.description);
    QString prompt = u"Work on issue %1: %2\n"_s.arg(issue.id, issue.title);
    if (!issue.labels.isEmpty())
        prompt += u"Labels: "_s + issue.labels.join(u", "_s) + u'\n';
    prompt += u"\n## Description\n\n"_s;
    prompt += body.description.isEmpty() ? u"(The issue has no description.)"_s : body.description;
    prompt += u'\n';
    if (!body.comments.isEmpty()) {
        prompt += u"\n## Comments so far, oldest first\n"_s;
        for (const IssueBody::Comment &comment : body.comments) {
            prompt += u'\n';
            if (!comment.author.isEmpty())
                prompt += comment.author + u" wrote:\n"_s;
            prompt += comment.text + u'\n';
        }
    }
    return prompt;
}

} // namespace flotilla
