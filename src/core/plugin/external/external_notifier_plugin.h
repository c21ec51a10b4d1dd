#pragma once

#include "external_plugin_caller.h"
#include "plugin/notifier_plugin.h"

namespace flotilla {

// The notifier slot served by an external command: `notifier.deliver`.
class ExternalNotifierPlugin final : public NotifierPlugin
{
public:
    ExternalNotifierPlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    Async<void> deliver(const Notification &notification) override;

private:
    ExternalPluginCaller m_caller;
};

} // namespace flotilla
