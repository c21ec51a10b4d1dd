#pragma once

#include <QSortFilterProxyModel>

namespace flotilla {

// The fleet as people want to read it: each project's running orchestrator pinned on top, then
// sessions that need someone, ended ones last, and within those groups the order of the chosen
// column (either direction). A filter text
// matches the session, issue and branch; a project filter keeps one project's sessions.
class FleetSortModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetSortModel)

public:
    explicit FleetSortModel(QObject *parent = nullptr);
    ~FleetSortModel() override;

    void setFilterText(const QString &text);
    // Empty: every project.
    void setProjectFilter(const QString &projectId);
    QString projectFilter() const { return m_project; }

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_filter;
    QString m_project;
};

} // namespace flotilla
