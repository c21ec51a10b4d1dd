#include "process_runtime.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonValue>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QtDebug>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// A whole number of at least `minimum`, or `fallback` (with a warning) for anything else.
qint64 numberSetting(const PluginSettings &settings, const QString &key, qint64 fallback, qint64 minimum)
{
    const QJsonValue value = settings.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    const qint64 number = value.isDouble() ? value.toInteger(minimum - 1) : minimum - 1;
    if (number >= minimum)
        return number;
    qWarning().noquote() << u"process runtime: %1 must be a whole number of at least %2; using %3"_s.arg(
        key, QString::number(minimum), QString::number(fallback));
    return fallback;
}

// The program as the child's own PATH finds it (the session's environment may put its own
// folders first), or empty if there is no such program.
QString resolveProgram(const QString &program, const QString &workDir, const QProcessEnvironment &environment)
{
    if (program.contains(u'/') || program.contains(QDir::separator())) {
        const QFileInfo info(QDir(workDir.isEmpty() ? QDir::currentPath() : workDir), program);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    const QStringList path = environment.value(u"PATH"_s).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    return path.isEmpty() ? QString() : QStandardPaths::findExecutable(program, path);
}

} // namespace

ProcessRuntime::ProcessRuntime(const PluginSettings &settings)
{
    m_options.outputBytes = numberSetting(settings, u"outputBytes"_s, kDefaultOutputBytes, 1);
    m_options.killAfter =
        std::chrono::milliseconds(numberSetting(settings, u"killAfterMs"_s, kDefaultKillAfter.count(), 0));
}

ProcessRuntime::~ProcessRuntime()
{
    // Processes do not outlive the app: each group is killed now (a destructor cannot wait for a
    // gentle stop), and each process deletes itself once its exit is reported.
    const auto sessions = std::exchange(m_sessions, {});
    for (ProcessSession *session : sessions)
        delete session;
}

Async<RuntimeHandle> ProcessRuntime::create(const RuntimeLaunch &launch)
{
    const QString &id = launch.sessionId;
    if (id.isEmpty())
        return failed<RuntimeHandle>(
            makeError(u"runtime.invalid"_s, u"a process cannot be started without a session id"_s));
    if (launch.command.isEmpty() || launch.command.first().isEmpty())
        return failed<RuntimeHandle>(
            makeError(u"runtime.no_command"_s, u"session %1 has no command to run"_s.arg(id), id));
    if (ProcessSession *existing = m_sessions.value(id)) {
        if (existing->isActive())
            return failed<RuntimeHandle>(makeError(
                u"runtime.exists"_s, u"session %1 already has a running process; stop it first"_s.arg(id), id));
        // An earlier run that ended by itself: what is left of its group goes with it.
        existing->abandon();
        forget(id, existing);
    }
    if (!launch.workDir.isEmpty() && !QFileInfo(launch.workDir).isDir())
        return failed<RuntimeHandle>(makeError(u"runtime.start_failed"_s,
                                               u"cannot start session %1: its folder %2 does not exist"_s.arg(
                                                   id, QDir::toNativeSeparators(launch.workDir)),
                                               id));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : launch.withheld)
        environment.remove(name);
    for (auto it = launch.environment.cbegin(); it != launch.environment.cend(); ++it)
        environment.insert(it.key(), it.value());
    const QString program = resolveProgram(launch.command.first(), launch.workDir, environment);
    if (program.isEmpty())
        return failed<RuntimeHandle>(
            makeError(u"runtime.not_found"_s,
                      u"cannot start session %1: the program %2 was not found (is it installed and on PATH?)"_s.arg(
                          id, launch.command.first()),
                      id));

    auto *session = new ProcessSession(id, m_options);
    m_sessions.insert(id, session);
    QObject::connect(session, &ProcessSession::failedToStart, session, [this, id, session] { forget(id, session); });
    QObject::connect(session, &ProcessSession::stopped, session, [this, id, session] { forget(id, session); });
    return session->start(ProcessSession::Command{program, launch.command.mid(1), launch.workDir, environment})
        .then([id, plugin = name()](Result<qint64> pid) -> Result<RuntimeHandle> {
            if (!pid)
                return pid.error();
            return RuntimeHandle{id, plugin, QJsonObject{{u"pid"_s, pid.value()}}};
        });
}

Async<void> ProcessRuntime::destroy(const RuntimeHandle &handle)
{
    ProcessSession *session = m_sessions.value(handle.id);
    if (!session)
        return readyOk();
    return session->stop();
}

Async<void> ProcessRuntime::sendText(const RuntimeHandle &handle, const QString &text)
{
    ProcessSession *session = m_sessions.value(handle.id);
    if (!session)
        return failed<void>(unknown(handle.id));
    return session->send(text.toUtf8() + '\n');
}

Async<QString> ProcessRuntime::readOutput(const RuntimeHandle &handle, int lines)
{
    const ProcessSession *session = m_sessions.value(handle.id);
    if (!session)
        return failed<QString>(unknown(handle.id));
    return ready(Result<QString>(session->lastLines(lines)));
}

Async<QHash<QString, RuntimeProbe>> ProcessRuntime::probe(const QList<RuntimeHandle> &handles)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QHash<QString, RuntimeProbe> readings;
    for (const RuntimeHandle &handle : handles) {
        const ProcessSession *session = m_sessions.value(handle.id);
        const bool running = session && session->isRunning();
        readings.insert(handle.id, RuntimeProbe{running, running, {}, now});
    }
    return ready(Result<QHash<QString, RuntimeProbe>>(std::move(readings)));
}

QStringList ProcessRuntime::attachCommand(const RuntimeHandle &) const
{
    // There is no terminal to attach to; the app's terminal view shows the output instead.
    return {};
}

void ProcessRuntime::forget(const QString &id, ProcessSession *session)
{
    if (m_sessions.value(id) == session)
        m_sessions.remove(id);
    QObject::disconnect(session, nullptr, nullptr, nullptr);
    session->deleteLater();
}

Error ProcessRuntime::unknown(const QString &id) const
{
    return makeError(u"runtime.gone"_s,
                     u"session %1 has no process here (processes do not survive a restart of Flotilla)"_s.arg(id), id);
}

} // namespace flotilla
