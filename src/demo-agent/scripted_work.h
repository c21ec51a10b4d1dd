#pragma once

#include "git_steps.h"
#include "work_files.h"

#include <QList>
#include <QString>

#include <functional>

namespace flotilla::demo {

struct DemoFeature;

// One visible step of work: `line` is printed before `action` runs. An action returns an
// error sentence (empty on success); an error ends the rest of the plan.
struct WorkStep
{
    QString line;
    std::function<QString()> action;
};

// Decides, from a message and the repository, what the agent does. Everything is scripted
// and deterministic: the same message on the same repository gives the same commits.
class ScriptedWork final
{
public:
    explicit ScriptedWork(const QString &workDir);

    QList<WorkStep> plan(const QString &message);
    // A one-line summary of a message, for acknowledgements and the queue.
    static QString summary(const QString &message);

private:
    QList<WorkStep> planTask(const QString &message);
    QList<WorkStep> planFeature(const DemoFeature &feature, const QString &title);
    QList<WorkStep> planNote(const QString &message);
    QList<WorkStep> planCiFix(const QString &message);
    QList<WorkStep> planReview(const QString &message);
    static QList<WorkStep> acknowledge(const QString &message);

    WorkStep commitStep(const QString &message, const QStringList &paths) const;
    WorkStep pushStep() const;

    WorkFiles m_files;
    GitSteps m_git;
    bool m_hasTask = false;
};

} // namespace flotilla::demo
