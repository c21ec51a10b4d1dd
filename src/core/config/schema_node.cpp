#include "schema_node.h"

namespace flotilla {

const SchemaNode *SchemaNode::child(QStringView key) const
{
    for (const SchemaNode &candidate : children) {
        if (candidate.name == key)
            return &candidate;
    }
    return nullptr;
}

QStringList SchemaNode::childNames() const
{
    QStringList names;
    for (const SchemaNode &candidate : children)
        names << candidate.name;
    return names;
}

QStringList SchemaNode::acceptedValues() const
{
    QStringList values = allowed;
    for (const auto &[alias, canonical] : aliases)
        values << alias;
    return values;
}

QString SchemaNode::canonicalValue(const QString &written) const
{
    if (allowed.contains(written))
        return written;
    for (const auto &[alias, canonical] : aliases) {
        if (alias == written)
            return canonical;
    }
    return QString();
}

SchemaNode SchemaNode::withDefault(QJsonValue value) const
{
    SchemaNode copy = *this;
    copy.defaultValue = std::move(value);
    return copy;
}

SchemaNode SchemaNode::withNote(QString note) const
{
    SchemaNode copy = *this;
    copy.defaultNote = std::move(note);
    return copy;
}

SchemaNode SchemaNode::oneOf(QStringList values, QString nounForErrors) const
{
    SchemaNode copy = *this;
    copy.type = Type::Enum;
    copy.allowed = std::move(values);
    copy.noun = std::move(nounForErrors);
    return copy;
}

SchemaNode SchemaNode::withAlias(QString alias, QString canonical) const
{
    SchemaNode copy = *this;
    copy.aliases.append({std::move(alias), std::move(canonical)});
    return copy;
}

SchemaNode SchemaNode::asSecret() const
{
    SchemaNode copy = *this;
    copy.secret = true;
    return copy;
}

SchemaNode SchemaNode::asRequired() const
{
    SchemaNode copy = *this;
    copy.required = true;
    return copy;
}

SchemaNode SchemaNode::withoutRequired() const
{
    SchemaNode copy = *this;
    copy.required = false;
    return copy;
}

SchemaNode SchemaNode::sharedAs(QString definitionName) const
{
    SchemaNode copy = *this;
    copy.reference = std::move(definitionName);
    return copy;
}

SchemaNode SchemaNode::withOpenKeys() const
{
    SchemaNode copy = *this;
    copy.openKeys = true;
    return copy;
}

SchemaNode SchemaNode::withPluginNames() const
{
    SchemaNode copy = *this;
    copy.acceptsPluginNames = true;
    return copy;
}

SchemaNode SchemaNode::asRelativePath() const
{
    SchemaNode copy = *this;
    copy.relativePath = true;
    return copy;
}

SchemaNode SchemaNode::asAlwaysPresent() const
{
    SchemaNode copy = *this;
    copy.alwaysPresent = true;
    return copy;
}

SchemaNode SchemaNode::withRange(std::optional<double> min, std::optional<double> max) const
{
    SchemaNode copy = *this;
    copy.minimum = min;
    copy.maximum = max;
    return copy;
}

SchemaNode SchemaNode::withZeroOrMinimum(double min) const
{
    SchemaNode copy = *this;
    copy.minimum = min;
    copy.zeroOrMinimum = true;
    return copy;
}

SchemaNode SchemaNode::matching(QString regularExpression, QString hint) const
{
    SchemaNode copy = *this;
    copy.pattern = std::move(regularExpression);
    copy.patternHint = std::move(hint);
    return copy;
}

SchemaNode SchemaNode::renamed(QString newName) const
{
    SchemaNode copy = *this;
    copy.name = std::move(newName);
    return copy;
}

SchemaNode SchemaNode::withoutDefaults() const
{
    SchemaNode copy = *this;
    copy.defaultValue = QJsonValue::Undefined;
    copy.alwaysPresent = false;
    for (SchemaNode &each : copy.children)
        each = each.withoutDefaults();
    if (copy.element)
        copy.element = std::make_shared<const SchemaNode>(copy.element->withoutDefaults());
    return copy;
}

SchemaNode scalarKey(QString name, SchemaNode::Type type, QString description)
{
    SchemaNode node;
    node.name = std::move(name);
    node.type = type;
    node.description = std::move(description);
    return node;
}

SchemaNode objectKey(QString name, QString description, QList<SchemaNode> children)
{
    SchemaNode node = scalarKey(std::move(name), SchemaNode::Type::Object, std::move(description));
    node.children = std::move(children);
    return node;
}

SchemaNode mapKey(QString name, QString description, SchemaNode element)
{
    SchemaNode node = scalarKey(std::move(name), SchemaNode::Type::Map, std::move(description));
    node.element = std::make_shared<const SchemaNode>(std::move(element));
    return node;
}

SchemaNode listKey(QString name, QString description, SchemaNode element)
{
    SchemaNode node = scalarKey(std::move(name), SchemaNode::Type::List, std::move(description));
    node.element = std::make_shared<const SchemaNode>(std::move(element));
    return node;
}

} // namespace flotilla
