#include "fleet_model.h"

#include "model/display_status.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kDefaultBatchMs = 50;

QString activityText(ActivityState state)
{
    switch (state) {
    case ActivityState::Active:
        return FleetModel::tr("active");
    case ActivityState::Ready:
        return FleetModel::tr("ready");
    case ActivityState::Idle:
        return FleetModel::tr("idle");
    case ActivityState::WaitingInput:
        return FleetModel::tr("waiting for input");
    case ActivityState::Blocked:
        return FleetModel::tr("blocked");
    case ActivityState::Exited:
        return FleetModel::tr("exited");
    case ActivityState::Unknown:
        break;
    }
    return QString();
}

QString prText(const PullRequestFacts &pr)
{
    if (pr.number <= 0)
        return QString();
    switch (pr.state) {
    case PrState::Merged:
        return FleetModel::tr("#%1 merged").arg(pr.number);
    case PrState::Closed:
        return FleetModel::tr("#%1 closed").arg(pr.number);
    default:
        break;
    }
    return pr.draft ? FleetModel::tr("#%1 draft").arg(pr.number) : u"#%1"_s.arg(pr.number);
}

// Checks and review are shown while the pull request is open or merged; a closed one's are
// history.
bool showsChecks(const PullRequestFacts &pr)
{
    return pr.state == PrState::Open || pr.state == PrState::Merged;
}

QString ciText(const PullRequestFacts &pr)
{
    if (!showsChecks(pr))
        return QString();
    switch (pr.ci) {
    case PrCiState::Pending:
        return FleetModel::tr("running");
    case PrCiState::Passing:
        return FleetModel::tr("passing");
    case PrCiState::Failing:
        return FleetModel::tr("failing");
    case PrCiState::None:
        break;
    }
    return FleetModel::tr("no checks");
}

QString reviewText(const PullRequestFacts &pr)
{
    if (!showsChecks(pr))
        return QString();
    switch (pr.review) {
    case PrReviewState::Pending:
        return FleetModel::tr("waiting");
    case PrReviewState::Approved:
        return FleetModel::tr("approved");
    case PrReviewState::ChangesRequested:
        return FleetModel::tr("changes requested");
    case PrReviewState::None:
        break;
    }
    return FleetModel::tr("none yet");
}

// Contiguous runs of the given rows, so one change notice covers each run.
QList<std::pair<int, int>> runsOf(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    QList<std::pair<int, int>> runs;
    for (int row : rows) {
        if (!runs.isEmpty() && runs.last().second + 1 >= row)
            runs.last().second = std::max(runs.last().second, row);
        else
            runs.append({row, row});
    }
    return runs;
}

} // namespace

FleetModel::FleetModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(kDefaultBatchMs);
    connect(&m_batch, &QTimer::timeout, this, &FleetModel::flush);
}

FleetModel::~FleetModel() = default;

void FleetModel::reset(const QList<SessionRecord> &sessions)
{
    beginResetModel();
    m_sessions = sessions;
    m_rows.clear();
    for (int row = 0; row < m_sessions.size(); ++row)
        m_rows.insert(m_sessions.at(row).id, row);
    m_pending.clear();
    m_pendingOrder.clear();
    endResetModel();
    const int attention = attentionCount();
    if (attention != m_lastAttention) {
        m_lastAttention = attention;
        emit attentionCountChanged(attention);
    }
}

void FleetModel::queue(const SessionRecord &session)
{
    const auto pending = m_pending.constFind(session.id);
    if (pending != m_pending.cend() && pending->revision > session.revision)
        return;
    const int row = rowOf(session.id);
    if (row >= 0 && m_sessions.at(row).revision > session.revision)
        return;
    if (row < 0 && pending == m_pending.cend())
        m_pendingOrder.append(session.id);
    m_pending.insert(session.id, session);
    if (!m_batch.isActive())
        m_batch.start();
}

void FleetModel::flush()
{
    m_batch.stop();
    if (m_pending.isEmpty())
        return;
    QList<int> changed;
    changed.reserve(m_pending.size());
    QList<SessionRecord> added;
    for (const QString &id : std::as_const(m_pendingOrder)) {
        if (rowOf(id) < 0)
            added.append(m_pending.take(id));
    }
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        const int row = rowOf(it.key());
        m_sessions[row] = it.value();
        changed.append(row);
    }
    m_pending.clear();
    m_pendingOrder.clear();

    for (const auto &[first, last] : runsOf(changed))
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_sessions.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        for (const SessionRecord &session : std::as_const(added)) {
            m_rows.insert(session.id, static_cast<int>(m_sessions.size()));
            m_sessions.append(session);
        }
        endInsertRows();
    }
    const int attention = attentionCount();
    if (attention != m_lastAttention) {
        m_lastAttention = attention;
        emit attentionCountChanged(attention);
    }
}

