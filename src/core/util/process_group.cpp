#include "process_group.h"

#include <QProcess>

#if defined(Q_OS_WIN)
#include <windows.h>
#elif defined(Q_OS_UNIX)
#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace flotilla {

void ProcessGroup::adopt(qint64 leaderPid)
{
    m_id = leaderPid;
}

#if defined(Q_OS_WIN)

void ProcessGroup::isolate(QProcess &process)
{
    process.setCreateProcessArgumentsModifier(
        [](QProcess::CreateProcessArguments *arguments) { arguments->flags |= CREATE_NEW_PROCESS_GROUP; });
}

bool ProcessGroup::terminate()
{
    return false;
}

bool ProcessGroup::kill()
{
    return false;
}

bool ProcessGroup::isEmpty()
{
    // Only the leader can be observed; the caller watches it through QProcess.
    return true;
}

#elif defined(Q_OS_UNIX)

namespace {

// Signals the group `id`; forgets it (sets it to 0) once the system says it is gone.
bool signalGroup(qint64 &id, int signalNumber)
{
    if (id <= 0)
        return false;
    if (::kill(-static_cast<pid_t>(id), signalNumber) == 0)
        return true;
    if (errno == ESRCH) {
        id = 0;
        return false;
    }
    // EPERM: a member changed its user; the group is still there.
    return true;
}

} // namespace

void ProcessGroup::isolate(QProcess &process)
{
    // Runs in the forked child before exec: setsid() is async-signal-safe, and a fresh child is
    // never a group leader, so it cannot fail.
    process.setChildProcessModifier([] { ::setsid(); });
}

bool ProcessGroup::terminate()
{
    return signalGroup(m_id, SIGTERM);
}

bool ProcessGroup::kill()
{
    return signalGroup(m_id, SIGKILL);
}

bool ProcessGroup::isEmpty()
{
    return !signalGroup(m_id, 0);
}

#else
#error "ProcessGroup supports Windows and Unix"
#endif

} // namespace flotilla
