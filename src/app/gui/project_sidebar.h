#pragma once

#include <QListWidget>

namespace flotilla {

class FleetModel;

// The projects down the window's side: "All projects" first, then each project with how many
// live sessions it has and how many wait for a person. Picking one filters the fleet table.
// Projects that are not configured (any more) but still have sessions appear too.
class ProjectSidebar final : public QListWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectSidebar)

public:
    struct Project
    {
        QString id;
        QString name;
    };

    explicit ProjectSidebar(QWidget *parent = nullptr);

    void setFleetModel(FleetModel *model);
    void setProjects(const QList<Project> &projects);
    // The picked project's id; empty for all of them.
    QString currentProject() const;
    void selectProject(const QString &projectId);

signals:
    void projectChosen(const QString &projectId);

private:
    void rebuild();

    FleetModel *m_model = nullptr;
    QList<Project> m_projects;
};

} // namespace flotilla
