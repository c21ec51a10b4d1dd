#include "schema_export.h"

#include "config_schema.h"
#include "duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

using Type = SchemaNode::Type;

const QString kDurationPattern = u"^\\s*\\d{1,12}\\s*(ms|s|m|h)?\\s*$"_s;
const QString kEnvironmentPattern = u"\\$\\{"_s;

class JsonSchemaWriter final
{
public:
    QJsonObject document()
    {
        // One schema serves every shape: a file may carry `projects:` or one project's keys.
        SchemaNode root = configschema::flatLocal();
        root.children << configschema::topLevel().child(u"projects")->withoutRequired();
        QJsonObject out = node(root);
        out.insert(u"$schema"_s, u"https://json-schema.org/draft/2020-12/schema"_s);
        out.insert(u"$id"_s, u"https://flotilla.dev/schema/config.schema.json"_s);
        out.insert(u"title"_s, u"Flotilla configuration (flotilla.yaml, agent-orchestrator.yaml)"_s);
        QJsonObject definitions;
        for (auto it = m_definitions.constBegin(); it != m_definitions.constEnd(); ++it)
            definitions.insert(it.key(), it.value());
        out.insert(u"$defs"_s, definitions);
        return out;
    }

private:
    QJsonObject node(const SchemaNode &schema)
    {
        if (!schema.reference.isEmpty()) {
            if (!m_definitions.contains(schema.reference)) {
                m_definitions.insert(schema.reference, QJsonObject()); // guards recursion
                SchemaNode shared = schema;
                shared.reference.clear();
                shared.name.clear();
                m_definitions.insert(schema.reference, node(shared));
            }
            QJsonObject ref{{u"$ref"_s, QString(u"#/$defs/"_s + schema.reference)}};
            annotate(ref, schema);
            return ref;
        }
        QJsonObject out = body(schema);
        annotate(out, schema);
        return out;
    }

    static void annotate(QJsonObject &out, const SchemaNode &schema)
    {
        QString description = schema.description;
        if (schema.secret)
            description += u" Secret: write keychain:NAME, ravi:NAME or ${VAR}."_s;
        if (!description.isEmpty())
            out.insert(u"description"_s, description.trimmed());
        if (!schema.defaultValue.isUndefined())
            out.insert(u"default"_s, schema.defaultValue);
    }

    // Scalars may also be written as `${VAR}`, expanded at load time.
    static QJsonObject orEnvironment(const QJsonObject &typed)
    {
        return {{u"anyOf"_s,
                 QJsonArray{typed, QJsonObject{{u"type"_s, u"string"_s}, {u"pattern"_s, kEnvironmentPattern}}}}};
    }

    static void bounds(QJsonObject &out, const SchemaNode &schema)
    {
        if (schema.minimum && !schema.zeroOrMinimum)
            out.insert(u"minimum"_s, *schema.minimum);
        if (schema.maximum)
            out.insert(u"maximum"_s, *schema.maximum);
    }

