#pragma once

#include "graphql_query.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <memory>

namespace flotilla::fakes::graphql {

class Object;
using ObjectPtr = std::shared_ptr<Object>;

// What a resolver hands back for one field: a leaf, an object, a list, or null (optionally with
// an error that lands in the response's errors[] with the field's path).
struct Resolved
{
    enum class Kind { Null, Leaf, Object, List };
    Kind kind = Kind::Null;
    QJsonValue leaf;
    ObjectPtr object;
    QList<Resolved> list;
    QString errorType;
    QString errorMessage;

    static Resolved of(const QJsonValue &value);
    static Resolved of(ObjectPtr value);
    static Resolved listOf(QList<Resolved> items);
    static Resolved error(const QString &type, const QString &message);
};

// A node of the result graph; `field` is only asked for fields the schema declares on its type.
class Object
{
public:
    virtual ~Object() = default;
    virtual QString typeName() const = 0;
    virtual Resolved field(const QString &name, const QJsonObject &arguments) = 0;
};

struct Request
{
    QString query;
    QString operationName;
    QJsonObject variables;
};

// A parsed and validated request: either `errors` is non-empty (answer it as is, without data)
// or `operation` can run and `cost` points are due.
struct PreparedRequest
{
    Document document;
    int operationIndex = -1;
    QJsonObject variables; // coerced, defaults applied
    QJsonArray errors;
    int cost = 1;
    qint64 nodeCount = 0;

    bool ok() const { return errors.isEmpty() && operationIndex >= 0; }
    const Operation &operation() const { return document.operations.at(operationIndex); }
    bool isMutation() const { return operation().type == QStringLiteral("mutation"); }
};

PreparedRequest prepare(const Request &request);

// Runs a prepared operation from `root`, projecting exactly the selected fields under their
// response keys; returns the response object ({"data": …} plus "errors" when any field failed).
QJsonObject execute(const PreparedRequest &prepared, const ObjectPtr &root);

// Evaluates an argument literal with the request's variables.
QJsonValue argumentValue(const Value &value, const QJsonObject &variables);

QJsonObject locationJson(const SourceLocation &location);

} // namespace flotilla::fakes::graphql
