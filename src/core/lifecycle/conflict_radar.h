#pragma once

#include <QDateTime>
#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>

namespace flotilla {

class ReactionEngine;
class SessionStore;

// Finds live sessions of one project that change the same files, before either has to rebase
// on the other. It compares each workspace with its base (through libgit2 on a worker thread,
// never taking a lock an agent needs) and raises `conflict-risk` for both sessions of every
// overlapping pair; the reaction's fingerprint keeps an unchanged overlap from repeating.
class ConflictRadar final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConflictRadar)

public:
    using BaseBranchLookup = std::function<QString(const QString &projectId)>;

    ConflictRadar(SessionStore &sessions, ReactionEngine &reactions, BaseBranchLookup baseBranch,
                  QObject *parent = nullptr);
    ~ConflictRadar() override;

    // Scans now unless a scan runs or the last one began less than `minimumGapMs` ago.
    void scanSoon(qint64 minimumGapMs = 60000);
    bool isScanning() const { return m_watcher.isRunning(); }

    // Other session → the files both change, as of the last scan.
    QHash<QString, QStringList> overlapsOf(const QString &sessionId) const { return m_overlaps.value(sessionId); }

signals:
    void scanned();

private:
    struct Workspace
    {
        QString sessionId;
        QString projectId;
        QString path;
        QString baseBranch;
        QStringList changed;
    };
    void finish();

    SessionStore &m_sessions;
    ReactionEngine &m_reactions;
    BaseBranchLookup m_baseBranch;
    QFutureWatcher<QList<Workspace>> m_watcher;
    QDateTime m_lastStart;
    QHash<QString, QHash<QString, QStringList>> m_overlaps;
};

} // namespace flotilla
