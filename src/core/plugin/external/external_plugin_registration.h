#pragma once

#include "external_plugin_spec.h"
#include "plugin/plugin_registry.h"

namespace flotilla {

// Registers a command speaking the external plugin protocol as a plugin of `spec.slot`. The
// registry's factory makes the slot's adapter; the settings it is given go to the plugin in
// `initialize`. Nothing is started here: the command runs when the plugin is first used.
Result<void> registerExternalPlugin(PluginRegistry &registry, const ExternalPluginSpec &spec);

} // namespace flotilla
