#pragma once

#include "activity_decay.h"
#include "plugin/agent_plugin.h"
#include "price_table.h"

#include <QDateTime>
#include <QString>

namespace flotilla {

// Codex's rollout logs: `~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`, whose first entry
// (`session_meta`) names the thread id and the working directory. Every call reads the disk
// and may block: run it off the event loop.
class CodexRollout final
{
public:
    static constexpr int kDaysScanned = 14;
    static constexpr int kFilesScanned = 500;

    static QString sessionsRoot(); // ~/.codex/sessions
    // The most recently written rollout whose session ran in `workspacePath`, looking at the
    // newest day folders first and at no more than kDaysScanned days and kFilesScanned files.
    static QString find(const QString &workspacePath);
    // The thread id from the rollout's session_meta entry (what `codex resume` takes).
    static QString threadId(const QString &rolloutPath);

    static ActivityReading activity(const QString &rolloutPath, const ActivityDecay &decay, const QDateTime &now);
    // "Codex session (model)", the thread id, and cost from the last token totals (last 128 KB).
    static Result<AgentSessionInfo> info(const QString &rolloutPath, const PriceTable &prices);
};

} // namespace flotilla
