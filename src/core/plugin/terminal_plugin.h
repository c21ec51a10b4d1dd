#pragma once

#include "model/session_facts.h"
#include "plugin_common.h"

#include <QStringList>

namespace flotilla {

// Opens a session for a person: the user's terminal emulator attached to the runtime, or the
// app's own terminal view.
class TerminalPlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Terminal;
    PluginSlot slot() const final { return kSlot; }

    virtual Async<void> open(const SessionRecord &session, const QStringList &attachCommand) = 0;
};

} // namespace flotilla
