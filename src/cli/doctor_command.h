#pragma once

#include <QStringList>

#include <functional>

namespace flotilla {

class ApiClient;

// `flo doctor [--json]`: what stands between this machine and a working fleet, each with what
// to do about it: the configuration, the running Flotilla and its projects' plugins, git and
// tmux, the keychain, and Ravi (the management key, the notifiers' and vaults' keys, whether
// Ravi answers). Exit code 1 when anything is broken, 0 when only warnings remain.
void runDoctorCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished);

} // namespace flotilla
