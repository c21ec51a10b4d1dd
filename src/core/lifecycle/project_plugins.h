#pragma once

#include "plugin/agent_plugin.h"
#include "plugin/runtime_plugin.h"
#include "plugin/scm_plugin.h"
#include "plugin/tracker_plugin.h"
#include "plugin/workspace_plugin.h"

#include <QHash>
#include <QString>

namespace flotilla {

// The plugin instances serving one project, as its configuration selects them. Owned by
// whoever built them (the fleet); the lifecycle only borrows them.
struct ProjectPlugins
{
    QString projectId;
    QString repository; // "owner/repo" or the origin's path
    RuntimePlugin *runtime = nullptr;
    WorkspacePlugin *workspace = nullptr;
    TrackerPlugin *tracker = nullptr;
    ScmPlugin *scm = nullptr;             // null: no PR features for this project
    QHash<QString, AgentPlugin *> agents; // by agent name

    AgentPlugin *agent(const QString &name) const { return agents.value(name, nullptr); }
};

} // namespace flotilla
