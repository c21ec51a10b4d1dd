#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

class Database;

// The projects sessions belong to, as last seen in the configuration. The configuration is the
// source of truth; this copy lets history (sessions, events) name a project that has since
// been removed from it.
struct ProjectRecord
{
    QString id; // key in the config's projects map
    QString name;
    QString repo; // "owner/name"
    QString path;
    QString defaultBranch;
    QString sessionPrefix;
    QDateTime updatedAt;
};

class ProjectStore final
{
public:
    explicit ProjectStore(Database &database);
    ProjectStore(const ProjectStore &) = delete;
    ProjectStore &operator=(const ProjectStore &) = delete;

    // Inserts or replaces; an invalid updatedAt is stored as now.
    Result<void> upsert(const ProjectRecord &project);
    Result<std::optional<ProjectRecord>> get(const QString &id) const;
    // Ordered by id.
    Result<QList<ProjectRecord>> list() const;

private:
    Database &m_database;
};

} // namespace flotilla
