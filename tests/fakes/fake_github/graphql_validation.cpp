#include "graphql_validation.h"

#include "graphql_projection.h"
#include "graphql_schema.h"

#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla::fakes::graphql {

namespace {

constexpr qint64 kMaxNodes = 500000;
constexpr int kMaxPage = 100;

QJsonObject errorJson(const QString &message, const SourceLocation &at, const QJsonArray &path,
                      const QJsonObject &extensions = {}, const QString &type = {})
{
    QJsonObject error{{u"message"_s, message}, {u"locations"_s, QJsonArray{locationJson(at)}}, {u"path"_s, path}};
    if (!extensions.isEmpty())
        error.insert(u"extensions"_s, extensions);
    if (!type.isEmpty())
        error.insert(u"type"_s, type);
    return error;
}

QString operationLabel(const Operation &operation)
{
    return operation.name.isEmpty() ? operation.type : operation.type + u" "_s + operation.name;
}

void collectVariableUses(const Value &value, QSet<QString> &uses)
{
    if (value.kind == Value::Kind::Variable)
        uses.insert(value.text);
    for (const auto &item : value.items)
        collectVariableUses(item, uses);
    for (const auto &[name, nested] : value.fields)
        collectVariableUses(nested, uses);
}

class Validator
{
public:
    Validator(const Document &document, QJsonArray &errors) : m_doc(document), m_errors(errors) {}

    void selections(const QList<Selection> &list, const QString &scope, const QJsonArray &path)
    {
        const Schema &schema = Schema::github();
        const TypeDef *scopeDef = schema.type(scope);
        for (const Selection &sel : list) {
            if (sel.kind == Selection::Kind::FragmentSpread) {
                m_usedFragments.insert(sel.name);
                auto it = m_doc.fragments.find(sel.name);
                if (it == m_doc.fragments.end()) {
                    m_errors << errorJson(u"Fragment %1 was used, but not defined"_s.arg(sel.name), sel.location, path,
                                          {{u"code"_s, u"useAndDefineFragment"_s}, {u"fragmentName"_s, sel.name}});
                    continue;
                }
                fragmentCondition(it->typeCondition, scope, sel.location, path, sel.name);
                continue;
            }
            if (sel.kind == Selection::Kind::InlineFragment) {
                const QString condition = sel.typeCondition.isEmpty() ? scope : sel.typeCondition;
                if (fragmentCondition(condition, scope, sel.location, path, {}))
                    selections(sel.selections, condition, path + QJsonValue(QString(u"... on "_s + condition)));
                continue;
            }
            field(sel, scopeDef, scope, path);
        }
    }

    void fragmentDefinition(const Fragment &fragment)
    {
        const QJsonArray path{QString(u"fragment "_s + fragment.name)};
        const TypeDef *def = Schema::github().type(fragment.typeCondition);
        if (!def) {
            m_errors << errorJson(u"No such type %1, so it can't be a fragment condition"_s.arg(fragment.typeCondition),
                                  fragment.location, path,
                                  {{u"code"_s, u"undefinedType"_s}, {u"typeName"_s, fragment.typeCondition}});
            return;
        }
        selections(fragment.selections, fragment.typeCondition, path);
    }

    const QSet<QString> &usedFragments() const { return m_usedFragments; }

private:
    bool fragmentCondition(const QString &condition, const QString &scope, const SourceLocation &at,
                           const QJsonArray &path, const QString &fragmentName)
    {
        const Schema &schema = Schema::github();
        if (!schema.type(condition)) {
            m_errors << errorJson(u"No such type %1, so it can't be a fragment condition"_s.arg(condition), at, path,
                                  {{u"code"_s, u"undefinedType"_s}, {u"typeName"_s, condition}});
            return false;
        }
        if (!schema.fragmentApplies(condition, scope)) {
            const QString what = fragmentName.isEmpty() ? u"Fragment on %1"_s.arg(condition)
                                                        : u"Fragment %1 on %2"_s.arg(fragmentName, condition);
            m_errors << errorJson(u"%1 can't be spread inside %2"_s.arg(what, scope), at, path,
                                  {{u"code"_s, u"cannotSpreadFragment"_s}, {u"typeName"_s, condition}});
            return false;
        }
        return true;
    }

