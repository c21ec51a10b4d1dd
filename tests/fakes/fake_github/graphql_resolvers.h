#pragma once

#include "graphql_projection.h"

namespace flotilla::fakes {

class FakeGithubState;

// The GraphQL budget as the `rateLimit` field reports it, after this query has been charged.
struct GraphqlRateView
{
    int limit = 5000;
    int remaining = 5000;
    int used = 0;
    int cost = 1;
    qint64 resetEpoch = 0;
    qint64 nodeCount = 0;
};

// Roots resolving the schema in graphql_schema.cpp against the live state; mutations change it.
graphql::ObjectPtr makeQueryRoot(FakeGithubState &state, const GraphqlRateView &rate);
graphql::ObjectPtr makeMutationRoot(FakeGithubState &state);

} // namespace flotilla::fakes
