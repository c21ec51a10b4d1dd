#pragma once

#include <QtGlobal>

class QProcess;

namespace flotilla {

// The process group a child program leads (an agent, a CI command), so stopping it reaches
// everything the program started (test runners, servers, a `sleep` in the background), not only
// the program itself. On Unix the child calls setsid() before exec
// and the group is signalled as a whole; on Windows the child gets CREATE_NEW_PROCESS_GROUP
// (console control events of the app no longer reach it) but the group cannot be signalled,
// so every call reports that and the caller falls back to the process itself.
class ProcessGroup final
{
public:
    // Before QProcess::start: make the child the leader of a new group.
    static void isolate(QProcess &process);

    // After the child started: its pid is the group's id.
    void adopt(qint64 leaderPid);
    // Ask every member to end (SIGTERM). False if the group cannot be signalled.
    bool terminate();
    // End every member now (SIGKILL). False if the group cannot be signalled.
    bool kill();
    // Whether no member is left. A group once seen empty is forgotten, so its id, which the
    // system may hand to an unrelated process later, is never signalled again.
    bool isEmpty();

private:
    qint64 m_id = 0;
};

} // namespace flotilla
