#pragma once

#include "util/result.h"

#include <QString>

namespace flotilla {

// Starting Flotilla when the person logs in, the way each platform does it: an XDG autostart
// entry on Linux and other freedesktop systems, a LaunchAgent on macOS, the Run key of the
// user's registry on Windows. Only the user's own login is touched, never the system's.
class LoginItem final
{
public:
    // `program`: the executable to start (normally QCoreApplication::applicationFilePath()).
    explicit LoginItem(QString program);

    bool isEnabled() const;
    Result<void> setEnabled(bool enabled) const;
    // Where the entry lives (a file, or the registry value), for messages.
    QString location() const;

private:
    QString m_program;
};

} // namespace flotilla
