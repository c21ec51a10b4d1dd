#include "graphql_projection.h"

#include "graphql_schema.h"
#include "graphql_validation.h"

using namespace Qt::StringLiterals;

namespace flotilla::fakes::graphql {

Resolved Resolved::of(const QJsonValue &value)
{
    Resolved r;
    if (!value.isNull() && !value.isUndefined()) {
        r.kind = Kind::Leaf;
        r.leaf = value;
    }
    return r;
}

Resolved Resolved::of(ObjectPtr value)
{
    Resolved r;
    if (value) {
        r.kind = Kind::Object;
        r.object = std::move(value);
    }
    return r;
}

Resolved Resolved::listOf(QList<Resolved> items)
{
    Resolved r;
    r.kind = Kind::List;
    r.list = std::move(items);
    return r;
}

Resolved Resolved::error(const QString &type, const QString &message)
{
    Resolved r;
    r.errorType = type;
    r.errorMessage = message;
    return r;
}

QJsonObject locationJson(const SourceLocation &location)
{
    return QJsonObject{{u"line"_s, location.line}, {u"column"_s, location.column}};
}

QJsonValue argumentValue(const Value &value, const QJsonObject &variables)
{
    switch (value.kind) {
    case Value::Kind::Null:
        return QJsonValue::Null;
    case Value::Kind::Int:
    case Value::Kind::Float:
        return value.text.toDouble();
    case Value::Kind::String:
    case Value::Kind::Enum:
        return value.text;
    case Value::Kind::Boolean:
        return value.text == u"true"_s;
    case Value::Kind::Variable:
        return variables.value(value.text);
    case Value::Kind::List: {
        QJsonArray items;
        for (const auto &item : value.items)
            items << argumentValue(item, variables);
        return items;
    }
    case Value::Kind::Object: {
        QJsonObject fields;
        for (const auto &[name, nested] : value.fields)
            fields.insert(name, argumentValue(nested, variables));
        return fields;
    }
    }
    return QJsonValue::Null;
}

namespace {

QJsonObject plainError(const QString &message, const SourceLocation &at)
{
    return QJsonObject{{u"message"_s, message}, {u"locations"_s, QJsonArray{locationJson(at)}}};
}

int pickOperation(const Document &document, const QString &name, QJsonArray &errors)
{
    if (document.operations.isEmpty()) {
        errors << QJsonObject{{u"message"_s, u"No operations in this document"_s}};
        return -1;
    }
    if (name.isEmpty()) {
        if (document.operations.size() == 1)
            return 0;
        errors << QJsonObject{{u"message"_s, u"An operation name is required"_s}};
        return -1;
    }
    for (qsizetype i = 0; i < document.operations.size(); ++i)
        if (document.operations.at(i).name == name)
            return static_cast<int>(i);
    errors << QJsonObject{{u"message"_s, u"No operation named \"%1\""_s.arg(name)}};
    return -1;
}

QJsonObject coerceVariables(const Operation &operation, const QJsonObject &given, QJsonArray &errors)
{
    QJsonObject coerced;
    for (const auto &def : operation.variables) {
        QJsonValue value = given.value(def.name);
        if (value.isUndefined() && def.defaultValue)
            value = argumentValue(*def.defaultValue, {});
        if (def.type.endsWith(u'!') && (value.isUndefined() || value.isNull())) {
            errors << QJsonObject{
                {u"message"_s, u"Variable $%1 of type %2 was provided invalid value"_s.arg(def.name, def.type)},
                {u"locations"_s, QJsonArray{locationJson(operation.location)}},
                {u"extensions"_s,
                 QJsonObject{{u"value"_s, QJsonValue::Null},
                             {u"problems"_s,
                              QJsonArray{QJsonObject{{u"path"_s, QJsonArray{}},
                                                     {u"explanation"_s, u"Expected value to not be null"_s}}}}}}};
            continue;
        }
        if (!value.isUndefined())
            coerced.insert(def.name, value);
    }
    return coerced;
}

class Executor
{
public:
    Executor(const PreparedRequest &prepared, QJsonArray &errors) : m_prepared(prepared), m_errors(errors) {}

    QJsonObject selectionSet(Object &object, const QList<const Selection *> &fields, const QJsonArray &path)
    {
        QList<QString> order;
        QHash<QString, QList<const Selection *>> grouped;
        for (const Selection *sel : fields)
            collect(sel->selections, object.typeName(), order, grouped);
        QJsonObject out;
        for (const QString &key : std::as_const(order))
            out.insert(key, field(object, grouped.value(key), path + QJsonValue(key)));
        return out;
    }

