#pragma once

#include "external_plugin_caller.h"
#include "plugin/terminal_plugin.h"

namespace flotilla {

// The terminal slot served by an external command: `terminal.open`.
class ExternalTerminalPlugin final : public TerminalPlugin
{
public:
    ExternalTerminalPlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    Async<void> open(const SessionRecord &session, const QStringList &attachCommand) override;

private:
    ExternalPluginCaller m_caller;
};

} // namespace flotilla
