#pragma once

#include "config_diagnostic.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace flotilla {

struct SchemaNode;

// The steps between "each file validated" and "typed configuration": merging files, applying
// defaults once, deriving per-project values and merging reactions field by field.
namespace resolution {

// `over` on top of `base`: objects merge key by key at every depth, anything else replaces.
QJsonObject deepMerge(const QJsonObject &base, const QJsonObject &over);

// Fills in the schema defaults `object` lacks, at every depth the schema describes.
void applyDefaults(QJsonObject &object, const SchemaNode &schema);

// `~` expanded and a relative path anchored at `baseDir`.
QString expandPath(const QString &path, const QString &baseDir);

// What the loader knows while resolving one configuration.
struct Context
{
    QString baseDir;                          // folder of the file that lists the projects
    QHash<QString, SourceLocation> locations; // dotted path → where it was written
    SourceLocation fileLocation;              // fallback: the file itself
    QStringList declaredPlugins;
    QStringList projectOrder; // file order, so the later of two clashing projects is reported
    bool globalShape = false;

    SourceLocation at(const QString &path) const;
    bool written(const QString &path) const { return locations.contains(path); }
};

// Everything after merging: global-shape defaults, schema defaults, per-project derivations
// (name, path, sessionPrefix and its uniqueness, tracker/scm from `repo`), reactions merged
// built-in → global → project, notifier checks. Problems go to `diagnostics`.
void resolve(QJsonObject &tree, const Context &context, DiagnosticList &diagnostics);

} // namespace resolution
} // namespace flotilla
