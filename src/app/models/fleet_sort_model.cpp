#include "fleet_sort_model.h"

#include "fleet_model.h"

namespace flotilla {

namespace {

// 0 for sessions that need someone, 1 for the rest, 2 for ended ones.
int group(const QModelIndex &index)
{
    if (index.data(FleetModel::AttentionRole).toBool())
        return 0;
    return index.data(FleetModel::TerminalRole).toBool() ? 2 : 1;
}

// A project's running orchestrator is where a person talks to the project: it stays on top,
// whatever the order. Ended ones sort like any ended session.
bool pinned(const QModelIndex &index)
{
    return index.data(FleetModel::OrchestratorRole).toBool() && !index.data(FleetModel::TerminalRole).toBool();
}

// Pinned rows among themselves: by project, then session, always ascending.
QString pinKey(const QModelIndex &index)
{
    return index.data(FleetModel::ProjectRole).toString() + u'\n' + index.data(FleetModel::SessionIdRole).toString();
}

} // namespace

FleetSortModel::FleetSortModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(FleetModel::SortRole);
    setDynamicSortFilter(true);
    sort(FleetModel::AgeColumn, Qt::AscendingOrder);
}

FleetSortModel::~FleetSortModel() = default;

void FleetSortModel::setFilterText(const QString &text)
{
    if (text.trimmed() == m_filter)
        return;
    m_filter = text.trimmed();
    invalidateFilter();
}

void FleetSortModel::setProjectFilter(const QString &projectId)
{
    if (projectId == m_project)
        return;
    m_project = projectId;
    invalidateFilter();
}

bool FleetSortModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // The view reverses the answer for a descending sort, so "before" is reversed here too
    // wherever the order must not follow the sort.
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    const bool leftPinned = pinned(left);
    const bool rightPinned = pinned(right);
    if (leftPinned && rightPinned) {
        const QString a = pinKey(left);
        const QString b = pinKey(right);
        if (a == b)
            return false;
        return ascending == (a < b);
    }
    if (leftPinned != rightPinned)
        return ascending == leftPinned;
    const int leftGroup = group(left);
    const int rightGroup = group(right);
    if (leftGroup != rightGroup)
        return ascending == (leftGroup < rightGroup); // the groups keep their order
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    const QPartialOrdering order = QVariant::compare(a, b);
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    // Equal: a stable, visible order by session.
    return left.sibling(left.row(), FleetModel::SessionColumn).data(sortRole()).toString()
           < right.sibling(right.row(), FleetModel::SessionColumn).data(sortRole()).toString();
}

bool FleetSortModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_project.isEmpty()
        && sourceModel()->index(sourceRow, 0, sourceParent).data(FleetModel::ProjectRole).toString() != m_project)
        return false;
    if (m_filter.isEmpty())
        return true;
    for (int column :
         {FleetModel::SessionColumn, FleetModel::IssueColumn, FleetModel::BranchColumn, FleetModel::StatusColumn}) {
        const QString text = sourceModel()->index(sourceRow, column, sourceParent).data().toString();
        if (text.contains(m_filter, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace flotilla
