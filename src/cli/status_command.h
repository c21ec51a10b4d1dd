#pragma once

#include <QStringList>

#include <functional>

namespace flotilla {

class ApiClient;

// `flo status [--json]`: is Flotilla running, which version, where, for how long.
// Exit codes: 0 running, 3 none running, 1 any other failure.
void runStatusCommand(ApiClient &client, const QStringList &arguments, std::function<void(int)> finished);

} // namespace flotilla