void FleetModel::setOverlaps(const QHash<QString, QHash<QString, QStringList>> &overlaps)
{
    QSet<QString> changed;
    for (auto it = overlaps.cbegin(); it != overlaps.cend(); ++it) {
        if (m_overlaps.value(it.key()) != it.value())
            changed.insert(it.key());
    }
    for (auto it = m_overlaps.cbegin(); it != m_overlaps.cend(); ++it) {
        if (!overlaps.contains(it.key()))
            changed.insert(it.key());
    }
    m_overlaps = overlaps;
    for (const QString &id : std::as_const(changed)) {
        if (const int row = rowOf(id); row >= 0)
            emit dataChanged(index(row, SessionColumn), index(row, SessionColumn), {ConflictRole, Qt::ToolTipRole});
    }
}

void FleetModel::refreshAges()
{
    if (!m_sessions.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(static_cast<int>(m_sessions.size()) - 1, AgeColumn),
                         {Qt::DisplayRole});
}

int FleetModel::attentionCount() const
{
    return static_cast<int>(std::count_if(m_sessions.cbegin(), m_sessions.cend(), [](const SessionRecord &session) {
        return needsAttention(deriveDisplayStatus(session));
    }));
}

int FleetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_sessions.size());
}

int FleetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_sessions.size())
        return {};
    const SessionRecord &session = m_sessions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(session, index.column());
    case Qt::ToolTipRole:
        return toolTip(session, index.column());
    case SessionIdRole:
        return session.id;
    case StatusRole:
        return static_cast<int>(deriveDisplayStatus(session));
    case AttentionRole:
        return needsAttention(deriveDisplayStatus(session));
    case TerminalRole:
        return isTerminal(deriveDisplayStatus(session));
    case SortRole:
        return sortValue(session, index.column());
    case PrUrlRole:
        return session.pr.url;
    case ToneRole:
        return static_cast<int>(tone(session, index.column()));
    case ConflictRole:
        return conflictLines(session.id);
    case ProjectRole:
        return session.projectId;
    case OrchestratorRole:
        return session.kind == SessionKind::Orchestrator;
    default:
        return {};
    }
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SessionColumn:
        return tr("Session");
    case IssueColumn:
        return tr("Issue");
    case StatusColumn:
        return tr("Status");
    case PrColumn:
        return tr("PR");
    case CiColumn:
        return tr("CI");
    case ReviewColumn:
        return tr("Review");
    case ActivityColumn:
        return tr("Activity");
    case BranchColumn:
        return tr("Branch");
    case AgeColumn:
        return tr("Age");
    case CostColumn:
        return tr("Cost");
    default:
        return {};
    }
}

QVariant FleetModel::display(const SessionRecord &session, int column) const
{
    switch (column) {
    case SessionColumn:
        return session.id;
    case IssueColumn:
        // An orchestrator works on no issue: it says whose agents it steers instead.
        if (session.kind == SessionKind::Orchestrator)
            return tr("Orchestrator of %1").arg(session.projectId);
        if (session.issueId.isEmpty())
            return session.displayName;
        return session.displayName.isEmpty() ? session.issueId : session.issueId + u"  "_s + session.displayName;
    case StatusColumn:
        return statusText(static_cast<int>(deriveDisplayStatus(session)));
    case PrColumn:
        return prText(session.pr);
    case CiColumn:
        return ciText(session.pr);
    case ReviewColumn:
        return reviewText(session.pr);
    case ActivityColumn:
        return activityText(session.activity.state);
    case BranchColumn:
        return session.branch;
    case AgeColumn:
        return age(session);
    case CostColumn:
        return session.cost.usd > 0 ? u"$%1"_s.arg(session.cost.usd, 0, 'f', 2) : QString();
    default:
        return {};
    }
}

QVariant FleetModel::sortValue(const SessionRecord &session, int column) const
{
    switch (column) {
    case SessionColumn: {
        // "app-10" after "app-9": the number counts, not the text.
        const qsizetype dash = session.id.lastIndexOf(u'-');
        bool numeric = false;
        const qlonglong number = session.id.mid(dash + 1).toLongLong(&numeric);
        return numeric ? session.id.left(dash + 1) + u"%1"_s.arg(number, 12, 10, QLatin1Char('0')) : session.id;
    }
    case StatusColumn:
        return static_cast<int>(deriveDisplayStatus(session));
    case PrColumn:
        return session.pr.number;
    case CiColumn:
        // Failing first when ascending, like the attention order.
        return showsChecks(session.pr) ? -static_cast<int>(session.pr.ci) : 1;
    case ReviewColumn:
        return showsChecks(session.pr) ? -static_cast<int>(session.pr.review) : 1;
    case AgeColumn:
        return -session.createdAt.toMSecsSinceEpoch(); // youngest first when ascending
    case CostColumn:
        return session.cost.usd;
    default:
        return display(session, column);
    }
}

