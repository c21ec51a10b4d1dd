#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace flotilla::fakes::graphql {

// The slice of GitHub's GraphQL schema the fake serves, used to validate a query before it runs
// (unknown fields, arguments and misplaced selections are refused the way GitHub refuses them).

struct FieldDef
{
    QString type;            // named type of the field (list-ness does not matter for validation)
    QStringList arguments;   // accepted argument names
    QStringList required;    // arguments that must be present
    bool connection = false; // paginated: needs first/last, counts towards the query cost
    QString sizedBy;         // a list argument whose length multiplies what is nested (nodes(ids:))
};

struct TypeDef
{
    enum class Kind { Object, Interface, Union, Scalar, Enum };
    QString name;
    Kind kind = Kind::Object;
    QHash<QString, FieldDef> fields;
    QStringList possibleTypes; // interfaces and unions
};

class Schema final
{
public:
    static const Schema &github();

    const TypeDef *type(const QString &name) const;
    bool isLeaf(const QString &typeName) const;
    // Whether a fragment on `condition` can apply inside a selection on `scope`.
    bool fragmentApplies(const QString &condition, const QString &scope) const;
    // Whether an object of concrete type `concrete` matches a fragment on `condition`.
    bool matches(const QString &condition, const QString &concrete) const;

private:
    Schema();
    TypeDef &object(const QString &name);
    void connection(const QString &connectionName, const QString &nodeType);

    QHash<QString, TypeDef> m_types;
};

} // namespace flotilla::fakes::graphql
