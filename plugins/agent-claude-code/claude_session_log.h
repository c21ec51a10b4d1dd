#pragma once

#include "activity_decay.h"
#include "plugin/agent_plugin.h"
#include "price_table.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace flotilla {

// Claude Code's own session logs: `~/.claude/projects/<encoded workspace>/<uuid>.jsonl`, one
// JSON entry per line. Every call reads the disk and may block: run it off the event loop.
class ClaudeSessionLog final
{
public:
    // The project folders Claude may have used for `workspacePath` (its literal and its
    // canonical form, each encoded the ways Claude versions have encoded paths).
    static QStringList projectFolders(const QString &workspacePath);
    // The newest conversation log for the workspace (sub-agent logs `agent-*.jsonl` skipped),
    // or empty when there is none.
    static QString newestLog(const QString &workspacePath);

    // Activity from the last entry of `logPath` (Unavailable when the file cannot be read).
    static ActivityReading activity(const QString &logPath, const ActivityDecay &decay, const QDateTime &now);
    // Summary, conversation id and cost of `logPath`. Cost covers the last 128 KB only.
    static Result<AgentSessionInfo> info(const QString &logPath, const PriceTable &prices);
};

} // namespace flotilla
