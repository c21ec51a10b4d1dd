#include "git_steps.h"

#include <QProcess>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace flotilla::demo {

namespace {

constexpr int kTimeoutMs = 120000;

QString lastLine(const QString &text)
{
    const QStringList lines = text.trimmed().split(u'\n');
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

} // namespace

GitSteps::GitSteps(const QString &workDir) : m_workDir(workDir) {}

QString GitSteps::commit(const QString &message, const QStringList &paths) const
{
    const CommandResult added = git(QStringList{u"add"_s, u"--"_s} + paths);
    if (!added.ok)
        return u"git add failed: "_s + lastLine(added.output);
    const CommandResult committed =
        git(identityOptions() + QStringList{u"commit"_s, u"-m"_s, message, u"--"_s} + paths);
    if (!committed.ok)
        return u"git commit failed: "_s + lastLine(committed.output);
    return {};
}

QString GitSteps::push() const
{
    const CommandResult pushed = git({u"push"_s, u"-u"_s, u"origin"_s, u"HEAD"_s});
    return pushed.ok ? QString() : u"git push failed: "_s + lastLine(pushed.output);
}

CommandResult GitSteps::runProgram(const QString &program, const QStringList &arguments) const
{
    QProcess process;
    process.setWorkingDirectory(m_workDir);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Nobody can answer a credential prompt inside the agent's pane: fail instead of hanging.
    environment.insert(u"GIT_TERMINAL_PROMPT"_s, u"0"_s);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    CommandResult result;
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.output = process.error() == QProcess::FailedToStart ? u"%1 could not be started"_s.arg(program)
                                                                   : u"%1 did not finish in time"_s.arg(program);
        return result;
    }
    result.output = QString::fromUtf8(process.readAll()).trimmed();
    result.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return result;
}

CommandResult GitSteps::git(const QStringList &arguments) const
{
    return runProgram(u"git"_s, arguments);
}

QStringList GitSteps::identityOptions() const
{
    const auto isSet = [this](const QString &key) {
        const CommandResult value = git({u"config"_s, key});
        return value.ok && !value.output.isEmpty();
    };
    const bool hasName = isSet(u"user.name"_s);
    const bool hasEmail = isSet(u"user.email"_s);
    QStringList options;
    if (!hasName)
        options << u"-c"_s << u"user.name=Flotilla demo agent"_s;
    if (!hasEmail)
        options << u"-c"_s << u"user.email=demo-agent@flotilla.invalid"_s;
    return options;
}

} // namespace flotilla::demo
