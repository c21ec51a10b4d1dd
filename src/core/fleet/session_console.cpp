#include "session_console.h"

#include "fleet.h"
#include "lifecycle/project_plugins.h"
#include "plugin/runtime_plugin.h"
#include "plugin/terminal_plugin.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// The session's runtime and handle, or why there is none.
Result<std::pair<RuntimePlugin *, RuntimeHandle>> runtimeOf(Fleet &fleet, const SessionRecord &session)
{
    const ProjectPlugins *plugins = fleet.plugins(session.projectId);
    if (!plugins || !plugins->runtime)
        return makeError(u"session.no_runtime"_s, u"the project of %1 has no runtime"_s.arg(session.id));
    if (session.runtime.handle.isEmpty())
        return makeError(u"session.no_runtime"_s, u"%1 has no running agent"_s.arg(session.id));
    return std::pair{plugins->runtime, RuntimeHandle{session.runtime.handle, plugins->runtime->name(), {}}};
}

} // namespace

Async<QString> readSessionOutput(Fleet &fleet, const SessionRecord &session, int lines)
{
    auto runtime = runtimeOf(fleet, session);
    if (!runtime)
        return failed<QString>(runtime.error());
    return runtime->first->readOutput(runtime->second, lines);
}

Async<void> openSessionInTerminal(Fleet &fleet, const SessionRecord &session)
{
    auto runtime = runtimeOf(fleet, session);
    if (!runtime)
        return failed<void>(runtime.error());
    QString problem;
    TerminalPlugin *terminal = fleet.terminal(&problem);
    if (!terminal)
        return failed<void>(makeError(u"terminal.unavailable"_s, problem));
    return terminal->open(session, runtime->first->attachCommand(runtime->second));
}

} // namespace flotilla