    void field(const Selection &sel, const TypeDef *scopeDef, const QString &scope, const QJsonArray &parentPath)
    {
        const QJsonArray path = parentPath + QJsonValue(sel.responseKey());
        if (sel.name == u"__typename"_s) {
            if (!sel.selections.isEmpty())
                m_errors << errorJson(u"Selections can't be made on scalars (field '__typename' returns String but "
                                      "has selections [%1])"_s.arg(keys(sel.selections)),
                                      sel.location, path, {{u"code"_s, u"selectionMismatch"_s}});
            return;
        }
        if (scopeDef && scopeDef->kind == TypeDef::Kind::Union) {
            m_errors << errorJson(u"Selections can't be made directly on unions (see selections on %1)"_s.arg(scope),
                                  sel.location, path, {{u"code"_s, u"selectionMismatch"_s}, {u"nodeName"_s, scope}});
            return;
        }
        const auto it = scopeDef ? scopeDef->fields.find(sel.name) : QHash<QString, FieldDef>::const_iterator();
        if (!scopeDef || it == scopeDef->fields.end()) {
            m_errors << errorJson(
                u"Field '%1' doesn't exist on type '%2'"_s.arg(sel.name, scope), sel.location, path,
                {{u"code"_s, u"undefinedField"_s}, {u"typeName"_s, scope}, {u"fieldName"_s, sel.name}});
            return;
        }
        const FieldDef &def = it.value();
        QStringList given;
        for (const auto &[name, value] : sel.arguments) {
            given << name;
            if (!def.arguments.contains(name))
                m_errors << errorJson(u"Field '%1' doesn't accept argument '%2'"_s.arg(sel.name, name), sel.location,
                                      path + QJsonValue(name),
                                      {{u"code"_s, u"argumentNotAccepted"_s},
                                       {u"name"_s, sel.name},
                                       {u"typeName"_s, u"Field"_s},
                                       {u"argumentName"_s, name}});
        }
        QStringList missing;
        for (const QString &required : def.required)
            if (!given.contains(required))
                missing << required;
        if (!missing.isEmpty())
            m_errors << errorJson(
                u"Field '%1' is missing required arguments: %2"_s.arg(sel.name, missing.join(u", "_s)), sel.location,
                path,
                {{u"code"_s, u"missingRequiredArguments"_s},
                 {u"className"_s, u"Field"_s},
                 {u"name"_s, sel.name},
                 {u"arguments"_s, missing.join(u", "_s)}});
        const Schema &schema = Schema::github();
        if (schema.isLeaf(def.type)) {
            if (!sel.selections.isEmpty())
                m_errors << errorJson(u"Selections can't be made on scalars (field '%1' returns %2 but has selections "
                                      "[%3])"_s.arg(sel.name, def.type, keys(sel.selections)),
                                      sel.location, path, {{u"code"_s, u"selectionMismatch"_s}});
            return;
        }
        if (sel.selections.isEmpty()) {
            m_errors << errorJson(u"Field must have selections (field '%1' returns %2 but has no selections. Did you "
                                  "mean '%1 { ... }'?)"_s.arg(sel.name, def.type),
                                  sel.location, path, {{u"code"_s, u"selectionMismatch"_s}});
            return;
        }
        selections(sel.selections, def.type, path);
    }

    static QString keys(const QList<Selection> &list)
    {
        QStringList names;
        for (const auto &sel : list)
            names << sel.responseKey();
        return names.join(u", "_s);
    }

    const Document &m_doc;
    QJsonArray &m_errors;
    QSet<QString> m_usedFragments;
};

void collectSelectionVariables(const QList<Selection> &list, QSet<QString> &uses)
{
    for (const auto &sel : list) {
        for (const auto &[name, value] : sel.arguments)
            collectVariableUses(value, uses);
        collectSelectionVariables(sel.selections, uses);
    }
}

class CostWalker
{
public:
    CostWalker(const Document &document, const QJsonObject &variables, CostEstimate &out)
        : m_doc(document), m_vars(variables), m_out(out)
    {}

