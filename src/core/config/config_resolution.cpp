#include "config_resolution.h"

#include "config_schema.h"
#include "schema_node.h"
#include "session_prefix.h"
#include "suggestions.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla::resolution {

namespace {

void inferPluginFromRepo(QJsonObject &project, const QString &slot)
{
    QJsonObject block = project.value(slot).toObject();
    if (block.contains(u"plugin"_s) || block.contains(u"package"_s) || block.contains(u"path"_s))
        return;
    const QString repo = project.value(u"repo"_s).toString();
    if (repo.isEmpty())
        return;
    const bool gitlab = repo.contains(u"gitlab"_s, Qt::CaseInsensitive)
                        || block.value(u"host"_s).toString().contains(u"gitlab"_s, Qt::CaseInsensitive);
    block.insert(u"plugin"_s, gitlab ? u"gitlab"_s : u"github"_s);
    project.insert(slot, block);
}

QJsonObject mergedReaction(const QString &key, const QJsonObject &global, const QJsonObject &project)
{
    const QJsonObject builtin = configschema::builtinReaction(key);
    if (builtin.isEmpty() && global.isEmpty() && project.isEmpty())
        return {};
    return deepMerge(deepMerge(deepMerge(configschema::reactionFieldDefaults(), builtin), global), project);
}

void resolveProject(const QString &id, QJsonObject &project, const Context &context,
                    QHash<QString, QString> &prefixOwners, const QJsonObject &globalReactions,
                    DiagnosticList &diagnostics)
{
    const QString base = u"projects."_s + id;
    if (!project.contains(u"name"_s))
        project.insert(u"name"_s, id);
    if (project.contains(u"path"_s))
        project.insert(u"path"_s, expandPath(project.value(u"path"_s).toString(), context.baseDir));
    if (!project.contains(u"sessionPrefix"_s)) {
        const QString folder =
            project.contains(u"path"_s) ? QFileInfo(project.value(u"path"_s).toString()).fileName() : id;
        project.insert(u"sessionPrefix"_s, deriveSessionPrefix(folder.isEmpty() ? id : folder));
    }
    const QString prefix = project.value(u"sessionPrefix"_s).toString();
    if (const QString owner = prefixOwners.value(prefix); !owner.isEmpty()) {
        const QString path = base + u".sessionPrefix"_s;
        diagnostics.error(u"config.duplicate_prefix"_s, context.at(context.written(path) ? path : base), path,
                          u"session prefix \"%1\" is already used by project \"%2\""_s.arg(prefix, owner),
                          u"give one of them its own sessionPrefix"_s);
    } else {
        prefixOwners.insert(prefix, id);
    }
    inferPluginFromRepo(project, u"tracker"_s);
    inferPluginFromRepo(project, u"scm"_s);

    const QJsonObject overrides = project.value(u"reactions"_s).toObject();
    QJsonObject reactions;
    for (auto it = overrides.constBegin(); it != overrides.constEnd(); ++it)
        reactions.insert(it.key(),
                         mergedReaction(it.key(), globalReactions.value(it.key()).toObject(), it.value().toObject()));
    project.insert(u"reactions"_s, reactions);
}

void resolveNotifiers(QJsonObject &tree, const Context &context, DiagnosticList &diagnostics)
{
    QJsonObject notifiers = tree.value(u"notifiers"_s).toObject();
    const QStringList types = configschema::notifierTypes();
    for (auto it = notifiers.begin(); it != notifiers.end(); ++it) {
        QJsonObject entry = it.value().toObject();
        if (entry.contains(u"plugin"_s) || entry.contains(u"package"_s) || entry.contains(u"path"_s))
            continue;
        if (types.contains(it.key()) || context.declaredPlugins.contains(it.key())) {
            entry.insert(u"plugin"_s, it.key()); // `notifiers: {slack: {…}}` names its type
            it.value() = entry;
            continue;
        }
        const QString path = u"notifiers."_s + it.key();
        if (context.written(path + u".plugin"_s))
            continue; // its plugin name was rejected and reported already
        diagnostics.error(u"config.required"_s, context.at(path), path, u"needs plugin, package or path"_s,
                          u"add plugin: one of %1"_s.arg(types.join(u", "_s)));
    }
    tree.insert(u"notifiers"_s, notifiers);

    QStringList known = notifiers.keys();
    known << types << context.declaredPlugins;
    const auto check = [&](const QString &path, const QJsonValue &names) {
        const QJsonArray list = names.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString name = list.at(i).toString();
            if (known.contains(name))
                continue;
            const QString itemPath = path + u"[%1]"_s.arg(i);
            diagnostics.warning(u"config.unknown_notifier"_s, context.at(context.written(itemPath) ? itemPath : path),
                                itemPath, u"\"%1\" is neither a configured notifier nor a notifier type"_s.arg(name),
                                suggestionHint(name, known));
        }
    };
    check(u"defaults.notifiers"_s, tree.value(u"defaults"_s).toObject().value(u"notifiers"_s));
    for (const QString &routing : {u"notificationRouting"_s, u"decisionRouting"_s}) {
        const QJsonObject table = tree.value(routing).toObject();
        for (auto it = table.constBegin(); it != table.constEnd(); ++it)
            check(routing + u'.' + it.key(), it.value());
    }
}

} // namespace

