#include "effective_config.h"

#include "config_schema.h"
#include "duration.h"
#include "secret_reference.h"

#include <QJsonArray>

#include <yaml-cpp/yaml.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const SchemaNode *childSchema(const SchemaNode *node, const QString &key)
{
    if (!node)
        return nullptr;
    if (node->type == SchemaNode::Type::Object)
        return node->child(key);
    if (node->type == SchemaNode::Type::Map || node->type == SchemaNode::Type::List)
        return node->element.get();
    return nullptr;
}

QJsonValue redact(const QJsonValue &value, const SchemaNode *node, const QString &key)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QJsonObject out;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            out.insert(it.key(), redact(it.value(), childSchema(node, it.key()), it.key()));
        return out;
    }
    if (value.isArray()) {
        const QJsonArray items = value.toArray();
        QJsonArray out;
        const SchemaNode *element = node && node->element ? node->element.get() : nullptr;
        for (const QJsonValue &item : items)
            out.append(redact(item, element, key));
        return out;
    }
    if (value.isString()) {
        const bool secret = node ? node->secret : looksLikeSecretKey(key);
        return secret ? SecretReference::parse(value.toString()).redacted() : value.toString();
    }
    return value;
}

// Keys the schema knows first, in its order; the rest alphabetically.
QStringList orderedKeys(const QJsonObject &object, const SchemaNode *node)
{
    QStringList keys;
    if (node && node->type == SchemaNode::Type::Object) {
        for (const SchemaNode &child : node->children) {
            if (object.contains(child.name))
                keys << child.name;
        }
    }
    for (const QString &key : object.keys()) {
        if (!keys.contains(key))
            keys << key;
    }
    return keys;
}

void writeYaml(YAML::Emitter &out, const QJsonValue &value, const SchemaNode *node)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        out << YAML::BeginMap;
        for (const QString &key : orderedKeys(object, node)) {
            out << YAML::Key << key.toStdString() << YAML::Value;
            writeYaml(out, object.value(key), childSchema(node, key));
        }
        out << YAML::EndMap;
    } else if (value.isArray()) {
        const QJsonArray items = value.toArray();
        const bool scalars = std::none_of(items.begin(), items.end(),
                                          [](const QJsonValue &item) { return item.isObject() || item.isArray(); });
        if (scalars)
            out << YAML::Flow;
        out << YAML::BeginSeq;
        for (const QJsonValue &item : items)
            writeYaml(out, item, node && node->element ? node->element.get() : nullptr);
        out << YAML::EndSeq;
    } else if (value.isBool()) {
        out << value.toBool();
    } else if (value.isDouble() && node && node->type == SchemaNode::Type::Duration) {
        out << formatDuration(qint64(value.toDouble())).toStdString(); // people read 10m, not 600000
    } else if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::floor(number) == number && std::abs(number) < 1e15)
            out << static_cast<long long>(number);
        else
            out << number;
    } else if (value.isString()) {
        out << value.toString().toStdString();
    } else {
        out << YAML::Null;
    }
}

} // namespace

QJsonObject redactedTree(const QJsonObject &tree)
{
    return redact(tree, &configschema::topLevel(), QString()).toObject();
}

QString effectiveYaml(const QJsonObject &redacted)
{
    YAML::Emitter out;
    writeYaml(out, redacted, &configschema::topLevel());
    return QString::fromUtf8(out.c_str()) + u'\n';
}

QJsonObject diagnosticToJson(const ConfigDiagnostic &diagnostic)
{
    QJsonObject object{{u"severity"_s, diagnostic.severityName()}, {u"code"_s, diagnostic.code},
                       {u"file"_s, diagnostic.location.file},      {u"line"_s, diagnostic.location.line},
                       {u"column"_s, diagnostic.location.column},  {u"path"_s, diagnostic.path},
                       {u"message"_s, diagnostic.message},         {u"hint"_s, diagnostic.hint},
                       {u"text"_s, diagnostic.toString()}};
    if (!diagnostic.projectId.isEmpty())
        object.insert(u"project"_s, diagnostic.projectId);
    return object;
}

QJsonObject checkReport(const LoadedConfig &loaded)
{
    QJsonArray errors;
    QJsonArray warnings;
    for (const ConfigDiagnostic &diagnostic : loaded.diagnostics)
        (diagnostic.isError() ? errors : warnings).append(diagnosticToJson(diagnostic));
    QJsonArray degraded;
    for (const ProjectConfig &project : loaded.config.projects) {
        if (project.degraded)
            degraded.append(project.id);
    }
    return {{u"file"_s, loaded.file.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(loaded.file)},
            {u"origin"_s, loaded.origin},
            {u"shape"_s, shapeName(loaded.shape)},
            {u"errors"_s, errors},
            {u"warnings"_s, warnings},
            {u"degradedProjects"_s, degraded},
            {u"effective"_s, redactedTree(loaded.tree)}};
}

} // namespace flotilla
