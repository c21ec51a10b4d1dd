#include "tmux_client.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// The environment of every tmux client we start. The first one also starts the server, whose
// environment every agent inherits: it must not point at the user's own server, nor carry
// Flotilla's own credentials.
QProcessEnvironment clientEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"TMUX"_s);
    environment.remove(u"TMUX_PANE"_s);
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        if (!key.startsWith(u"FLOTILLA_"_s))
            continue;
        for (const auto word : {u"TOKEN", u"SECRET", u"PASSWORD", u"KEY"}) {
            if (key.contains(word))
                environment.remove(key);
        }
    }
    return environment;
}

} // namespace

TmuxClient::TmuxClient(QString program, QObject *parent) : QObject(parent), m_program(std::move(program)) {}

TmuxClient::~TmuxClient()
{
    // Whoever waits on an answer may be destroyed along with us; a finished() emitted while
    // the processes are torn down must reach nobody.
    const QList<QProcess *> running = findChildren<QProcess *>(Qt::FindDirectChildrenOnly);
    for (QProcess *process : running) {
        process->disconnect();
        process->kill();
    }
}

void TmuxClient::run(const QString &socket, const QStringList &arguments, Done done, const QByteArray &input,
                     std::chrono::milliseconds timeout)
{
    const QString command = arguments.value(0);
    if (m_program.isEmpty()) {
        // Answered from the event loop like every other call, so callers see one behaviour.
        QTimer::singleShot(0, this, [done = std::move(done)] {
            done(makeError(u"runtime.tmux_not_found"_s, u"tmux not found: install package tmux"_s));
        });
        return;
    }

    auto *process = new QProcess(this);
    auto *deadline = new QTimer(process);
    auto answered = std::make_shared<bool>(false);
    auto answer = [answered, done = std::move(done)](Result<TmuxOutput> result) {
        if (std::exchange(*answered, true))
            return;
        done(std::move(result));
    };

    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, process, [process, answer, command, timeout] {
        answer(makeError(u"runtime.tmux_timeout"_s,
                         u"tmux %1 did not finish within %2 ms"_s.arg(command).arg(timeout.count())));
        process->kill();
    });
    connect(process, &QProcess::errorOccurred, process, [this, process, answer, command](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        answer(makeError(u"runtime.tmux_failed"_s,
                         u"cannot run %1 %2: %3"_s.arg(m_program, command, process->errorString())));
        process->deleteLater();
    });
    connect(process, &QProcess::finished, process,
            [process, answer, command](int exitCode, QProcess::ExitStatus status) {
                if (status == QProcess::CrashExit)
                    answer(makeError(u"runtime.tmux_failed"_s, u"tmux %1 crashed"_s.arg(command)));
                else
                    answer(TmuxOutput{exitCode, process->readAllStandardOutput(),
                                      QString::fromUtf8(process->readAllStandardError()).trimmed()});
                process->deleteLater();
            });

    process->setProcessEnvironment(clientEnvironment());
    process->setProgram(m_program);
    process->setArguments(QStringList{u"-L"_s, socket} + arguments);
    deadline->start(timeout);
    process->start();
    if (process->state() == QProcess::NotRunning)
        return; // FailedToStart has already answered
    if (!input.isEmpty())
        process->write(input);
    process->closeWriteChannel();
}

bool TmuxClient::isServerMissing(const QString &error)
{
    // A socket we may not connect to (another user's, permission denied) is a failure, not
    // an empty server: reading it as "every session gone" would kill a healthy fleet.
    return error.contains(u"no server running"_s) || error.contains(u"server exited unexpectedly"_s)
           || (error.startsWith(u"error connecting to"_s) && error.contains(u"No such file or directory"_s));
}

bool TmuxClient::isTargetMissing(const QString &error)
{
    return error.contains(u"can't find"_s) || isServerMissing(error);
}

QString TmuxClient::sessionTarget(const QString &session)
{
    return u"="_s + session;
}

QString TmuxClient::paneTarget(const QString &session)
{
    return u"="_s + session + u":^.{top-left}"_s;
}

QString TmuxClient::literal(const QString &argument)
{
    return argument.endsWith(u';') ? argument.chopped(1) + u"\\;"_s : argument;
}

QString TmuxClient::literalFormat(const QString &argument)
{
    return literal(QString(argument).replace(u"#"_s, u"##"_s));
}

} // namespace flotilla
