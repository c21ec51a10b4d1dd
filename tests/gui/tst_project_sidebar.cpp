// The project sidebar: every project with its live and waiting sessions, and the fleet table's
// rows narrowed to the picked one.
#include "gui/project_sidebar.h"
#include "models/fleet_model.h"
#include "models/fleet_sort_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

SessionRecord session(const QString &id, const QString &project, SessionState state = SessionState::Working)
{
    SessionRecord s;
    s.id = id;
    s.projectId = project;
    s.state = state;
    s.reason = state == SessionState::NeedsInput ? SessionReason::AwaitingUserInput : SessionReason::TaskInProgress;
    s.createdAt = QDateTime::currentDateTimeUtc();
    return s;
}

QStringList labels(const ProjectSidebar &sidebar)
{
    QStringList out;
    for (int row = 0; row < sidebar.count(); ++row)
        out << sidebar.item(row)->text();
    return out;
}

} // namespace

class TestProjectSidebar final : public QObject
{
    Q_OBJECT

private slots:
    void countsPerProjectAndFiltersTheFleet()
    {
        FleetModel model;
        model.reset({session(u"shop-1"_s, u"shop"_s), session(u"shop-2"_s, u"shop"_s, SessionState::NeedsInput),
                     session(u"api-1"_s, u"api"_s), session(u"old-1"_s, u"retired"_s)});
        FleetSortModel sorted;
        sorted.setSourceModel(&model);
        ProjectSidebar sidebar;
        sidebar.setProjects({{u"shop"_s, u"Shop"_s}, {u"api"_s, u"API server"_s}, {u"docs"_s, u"Docs"_s}});
        sidebar.setFleetModel(&model);
        QObject::connect(&sidebar, &ProjectSidebar::projectChosen, &sorted, &FleetSortModel::setProjectFilter);
        // Configured projects in their order, then one that only sessions still name.
        QCOMPARE(labels(sidebar), QStringList({u"All projects  4 · 1 waiting"_s, u"Shop  2 · 1 waiting"_s,
                                               u"API server  1"_s, u"Docs  0"_s, u"retired  1"_s}));
        QCOMPARE(sidebar.currentProject(), QString());
        QCOMPARE(sorted.rowCount(), 4);

        sidebar.selectProject(u"shop"_s);
        QCOMPARE(sorted.rowCount(), 2);
        for (int row = 0; row < sorted.rowCount(); ++row)
            QCOMPARE(sorted.index(row, 0).data(FleetModel::ProjectRole).toString(), u"shop"_s);

        // The counts follow the fleet; the pick stays.
        model.queue(session(u"shop-3"_s, u"shop"_s));
        model.flush();
        QCOMPARE(sidebar.currentProject(), u"shop"_s);
        QCOMPARE(sidebar.item(1)->text(), u"Shop  3 · 1 waiting"_s);
        QCOMPARE(sorted.rowCount(), 3);

        // A project that vanishes while picked gives the whole fleet back.
        sidebar.selectProject(u"retired"_s);
        QCOMPARE(sorted.rowCount(), 1);
        model.reset({session(u"shop-1"_s, u"shop"_s)});
        QCOMPARE(sidebar.currentProject(), QString());
        QCOMPARE(sorted.rowCount(), 1);
        QCOMPARE(sorted.projectFilter(), QString());
    }
};

QTEST_MAIN(TestProjectSidebar)
#include "tst_project_sidebar.moc"
