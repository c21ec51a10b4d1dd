#pragma once

#include "schema_node.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace flotilla::configschema {

// Built-in plugin names per slot; names declared under `plugins:` are accepted as well.
QStringList agents();
QStringList runtimes();
QStringList terminals();
QStringList workspaces();
QStringList trackers();
QStringList scms();
QStringList notifierTypes();
QStringList priorities(); // urgent, action, warning, info

// A wrapped local file (`projects:` present) or the global registry.
const SchemaNode &topLevel();
// A flat local file: the top-level keys plus one project's keys, without `projects:`.
const SchemaNode &flatLocal();
// A project's local file merged into its global registry entry: project keys only.
const SchemaNode &projectLocal();
// One `projects.<id>` entry.
const SchemaNode &project();
// One entry of `reactions:` (global or per project).
const SchemaNode &reactionEntry();
// One entry of `notifiers:`.
const SchemaNode &notifier();

// The keys that identify a project; in the global shape they come from the registry.
QStringList identityKeys();

// Reaction keys in documentation order, and the built-in entry of each (empty object for the
// keys that are inert unless configured).
QStringList reactionKeys();
QJsonObject builtinReaction(const QString &key);
bool hasBuiltinReaction(const QString &key);
// Field defaults of a reaction entry when neither the built-in nor the user sets them.
QJsonObject reactionFieldDefaults();

// Defaults the reference tool applies only to its global file.
QJsonArray globalDefaultNotifiers();
QJsonObject globalDefaultRouting();

// The node at a dotted path ("projects.shop.agent"), following Map and List elements; nullptr
// when the path leaves the schema (plugin keys passed through).
const SchemaNode *nodeAt(const SchemaNode &root, const QStringList &path);

} // namespace flotilla::configschema
