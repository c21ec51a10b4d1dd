#pragma once

#include <QtGlobal>

class QProcess;

namespace flotilla {

// The process group a CI command leads, so stopping the run reaches everything the command
// started (test runners, servers it spawned, a `sleep` in the background), not only the shell.
// On Unix the child calls setsid() before exec and the group is signalled as a whole. On
// Windows the child gets a new process group but it cannot be signalled; every call says so and
// the caller ends the process itself.
class CiProcessGroup final
{
public:
    // Before QProcess::start: make the child the leader of a new group.
    static void isolate(QProcess &process);

    // After the child started: its pid is the group's id.
    void adopt(qint64 leaderPid) { m_id = leaderPid; }
    // Ask every member to end (SIGTERM). False if the group cannot be signalled.
    bool terminate();
    // End every member now (SIGKILL). False if the group cannot be signalled.
    bool kill();

private:
    qint64 m_id = 0;
};

} // namespace flotilla
