#pragma once

#include "model/session_facts.h"
#include "plugin/plugin_common.h"

namespace flotilla {

class Fleet;

// What a person sees of a session's terminal, and the way to take it over: both go through
// the runtime of the session's project (and, to open it, the configured terminal plugin).

// The last `lines` lines the agent's terminal shows.
Async<QString> readSessionOutput(Fleet &fleet, const SessionRecord &session, int lines);

// Opens the session in the person's terminal, attached to its runtime.
Async<void> openSessionInTerminal(Fleet &fleet, const SessionRecord &session);

} // namespace flotilla