    QJsonObject root(Object &object)
    {
        Selection top;
        top.selections = m_prepared.operation().selections;
        return selectionSet(object, {&top}, {});
    }

private:
    void collect(const QList<Selection> &list, const QString &concrete, QList<QString> &order,
                 QHash<QString, QList<const Selection *>> &grouped)
    {
        const Schema &schema = Schema::github();
        for (const Selection &sel : list) {
            if (sel.kind == Selection::Kind::Field) {
                const QString key = sel.responseKey();
                if (!grouped.contains(key))
                    order << key;
                grouped[key] << &sel;
            } else if (sel.kind == Selection::Kind::InlineFragment) {
                if (schema.matches(sel.typeCondition, concrete))
                    collect(sel.selections, concrete, order, grouped);
            } else {
                const auto it = m_prepared.document.fragments.find(sel.name);
                if (it != m_prepared.document.fragments.end() && schema.matches(it->typeCondition, concrete))
                    collect(it->selections, concrete, order, grouped);
            }
        }
    }

    QJsonValue field(Object &object, const QList<const Selection *> &selections, const QJsonArray &path)
    {
        const Selection &first = *selections.first();
        if (first.name == u"__typename"_s)
            return object.typeName();
        QJsonObject args;
        for (const auto &[name, value] : first.arguments)
            args.insert(name, argumentValue(value, m_prepared.variables));
        const Resolved resolved = object.field(first.name, args);
        recordError(resolved, first.location, path);
        return complete(resolved, selections, path);
    }

    void recordError(const Resolved &resolved, const SourceLocation &location, const QJsonArray &path)
    {
        if (resolved.errorMessage.isEmpty())
            return;
        QJsonObject error{{u"path"_s, path},
                          {u"locations"_s, QJsonArray{locationJson(location)}},
                          {u"message"_s, resolved.errorMessage}};
        if (!resolved.errorType.isEmpty())
            error.insert(u"type"_s, resolved.errorType);
        m_errors << error;
    }

    QJsonValue complete(const Resolved &resolved, const QList<const Selection *> &selections, const QJsonArray &path)
    {
        switch (resolved.kind) {
        case Resolved::Kind::Null:
            return QJsonValue::Null;
        case Resolved::Kind::Leaf:
            return resolved.leaf;
        case Resolved::Kind::Object:
            return selectionSet(*resolved.object, selections, path);
        case Resolved::Kind::List: {
            QJsonArray items;
            for (qsizetype i = 0; i < resolved.list.size(); ++i) {
                const QJsonArray itemPath = path + QJsonValue(static_cast<int>(i));
                recordError(resolved.list.at(i), selections.first()->location, itemPath);
                items << complete(resolved.list.at(i), selections, itemPath);
            }
            return items;
        }
        }
        return QJsonValue::Null;
    }

    const PreparedRequest &m_prepared;
    QJsonArray &m_errors;
};

} // namespace

PreparedRequest prepare(const Request &request)
{
    PreparedRequest prepared;
    ParseResult parsed = parseDocument(request.query);
    if (parsed.error) {
        prepared.errors << plainError(parsed.error->message, parsed.error->location);
        return prepared;
    }
    prepared.document = std::move(parsed.document);
    prepared.operationIndex = pickOperation(prepared.document, request.operationName, prepared.errors);
    if (prepared.operationIndex < 0)
        return prepared;
    const Operation &operation = prepared.operation();
    prepared.errors = validateDocument(prepared.document, operation);
    if (!prepared.errors.isEmpty())
        return prepared;
    prepared.variables = coerceVariables(operation, request.variables, prepared.errors);
    if (!prepared.errors.isEmpty())
        return prepared;
    const CostEstimate estimate = estimateCost(prepared.document, operation, prepared.variables);
    prepared.errors = estimate.errors;
    prepared.cost = estimate.cost;
    prepared.nodeCount = estimate.nodeCount;
    return prepared;
}

QJsonObject execute(const PreparedRequest &prepared, const ObjectPtr &root)
{
    QJsonArray errors;
    Executor executor(prepared, errors);
    QJsonObject response{{u"data"_s, executor.root(*root)}};
    if (!errors.isEmpty())
        response.insert(u"errors"_s, errors);
    return response;
}

} // namespace flotilla::fakes::graphql
