#include "schema_validator.h"

#include "duration.h"
#include "secret_reference.h"
#include "suggestions.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Real configurations are a few hundred values a few levels deep; the limits keep hostile
// input (alias bombs, absurd nesting) from running away.
constexpr int kMaxDepth = 64;
constexpr int kMaxValues = 200000;

const QString kDurationHint = u"use a number of milliseconds or a value like \"500ms\", \"30s\", \"15m\", \"2h\""_s;

class DepthScope final
{
public:
    explicit DepthScope(int &depth) : m_depth(depth) { ++m_depth; }
    ~DepthScope() { --m_depth; }
    DepthScope(const DepthScope &) = delete;
    DepthScope &operator=(const DepthScope &) = delete;

private:
    int &m_depth;
};

QString rangeText(const SchemaNode &schema)
{
    const auto number = [](double value) { return QString::number(value, 'g', 12); };
    if (schema.minimum && schema.maximum)
        return u"%1-%2"_s.arg(number(*schema.minimum), number(*schema.maximum));
    if (schema.minimum)
        return (schema.zeroOrMinimum ? u"0 or at least %1"_s : u"at least %1"_s).arg(number(*schema.minimum));
    if (schema.maximum)
        return u"at most %1"_s.arg(number(*schema.maximum));
    return QString();
}

QString expectation(SchemaNode::Type type)
{
    switch (type) {
    case SchemaNode::Type::Integer:
        return u"a whole number"_s;
    case SchemaNode::Type::Number:
        return u"a number"_s;
    case SchemaNode::Type::Boolean:
        return u"true or false"_s;
    case SchemaNode::Type::Duration:
        return u"a duration"_s;
    case SchemaNode::Type::CountOrDuration:
        return u"a number of attempts or a duration"_s;
    default:
        break;
    }
    return u"text"_s;
}

bool inRange(const SchemaNode &schema, double value)
{
    if (schema.zeroOrMinimum && value == 0)
        return true;
    if (schema.minimum && value < *schema.minimum)
        return false;
    return !(schema.maximum && value > *schema.maximum);
}

bool escapesRepository(const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path) || path.startsWith(u'/') || path.startsWith(u'\\')
        || path.startsWith(u'~'))
        return true;
    const QStringList parts = path.split(QRegularExpression(u"[/\\\\]"_s));
    return parts.contains(u".."_s);
}

std::optional<bool> parseBoolean(const QString &text)
{
    const QString word = text.trimmed().toLower();
    if (word == u"true"_s || word == u"yes"_s || word == u"on"_s)
        return true;
    if (word == u"false"_s || word == u"no"_s || word == u"off"_s)
        return false;
    return std::nullopt;
}

} // namespace

QString joinPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + u'.' + key;
}

SchemaValidator::SchemaValidator(Options options, DiagnosticList &diagnostics)
    : m_options(std::move(options)), m_diagnostics(diagnostics), m_budget(kMaxValues)
{}

SourceLocation SchemaValidator::where(const YAML::Node &node) const
{
    return SourceLocation::fromMark(m_options.file, node.Mark());
}

bool SchemaValidator::enter(const YAML::Node &node, const QString &path)
{
    if (--m_budget < 0) {
        if (!m_budgetReported)
            m_diagnostics.error(u"config.too_large"_s, where(node), path,
                                u"more than %1 values; the rest is ignored"_s.arg(kMaxValues),
                                u"check for YAML aliases that repeat large blocks"_s);
        m_budgetReported = true;
        return false;
    }
    if (m_depth >= kMaxDepth) {
        m_diagnostics.error(u"config.too_deep"_s, where(node), path,
                            u"nested more than %1 levels deep"_s.arg(kMaxDepth), u"flatten this value"_s);
        return false;
    }
    if (!path.isEmpty())
        m_locations.insert(path, where(node));
    return true;
}

