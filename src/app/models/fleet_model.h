#pragma once

#include "model/session_facts.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QTimer>

#include <functional>

namespace flotilla {

// Every session of the fleet as one table, for the main window, the tray and tests alike.
// Changes arrive one session at a time from the core; they are collected and applied in
// batches (one insert and one change notice per run of rows), so a burst of lifecycle updates
// costs the views one repaint instead of hundreds. Qt Core only: colours and icons are the
// views' business.
class FleetModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetModel)

public:
    enum Column {
        SessionColumn,
        IssueColumn,
        StatusColumn,
        PrColumn,
        CiColumn,
        ReviewColumn,
        ActivityColumn,
        BranchColumn,
        AgeColumn,
        CostColumn,
        ColumnCount
    };
    // How a badge cell reads at a glance; the views pick the colours.
    enum class Tone { None, Neutral, Active, Info, Good, Warning, Bad, Finished };
    enum Role {
        SessionIdRole = Qt::UserRole + 1,
        StatusRole,    // DisplayStatus as int
        AttentionRole, // bool: a person or a reaction has something to do
        TerminalRole,  // bool: the session has ended
        SortRole,      // the column's value for ordering (numbers where the text is not)
        PrUrlRole,
        ToneRole,         // Tone as int, for the badge columns (status, CI, review); None elsewhere
        ConflictRole,     // QStringList: "other-session: file, file" per session changing the same files
        ProjectRole,      // the session's project id
        OrchestratorRole, // bool: the session is its project's orchestrator (it steers the workers)
    };

    using Clock = std::function<QDateTime()>;

    explicit FleetModel(QObject *parent = nullptr);
    ~FleetModel() override;

    // For tests and benchmarks: what "now" is when ages are shown.
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // How long changes are collected before the views hear of them.
    void setBatchInterval(int milliseconds) { m_batch.setInterval(milliseconds); }

    // Replaces every row at once (the fleet as the store has it at start).
    void reset(const QList<SessionRecord> &sessions);
    // Takes a session's new facts; applied with the next batch. Older revisions than the one
    // shown are ignored, so a late signal never moves a row back in time.
    void queue(const SessionRecord &session);
    // Applies what is queued now.
    void flush();
    // Ages change with the clock, not with the facts: views call this now and then.
    void refreshAges();
    // The conflict radar's last scan: session → (other session → files both change). Rows
    // whose overlaps changed are redrawn; sessions missing from the map have none.
    void setOverlaps(const QHash<QString, QHash<QString, QStringList>> &overlaps);
    QHash<QString, QStringList> overlapsOf(const QString &sessionId) const { return m_overlaps.value(sessionId); }

    int rowOf(const QString &sessionId) const { return m_rows.value(sessionId, -1); }
    const SessionRecord &session(int row) const { return m_sessions.at(row); }
    int attentionCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString statusText(int displayStatus);
    static Tone statusTone(int displayStatus);

signals:
    // After each applied batch: how many sessions need a person now.
    void attentionCountChanged(int count);

private:
    QVariant display(const SessionRecord &session, int column) const;
    QVariant sortValue(const SessionRecord &session, int column) const;
    QString toolTip(const SessionRecord &session, int column) const;
    QString age(const SessionRecord &session) const;
    QStringList conflictLines(const QString &sessionId) const;
    static Tone tone(const SessionRecord &session, int column);

    QList<SessionRecord> m_sessions;
    QHash<QString, int> m_rows;
    QHash<QString, SessionRecord> m_pending;
    QHash<QString, QHash<QString, QStringList>> m_overlaps;
    QList<QString> m_pendingOrder; // new sessions are added in the order they arrived
    QTimer m_batch;
    Clock m_clock;
    int m_lastAttention = -1;
};

} // namespace flotilla