    void walk(const QList<Selection> &list, const QString &scope, qint64 multiplier, const QJsonArray &path)
    {
        const Schema &schema = Schema::github();
        for (const Selection &sel : list) {
            if (sel.kind == Selection::Kind::FragmentSpread) {
                auto it = m_doc.fragments.find(sel.name);
                if (it == m_doc.fragments.end() || m_active.contains(sel.name))
                    continue;
                m_active.insert(sel.name);
                walk(it->selections, it->typeCondition, multiplier, path);
                m_active.remove(sel.name);
                continue;
            }
            if (sel.kind == Selection::Kind::InlineFragment) {
                walk(sel.selections, sel.typeCondition.isEmpty() ? scope : sel.typeCondition, multiplier, path);
                continue;
            }
            const TypeDef *scopeDef = schema.type(scope);
            if (!scopeDef || !scopeDef->fields.contains(sel.name))
                continue;
            const FieldDef def = scopeDef->fields.value(sel.name);
            const QJsonArray fieldPath = path + QJsonValue(sel.responseKey());
            qint64 inner = multiplier;
            if (def.connection)
                inner = connection(sel, multiplier, fieldPath);
            else if (!def.sizedBy.isEmpty())
                inner = multiplier * listLength(sel, def.sizedBy);
            walk(sel.selections, def.type, inner, fieldPath);
        }
    }

private:
    qint64 listLength(const Selection &sel, const QString &argument) const
    {
        for (const auto &[name, value] : sel.arguments)
            if (name == argument)
                return std::max<qint64>(1, argumentValue(value, m_vars).toArray().size());
        return 1;
    }

    qint64 connection(const Selection &sel, qint64 multiplier, const QJsonArray &path)
    {
        QJsonValue first;
        QJsonValue last;
        for (const auto &[name, value] : sel.arguments) {
            if (name == u"first"_s)
                first = argumentValue(value, m_vars);
            else if (name == u"last"_s)
                last = argumentValue(value, m_vars);
        }
        const bool hasFirst = first.isDouble();
        const QJsonValue &bound = hasFirst ? first : last;
        if (!bound.isDouble()) {
            m_out.errors << errorJson(u"You must provide a `first` or `last` value to properly paginate the `%1` "
                                      "connection."_s.arg(sel.name),
                                      sel.location, path, {}, u"MISSING_PAGINATION_BOUNDARIES"_s);
            return multiplier;
        }
        const qint64 size = static_cast<qint64>(bound.toDouble());
        const QString which = hasFirst ? u"first"_s : u"last"_s;
        if (size > kMaxPage) {
            m_out.errors << errorJson(u"Requesting %1 records on the `%2` connection exceeds the `%3` limit of %4 "
                                      "records."_s.arg(size)
                                          .arg(sel.name, which)
                                          .arg(kMaxPage),
                                      sel.location, path, {}, u"EXCESSIVE_PAGINATION"_s);
            return multiplier;
        }
        if (size < 1) {
            m_out.errors << errorJson(u"`%1` on the `%2` connection cannot be less than one."_s.arg(which, sel.name),
                                      sel.location, path, {}, u"EXCESSIVE_PAGINATION"_s);
            return multiplier;
        }
        m_requests += multiplier;
        m_out.nodeCount += multiplier * size;
        return multiplier * size;
    }

public:
    qint64 requests() const { return m_requests; }

private:
    const Document &m_doc;
    const QJsonObject &m_vars;
    CostEstimate &m_out;
    QSet<QString> m_active;
    qint64 m_requests = 0;
};

void collectSpreads(const QList<Selection> &list, QStringList &out)
{
    for (const auto &sel : list) {
        if (sel.kind == Selection::Kind::FragmentSpread)
            out << sel.name;
        collectSpreads(sel.selections, out);
    }
}

// A fragment that spreads itself, directly or through others, would never finish expanding.
bool reachesItself(const Document &document, const QString &start)
{
    QStringList queue{start};
    QSet<QString> seen;
    while (!queue.isEmpty()) {
        const QString name = queue.takeFirst();
        const auto it = document.fragments.find(name);
        if (it == document.fragments.end())
            continue;
        QStringList spreads;
        collectSpreads(it->selections, spreads);
        for (const QString &next : std::as_const(spreads)) {
            if (next == start)
                return true;
            if (!seen.contains(next)) {
                seen.insert(next);
                queue << next;
            }
        }
    }
    return false;
}

} // namespace