void SchemaValidator::typeError(const YAML::Node &node, const QString &path, const QString &expected,
                                const QString &hint)
{
    QString got;
    if (node.IsScalar())
        got = u", got \"%1\""_s.arg(QString::fromStdString(node.Scalar()).left(80));
    else if (node.IsSequence())
        got = u", got a list"_s;
    else if (node.IsMap())
        got = u", got a mapping"_s;
    m_diagnostics.error(u"config.type"_s, where(node), path, u"expected %1%2"_s.arg(expected, got), hint);
}

std::optional<QString> SchemaValidator::keyText(const YAML::Node &key, const QString &path)
{
    if (key.IsScalar())
        return QString::fromStdString(key.Scalar());
    m_diagnostics.error(u"config.type"_s, where(key), path, u"keys must be plain text"_s,
                        u"write the key as a word, e.g. name: value"_s);
    return std::nullopt;
}

std::optional<QString> SchemaValidator::scalarText(const YAML::Node &node, bool keepReferences, const QString &path,
                                                   const QString &expected)
{
    if (!node.IsScalar()) {
        typeError(node, path, expected, u"write a single value here"_s);
        return std::nullopt;
    }
    const QString raw = QString::fromStdString(node.Scalar());
    if (keepReferences && !referencedVariables(raw).isEmpty())
        return raw; // resolved when the secret is used, never stored expanded
    auto expanded = expandEnvironment(raw, m_options.environment);
    if (!expanded) {
        const QString variable = expanded.error().context;
        m_diagnostics.error(u"config.env"_s, where(node), path, expanded.error().message,
                            variable.isEmpty() ? u"write ${NAME} or ${NAME:-default}; $${ stands for a literal ${"_s
                                               : u"set %1, or give a default: ${%1:-value}"_s.arg(variable));
        return std::nullopt;
    }
    return expanded.value();
}

QJsonValue SchemaValidator::validate(const YAML::Node &node, const SchemaNode &schema, const QString &path)
{
    if (!node.IsDefined())
        return QJsonValue::Undefined;
    if (!enter(node, path))
        return QJsonValue::Undefined;
    const DepthScope scope(m_depth);
    switch (schema.type) {
    case SchemaNode::Type::Object:
        return object(node, schema, path);
    case SchemaNode::Type::Map:
        return map(node, schema, path);
    case SchemaNode::Type::List:
        return list(node, schema, path);
    case SchemaNode::Type::Any:
        return passThrough(node, schema.name, path);
    default:
        break;
    }
    if (node.IsNull())
        return QJsonValue::Undefined; // `key:` with nothing after it: as if absent
    return scalar(node, schema, path);
}

QJsonValue SchemaValidator::object(const YAML::Node &node, const SchemaNode &schema, const QString &path)
{
    QJsonObject out;
    if (!node.IsNull() && !node.IsMap()) {
        typeError(node, path, u"a mapping of keys to values"_s, u"indent the keys below %1"_s.arg(path));
        return QJsonValue::Undefined;
    }
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::optional<QString> key = keyText(it->first, path);
            if (!key)
                continue;
            const QString childPath = joinPath(path, *key);
            const SchemaNode *child = schema.child(*key);
            if (out.contains(*key)) {
                m_diagnostics.error(u"config.duplicate_key"_s, where(it->first), childPath, u"the key appears twice"_s,
                                    u"keep one of them"_s);
                continue;
            }
            if (!child) {
                if (schema.openKeys) {
                    if (enter(it->second, childPath)) {
                        const DepthScope scope(m_depth);
                        if (const QJsonValue value = passThrough(it->second, *key, childPath); !value.isUndefined())
                            out.insert(*key, value);
                    }
                    continue;
                }
                const QString match = nearestName(*key, schema.childNames());
                m_diagnostics.warning(u"config.unknown_key"_s, where(it->first), childPath, u"unknown key, ignored"_s,
                                      match.isEmpty()
                                          ? u"keys allowed here: %1"_s.arg(schema.childNames().join(u", "_s))
                                          : u"did you mean \"%1\"?"_s.arg(match));
                continue;
            }
            if (const QJsonValue value = validate(it->second, *child, childPath); !value.isUndefined())
                out.insert(*key, value);
        }
    }
    for (const SchemaNode &child : schema.children) {
        if (child.required && !out.contains(child.name))
            m_diagnostics.error(u"config.required"_s, where(node), path,
                                u"missing required key \"%1\""_s.arg(child.name), u"add %1: …"_s.arg(child.name));
    }
    return out;
}