QJsonObject deepMerge(const QJsonObject &base, const QJsonObject &over)
{
    QJsonObject out = base;
    for (auto it = over.constBegin(); it != over.constEnd(); ++it) {
        if (it.value().isObject() && out.value(it.key()).isObject())
            out.insert(it.key(), deepMerge(out.value(it.key()).toObject(), it.value().toObject()));
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

void applyDefaults(QJsonObject &object, const SchemaNode &schema)
{
    for (const SchemaNode &child : schema.children) {
        if (!object.contains(child.name)) {
            if (!child.defaultValue.isUndefined()) {
                object.insert(child.name, child.defaultValue);
            } else if (child.type == SchemaNode::Type::Object && child.alwaysPresent) {
                QJsonObject nested;
                applyDefaults(nested, child);
                object.insert(child.name, nested);
            }
            continue;
        }
        const QJsonValue value = object.value(child.name);
        if (child.type == SchemaNode::Type::Object && value.isObject()) {
            QJsonObject nested = value.toObject();
            applyDefaults(nested, child);
            object.insert(child.name, nested);
        } else if (child.type == SchemaNode::Type::Map && child.element
                   && child.element->type == SchemaNode::Type::Object && value.isObject()) {
            QJsonObject entries = value.toObject();
            for (auto it = entries.begin(); it != entries.end(); ++it) {
                QJsonObject entry = it.value().toObject();
                applyDefaults(entry, *child.element);
                it.value() = entry;
            }
            object.insert(child.name, entries);
        } else if (child.type == SchemaNode::Type::List && child.element
                   && child.element->type == SchemaNode::Type::Object && value.isArray()) {
            QJsonArray items = value.toArray();
            for (qsizetype i = 0; i < items.size(); ++i) {
                QJsonObject entry = items.at(i).toObject();
                applyDefaults(entry, *child.element);
                items.replace(i, entry);
            }
            object.insert(child.name, items);
        }
    }
}

QString expandPath(const QString &path, const QString &baseDir)
{
    QString expanded = path;
    if (expanded == u"~"_s || expanded.startsWith(u"~/"_s))
        expanded = QDir::homePath() + expanded.mid(1);
    if (QDir::isRelativePath(expanded) && !baseDir.isEmpty())
        expanded = QDir(baseDir).filePath(expanded);
    return QDir::cleanPath(expanded);
}

SourceLocation Context::at(const QString &path) const
{
    return locations.value(path, fileLocation);
}

void resolve(QJsonObject &tree, const Context &context, DiagnosticList &diagnostics)
{
    tree.remove(u"$schema"_s);
    if (context.globalShape) {
        QJsonObject defaults = tree.value(u"defaults"_s).toObject();
        if (!context.written(u"defaults.notifiers"_s))
            defaults.insert(u"notifiers"_s, configschema::globalDefaultNotifiers());
        tree.insert(u"defaults"_s, defaults);
        if (!context.written(u"notificationRouting"_s))
            tree.insert(u"notificationRouting"_s, configschema::globalDefaultRouting());
    }
    applyDefaults(tree, configschema::topLevel());
    QJsonObject power = tree.value(u"power"_s).toObject();
    if (!power.contains(u"preventIdleSleep"_s)) {
#ifdef Q_OS_MACOS
        power.insert(u"preventIdleSleep"_s, true);
#else
        power.insert(u"preventIdleSleep"_s, false);
#endif
        tree.insert(u"power"_s, power);
    }

    const QJsonObject globalOverrides = tree.value(u"reactions"_s).toObject();
    QJsonObject reactions;
    for (const QString &key : configschema::reactionKeys()) {
        const QJsonObject merged = mergedReaction(key, globalOverrides.value(key).toObject(), {});
        if (!merged.isEmpty())
            reactions.insert(key, merged);
    }
    tree.insert(u"reactions"_s, reactions);

    QJsonObject projects = tree.value(u"projects"_s).toObject();
    QHash<QString, QString> prefixOwners;
    QStringList order = context.projectOrder;
    for (const QString &id : projects.keys()) {
        if (!order.contains(id))
            order << id;
    }
    for (const QString &id : std::as_const(order)) {
        if (!projects.contains(id))
            continue;
        QJsonObject project = projects.value(id).toObject();
        resolveProject(id, project, context, prefixOwners, globalOverrides, diagnostics);
        projects.insert(id, project);
    }
    tree.insert(u"projects"_s, projects);
    resolveNotifiers(tree, context, diagnostics);
}

} // namespace flotilla::resolution
