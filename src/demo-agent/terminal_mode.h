#pragma once

namespace flotilla::demo {

// Puts the controlling terminal into the state an agent's input box needs while it lives:
// keys arrive one by one (Enter as CR, Ctrl-C as a byte rather than a signal) and pastes come
// wrapped in bracketed-paste markers, so a pasted multi-line message stays one message.
// Output processing stays on, so "\n" still starts a new line. Restores everything on exit.
class TerminalMode final
{
public:
    TerminalMode();
    ~TerminalMode();
    TerminalMode(const TerminalMode &) = delete;
    TerminalMode &operator=(const TerminalMode &) = delete;

    bool isRaw() const { return m_raw; }

private:
    bool m_raw = false;
};

} // namespace flotilla::demo
