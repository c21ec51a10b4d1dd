#pragma once

#include <QListWidget>
#include <QSet>

#include <memory>

class QMenu;

namespace flotilla {

class FleetModel;

// The projects down the window's side: "All projects" first, then each project with how many
// live sessions it has and how many wait for a person. Picking one filters the fleet table.
// Projects that are not configured (any more) but still have sessions appear too. A project's
// context menu starts or shows its orchestrator and opens the check of its merged work.
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
    // Every project listed, in the list's order.
    QList<Project> listedProjects() const;
    void selectProject(const QString &projectId);
    // The actions on one project, as its context menu shows them (empty for "All projects").
    std::unique_ptr<QMenu> projectMenu(const QString &projectId);
    // The same actions, added to `menu` (the window's Project menu).
    void fillProjectMenu(QMenu *menu, const QString &projectId);
    // The project's running orchestrator, if it has one.
    QString orchestratorOf(const QString &projectId) const;
    // While the project's orchestrator is being started: its row and menu say so.
    void setStartingOrchestrator(const QString &projectId, bool starting);

signals:
    void projectChosen(const QString &projectId);
    void startOrchestratorRequested(const QString &projectId);
    void showSessionRequested(const QString &sessionId);
    void verifyRequested(const QString &projectId);

private:
    void rebuild();
    void showProjectMenu(const QPoint &position);

    FleetModel *m_model = nullptr;
    QList<Project> m_projects;
    QSet<QString> m_starting;
};

} // namespace flotilla
