#pragma once

#include <QStringList>

namespace flotilla {

// `flo config check [FILE] [--json]`: loads FILE (or the file the lookup finds) locally, with
// no running instance, and prints every error and warning as `file:line:col: severity: message`
// followed by the effective configuration with secrets redacted.
// Exit codes: 0 no errors (warnings allowed), 1 errors, 2 bad usage.
int runConfigCommand(const QStringList &arguments);

} // namespace flotilla
