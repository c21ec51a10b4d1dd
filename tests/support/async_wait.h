#pragma once

#include "plugin/plugin_common.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

namespace flotilla::test {

// Runs the event loop until a plugin or core call answers (tests may block; product code never
// does). A call that does not answer in time comes back as `test.timeout`.
template<typename T> Result<T> waitFor(Async<T> future, int timeoutMs = 60000)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished() || future.resultCount() == 0)
        return makeError(QStringLiteral("test.timeout"), QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    return future.result();
}

// Looks at `condition` until it holds or `timeoutMs` passes, running the event loop between
// looks (for what a child process or another thread changes, e.g. files or tmux clients).
template<typename Condition> bool eventually(Condition condition, int timeoutMs = 30000)
{
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(20);
    }
    return true;
}

} // namespace flotilla::test
