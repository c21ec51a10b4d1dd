#include "project_sidebar.h"

#include "model/display_status.h"
#include "models/fleet_model.h"

#include <QHash>
#include <QMenu>

namespace flotilla {

namespace {

constexpr int kProjectRole = Qt::UserRole + 1;
constexpr int kNameRole = Qt::UserRole + 2;

struct Counts
{
    int live = 0;
    int waiting = 0;
};

} // namespace

ProjectSidebar::ProjectSidebar(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("projectSidebar"));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *current) {
        if (current)
            emit projectChosen(current->data(kProjectRole).toString());
    });
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, &ProjectSidebar::showProjectMenu);
    rebuild();
}

QString ProjectSidebar::orchestratorOf(const QString &projectId) const
{
    if (!m_model || projectId.isEmpty())
        return QString();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const SessionRecord &session = m_model->session(row);
        if (session.kind == SessionKind::Orchestrator && session.projectId == projectId
            && !isTerminal(deriveDisplayStatus(session)))
            return session.id;
    }
    return QString();
}

void ProjectSidebar::setStartingOrchestrator(const QString &projectId, bool starting)
{
    if (starting)
        m_starting.insert(projectId);
    else
        m_starting.remove(projectId);
    rebuild();
}

std::unique_ptr<QMenu> ProjectSidebar::projectMenu(const QString &projectId)
{
    auto menu = std::make_unique<QMenu>(this);
    fillProjectMenu(menu.get(), projectId);
    return menu;
}

void ProjectSidebar::fillProjectMenu(QMenu *menu, const QString &projectId)
{
    if (projectId.isEmpty())
        return;
    const QString orchestrator = orchestratorOf(projectId);
    QAction *steer = nullptr;
    if (m_starting.contains(projectId)) {
        steer = menu->addAction(tr("Starting the orchestrator…"));
        steer->setEnabled(false);
    } else if (!orchestrator.isEmpty()) {
        steer = menu->addAction(tr("Talk to the &Orchestrator"), this,
                                [this, orchestrator] { emit showSessionRequested(orchestrator); });
    } else {
        steer = menu->addAction(tr("Start the &Orchestrator"), this,
                                [this, projectId] { emit startOrchestratorRequested(projectId); });
        steer->setToolTip(tr("An agent that plans the project's work and starts and steers its agents."));
    }
    steer->setObjectName(QStringLiteral("orchestratorAction"));
    QAction *verify =
        menu->addAction(tr("&Verify Merged Work…"), this, [this, projectId] { emit verifyRequested(projectId); });
    verify->setObjectName(QStringLiteral("verifyAction"));
}

void ProjectSidebar::showProjectMenu(const QPoint &position)
{
    QListWidgetItem *item = itemAt(position);
    if (!item)
        return;
    std::unique_ptr<QMenu> menu = projectMenu(item->data(kProjectRole).toString());
    if (!menu->isEmpty())
        menu->exec(viewport()->mapToGlobal(position));
}

void ProjectSidebar::setFleetModel(FleetModel *model)
{
    m_model = model;
    connect(model, &QAbstractItemModel::modelReset, this, &ProjectSidebar::rebuild);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ProjectSidebar::rebuild);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ProjectSidebar::rebuild);
    connect(model, &QAbstractItemModel::dataChanged, this, &ProjectSidebar::rebuild);
    rebuild();
}

void ProjectSidebar::setProjects(const QList<Project> &projects)
{
    m_projects = projects;
    rebuild();
}

QString ProjectSidebar::currentProject() const
{
    return currentItem() ? currentItem()->data(kProjectRole).toString() : QString();
}

QList<ProjectSidebar::Project> ProjectSidebar::listedProjects() const
{
    QList<Project> listed;
    for (int row = 1; row < count(); ++row) // after "All projects"
        listed.append({item(row)->data(kProjectRole).toString(), item(row)->data(kNameRole).toString()});
    return listed;
}

void ProjectSidebar::selectProject(const QString &projectId)
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(kProjectRole).toString() == projectId) {
            setCurrentRow(row);
            return;
        }
    }
}

void ProjectSidebar::rebuild()
{
    QHash<QString, Counts> counts;
    QStringList order;
    for (const Project &project : std::as_const(m_projects))
        order << project.id;
    Counts all;
    if (m_model) {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const SessionRecord &session = m_model->session(row);
            const DisplayStatus status = deriveDisplayStatus(session);
            if (!order.contains(session.projectId))
                order << session.projectId;
            if (isTerminal(status))
                continue;
            Counts &project = counts[session.projectId];
            ++project.live;
            ++all.live;
            if (needsAttention(status)) {
                ++project.waiting;
                ++all.waiting;
            }
        }
    }
    const auto label = [this](const QString &name, const Counts &numbers) {
        QString text = name + QStringLiteral("  ") + QString::number(numbers.live);
        if (numbers.waiting > 0)
            text += QStringLiteral(" · ") + tr("%1 waiting").arg(numbers.waiting);
        return text;
    };
    const auto starting = [this](const QString &projectId) {
        return m_starting.contains(projectId) ? QStringLiteral(" · ") + tr("starting orchestrator…") : QString();
    };
    const QString current = currentProject();
    QSignalBlocker quiet(this); // a rebuild is not a person's pick
    clear();
    auto *everything = new QListWidgetItem(label(tr("All projects"), all), this);
    everything->setData(kProjectRole, QString());
    for (const QString &id : std::as_const(order)) {
        QString name = id;
        for (const Project &project : std::as_const(m_projects)) {
            if (project.id == id && !project.name.isEmpty())
                name = project.name;
        }
        auto *row = new QListWidgetItem(label(name, counts.value(id)) + starting(id), this);
        row->setData(kProjectRole, id);
        row->setData(kNameRole, name);
        row->setToolTip(id);
    }
    selectProject(current);
    if (!currentItem())
        setCurrentRow(0);
    quiet.unblock();
    if (currentProject() != current)
        emit projectChosen(currentProject()); // the picked project is gone: all of them again
}

} // namespace flotilla
