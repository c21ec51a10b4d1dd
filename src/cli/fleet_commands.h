#pragma once

#include "session_commands.h"

namespace flotilla {

// flo's verbs about the fleet rather than one session's lifetime.
void runReportCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
void runDecisionsCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
void runAskCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
void runDecideCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
void runEventsCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
// `flo notify test [NOTIFIER]`: a test message through each notifier (or one), now.
void runNotifyCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
// Starts `flotilla --headless` unless an instance already answers.
void runStartCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
// A one-time sign-in link to the web dashboard, opened in the browser (--print: only shown).
void runDashboardCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);

} // namespace flotilla
