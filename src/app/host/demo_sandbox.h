#pragma once

#include "util/result.h"

#include <QString>

namespace flotilla {

// The demo fleet's own little world, so a newcomer sees the whole loop without an account:
// a small shell project with tests, a bare origin, three local issues, a configuration that
// runs the scripted demo agent on them, and a data folder of its own (database, worktrees,
// CI logs). Nothing outside the sandbox folder is read or written.
class DemoSandbox final
{
public:
    // The sandbox under the user's (default) data folder.
    static QString defaultRoot();

    explicit DemoSandbox(QString root);

    // Creates whatever is missing (all of it the first time; `reset` removes the old sandbox
    // first) and returns the configuration file to run. `agentProgram` is the demo agent.
    Result<QString> prepare(bool reset, const QString &agentProgram) const;

    QString dataDir() const { return m_root + QStringLiteral("/data"); }
    QString projectPath() const { return m_root + QStringLiteral("/shop"); }
    static QString projectId() { return QStringLiteral("demo-shop"); }

private:
    Result<void> createProject() const;
    Result<void> writeConfig(const QString &agentProgram) const;

    QString m_root;
};

} // namespace flotilla
