#include "project_store.h"

#include "database.h"
#include "sql_support.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

using namespace sqlsupport;

namespace {

const QString kSelect = u"SELECT id, name, repo, path, default_branch, session_prefix, updated_at FROM projects"_s;

ProjectRecord projectFrom(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(), query.value(3).toString(),
            query.value(4).toString(), query.value(5).toString(), timeFrom(query.value(6))};
}

} // namespace

ProjectStore::ProjectStore(Database &database) : m_database(database) {}

Result<void> ProjectStore::upsert(const ProjectRecord &project)
{
    if (project.id.isEmpty())
        return makeError(u"store.invalid_project"_s, u"a project needs an id"_s);
    const QDateTime updatedAt = project.updatedAt.isValid() ? project.updatedAt : QDateTime::currentDateTimeUtc();
    return inTransaction<void>(m_database.connection(), [&](const QSqlDatabase &db) -> Result<void> {
        QSqlQuery query(db);
        return exec(db, query,
                    u"INSERT INTO projects(id, name, repo, path, default_branch, session_prefix, updated_at) "
                    "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                    "repo = excluded.repo, path = excluded.path, default_branch = excluded.default_branch, "
                    "session_prefix = excluded.session_prefix, updated_at = excluded.updated_at"_s,
                    {project.id, text(project.name), text(project.repo), text(project.path),
                     text(project.defaultBranch), text(project.sessionPrefix), timeValue(updatedAt)},
                    u"cannot save project %1"_s.arg(project.id));
    });
}

Result<std::optional<ProjectRecord>> ProjectStore::get(const QString &id) const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (auto read = exec(db, query, kSelect + u" WHERE id = ?"_s, {id}, u"cannot read project %1"_s.arg(id)); !read)
        return read.error();
    if (!query.next())
        return std::optional<ProjectRecord>();
    return std::optional<ProjectRecord>(projectFrom(query));
}

Result<QList<ProjectRecord>> ProjectStore::list() const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (auto read = exec(db, query, kSelect + u" ORDER BY id"_s, {}, u"cannot list projects"_s); !read)
        return read.error();
    QList<ProjectRecord> projects;
    while (query.next())
        projects.append(projectFrom(query));
    return projects;
}

} // namespace flotilla
