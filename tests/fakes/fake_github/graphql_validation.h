#pragma once

#include "graphql_query.h"

#include <QJsonArray>
#include <QJsonObject>

namespace flotilla::fakes::graphql {

// Checks a document against the schema the way GitHub does before running anything: unknown
// fields/arguments/fragments, misplaced selections, undeclared variables, unused fragments.
QJsonArray validateDocument(const Document &document, const Operation &operation);

struct CostEstimate
{
    int cost = 1;
    qint64 nodeCount = 0;
    QJsonArray errors; // pagination bounds missing or out of range, too many nodes
};

// GitHub's cost rule: every connection needs as many requests as the product of its enclosing
// connections' page sizes; the sum divided by 100, rounded, at least 1.
CostEstimate estimateCost(const Document &document, const Operation &operation, const QJsonObject &variables);

} // namespace flotilla::fakes::graphql