QJsonValue SchemaValidator::map(const YAML::Node &node, const SchemaNode &schema, const QString &path)
{
    QJsonObject out;
    if (node.IsNull())
        return out;
    if (!node.IsMap()) {
        typeError(node, path, u"a mapping of names to entries"_s, u"indent the entries below %1"_s.arg(path));
        return QJsonValue::Undefined;
    }
    const QRegularExpression keyPattern(schema.pattern);
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::optional<QString> key = keyText(it->first, path);
        if (!key)
            continue;
        const QString childPath = joinPath(path, *key);
        if (!schema.pattern.isEmpty() && !keyPattern.match(*key).hasMatch()) {
            m_diagnostics.error(u"config.pattern"_s, where(it->first), childPath,
                                u"\"%1\" is not a valid id"_s.arg(*key),
                                u"use only letters, digits, \"-\" and \"_\""_s);
            continue;
        }
        if (out.contains(*key)) {
            m_diagnostics.error(u"config.duplicate_key"_s, where(it->first), childPath, u"the key appears twice"_s,
                                u"keep one of them"_s);
            continue;
        }
        if (const QJsonValue value = validate(it->second, *schema.element, childPath); !value.isUndefined())
            out.insert(*key, value);
    }
    return out;
}

QJsonValue SchemaValidator::list(const YAML::Node &node, const SchemaNode &schema, const QString &path)
{
    QJsonArray out;
    if (node.IsNull())
        return out;
    if (!node.IsSequence()) {
        typeError(node, path, u"a list"_s, u"write one item per line, each starting with \"- \""_s);
        return QJsonValue::Undefined;
    }
    int index = 0;
    for (auto it = node.begin(); it != node.end(); ++it, ++index) {
        const QString itemPath = path + u"[%1]"_s.arg(index);
        if (const QJsonValue value = validate(*it, *schema.element, itemPath); !value.isUndefined())
            out.append(value);
    }
    return out;
}

