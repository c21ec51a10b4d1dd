#include "external_plugin_registration.h"

#include "external_agent_plugin.h"
#include "external_lifecycle_plugin.h"
#include "external_notifier_plugin.h"
#include "external_runtime_plugin.h"
#include "external_scm_plugin.h"
#include "external_terminal_plugin.h"
#include "external_tracker_plugin.h"
#include "external_workspace_plugin.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

std::unique_ptr<Plugin> makeAdapter(const ExternalPluginSpec &spec, const PluginSettings &settings)
{
    switch (spec.slot) {
    case PluginSlot::Runtime:
        return std::make_unique<ExternalRuntimePlugin>(spec, settings);
    case PluginSlot::Agent:
        return std::make_unique<ExternalAgentPlugin>(spec, settings);
    case PluginSlot::Workspace:
        return std::make_unique<ExternalWorkspacePlugin>(spec, settings);
    case PluginSlot::Tracker:
        return std::make_unique<ExternalTrackerPlugin>(spec, settings);
    case PluginSlot::Scm:
        return std::make_unique<ExternalScmPlugin>(spec, settings);
    case PluginSlot::Notifier:
        return std::make_unique<ExternalNotifierPlugin>(spec, settings);
    case PluginSlot::Terminal:
        return std::make_unique<ExternalTerminalPlugin>(spec, settings);
    case PluginSlot::Lifecycle:
        return std::make_unique<ExternalLifecyclePlugin>(spec, settings);
    }
    return nullptr;
}

} // namespace

Result<void> registerExternalPlugin(PluginRegistry &registry, const ExternalPluginSpec &spec)
{
    if (spec.command.isEmpty() || spec.command.first().isEmpty())
        return makeError(u"plugin.invalid"_s, u"the external plugin \"%1\" has no command"_s.arg(spec.name),
                         slotName(spec.slot));
    if (spec.timeoutMs <= 0)
        return makeError(u"plugin.invalid"_s, u"the external plugin \"%1\" needs a timeout above 0 ms"_s.arg(spec.name),
                         slotName(spec.slot));
    return registry.add({spec.slot, spec.name, spec.description,
                         [spec](const PluginSettings &settings) { return makeAdapter(spec, settings); }});
}

} // namespace flotilla
