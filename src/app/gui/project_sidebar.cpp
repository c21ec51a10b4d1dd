#include "project_sidebar.h"

#include "model/display_status.h"
#include "models/fleet_model.h"

#include <QHash>

namespace flotilla {

namespace {

constexpr int kProjectRole = Qt::UserRole + 1;

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
    rebuild();
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
        auto *row = new QListWidgetItem(label(name, counts.value(id)), this);
        row->setData(kProjectRole, id);
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
