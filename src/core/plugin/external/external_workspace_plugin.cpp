#include "external_workspace_plugin.h"

#include "external_json.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace flotilla {

ExternalWorkspacePlugin::ExternalWorkspacePlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{}

Async<WorkspaceInfo> ExternalWorkspacePlugin::create(const WorkspaceRequest &request)
{
    return m_caller.call<WorkspaceInfo>(u"workspace.create"_s, external::toJson(request));
}

Async<void> ExternalWorkspacePlugin::destroy(const QString &path)
{
    return m_caller.callVoid(u"workspace.destroy"_s, {{u"path"_s, path}});
}

bool ExternalWorkspacePlugin::exists(const QString &path) const
{
    return !path.isEmpty() && QFileInfo(path).isDir();
}

Async<WorkspaceInfo> ExternalWorkspacePlugin::restore(const WorkspaceRequest &request)
{
    return m_caller.call<WorkspaceInfo>(u"workspace.restore"_s, external::toJson(request));
}

} // namespace flotilla
