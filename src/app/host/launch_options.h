#pragma once

#include "instance_host.h"
#include "util/result.h"

#include <QStringList>

namespace flotilla {

// The command line of `flotilla`, parsed without a Q*Application so main() can choose between
// the desktop and the headless application before creating either.
struct LaunchOptions
{
    InstanceHost::Options host;
    bool showVersion = false;
    bool showHelp = false;

    static Result<LaunchOptions> parse(const QStringList &arguments, bool guiAvailable);
    static QString helpText(bool guiAvailable);
};

} // namespace flotilla
