#pragma once

#include "plugin/terminal_plugin.h"

namespace flotilla {

// Opens a session in the person's own terminal emulator, running the runtime's attach command
// there (for tmux: attach to the session on Flotilla's tmux server). The emulator is started
// detached: closing it only detaches, the agent runs on.
//
// Which emulator: the `command` setting (the emulator's argv up to where the command to run
// goes, e.g. "kitty" or "wezterm start --"), else $TERMINAL, else the first installed of the
// platform's usual ones. On macOS, Terminal.app through osascript; on Windows, Windows
// Terminal (`wt`), else a console window.
class EmulatorTerminal final : public TerminalPlugin
{
public:
    explicit EmulatorTerminal(const PluginSettings &settings);

    QString name() const override { return QStringLiteral("emulator"); }
    Availability detect() const override;
    Async<void> open(const SessionRecord &session, const QStringList &attachCommand) override;

    // The full argv that opens `attachCommand` in the chosen emulator; empty when none is found.
    QStringList launchCommand(const QStringList &attachCommand) const;

private:
    QStringList m_command; // from the `command` setting or $TERMINAL; empty: look for one
};

} // namespace flotilla
