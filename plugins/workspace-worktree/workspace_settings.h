#pragma once

#include "plugin/plugin_common.h"

#include <QString>

#include <chrono>

namespace flotilla {

// The keys both workspace plugins read from their configuration block.
struct WorkspaceSettings
{
    QString root;  // "root": where workspaces are made, <root>/<projectId>/<sessionId>
    QString token; // "token": https password for fetching, when ssh-agent is not used
    std::chrono::milliseconds postCreateTimeout{std::chrono::minutes(10)}; // "postCreateTimeoutMs"

    // `defaultFolder` is the folder under AppPaths::dataDir() used when "root" is not set.
    static WorkspaceSettings read(const PluginSettings &settings, const QString &defaultFolder);
};

} // namespace flotilla
