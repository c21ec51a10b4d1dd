#pragma once

#include "external_plugin_caller.h"
#include "plugin/workspace_plugin.h"

namespace flotilla {

// The workspace slot served by an external command: `workspace.create`, `workspace.destroy`,
// `workspace.restore`. exists() cannot wait for the plugin and checks the folder itself.
class ExternalWorkspacePlugin final : public WorkspacePlugin
{
public:
    ExternalWorkspacePlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    Async<WorkspaceInfo> create(const WorkspaceRequest &request) override;
    Async<void> destroy(const QString &path) override;
    bool exists(const QString &path) const override;
    Async<WorkspaceInfo> restore(const WorkspaceRequest &request) override;

private:
    ExternalPluginCaller m_caller;
};

} // namespace flotilla