QString FleetModel::toolTip(const SessionRecord &session, int column) const
{
    switch (column) {
    case SessionColumn: {
        QString tip = session.kind == SessionKind::Orchestrator
                          ? tr("Orchestrator of project %1 (agent %2): it plans the work and steers the project's "
                               "agents. Pick it to talk to it.")
                                .arg(session.projectId, session.agent)
                          : tr("Project %1, agent %2").arg(session.projectId, session.agent);
        if (const QStringList conflicts = conflictLines(session.id); !conflicts.isEmpty())
            tip += u"\n"_s + tr("Changes the same files as:") + u"\n"_s + conflicts.join(u'\n');
        return tip;
    }
    case PrColumn:
        return session.pr.url.isEmpty() ? QString() : session.pr.title + u"\n"_s + session.pr.url;
    case IssueColumn:
        return session.summary.isEmpty() ? session.displayName : session.summary;
    default:
        return QString();
    }
}

QStringList FleetModel::conflictLines(const QString &sessionId) const
{
    const QHash<QString, QStringList> overlaps = m_overlaps.value(sessionId);
    QStringList others = overlaps.keys();
    others.sort();
    QStringList lines;
    for (const QString &other : std::as_const(others))
        lines << u"%1: %2"_s.arg(other, overlaps.value(other).join(u", "_s));
    return lines;
}

QString FleetModel::age(const SessionRecord &session) const
{
    if (!session.createdAt.isValid())
        return QString();
    const qint64 seconds = std::max<qint64>(0, session.createdAt.secsTo(m_clock()));
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return tr("%1 h").arg(seconds / 3600);
    return tr("%1 d").arg(seconds / 86400);
}

FleetModel::Tone FleetModel::tone(const SessionRecord &session, int column)
{
    switch (column) {
    case StatusColumn:
        return statusTone(static_cast<int>(deriveDisplayStatus(session)));
    case CiColumn:
        if (!showsChecks(session.pr))
            return Tone::None;
        switch (session.pr.ci) {
        case PrCiState::Pending:
            return Tone::Active;
        case PrCiState::Passing:
            return Tone::Good;
        case PrCiState::Failing:
            return Tone::Bad;
        case PrCiState::None:
            break;
        }
        return Tone::Neutral;
    case ReviewColumn:
        if (!showsChecks(session.pr))
            return Tone::None;
        switch (session.pr.review) {
        case PrReviewState::Pending:
            return Tone::Info;
        case PrReviewState::Approved:
            return Tone::Good;
        case PrReviewState::ChangesRequested:
            return Tone::Warning;
        case PrReviewState::None:
            break;
        }
        return Tone::Neutral;
    default:
        return Tone::None;
    }
}

FleetModel::Tone FleetModel::statusTone(int displayStatus)
{
    switch (static_cast<DisplayStatus>(displayStatus)) {
    case DisplayStatus::CiFailed:
    case DisplayStatus::Errored:
    case DisplayStatus::Stuck:
    case DisplayStatus::Killed:
        return Tone::Bad;
    case DisplayStatus::ChangesRequested:
    case DisplayStatus::NeedsInput:
    case DisplayStatus::BudgetExceeded:
        return Tone::Warning;
    case DisplayStatus::PrOpen:
    case DisplayStatus::ReviewPending:
    case DisplayStatus::Detecting:
        return Tone::Info;
    case DisplayStatus::Approved:
    case DisplayStatus::Mergeable:
        return Tone::Good;
    case DisplayStatus::Merged:
    case DisplayStatus::Done:
        return Tone::Finished;
    case DisplayStatus::Spawning:
    case DisplayStatus::Working:
        return Tone::Active;
    case DisplayStatus::Idle:
    case DisplayStatus::Cleanup:
    case DisplayStatus::Terminated:
        break;
    }
    return Tone::Neutral;
}

QString FleetModel::statusText(int displayStatus)
{
    switch (static_cast<DisplayStatus>(displayStatus)) {
    case DisplayStatus::Spawning:
        return tr("spawning");
    case DisplayStatus::Working:
        return tr("working");
    case DisplayStatus::Idle:
        return tr("idle");
    case DisplayStatus::PrOpen:
        return tr("PR open");
    case DisplayStatus::CiFailed:
        return tr("CI failed");
    case DisplayStatus::ChangesRequested:
        return tr("changes requested");
    case DisplayStatus::ReviewPending:
        return tr("review pending");
    case DisplayStatus::Approved:
        return tr("approved");
    case DisplayStatus::Mergeable:
        return tr("ready to merge");
    case DisplayStatus::Merged:
        return tr("merged");
    case DisplayStatus::NeedsInput:
        return tr("needs you");
    case DisplayStatus::Stuck:
        return tr("stuck");
    case DisplayStatus::Detecting:
        return tr("checking");
    case DisplayStatus::BudgetExceeded:
        return tr("over budget");
    case DisplayStatus::Errored:
        return tr("errored");
    case DisplayStatus::Killed:
        return tr("killed");
    case DisplayStatus::Cleanup:
        return tr("cleaned up");
    case DisplayStatus::Terminated:
        return tr("terminated");
    case DisplayStatus::Done:
        return tr("done");
    }
    return QString();
}

} // namespace flotilla