QJsonValue SchemaValidator::scalar(const YAML::Node &node, const SchemaNode &schema, const QString &path)
{
    using Type = SchemaNode::Type;
    const std::optional<QString> text = scalarText(node, schema.secret, path, expectation(schema.type));
    if (!text)
        return QJsonValue::Undefined;
    const SourceLocation at = where(node);
    const auto outOfRange = [&](const QString &shown) {
        m_diagnostics.error(u"config.range"_s, at, path, u"%1 is out of range"_s.arg(shown),
                            u"use %1"_s.arg(rangeText(schema)));
        return QJsonValue(QJsonValue::Undefined);
    };

    switch (schema.type) {
    case Type::String: {
        if (schema.relativePath && escapesRepository(*text)) {
            m_diagnostics.error(u"config.path"_s, at, path, u"\"%1\" is not inside the repository"_s.arg(*text),
                                u"use a relative path without \"..\", e.g. .env"_s);
            return QJsonValue::Undefined;
        }
        if (!schema.pattern.isEmpty() && !QRegularExpression(schema.pattern).match(*text).hasMatch()) {
            m_diagnostics.error(u"config.pattern"_s, at, path, u"\"%1\" is not valid"_s.arg(*text),
                                schema.patternHint.isEmpty() ? u"use only letters, digits, \"-\" and \"_\""_s
                                                             : schema.patternHint);
            return QJsonValue::Undefined;
        }
        if (schema.secret && (text->startsWith(u"keychain:"_s) || text->startsWith(u"ravi:"_s))
            && SecretReference::parse(*text).kind == SecretReference::Kind::Literal) {
            m_diagnostics.error(u"config.secret"_s, at, path, u"malformed secret reference"_s,
                                u"write keychain:NAME or ravi:NAME, NAME made of letters, digits, . _ - /"_s);
            return QJsonValue::Undefined;
        }
        return *text;
    }
    case Type::Integer: {
        bool ok = false;
        const qlonglong value = text->trimmed().toLongLong(&ok);
        if (!ok) {
            typeError(node, path, u"a whole number"_s, u"write digits only, e.g. 3"_s);
            return QJsonValue::Undefined;
        }
        if (!inRange(schema, double(value)))
            return outOfRange(QString::number(value));
        return double(value);
    }
    case Type::Number: {
        bool ok = false;
        const double value = text->trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(value)) {
            typeError(node, path, u"a number"_s, u"write a number, e.g. 25.5"_s);
            return QJsonValue::Undefined;
        }
        if (!inRange(schema, value))
            return outOfRange(text->trimmed());
        return value;
    }
    case Type::Boolean: {
        const std::optional<bool> value = parseBoolean(*text);
        if (!value) {
            typeError(node, path, u"true or false"_s, u"write true or false"_s);
            return QJsonValue::Undefined;
        }
        return *value;
    }
    case Type::Duration: {
        const std::optional<qint64> value = parseDuration(*text);
        if (!value) {
            typeError(node, path, u"a duration"_s, kDurationHint);
            return QJsonValue::Undefined;
        }
        if (!inRange(schema, double(*value)))
            return outOfRange(*text);
        return double(*value);
    }
    case Type::CountOrDuration: {
        const std::optional<qint64> value = parseDuration(*text);
        if (!value) {
            typeError(node, path, u"a number of attempts or a duration"_s,
                      u"write a count like 3, or a duration like \"30m\""_s);
            return QJsonValue::Undefined;
        }
        if (hasDurationUnit(*text))
            return formatDuration(*value);
        return double(*value);
    }
    case Type::Enum: {
        const QString canonical = schema.canonicalValue(text->trimmed());
        if (!canonical.isEmpty())
            return canonical;
        if (schema.acceptsPluginNames && m_options.declaredPlugins.contains(text->trimmed()))
            return text->trimmed();
        m_diagnostics.error(u"config.enum"_s, at, path, u"unknown %1 \"%2\""_s.arg(schema.noun, *text),
                            suggestionHint(text->trimmed(), schema.acceptedValues()));
        return QJsonValue::Undefined;
    }
    default:
        break;
    }
    return QJsonValue::Undefined;
}

QJsonValue SchemaValidator::passThrough(const YAML::Node &node, const QString &key, const QString &path)
{
    if (node.IsNull())
        return QJsonValue::Null;
    if (node.IsScalar()) {
        const std::optional<QString> text = scalarText(node, looksLikeSecretKey(key), path, u"text"_s);
        if (!text)
            return QJsonValue::Undefined;
        if (node.Tag() == "!")
            return *text; // quoted: text even when it looks like a number
        if (*text == u"true"_s || *text == u"false"_s)
            return *text == u"true"_s;
        bool isNumber = false;
        const double number = text->toDouble(&isNumber);
        if (isNumber && std::isfinite(number) && !text->startsWith(u'+') && !text->contains(u' '))
            return number;
        return *text;
    }
    if (node.IsSequence()) {
        QJsonArray out;
        int index = 0;
        for (auto it = node.begin(); it != node.end(); ++it, ++index) {
            const QString itemPath = path + u"[%1]"_s.arg(index);
            if (!enter(*it, itemPath))
                continue;
            const DepthScope scope(m_depth);
            if (const QJsonValue value = passThrough(*it, key, itemPath); !value.isUndefined())
                out.append(value);
        }
        return out;
    }
    if (node.IsMap()) {
        QJsonObject out;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::optional<QString> childKey = keyText(it->first, path);
            if (!childKey)
                continue;
            const QString childPath = joinPath(path, *childKey);
            if (!enter(it->second, childPath))
                continue;
            const DepthScope scope(m_depth);
            if (const QJsonValue value = passThrough(it->second, *childKey, childPath); !value.isUndefined())
                out.insert(*childKey, value);
        }
        return out;
    }
    return QJsonValue::Undefined;
}

} // namespace flotilla
