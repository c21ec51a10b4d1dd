#include "demo_leftovers.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// The socket the tmux runtime uses unless a project configures another; the demo's does not.
const QString kSocket = u"flotilla"_s;

void runTmux(const QString &program, const QStringList &arguments, QObject *context,
             std::function<void(int exitCode, const QByteArray &out)> done)
{
    auto *process = new QProcess(context);
    process->setProgram(program);
    process->setArguments(QStringList{u"-L"_s, kSocket} + arguments);
    process->setStandardInputFile(QProcess::nullDevice());
    QObject::connect(process, &QProcess::finished, context, [process, done](int exitCode, QProcess::ExitStatus status) {
        process->deleteLater();
        done(status == QProcess::NormalExit ? exitCode : -1, process->readAllStandardOutput());
    });
    QObject::connect(process, &QProcess::errorOccurred, context, [process, done](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // finished() follows
        process->deleteLater();
        done(-1, {});
    });
    process->start();
}

} // namespace

void endDemoLeftovers(const QString &sandboxRoot, QObject *context, std::function<void()> then)
{
    const QString tmux = QStandardPaths::findExecutable(u"tmux"_s);
    if (tmux.isEmpty()) {
        then();
        return;
    }
    const QString inside = QDir::cleanPath(sandboxRoot) + u'/';
    runTmux(tmux, {u"list-sessions"_s, u"-F"_s, u"#{session_name}\t#{session_path}"_s}, context,
            [tmux, inside, context, then](int exitCode, const QByteArray &out) {
                QStringList kill;
                // No server (exit code 1) means nothing is left over.
                for (const QByteArray &line : out.split('\n')) {
                    const qsizetype tab = line.indexOf('\t');
                    if (exitCode != 0 || tab <= 0)
                        continue;
                    const QString path = QDir::cleanPath(QString::fromUtf8(line.mid(tab + 1))) + u'/';
                    if (!path.startsWith(inside))
                        continue;
                    if (!kill.isEmpty())
                        kill << u";"_s;
                    // "=" makes tmux match the name exactly, never as a prefix.
                    kill << u"kill-session"_s << u"-t"_s << u"="_s + QString::fromUtf8(line.left(tab));
                }
                if (kill.isEmpty()) {
                    then();
                    return;
                }
                runTmux(tmux, kill, context, [then](int, const QByteArray &) { then(); });
            });
}

} // namespace flotilla
