#pragma once

#include "util/result.h"

#include <QString>

namespace flotilla {

// Prompts handed to an agent CLI as a file path: written readable by the owner only, one
// folder per session under the data directory (`<data>/prompts/<sessionId>/`), so a prompt
// never lands in the worktree where it could be committed.
class PromptFiles final
{
public:
    static QString folderFor(const QString &sessionId);
    // Writes (or replaces) `fileName` in the session's folder; returns its absolute path.
    static Result<QString> write(const QString &sessionId, const QString &fileName, const QString &contents);
};

} // namespace flotilla