QJsonArray validateDocument(const Document &document, const Operation &operation)
{
    QJsonArray errors;
    Validator validator(document, errors);
    const QString root = operation.type == u"mutation"_s ? u"Mutation"_s : u"Query"_s;
    if (operation.type == u"subscription"_s) {
        errors << errorJson(u"Schema is not configured for subscriptions"_s, operation.location,
                            QJsonArray{operationLabel(operation)});
        return errors;
    }
    validator.selections(operation.selections, root, QJsonArray{operationLabel(operation)});
    // Source order, so errors come out the same way on every run.
    QList<Fragment> fragments = document.fragments.values();
    std::sort(fragments.begin(), fragments.end(), [](const Fragment &a, const Fragment &b) {
        return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
    });
    for (const auto &fragment : std::as_const(fragments)) {
        if (reachesItself(document, fragment.name)) {
            errors << errorJson(u"Fragment %1 contains an infinite loop"_s.arg(fragment.name), fragment.location,
                                QJsonArray{QString(u"fragment "_s + fragment.name)},
                                {{u"code"_s, u"infiniteLoop"_s}, {u"fragmentName"_s, fragment.name}});
            return errors;
        }
        validator.fragmentDefinition(fragment);
    }
    for (const auto &fragment : std::as_const(fragments)) {
        if (!validator.usedFragments().contains(fragment.name))
            errors << errorJson(u"Fragment %1 was defined, but not used"_s.arg(fragment.name), fragment.location,
                                QJsonArray{QString(u"fragment "_s + fragment.name)},
                                {{u"code"_s, u"useAndDefineFragment"_s}, {u"fragmentName"_s, fragment.name}});
    }
    QSet<QString> uses;
    collectSelectionVariables(operation.selections, uses);
    for (const auto &fragment : document.fragments)
        collectSelectionVariables(fragment.selections, uses);
    QSet<QString> declared;
    for (const auto &def : operation.variables)
        declared.insert(def.name);
    QStringList undeclared(uses.begin(), uses.end());
    undeclared.sort();
    for (const QString &name : std::as_const(undeclared)) {
        if (declared.contains(name))
            continue;
        errors << errorJson(u"Variable $%1 is used by %2 but not declared"_s.arg(
                                name, operation.name.isEmpty() ? u"anonymous query"_s : operation.name),
                            operation.location, QJsonArray{operationLabel(operation)},
                            {{u"code"_s, u"variableNotDefined"_s}, {u"variableName"_s, name}});
    }
    return errors;
}

CostEstimate estimateCost(const Document &document, const Operation &operation, const QJsonObject &variables)
{
    CostEstimate estimate;
    CostWalker walker(document, variables, estimate);
    const QString root = operation.type == u"mutation"_s ? u"Mutation"_s : u"Query"_s;
    walker.walk(operation.selections, root, 1, QJsonArray{operationLabel(operation)});
    estimate.cost = std::max<int>(1, static_cast<int>(std::lround(static_cast<double>(walker.requests()) / 100.0)));
    if (estimate.nodeCount > kMaxNodes)
        estimate.errors << QJsonObject{
            {u"type"_s, u"MAX_NODE_LIMIT_EXCEEDED"_s},
            {u"message"_s, u"This query requests up to %1 possible nodes which exceeds the maximum limit of "
                           "500,000."_s.arg(estimate.nodeCount)}};
    return estimate;
}

} // namespace flotilla::fakes::graphql
