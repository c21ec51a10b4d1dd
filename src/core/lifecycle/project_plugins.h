#pragma once

#include "plugin/agent_plugin.h"
#include "plugin/lifecycle_plugin.h"
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
    QList<LifecyclePlugin *> hooks;       // run in order at spawn, on transitions and on kill

    AgentPlugin *agent(const QString &name) const { return agents.value(name, nullptr); }
};

// How the project's SCM finds a session's pull request: by number once known, else by branch.
inline PrLookup prLookupFor(const ProjectPlugins &plugins, const SessionRecord &session)
{
    return PrLookup{session.id, plugins.repository, session.branch, session.pr.number};
}

} // namespace flotilla