    QJsonObject body(const SchemaNode &schema)
    {
        switch (schema.type) {
        case Type::String: {
            QJsonObject out{{u"type"_s, u"string"_s}};
            if (!schema.pattern.isEmpty())
                out = orEnvironment(QJsonObject{{u"type"_s, u"string"_s}, {u"pattern"_s, schema.pattern}});
            return out;
        }
        case Type::Integer:
        case Type::Number: {
            QJsonObject typed{{u"type"_s, schema.type == Type::Integer ? u"integer"_s : u"number"_s}};
            bounds(typed, schema);
            return orEnvironment(typed);
        }
        case Type::Boolean:
            return orEnvironment(QJsonObject{{u"type"_s, u"boolean"_s}});
        case Type::Duration:
        case Type::CountOrDuration: {
            QJsonObject count{{u"type"_s, u"integer"_s}, {u"minimum"_s, 0}};
            return {
                {u"anyOf"_s, QJsonArray{count, QJsonObject{{u"type"_s, u"string"_s}, {u"pattern"_s, kDurationPattern}},
                                        QJsonObject{{u"type"_s, u"string"_s}, {u"pattern"_s, kEnvironmentPattern}}}}};
        }
        case Type::Enum: {
            const QJsonObject values{{u"enum"_s, QJsonArray::fromStringList(schema.acceptedValues())}};
            if (schema.acceptsPluginNames)
                return {{u"anyOf"_s, QJsonArray{values, QJsonObject{{u"type"_s, u"string"_s}}}}};
            return orEnvironment(values);
        }
        case Type::List:
            return {{u"type"_s, u"array"_s}, {u"items"_s, node(*schema.element)}};
        case Type::Map: {
            QJsonObject out{{u"type"_s, u"object"_s}, {u"additionalProperties"_s, node(*schema.element)}};
            if (!schema.pattern.isEmpty())
                out.insert(u"propertyNames"_s, QJsonObject{{u"pattern"_s, schema.pattern}});
            return out;
        }
        case Type::Object: {
            QJsonObject properties;
            QJsonArray required;
            for (const SchemaNode &child : schema.children) {
                properties.insert(child.name, node(child));
                if (child.required)
                    required.append(child.name);
            }
            QJsonObject out{
                {u"type"_s, u"object"_s}, {u"properties"_s, properties}, {u"additionalProperties"_s, schema.openKeys}};
            if (!required.isEmpty())
                out.insert(u"required"_s, required);
            return out;
        }
        case Type::Any:
            break;
        }
        return {};
    }

    QMap<QString, QJsonObject> m_definitions;
};

QString escapeCell(QString text)
{
    return text.replace(u'|', u"\\|"_s).replace(u'\n', u' ');
}

QString typeText(const SchemaNode &schema)
{
    switch (schema.type) {
    case Type::String:
        return schema.secret ? u"secret string"_s : u"string"_s;
    case Type::Integer: {
        QString text = u"integer"_s;
        if (schema.minimum && schema.maximum)
            text += u" (%1–%2)"_s.arg(*schema.minimum).arg(*schema.maximum);
        else if (schema.minimum)
            text += u" (≥ %1)"_s.arg(*schema.minimum);
        return text;
    }
    case Type::Number:
        return u"number"_s;
    case Type::Boolean:
        return u"boolean"_s;
    case Type::Duration:
        return u"duration"_s;
    case Type::CountOrDuration:
        return u"count or duration"_s;
    case Type::Enum: {
        QStringList values;
        for (const QString &value : schema.allowed)
            values << u"`%1`"_s.arg(value);
        QString text = values.join(u" | "_s);
        for (const auto &[alias, canonical] : schema.aliases)
            text += u"; `%1` = `%2`"_s.arg(alias, canonical);
        if (schema.acceptsPluginNames)
            text += u", or a declared plugin"_s;
        return text;
    }
    case Type::List:
        return u"list of "_s + typeText(*schema.element);
    case Type::Object:
        return schema.openKeys ? u"mapping (plugin keys pass through)"_s : u"mapping"_s;
    case Type::Map:
        return u"map of name → "_s + (schema.element->type == Type::Object ? u"entry"_s : typeText(*schema.element));
    case Type::Any:
        break;
    }
    return u"any"_s;
}

QString defaultText(const SchemaNode &schema)
{
    if (!schema.defaultNote.isEmpty())
        return schema.defaultNote;
    const QJsonValue value = schema.defaultValue;
    if (value.isUndefined())
        return QString();
    if (schema.type == Type::Duration && value.isDouble())
        return u"`%1`"_s.arg(formatDuration(qint64(value.toDouble())));
    if (value.isString())
        return u"`%1`"_s.arg(value.toString());
    if (value.isBool())
        return value.toBool() ? u"`true`"_s : u"`false`"_s;
    if (value.isDouble())
        return u"`%1`"_s.arg(value.toDouble(), 0, 'g', 12);
    if (value.isArray())
        return value.toArray().isEmpty()
                   ? u"`[]`"_s
                   : u"`%1`"_s.arg(QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)));
    return value.toObject().isEmpty() ? u"`{}`"_s : QString();
}

