#include "orchestrator_prompt.h"

#include "config/config_model.h"

#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString promptTemplate()
{
    // Compiled in: a missing resource is a build defect, not a user's problem.
    QFile file(u":/orchestrator/system-prompt.md"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the orchestrator prompt is not compiled into this program");
    return QString::fromUtf8(file.readAll());
}

} // namespace

int OrchestratorPrompt::version()
{
    static const int parsed = [] {
        const auto match = QRegularExpression(u"flotilla-orchestrator-prompt version=(\\d+)"_s).match(promptTemplate());
        return match.hasMatch() ? match.captured(1).toInt() : 0;
    }();
    return parsed;
}

QString OrchestratorPrompt::build(const ProjectConfig &project, const QString &sessionId, const QString &trackerName)
{
    QString text = promptTemplate();
    QString backlog;
    if (project.backlog.enabled)
        backlog = u"- Issues labelled `%1` are picked up by Flotilla itself (at most %2 at a time); do not spawn "
                  "workers for them by hand.\n"_s.arg(project.backlog.label)
                      .arg(project.backlog.maxConcurrent);
    const QString tracker =
        trackerName.isEmpty() ? u"no tracker is configured: use --prompt"_s : u"tracker: %1"_s.arg(trackerName);
    text.replace(u"{{PROJECT_NAME}}"_s, project.name.isEmpty() ? project.id : project.name);
    text.replace(u"{{PROJECT}}"_s, project.id);
    text.replace(u"{{SESSION}}"_s, sessionId);
    text.replace(u"{{DEFAULT_BRANCH}}"_s, project.defaultBranch);
    text.replace(u"{{REPOSITORY}}"_s, project.repo.isEmpty() ? project.path : project.repo);
    text.replace(u"{{TRACKER}}"_s, tracker);
    text.replace(u"{{BACKLOG}}"_s, backlog);
    if (!project.orchestratorRules.trimmed().isEmpty())
        text += u"\n## Rules of this project\n\n"_s + project.orchestratorRules.trimmed() + u'\n';
    return text;
}

QString OrchestratorPrompt::firstMessage(const ProjectConfig &project)
{
    return u"You are now the orchestrator of %1. Run `flo status --json` to see the fleet, then wait for "
           "instructions."_s.arg(project.id);
}

} // namespace flotilla
