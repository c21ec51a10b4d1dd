#pragma once

#include "plugin/runtime_plugin.h"
#include "process_session.h"

#include <QHash>

#include <chrono>

namespace flotilla {

// Runs each session's program as a plain child process (QProcess), for machines without tmux
// (Windows) and for people who do not want it. The handle id is the session id, and the handle
// data carries the program's pid. Output (stdout and stderr together) is kept per session in a
// ring buffer; input goes to the program's stdin. Each program leads its own process group, so
// stopping a session also ends what the program started.
//
// The plugin owns its processes: they end with destroy() or with the plugin, and do not
// survive a restart of the app (a handle from an earlier run probes as not alive). There is no
// terminal to attach to, so attachCommand() is empty: the app's terminal view shows the
// output read through readOutput().
//
// Settings: `outputBytes` (output kept per session, default 2 MiB; the oldest bytes are dropped)
// and `killAfterMs` (how long destroy() waits after asking the program to end before killing its
// group, default 5000).
class ProcessRuntime final : public RuntimePlugin
{
public:
    static constexpr qsizetype kDefaultOutputBytes = 2 * 1024 * 1024;
    static constexpr std::chrono::milliseconds kDefaultKillAfter{5000};

    explicit ProcessRuntime(const PluginSettings &settings);
    ~ProcessRuntime() override;
    ProcessRuntime(const ProcessRuntime &) = delete;
    ProcessRuntime &operator=(const ProcessRuntime &) = delete;

    QString name() const override { return QStringLiteral("process"); }
    // QProcess is part of Qt: nothing to install, on any platform.
    Availability detect() const override { return Availability::ok(); }

    Async<RuntimeHandle> create(const RuntimeLaunch &launch) override;
    Async<void> destroy(const RuntimeHandle &handle) override;
    Async<void> sendText(const RuntimeHandle &handle, const QString &text) override;
    Async<QString> readOutput(const RuntimeHandle &handle, int lines) override;
    Async<QHash<QString, RuntimeProbe>> probe(const QList<RuntimeHandle> &handles) override;
    QStringList attachCommand(const RuntimeHandle &handle) const override;

private:
    // Drops `session` from the table if it is still the one kept for `id`; it is deleted later
    // because this runs from inside the session's own signals.
    void forget(const QString &id, ProcessSession *session);
    Error unknown(const QString &id) const;

    ProcessSession::Options m_options;
    QHash<QString, ProcessSession *> m_sessions;
};

} // namespace flotilla
