#pragma once

#include <QString>

namespace flotilla {

struct ProjectConfig;

// The orchestrator's standing instructions: a versioned text compiled into the program
// (resources/orchestrator/system-prompt.md), filled in for one project and session, with the
// project's `orchestratorRules` after it.
class OrchestratorPrompt
{
public:
    // Bumped whenever the text changes meaning; recorded with each orchestrator session.
    static int version();
    static QString build(const ProjectConfig &project, const QString &sessionId, const QString &trackerName);
    // The first message the orchestrator gets, so it looks at the fleet before anyone writes.
    static QString firstMessage(const ProjectConfig &project);
};

} // namespace flotilla