// Rows for `schema`'s keys; entries of shared blocks (projects, notifiers, reactions) get their
// own tables, so `stopAt` names the maps and objects not to descend into.
void rows(QString &out, const SchemaNode &schema, const QString &prefix, const QStringList &stopAt)
{
    for (const SchemaNode &child : schema.children) {
        const QString path = prefix.isEmpty() ? child.name : prefix + u'.' + child.name;
        QString description = child.description;
        if (child.required)
            description = u"**Required.** "_s + description;
        out += u"| `%1` | %2 | %3 | %4 |\n"_s.arg(path, escapeCell(typeText(child)), escapeCell(defaultText(child)),
                                                  escapeCell(description));
        if (stopAt.contains(path))
            continue;
        if (child.type == Type::Object)
            rows(out, child, path, stopAt);
        else if (child.type == Type::List && child.element && child.element->type == Type::Object)
            rows(out, *child.element, path + u"[]"_s, stopAt);
        else if (child.type == Type::Map && child.element && child.element->type == Type::Object)
            rows(out, *child.element, path + u".<name>"_s, stopAt);
    }
}

QString tableHeader()
{
    return u"| Key | Type | Default | Description |\n|---|---|---|---|\n"_s;
}

QString reactionDefaultsTable()
{
    QString out = u"| Reaction | Built-in entry |\n|---|---|\n"_s;
    for (const QString &key : configschema::reactionKeys()) {
        const QJsonObject entry = configschema::builtinReaction(key);
        QStringList fields;
        for (const SchemaNode &field : configschema::reactionEntry().children) {
            if (!entry.contains(field.name))
                continue;
            const QJsonValue value = entry.value(field.name);
            QString shown;
            if (value.isBool())
                shown = value.toBool() ? u"true"_s : u"false"_s;
            else if (field.type == Type::Duration)
                shown = formatDuration(qint64(value.toDouble()));
            else if (value.isDouble())
                shown = QString::number(value.toDouble(), 'g', 12);
            else
                shown = field.name == u"message"_s ? u"\"%1\""_s.arg(value.toString()) : value.toString();
            fields << u"%1: %2"_s.arg(field.name, shown);
        }
        out += u"| `%1` | %2 |\n"_s.arg(key, fields.isEmpty() ? u"none: inert unless configured"_s
                                                              : escapeCell(fields.join(u"; "_s)));
    }
    return out;
}

} // namespace

QByteArray configJsonSchema()
{
    return QJsonDocument(JsonSchemaWriter().document()).toJson(QJsonDocument::Indented);
}

QString configKeyReference()
{
    QString out;
    out += u"### Top-level keys\n\n"_s + tableHeader();
    rows(out, configschema::topLevel(), QString(), {u"projects"_s, u"notifiers"_s, u"reactions"_s});
    out += u"\n### Project keys (`projects.<id>.…`, or the top level of a flat file)\n\n"_s + tableHeader();
    rows(out, configschema::project(), QString(), {u"reactions"_s});
    out += u"\n### Notifier keys (`notifiers.<name>.…`)\n\n"_s + tableHeader();
    rows(out, configschema::notifier(), QString(), {});
    out += u"\n### Reaction fields (`reactions.<key>.…`, global or per project)\n\n"_s + tableHeader();
    rows(out, configschema::reactionEntry(), QString(), {});
    out += u"\n### Built-in reactions\n\n"_s + reactionDefaultsTable();
    return out;
}

QString spliceKeyReference(const QString &document, const QString &reference)
{
    const QString begin = QString::fromLatin1(kReferenceBegin);
    const QString end = QString::fromLatin1(kReferenceEnd);
    const qsizetype from = document.indexOf(begin);
    const qsizetype to = document.indexOf(end);
    if (from < 0 || to < from)
        return QString();
    return document.left(from + begin.size()) + u"\n\n"_s + reference + u'\n' + document.mid(to);
}

} // namespace flotilla
