#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace flotilla {

// Ends the tmux sessions an earlier demo left running in its sandbox before `--demo --reset`
// starts a new one: their agents would otherwise go on in removed folders, and their names
// (demo-1, …) would clash with the new demo's sessions. Sessions elsewhere are never touched.
// Asynchronous; `then` runs once it is done, also when there is no tmux or nothing to end.
void endDemoLeftovers(const QString &sandboxRoot, QObject *context, std::function<void()> then);

} // namespace flotilla
