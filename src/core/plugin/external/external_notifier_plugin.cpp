#include "external_notifier_plugin.h"

#include "external_model_json.h"

using namespace Qt::StringLiterals;

namespace flotilla {

ExternalNotifierPlugin::ExternalNotifierPlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{}

Async<void> ExternalNotifierPlugin::deliver(const Notification &notification)
{
    return m_caller.callVoid(u"notifier.deliver"_s, external::toJson(notification));
}

} // namespace flotilla
