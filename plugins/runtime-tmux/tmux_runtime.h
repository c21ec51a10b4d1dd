#pragma once

#include "plugin/runtime_plugin.h"

#include <QString>

#include <functional>
#include <memory>

namespace flotilla {

class DeliveryQueue;
class TmuxClient;

// Runs each agent in its own detached tmux session on a tmux server of Flotilla's own
// (`tmux -L <socket>`), so the user's tmux is never touched and a person can attach to watch
// or take over.
//
// Settings: "socket" (server name, default "flotilla"), "tmuxPath" (default: tmux on PATH),
// "launcherPath" (default: flotilla-launch next to the running program).
//
// Secrets: the agent's environment never appears in an argv nor in the tmux session's
// environment. It is written to a 0600 file in the user's private runtime folder, and the
// session runs `flotilla-launch FILE COMMAND...`, which deletes the file as soon as it has
// opened it, sets the variables and executes the agent. create() answers only once the file
// is gone.
//
// Liveness: every window keeps its pane after the agent exits (remain-on-exit, set on the
// server as a whole before the session starts, so even an agent that exits at once leaves its
// pane), so "the agent exited" (a dead pane) is told apart from "the session is gone". One
// `list-panes -a` answers for the whole fleet; a server that is not running has no sessions.
//
// Sending: see TextDelivery. Text is pasted as a bracketed paste (ESC[200~ ... ESC[201~) when
// the program in the pane asked for it, as agent TUIs do; they take the markers as "this is
// pasted text" and strip them. A program that did not ask gets the bare text, with each
// newline as a carriage return, exactly like a person pasting into a terminal.
class TmuxRuntime final : public RuntimePlugin
{
public:
    static constexpr int kHistoryLimit = 50000;

    explicit TmuxRuntime(const PluginSettings &settings);
    ~TmuxRuntime() override;
    TmuxRuntime(const TmuxRuntime &) = delete;
    TmuxRuntime &operator=(const TmuxRuntime &) = delete;

    QString name() const override;
    Availability detect() const override;
    Async<RuntimeHandle> create(const RuntimeLaunch &launch) override;
    Async<void> destroy(const RuntimeHandle &handle) override;
    Async<void> sendText(const RuntimeHandle &handle, const QString &text) override;
    Async<QString> readOutput(const RuntimeHandle &handle, int lines) override;
    Async<QHash<QString, RuntimeProbe>> probe(const QList<RuntimeHandle> &handles) override;
    QStringList attachCommand(const RuntimeHandle &handle) const override;

    // The tmux session name for a session id: tmux reads '.' and ':' in targets as window
    // and pane separators, so anything outside [A-Za-z0-9_-] becomes '_'.
    static QString sessionName(const QString &sessionId);
    QString socket() const { return m_socket; }
    QString launcherPath() const;

private:
    Availability tmuxAvailability() const;
    Error tmuxMissing() const;
    QString socketFor(const RuntimeHandle &handle) const;
    void awaitLauncher(const QString &session, const QString &envFile, const RuntimeHandle &handle,
                       const std::function<void(Result<RuntimeHandle>)> &answer);

    QString m_socket;
    QString m_configuredTmux;
    QString m_configuredLauncher;
    std::unique_ptr<TmuxClient> m_client;
    std::unique_ptr<DeliveryQueue> m_queue;
};

} // namespace flotilla
