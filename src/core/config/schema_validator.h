#pragma once

#include "config_diagnostic.h"
#include "env_expansion.h"
#include "schema_node.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace YAML {
class Node;
}

namespace flotilla {

// Checks one parsed YAML document against the schema and turns it into JSON: environment
// references expanded (except in secret fields, which keep the reference), durations as
// milliseconds, enum aliases canonical. Defaults are not filled in here: files are merged
// first (flat and global shapes) and defaults applied once at the end. Every problem is reported to the
// DiagnosticList with its file:line:column; a rejected value is left out so its default applies,
// and the walk goes on so all problems surface at once.
class SchemaValidator final
{
public:
    struct Options
    {
        QString file;
        EnvironmentLookup environment;
        QStringList declaredPlugins; // names under `plugins:`, valid wherever a plugin is named
    };

    SchemaValidator(Options options, DiagnosticList &diagnostics);

    // Undefined when the value was rejected or absent.
    QJsonValue validate(const YAML::Node &node, const SchemaNode &schema, const QString &path);

    // Where each accepted key was written, by dotted path ("projects.shop.agent").
    const QHash<QString, SourceLocation> &locations() const { return m_locations; }

private:
    QJsonValue object(const YAML::Node &node, const SchemaNode &schema, const QString &path);
    QJsonValue map(const YAML::Node &node, const SchemaNode &schema, const QString &path);
    QJsonValue list(const YAML::Node &node, const SchemaNode &schema, const QString &path);
    QJsonValue scalar(const YAML::Node &node, const SchemaNode &schema, const QString &path);
    QJsonValue passThrough(const YAML::Node &node, const QString &key, const QString &path);
    std::optional<QString> scalarText(const YAML::Node &node, bool keepReferences, const QString &path,
                                      const QString &expected);
    std::optional<QString> keyText(const YAML::Node &key, const QString &path);
    bool enter(const YAML::Node &node, const QString &path);
    void typeError(const YAML::Node &node, const QString &path, const QString &expected, const QString &hint);
    SourceLocation where(const YAML::Node &node) const;

    Options m_options;
    DiagnosticList &m_diagnostics;
    QHash<QString, SourceLocation> m_locations;
    int m_depth = 0;
    int m_budget;
    bool m_budgetReported = false;
};

// "projects" + "shop" → "projects.shop"
QString joinPath(const QString &parent, const QString &key);

} // namespace flotilla
