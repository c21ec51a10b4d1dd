#pragma once

#include "plugin/plugin_common.h"

#include <QString>
#include <QStringList>

namespace flotilla {

// An external plugin: a command that serves one slot over JSON-RPC on its stdin and stdout
// (the protocol is described in docs/plugins.md).
struct ExternalPluginSpec
{
    PluginSlot slot = PluginSlot::Notifier;
    QString name;        // the name configuration refers to ("my-tracker")
    QStringList command; // argv; the program is looked up on PATH unless it contains a '/'
    QString workingDir;  // empty: Flotilla's own
    int timeoutMs = 30000;
    QString description;
};

} // namespace flotilla
