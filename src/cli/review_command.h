#pragma once

#include "session_commands.h"

namespace flotilla {

// flo review approve|request-changes|comment SESSION [--summary TEXT] [--comment PATH:LINE:TEXT]...
// flo review resolve SESSION THREAD
void runReviewCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);

} // namespace flotilla
