#pragma once

#include "external_plugin_caller.h"
#include "plugin/runtime_plugin.h"

namespace flotilla {

// The runtime slot served by an external command. attachCommand() cannot wait for the plugin:
// it expands the `attachCommand` template the plugin declared in its `initialize` answer.
class ExternalRuntimePlugin final : public RuntimePlugin
{
public:
    ExternalRuntimePlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    Async<RuntimeHandle> create(const RuntimeLaunch &launch) override;
    Async<void> destroy(const RuntimeHandle &handle) override;
    Async<void> sendText(const RuntimeHandle &handle, const QString &text) override;
    Async<QString> readOutput(const RuntimeHandle &handle, int lines) override;
    Async<QHash<QString, RuntimeProbe>> probe(const QList<RuntimeHandle> &handles) override;
    QStringList attachCommand(const RuntimeHandle &handle) const override;

private:
    ExternalPluginCaller m_caller;
};

} // namespace flotilla
