#pragma once

#include <QString>
#include <QStringList>

namespace flotilla::demo {

struct CommandResult
{
    bool ok = false;
    QString output; // standard output and error, trimmed
};

// The git command line, run in the working directory. Each call waits for git to finish: the
// agent does one thing at a time, and its runner prints progress before every step.
class GitSteps final
{
public:
    explicit GitSteps(const QString &workDir);

    // Stages `paths` and commits them. Returns an error sentence, empty on success.
    QString commit(const QString &message, const QStringList &paths) const;
    // Publishes the current branch and makes it track origin. Returns an error sentence.
    QString push() const;

    // Runs any program in the working directory (used for the project's own test script).
    CommandResult runProgram(const QString &program, const QStringList &arguments) const;

private:
    CommandResult git(const QStringList &arguments) const;
    // "-c user.name=… -c user.email=…" when git has no identity configured, so commits work
    // on a fresh machine.
    QStringList identityOptions() const;

    QString m_workDir;
};

} // namespace flotilla::demo
