#include "conflict_radar.h"

#include "git/git_changes.h"
#include "model/display_status.h"
#include "reaction_engine.h"
#include "store/session_store.h"

#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace flotilla {

ConflictRadar::ConflictRadar(SessionStore &sessions, ReactionEngine &reactions, BaseBranchLookup baseBranch,
                             QObject *parent)
    : QObject(parent), m_sessions(sessions), m_reactions(reactions), m_baseBranch(std::move(baseBranch))
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ConflictRadar::finish);
}

// A scan still running works on its own copies and its answer is dropped with the watcher.
ConflictRadar::~ConflictRadar() = default;

void ConflictRadar::scanSoon(qint64 minimumGapMs)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_watcher.isRunning() || (m_lastStart.isValid() && m_lastStart.msecsTo(now) < minimumGapMs))
        return;
    auto live = m_sessions.list({}, SessionStore::Terminated::Exclude);
    if (!live)
        return;
    QHash<QString, QList<Workspace>> byProject;
    for (const SessionRecord &session : std::as_const(live.value())) {
        if (session.kind != SessionKind::Worker || session.workspacePath.isEmpty())
            continue;
        byProject[session.projectId].append(
            Workspace{session.id, session.projectId, session.workspacePath, m_baseBranch(session.projectId), {}});
    }
    QList<Workspace> work;
    for (const QList<Workspace> &workspaces : std::as_const(byProject)) {
        if (workspaces.size() > 1) // one session alone cannot collide
            work << workspaces;
    }
    m_lastStart = now;
    m_watcher.setFuture(QtConcurrent::run([work]() mutable {
        for (Workspace &workspace : work) {
            // A workspace being created or removed right now simply has no changes this time.
            if (auto changed = changedFilesSinceBase(workspace.path, workspace.baseBranch))
                workspace.changed = changed.value();
        }
        return work;
    }));
}

void ConflictRadar::finish()
{
    const QList<Workspace> scannedWorkspaces = m_watcher.result();
    QHash<QString, QHash<QString, QStringList>> overlaps;
    for (qsizetype i = 0; i < scannedWorkspaces.size(); ++i) {
        const Workspace &a = scannedWorkspaces.at(i);
        const QSet<QString> mine(a.changed.cbegin(), a.changed.cend());
        for (qsizetype j = i + 1; j < scannedWorkspaces.size(); ++j) {
            const Workspace &b = scannedWorkspaces.at(j);
            if (b.projectId != a.projectId)
                continue;
            QStringList both;
            for (const QString &file : b.changed) {
                if (mine.contains(file))
                    both << file;
            }
            if (both.isEmpty())
                continue;
            overlaps[a.sessionId].insert(b.sessionId, both);
            overlaps[b.sessionId].insert(a.sessionId, both);
        }
    }
    m_overlaps = overlaps;
    for (auto session = overlaps.cbegin(); session != overlaps.cend(); ++session) {
        auto record = m_sessions.get(session.key());
        if (!record || !record.value() || isTerminal(deriveDisplayStatus(*record.value())))
            continue;
        for (auto other = session->cbegin(); other != session->cend(); ++other)
            m_reactions.onConflictRisk(*record.value(), other.key(), other.value());
    }
    emit scanned();
}

} // namespace flotilla
