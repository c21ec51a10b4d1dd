#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>

namespace flotilla {

// One key of the configuration schema, as data. The same tree drives validation (types, allowed
// values, unknown-key warnings), default filling, secret redaction, the JSON Schema for editors
// and the key reference in docs/configuration.md, so they cannot disagree.
struct SchemaNode
{
    enum class Type {
        String,
        Integer,
        Number,
        Boolean,
        Duration,        // milliseconds, or "500ms" / "30s" / "15m" / "2h"
        CountOrDuration, // a number of attempts, or a duration with a unit
        Enum,
        List,   // of `element`
        Object, // fixed `children`
        Map,    // any keys (matching `pattern`), values `element`
        Any,    // passed through untouched
    };

    QString name;
    Type type = Type::String;
    QString description;
    QJsonValue defaultValue = QJsonValue::Undefined; // filled in when the key is missing
    QString defaultNote;                             // for documentation when the default is derived
    QStringList allowed;                             // Enum values
    QList<std::pair<QString, QString>> aliases;      // Enum: accepted spelling → canonical value
    QString noun;                                    // Enum: "agent" in `unknown agent "claud"`
    bool secret = false;                             // kept as a reference and redacted wherever shown
    bool required = false;                           // in its Object
    bool openKeys = false;                           // Object: keys the schema does not know pass through silently
    bool acceptsPluginNames = false;                 // Enum: names declared under `plugins:` are valid too
    bool relativePath = false;                       // String: a path inside the repository (no absolute, no "..")
    bool alwaysPresent = false;                      // Object: created when missing so its defaults show
    bool zeroOrMinimum = false;                      // Integer/Duration: 0 is allowed below `minimum`
    std::optional<double> minimum;
    std::optional<double> maximum;
    QString pattern;     // String values, or Map keys: a regular expression they must match
    QString patternHint; // what to write instead of a value that does not match
    QString reference;   // shared definition name in the JSON Schema ("project", "reaction")
    QList<SchemaNode> children;
    std::shared_ptr<const SchemaNode> element;

    const SchemaNode *child(QStringView key) const;
    QStringList childNames() const;
    // Enum values plus aliases: everything a user may write.
    QStringList acceptedValues() const;
    QString canonicalValue(const QString &written) const; // empty when not accepted

    // Builders, so the schema reads as a table.
    SchemaNode withDefault(QJsonValue value) const;
    SchemaNode withNote(QString note) const;
    SchemaNode oneOf(QStringList values, QString nounForErrors) const;
    SchemaNode withAlias(QString alias, QString canonical) const;
    SchemaNode asSecret() const;
    SchemaNode asRequired() const;
    SchemaNode withoutRequired() const;
    SchemaNode sharedAs(QString definitionName) const;
    SchemaNode withOpenKeys() const;
    SchemaNode withPluginNames() const;
    SchemaNode asRelativePath() const;
    SchemaNode asAlwaysPresent() const;
    SchemaNode withRange(std::optional<double> min, std::optional<double> max) const;
    SchemaNode withZeroOrMinimum(double min) const;
    SchemaNode matching(QString regularExpression, QString hint = {}) const;
    SchemaNode renamed(QString newName) const;
    // The same subtree with no defaults, for overrides whose missing keys must inherit.
    SchemaNode withoutDefaults() const;
};

SchemaNode scalarKey(QString name, SchemaNode::Type type, QString description);
SchemaNode objectKey(QString name, QString description, QList<SchemaNode> children);
SchemaNode mapKey(QString name, QString description, SchemaNode element);
SchemaNode listKey(QString name, QString description, SchemaNode element);

} // namespace flotilla
