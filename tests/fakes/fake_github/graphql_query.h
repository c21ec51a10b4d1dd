#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace flotilla::fakes::graphql {

// The parsed form of a GraphQL document (the executable subset: operations and fragments).

struct SourceLocation
{
    int line = 1;
    int column = 1;
};

struct Value
{
    enum class Kind { Null, Int, Float, String, Boolean, Enum, List, Object, Variable };
    Kind kind = Kind::Null;
    QString text; // literal text, string contents, enum or variable name
    QList<Value> items;
    QList<std::pair<QString, Value>> fields;
};

using Arguments = QList<std::pair<QString, Value>>;

struct Selection
{
    enum class Kind { Field, FragmentSpread, InlineFragment };
    Kind kind = Kind::Field;
    QString alias; // empty when none
    QString name;  // field name or fragment name
    Arguments arguments;
    QString typeCondition; // inline fragments; empty = the enclosing type
    QList<Selection> selections;
    SourceLocation location;

    QString responseKey() const { return alias.isEmpty() ? name : alias; }
};

struct VariableDefinition
{
    QString name;
    QString type; // as written, e.g. "Int!" or "[String!]"
    std::optional<Value> defaultValue;
};

struct Operation
{
    QString type = QStringLiteral("query"); // query, mutation
    QString name;
    QList<VariableDefinition> variables;
    QList<Selection> selections;
    SourceLocation location;
};

struct Fragment
{
    QString name;
    QString typeCondition;
    QList<Selection> selections;
    SourceLocation location;
};

struct Document
{
    QList<Operation> operations;
    QHash<QString, Fragment> fragments;
};

struct SyntaxError
{
    QString message;
    SourceLocation location;
};

struct ParseResult
{
    Document document;
    std::optional<SyntaxError> error;
};

// Tokenizes and parses `source`; the first syntax error stops parsing and is reported the way
// GitHub's graphql-ruby reports it ("Parse error on \"}\" (RCURLY) at [1, 10]").
ParseResult parseDocument(const QString &source);

} // namespace flotilla::fakes::graphql
