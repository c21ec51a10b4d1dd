#include "graphql_schema.h"

using namespace Qt::StringLiterals;

namespace flotilla::fakes::graphql {

namespace {

const QStringList kPaging{u"first"_s, u"last"_s, u"after"_s, u"before"_s};

FieldDef leaf(const QString &type)
{
    return FieldDef{type, {}, {}, false, {}};
}

FieldDef link(const QString &type, QStringList args = {}, QStringList required = {})
{
    return FieldDef{type, std::move(args), std::move(required), false, {}};
}

FieldDef paged(const QString &type, const QStringList &extra = {})
{
    return FieldDef{type, kPaging + extra, {}, true, {}};
}

} // namespace

const Schema &Schema::github()
{
    static const Schema schema;
    return schema;
}

TypeDef &Schema::object(const QString &name)
{
    TypeDef &def = m_types[name];
    def.name = name;
    return def;
}

void Schema::connection(const QString &connectionName, const QString &nodeType)
{
    const QString edge = nodeType + u"Edge"_s;
    object(edge).fields = {{u"cursor"_s, leaf(u"String"_s)}, {u"node"_s, link(nodeType)}};
    object(connectionName).fields = {{u"totalCount"_s, leaf(u"Int"_s)},
                                     {u"pageInfo"_s, link(u"PageInfo"_s)},
                                     {u"nodes"_s, link(nodeType)},
                                     {u"edges"_s, link(edge)}};
}

Schema::Schema()
{
    for (const QString &scalar :
         {u"String"_s, u"Int"_s, u"Boolean"_s, u"ID"_s, u"DateTime"_s, u"URI"_s, u"GitObjectID"_s, u"Float"_s})
        object(scalar).kind = TypeDef::Kind::Scalar;
    for (const QString &enumeration :
         {u"PullRequestState"_s, u"MergeableState"_s, u"MergeStateStatus"_s, u"PullRequestReviewDecision"_s,
          u"PullRequestReviewState"_s, u"CheckStatusState"_s, u"CheckConclusionState"_s, u"StatusState"_s,
          u"CheckRunState"_s, u"CheckAnnotationLevel"_s})
        object(enumeration).kind = TypeDef::Kind::Enum;

    object(u"Query"_s).fields = {
        {u"repository"_s, link(u"Repository"_s, {u"owner"_s, u"name"_s, u"followRenames"_s}, {u"owner"_s, u"name"_s})},
        {u"rateLimit"_s, link(u"RateLimit"_s, {u"dryRun"_s})},
        {u"viewer"_s, link(u"User"_s)},
        {u"node"_s, link(u"Node"_s, {u"id"_s}, {u"id"_s})},
        {u"nodes"_s, FieldDef{u"Node"_s, {u"ids"_s}, {u"ids"_s}, false, u"ids"_s}},
    };
    // The fake resolves global ids of check runs only; other ids are "not found".
    TypeDef &node = object(u"Node"_s);
    node.kind = TypeDef::Kind::Interface;
    node.fields = {{u"id"_s, leaf(u"ID"_s)}};
    node.possibleTypes = {u"CheckRun"_s};
    object(u"Mutation"_s).fields = {
        {u"resolveReviewThread"_s, link(u"ResolveReviewThreadPayload"_s, {u"input"_s}, {u"input"_s})},
        {u"unresolveReviewThread"_s, link(u"UnresolveReviewThreadPayload"_s, {u"input"_s}, {u"input"_s})},
        {u"addPullRequestReviewThreadReply"_s,
         link(u"AddPullRequestReviewThreadReplyPayload"_s, {u"input"_s}, {u"input"_s})},
    };
    for (const QString &payload : {u"ResolveReviewThreadPayload"_s, u"UnresolveReviewThreadPayload"_s})
        object(payload).fields = {{u"clientMutationId"_s, leaf(u"String"_s)},
                                  {u"thread"_s, link(u"PullRequestReviewThread"_s)}};
    object(u"AddPullRequestReviewThreadReplyPayload"_s).fields = {{u"clientMutationId"_s, leaf(u"String"_s)},
                                                                  {u"comment"_s, link(u"PullRequestReviewComment"_s)}};

    object(u"RateLimit"_s).fields = {{u"cost"_s, leaf(u"Int"_s)},         {u"limit"_s, leaf(u"Int"_s)},
                                     {u"remaining"_s, leaf(u"Int"_s)},    {u"used"_s, leaf(u"Int"_s)},
                                     {u"resetAt"_s, leaf(u"DateTime"_s)}, {u"nodeCount"_s, leaf(u"Int"_s)}};
    object(u"PageInfo"_s).fields = {{u"hasNextPage"_s, leaf(u"Boolean"_s)},
                                    {u"hasPreviousPage"_s, leaf(u"Boolean"_s)},
                                    {u"endCursor"_s, leaf(u"String"_s)},
                                    {u"startCursor"_s, leaf(u"String"_s)}};

    const QHash<QString, FieldDef> actorFields{
        {u"login"_s, leaf(u"String"_s)}, {u"url"_s, leaf(u"URI"_s)}, {u"avatarUrl"_s, leaf(u"URI"_s)}};
    TypeDef &actor = object(u"Actor"_s);
    actor.kind = TypeDef::Kind::Interface;
    actor.fields = actorFields;
    actor.possibleTypes = {u"User"_s, u"Bot"_s};
    for (const QString &concrete : {u"User"_s, u"Bot"_s}) {
        object(concrete).fields = actorFields;
        object(concrete).fields.insert(u"id"_s, leaf(u"ID"_s));
    }

    object(u"Repository"_s).fields = {
        {u"id"_s, leaf(u"ID"_s)},
        {u"name"_s, leaf(u"String"_s)},
        {u"nameWithOwner"_s, leaf(u"String"_s)},
        {u"url"_s, leaf(u"URI"_s)},
        {u"pullRequest"_s, link(u"PullRequest"_s, {u"number"_s}, {u"number"_s})},
        {u"pullRequests"_s, paged(u"PullRequestConnection"_s,
                                  {u"headRefName"_s, u"baseRefName"_s, u"states"_s, u"orderBy"_s, u"labels"_s})},
    };
    connection(u"PullRequestConnection"_s, u"PullRequest"_s);

    object(u"PullRequest"_s).fields = {
        {u"id"_s, leaf(u"ID"_s)},
        {u"number"_s, leaf(u"Int"_s)},
        {u"url"_s, leaf(u"URI"_s)},
        {u"title"_s, leaf(u"String"_s)},
        {u"body"_s, leaf(u"String"_s)},
        {u"state"_s, leaf(u"PullRequestState"_s)},
        {u"isDraft"_s, leaf(u"Boolean"_s)},
        {u"closed"_s, leaf(u"Boolean"_s)},
        {u"closedAt"_s, leaf(u"DateTime"_s)},
        {u"merged"_s, leaf(u"Boolean"_s)},
        {u"mergedAt"_s, leaf(u"DateTime"_s)},
        {u"createdAt"_s, leaf(u"DateTime"_s)},
        {u"updatedAt"_s, leaf(u"DateTime"_s)},
        {u"headRefName"_s, leaf(u"String"_s)},
        {u"headRefOid"_s, leaf(u"GitObjectID"_s)},
        {u"baseRefName"_s, leaf(u"String"_s)},
        {u"additions"_s, leaf(u"Int"_s)},
        {u"deletions"_s, leaf(u"Int"_s)},
        {u"changedFiles"_s, leaf(u"Int"_s)},
        {u"mergeable"_s, leaf(u"MergeableState"_s)},
        {u"mergeStateStatus"_s, leaf(u"MergeStateStatus"_s)},
        {u"reviewDecision"_s, leaf(u"PullRequestReviewDecision"_s)},
        {u"author"_s, link(u"Actor"_s)},
        {u"repository"_s, link(u"Repository"_s)},
        {u"latestOpinionatedReviews"_s, paged(u"PullRequestReviewConnection"_s, {u"writersOnly"_s})},
        {u"latestReviews"_s, paged(u"PullRequestReviewConnection"_s)},
        {u"reviews"_s, paged(u"PullRequestReviewConnection"_s, {u"states"_s, u"author"_s})},
        {u"reviewThreads"_s, paged(u"PullRequestReviewThreadConnection"_s)},
        {u"commits"_s, paged(u"PullRequestCommitConnection"_s)},
    };
    connection(u"PullRequestReviewConnection"_s, u"PullRequestReview"_s);
    connection(u"PullRequestReviewThreadConnection"_s, u"PullRequestReviewThread"_s);
    connection(u"PullRequestReviewCommentConnection"_s, u"PullRequestReviewComment"_s);
    connection(u"PullRequestCommitConnection"_s, u"PullRequestCommit"_s);

    object(u"PullRequestReview"_s).fields = {
        {u"id"_s, leaf(u"ID"_s)},
        {u"databaseId"_s, leaf(u"Int"_s)},
        {u"state"_s, leaf(u"PullRequestReviewState"_s)},
        {u"body"_s, leaf(u"String"_s)},
        {u"submittedAt"_s, leaf(u"DateTime"_s)},
        {u"url"_s, leaf(u"URI"_s)},
        {u"author"_s, link(u"Actor"_s)},
    };
    object(u"PullRequestReviewThread"_s).fields = {
        {u"id"_s, leaf(u"ID"_s)},
        {u"isResolved"_s, leaf(u"Boolean"_s)},
        {u"isOutdated"_s, leaf(u"Boolean"_s)},
        {u"path"_s, leaf(u"String"_s)},
        {u"line"_s, leaf(u"Int"_s)},
        {u"comments"_s, paged(u"PullRequestReviewCommentConnection"_s)},
    };
    object(u"PullRequestReviewComment"_s).fields = {
        {u"id"_s, leaf(u"ID"_s)},        {u"databaseId"_s, leaf(u"Int"_s)},     {u"body"_s, leaf(u"String"_s)},
        {u"url"_s, leaf(u"URI"_s)},      {u"createdAt"_s, leaf(u"DateTime"_s)}, {u"path"_s, leaf(u"String"_s)},
        {u"author"_s, link(u"Actor"_s)},
    };
    object(u"PullRequestCommit"_s).fields = {{u"id"_s, leaf(u"ID"_s)}, {u"commit"_s, link(u"Commit"_s)}};
    object(u"Commit"_s).fields = {{u"oid"_s, leaf(u"GitObjectID"_s)},
                                  {u"url"_s, leaf(u"URI"_s)},
                                  {u"statusCheckRollup"_s, link(u"StatusCheckRollup"_s)}};
    object(u"StatusCheckRollup"_s).fields = {{u"state"_s, leaf(u"StatusState"_s)},
                                             {u"contexts"_s, paged(u"StatusCheckRollupContextConnection"_s)}};
    connection(u"StatusCheckRollupContextConnection"_s, u"StatusCheckRollupContext"_s);
    TypeDef &contexts = object(u"StatusCheckRollupContextConnection"_s);
    contexts.fields.insert(u"checkRunCount"_s, leaf(u"Int"_s));
    contexts.fields.insert(u"statusContextCount"_s, leaf(u"Int"_s));
    contexts.fields.insert(u"checkRunCountsByState"_s, link(u"CheckRunStateCount"_s));
    contexts.fields.insert(u"statusContextCountsByState"_s, link(u"StatusContextStateCount"_s));
    object(u"CheckRunStateCount"_s).fields = {{u"state"_s, leaf(u"CheckRunState"_s)}, {u"count"_s, leaf(u"Int"_s)}};
    object(u"StatusContextStateCount"_s).fields = {{u"state"_s, leaf(u"StatusState"_s)}, {u"count"_s, leaf(u"Int"_s)}};
    TypeDef &rollupContext = object(u"StatusCheckRollupContext"_s);
    rollupContext.kind = TypeDef::Kind::Union;
    rollupContext.possibleTypes = {u"CheckRun"_s, u"StatusContext"_s};

    const FieldDef isRequired = link(u"Boolean"_s, {u"pullRequestNumber"_s, u"pullRequestId"_s});
    object(u"CheckRun"_s).fields = {
        {u"id"_s, leaf(u"ID"_s)},
        {u"databaseId"_s, leaf(u"Int"_s)},
        {u"name"_s, leaf(u"String"_s)},
        {u"status"_s, leaf(u"CheckStatusState"_s)},
        {u"conclusion"_s, leaf(u"CheckConclusionState"_s)},
        {u"detailsUrl"_s, leaf(u"URI"_s)},
        {u"startedAt"_s, leaf(u"DateTime"_s)},
        {u"completedAt"_s, leaf(u"DateTime"_s)},
        {u"title"_s, leaf(u"String"_s)},
        {u"summary"_s, leaf(u"String"_s)},
        {u"text"_s, leaf(u"String"_s)},
        {u"isRequired"_s, isRequired},
        {u"checkSuite"_s, link(u"CheckSuite"_s)},
        {u"steps"_s, paged(u"CheckStepConnection"_s, {u"number"_s})},
        {u"annotations"_s, paged(u"CheckAnnotationConnection"_s)},
    };
    connection(u"CheckStepConnection"_s, u"CheckStep"_s);
    connection(u"CheckAnnotationConnection"_s, u"CheckAnnotation"_s);
    object(u"CheckStep"_s).fields = {
        {u"name"_s, leaf(u"String"_s)},
        {u"number"_s, leaf(u"Int"_s)},
        {u"status"_s, leaf(u"CheckStatusState"_s)},
        {u"conclusion"_s, leaf(u"CheckConclusionState"_s)},
        {u"startedAt"_s, leaf(u"DateTime"_s)},
        {u"completedAt"_s, leaf(u"DateTime"_s)},
        {u"secondsToCompletion"_s, leaf(u"Int"_s)},
        {u"externalId"_s, leaf(u"String"_s)},
    };
    object(u"CheckAnnotation"_s).fields = {
        {u"path"_s, leaf(u"String"_s)},
        {u"location"_s, link(u"CheckAnnotationSpan"_s)},
        {u"annotationLevel"_s, leaf(u"CheckAnnotationLevel"_s)},
        {u"title"_s, leaf(u"String"_s)},
        {u"message"_s, leaf(u"String"_s)},
        {u"rawDetails"_s, leaf(u"String"_s)},
        {u"blobUrl"_s, leaf(u"URI"_s)},
    };
    object(u"CheckAnnotationSpan"_s).fields = {{u"start"_s, link(u"CheckAnnotationPosition"_s)},
                                               {u"end"_s, link(u"CheckAnnotationPosition"_s)}};
    object(u"CheckAnnotationPosition"_s).fields = {{u"line"_s, leaf(u"Int"_s)}, {u"column"_s, leaf(u"Int"_s)}};
    object(u"CheckSuite"_s).fields = {{u"id"_s, leaf(u"ID"_s)},
                                      {u"databaseId"_s, leaf(u"Int"_s)},
                                      {u"workflowRun"_s, link(u"WorkflowRun"_s)},
                                      {u"app"_s, link(u"App"_s)}};
    object(u"App"_s).fields = {{u"slug"_s, leaf(u"String"_s)}, {u"name"_s, leaf(u"String"_s)}};
    object(u"WorkflowRun"_s).fields = {{u"id"_s, leaf(u"ID"_s)},
                                       {u"databaseId"_s, leaf(u"Int"_s)},
                                       {u"runNumber"_s, leaf(u"Int"_s)},
                                       {u"url"_s, leaf(u"URI"_s)}};
    object(u"StatusContext"_s).fields = {
        {u"id"_s, leaf(u"ID"_s)},         {u"context"_s, leaf(u"String"_s)},     {u"state"_s, leaf(u"StatusState"_s)},
        {u"targetUrl"_s, leaf(u"URI"_s)}, {u"description"_s, leaf(u"String"_s)}, {u"createdAt"_s, leaf(u"DateTime"_s)},
        {u"isRequired"_s, isRequired},
    };
}

const TypeDef *Schema::type(const QString &name) const
{
    auto it = m_types.find(name);
    return it == m_types.end() ? nullptr : &it.value();
}

bool Schema::isLeaf(const QString &typeName) const
{
    const TypeDef *def = type(typeName);
    return def && (def->kind == TypeDef::Kind::Scalar || def->kind == TypeDef::Kind::Enum);
}

bool Schema::matches(const QString &condition, const QString &concrete) const
{
    if (condition.isEmpty() || condition == concrete)
        return true;
    const TypeDef *def = type(condition);
    return def && def->possibleTypes.contains(concrete);
}

bool Schema::fragmentApplies(const QString &condition, const QString &scope) const
{
    if (condition.isEmpty() || condition == scope)
        return true;
    const TypeDef *cond = type(condition);
    const TypeDef *within = type(scope);
    if (!cond || !within)
        return false;
    const QStringList condTypes = cond->possibleTypes.isEmpty() ? QStringList{condition} : cond->possibleTypes;
    const QStringList scopeTypes = within->possibleTypes.isEmpty() ? QStringList{scope} : within->possibleTypes;
    for (const QString &candidate : condTypes)
        if (scopeTypes.contains(candidate))
            return true;
    return false;
}

} // namespace flotilla::fakes::graphql
