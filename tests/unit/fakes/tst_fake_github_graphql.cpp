#include "fake_github_client.h"

#include <QTest>

using namespace flotilla::fakes;
using namespace flotilla::fakes::testing;
using namespace Qt::StringLiterals;

class TestFakeGithubGraphql final : public QObject
{
    Q_OBJECT

private slots:
    void graphqlSnapshotWithAliasesFragmentsAndInlineFragments()
    {
        FakeGithub github;
        Client client(github);
        github.state().addRepository(u"acme/api"_s);
        GhPullRequest pr;
        pr.title = u"Snapshot"_s;
        pr.headRef = u"snap"_s;
        pr.reviewDecision = u"CHANGES_REQUESTED"_s;
        pr.mergeStateStatus = u"BLOCKED"_s;
        pr.reviews << GhReview{0, GhActor{u"alice"_s, false}, u"APPROVED"_s, {}, {}, {}}
                   << GhReview{0, GhActor{u"alice"_s, false}, u"CHANGES_REQUESTED"_s, u"fix"_s, {}, {}}
                   << GhReview{0, GhActor{u"linter[bot]"_s, true}, u"COMMENTED"_s, u"nit"_s, {}, {}};
        GhReviewThread thread;
        thread.path = u"a.cpp"_s;
        thread.line = 3;
        thread.comments << GhThreadComment{0, GhActor{u"alice"_s, false}, u"why?"_s, {}};
        pr.threads << thread;
        const int number = github.state().addPullRequest(kRepo, pr);
        const QString sha = github.state().pullRequest(kRepo, number)->headSha;
        GhCheckRun run;
        run.name = u"build"_s;
        run.conclusion = u"failure"_s;
        run.workflowRunId = 77;
        run.jobId = 88;
        github.state().addCheckRun(kRepo, sha, run);
        GhCheckRun pending;
        pending.name = u"lint"_s;
        pending.status = u"in_progress"_s;
        github.state().addCheckRun(kRepo, sha, pending);
        GhCommitStatus status;
        status.context = u"ext"_s;
        status.state = u"success"_s;
        status.targetUrl = u"https://ci.example/1"_s;
        github.state().addCommitStatus(kRepo, sha, status);

        const QString query = uR"(query Snapshot {
  p0: repository(owner: "acme", name: "shop") { pullRequest(number: 1) { ...PrFacts } }
  p1: repository(owner: "acme", name: "api") { pullRequest(number: 7) { ...PrFacts } }
  rateLimit { cost remaining resetAt used limit }
}
fragment PrFacts on PullRequest {
  number url title state isDraft merged mergedAt updatedAt
  headRefName headRefOid baseRefName additions deletions
  mergeable mergeStateStatus reviewDecision
  latestOpinionatedReviews(first: 20) { nodes { state submittedAt author { login __typename } } }
  reviewThreads(first: 100) { totalCount nodes { isResolved } }
  commits(last: 1) { nodes { commit { oid statusCheckRollup { state
    contexts(first: 50) {
      checkRunCountsByState { state count } statusContextCountsByState { state count }
      nodes { __typename
        ... on CheckRun { databaseId name status conclusion detailsUrl
                          checkSuite { workflowRun { databaseId } } }
        ... on StatusContext { context state targetUrl description } } } } } } }
})"_s;
        const Reply reply = client.graphql(query);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("x-ratelimit-resource"), QByteArray("graphql"));
        const QJsonObject response = reply.object();
        const QJsonObject data = response[u"data"_s].toObject();
        QCOMPARE(data.keys(), (QStringList{u"p0"_s, u"p1"_s, u"rateLimit"_s}));
        QVERIFY(data[u"p1"_s][u"pullRequest"_s].isNull());
        const QJsonArray errors = response[u"errors"_s].toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.at(0)[u"type"_s].toString(), u"NOT_FOUND"_s);
        QCOMPARE(errors.at(0)[u"path"_s].toArray(), (QJsonArray{u"p1"_s, u"pullRequest"_s}));

        const QJsonObject facts = data[u"p0"_s][u"pullRequest"_s].toObject();
        QCOMPARE(facts.size(), 19); // exactly the selected fields
        QCOMPARE(facts[u"state"_s].toString(), u"OPEN"_s);
        QCOMPARE(facts[u"mergeable"_s].toString(), u"MERGEABLE"_s);
        QCOMPARE(facts[u"mergeStateStatus"_s].toString(), u"BLOCKED"_s);
        QCOMPARE(facts[u"reviewDecision"_s].toString(), u"CHANGES_REQUESTED"_s);
        QCOMPARE(facts[u"headRefOid"_s].toString(), sha);
        const QJsonArray opinionated = facts[u"latestOpinionatedReviews"_s][u"nodes"_s].toArray();
        QCOMPARE(opinionated.size(), 1);
        QCOMPARE(opinionated.at(0)[u"state"_s].toString(), u"CHANGES_REQUESTED"_s);
        QCOMPARE(opinionated.at(0)[u"author"_s][u"__typename"_s].toString(), u"User"_s);
        QCOMPARE(facts[u"reviewThreads"_s][u"totalCount"_s].toInt(), 1);
        QCOMPARE(facts[u"reviewThreads"_s][u"nodes"_s][0].toObject().keys(), QStringList{u"isResolved"_s});

        const QJsonObject rollup = facts[u"commits"_s][u"nodes"_s][0][u"commit"_s][u"statusCheckRollup"_s].toObject();
        QCOMPARE(rollup[u"state"_s].toString(), u"FAILURE"_s);
        const QJsonObject contexts = rollup[u"contexts"_s].toObject();
        const QJsonArray nodes = contexts[u"nodes"_s].toArray();
        QCOMPARE(nodes.size(), 3);
        const QJsonObject checkRun = nodes.at(0).toObject();
        QCOMPARE(checkRun[u"__typename"_s].toString(), u"CheckRun"_s);
        QCOMPARE(checkRun[u"conclusion"_s].toString(), u"FAILURE"_s);
        QCOMPARE(checkRun[u"checkSuite"_s][u"workflowRun"_s][u"databaseId"_s].toInt(), 77);
        QVERIFY(checkRun[u"detailsUrl"_s].toString().endsWith(u"/actions/runs/77/job/88"_s));
        QVERIFY(!checkRun.contains(u"context"_s));
        QVERIFY(nodes.at(1)[u"conclusion"_s].isNull());
        const QJsonObject statusContext = nodes.at(2).toObject();
        QCOMPARE(statusContext[u"__typename"_s].toString(), u"StatusContext"_s);
        QCOMPARE(statusContext[u"targetUrl"_s].toString(), u"https://ci.example/1"_s);
        QVERIFY(!statusContext.contains(u"name"_s));
        QCOMPARE(contexts[u"checkRunCountsByState"_s].toArray(),
                 (QJsonArray{QJsonObject{{u"state"_s, u"FAILURE"_s}, {u"count"_s, 1}},
                             QJsonObject{{u"state"_s, u"IN_PROGRESS"_s}, {u"count"_s, 1}}}));

        const QJsonObject rate = data[u"rateLimit"_s].toObject();
        QCOMPARE(rate[u"cost"_s].toInt(), 1);
        QCOMPARE(rate[u"remaining"_s].toInt(), 4999);
        QCOMPARE(github.budget(u"graphql"_s).used, 1);
        QCOMPARE(github.budget(u"core"_s).used, 0);
    }

    void graphqlRejectsUnknownFieldsAndSyntaxErrors()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        const QJsonObject unknown =
            client
                .graphql(
                    u"{ repository(owner: \"acme\", name: \"shop\") { pullRequest(number: 1) { title bogus } } }"_s)
                .object();
        QVERIFY(!unknown.contains(u"data"_s));
        const QJsonObject error = unknown[u"errors"_s][0].toObject();
        QCOMPARE(error[u"message"_s].toString(), u"Field 'bogus' doesn't exist on type 'PullRequest'"_s);
        QCOMPARE(error[u"locations"_s][0][u"line"_s].toInt(), 1);
        QCOMPARE(error[u"locations"_s][0][u"column"_s].toInt(), 76);
        QCOMPARE(error[u"path"_s].toArray(), (QJsonArray{u"query"_s, u"repository"_s, u"pullRequest"_s, u"bogus"_s}));

        const QJsonObject syntax = client.graphql(u"query {\n  rateLimit { cost }\n  }\n}"_s).object();
        QVERIFY(!syntax.contains(u"data"_s));
        const QJsonObject syntaxError = syntax[u"errors"_s][0].toObject();
        QVERIFY(syntaxError[u"message"_s].toString().startsWith(u"Parse error on \"}\" (RCURLY) at [4, 1]"_s));
        QCOMPARE(syntaxError[u"locations"_s][0][u"line"_s].toInt(), 4);

        const QJsonObject spread = client.graphql(u"{ rateLimit { ...Missing } }"_s).object();
        QCOMPARE(spread[u"errors"_s][0][u"message"_s].toString(), u"Fragment Missing was used, but not defined"_s);
        const QJsonObject union_ =
            client
                .graphql(u"{ repository(owner: \"acme\", name: \"shop\") { pullRequest(number: 1) { commits(last: 1) { "
                         u"nodes { "
                         "commit { statusCheckRollup { contexts(first: 5) { nodes { name } } } } } } } } }"_s)
                .object();
        QVERIFY(union_[u"errors"_s][0][u"message"_s].toString().startsWith(
            u"Selections can't be made directly on unions"_s));
        const QJsonObject loop =
            client
                .graphql(u"{ repository(owner: \"acme\", name: \"shop\") { pullRequest(number: 1) { ...A } } }\n"
                         "fragment A on PullRequest { title ...B }\nfragment B on PullRequest { ...A }"_s)
                .object();
        QCOMPARE(loop[u"errors"_s][0][u"message"_s].toString(), u"Fragment A contains an infinite loop"_s);
        QCOMPARE(loop[u"errors"_s][0][u"locations"_s][0][u"line"_s].toInt(), 2);
        const QJsonObject leaf = client.graphql(u"{ rateLimit }"_s).object();
        QVERIFY(leaf[u"errors"_s][0][u"message"_s].toString().startsWith(u"Field must have selections"_s));
        const QJsonObject unpaged =
            client.graphql(u"{ repository(owner: \"acme\", name: \"shop\") { pullRequests { totalCount } } }"_s)
                .object();
        QCOMPARE(unpaged[u"errors"_s][0][u"type"_s].toString(), u"MISSING_PAGINATION_BOUNDARIES"_s);
        const QJsonObject missingRepo =
            client.graphql(u"{ r: repository(owner: \"acme\", name: \"nope\") { name } }"_s).object();
        QVERIFY(missingRepo[u"data"_s][u"r"_s].isNull());
        QCOMPARE(missingRepo[u"errors"_s][0][u"type"_s].toString(), u"NOT_FOUND"_s);
        QCOMPARE(github.budget(u"graphql"_s).used, 1); // only the query that ran was charged
    }

    void graphqlVariablesBranchDiscoveryAndThreadPaging()
    {
        FakeGithub github;
        Client client(github);
        GhPullRequest pr;
        pr.title = u"t"_s;
        pr.headRef = u"topic"_s;
        for (int i = 0; i < 3; ++i) {
            GhReviewThread thread;
            thread.path = u"f%1.cpp"_s.arg(i);
            thread.comments << GhThreadComment{0, GhActor{u"bot[bot]"_s, true}, u"c%1"_s.arg(i), {}};
            pr.threads << thread;
        }
        github.state().addPullRequest(kRepo, pr);
        addPull(github, u"other"_s);

        const QString discover = uR"(query Find($owner: String!, $name: String!, $states: [PullRequestState!]) {
  repository(owner: $owner, name: $name) {
    b1: pullRequests(headRefName: "topic", first: 3, states: $states) { nodes { number state url isDraft } }
    b2: pullRequests(headRefName: "missing", first: 3, states: [OPEN, MERGED, CLOSED]) { nodes { number } }
  }
})"_s;
        const QJsonObject found =
            client
                .graphql(discover,
                         {{u"owner"_s, u"acme"_s}, {u"name"_s, u"shop"_s}, {u"states"_s, QJsonArray{u"OPEN"_s}}})
                .object();
        QVERIFY2(!found.contains(u"errors"_s), QJsonDocument(found).toJson().constData());
        const QJsonObject repo = found[u"data"_s][u"repository"_s].toObject();
        QCOMPARE(repo[u"b1"_s][u"nodes"_s][0][u"number"_s].toInt(), 1);
        QCOMPARE(repo[u"b2"_s][u"nodes"_s].toArray().size(), 0);
        const QJsonObject missingVar = client.graphql(discover, {{u"owner"_s, u"acme"_s}}).object();
        QVERIFY(missingVar[u"errors"_s][0][u"message"_s].toString().contains(u"$name"_s));

        const QString threads = uR"(query($after: String) {
  repository(owner: "acme", name: "shop") { pullRequest(number: 1) {
    reviewThreads(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { id isResolved isOutdated path line
        comments(first: 20) { nodes { databaseId author { login __typename } body url createdAt } } } } } }
})"_s;
        const QJsonObject page1 = client.graphql(threads)
                                      .object()[u"data"_s][u"repository"_s][u"pullRequest"_s][u"reviewThreads"_s]
                                      .toObject();
        QCOMPARE(page1[u"totalCount"_s].toInt(), 3);
        QCOMPARE(page1[u"nodes"_s].toArray().size(), 2);
        QVERIFY(page1[u"pageInfo"_s][u"hasNextPage"_s].toBool());
        const QJsonObject comment = page1[u"nodes"_s][0][u"comments"_s][u"nodes"_s][0].toObject();
        QCOMPARE(comment[u"author"_s][u"__typename"_s].toString(), u"Bot"_s);
        QVERIFY(comment[u"url"_s].toString().contains(u"#discussion_r"_s));
        const QJsonObject page2 = client.graphql(threads, {{u"after"_s, page1[u"pageInfo"_s][u"endCursor"_s]}})
                                      .object()[u"data"_s][u"repository"_s][u"pullRequest"_s][u"reviewThreads"_s]
                                      .toObject();
        QCOMPARE(page2[u"nodes"_s].toArray().size(), 1);
        QCOMPARE(page2[u"nodes"_s][0][u"path"_s].toString(), u"f2.cpp"_s);
        QVERIFY(!page2[u"pageInfo"_s][u"hasNextPage"_s].toBool());
    }

    void graphqlNodesDescribeCheckRunsByGlobalId()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"topic"_s);
        const QString sha = github.state().pullRequest(kRepo, 1)->headSha;
        GhWorkflowRun workflow;
        workflow.name = u"CI"_s;
        workflow.headSha = sha;
        workflow.conclusion = u"failure"_s;
        GhJob job;
        job.id = 7001;
        job.name = u"test"_s;
        job.conclusion = u"failure"_s;
        job.steps = {GhStep{1, u"Set up job"_s, u"completed"_s, u"success"_s, {}, {}},
                     GhStep{2, u"Run npm test"_s, u"completed"_s, u"failure"_s, {}, {}}};
        workflow.jobs = {job};
        const qint64 runId = github.state().addWorkflowRun(kRepo, workflow);
        GhCheckRun failed;
        failed.id = job.id;
        failed.name = u"test"_s;
        failed.conclusion = u"failure"_s;
        failed.workflowRunId = runId;
        failed.jobId = job.id;
        failed.annotations = {GhAnnotation{u"src/a.js"_s, 3, 4, u"failure"_s, u"boom"_s, u"expected 1"_s}};
        github.state().addCheckRun(kRepo, sha, failed);

        // The id comes from the snapshot, as a client gets it.
        const QJsonObject snapshot =
            client
                .graphql(u"{ repository(owner: \"acme\", name: \"shop\") { pullRequest(number: 1) { commits(last: 1) "
                         "{ nodes { commit { statusCheckRollup { contexts(first: 10) { nodes { ... on CheckRun "
                         "{ id } } } } } } } } } }"_s)
                .object();
        const QString id = snapshot[u"data"_s][u"repository"_s][u"pullRequest"_s][u"commits"_s][u"nodes"_s][0]
                                   [u"commit"_s][u"statusCheckRollup"_s][u"contexts"_s][u"nodes"_s][0][u"id"_s]
                                       .toString();
        QVERIFY(!id.isEmpty());

        const QString describe = uR"(query Describe($ids: [ID!]!) {
  nodes(ids: $ids) { __typename ... on CheckRun { databaseId name status conclusion
    steps(first: 100) { nodes { number name conclusion } }
    annotations(first: 50) { nodes { path location { start { line } end { line } } annotationLevel title message } } } }
  rateLimit { cost }
})"_s;
        const QJsonObject answer =
            client.graphql(describe, {{u"ids"_s, QJsonArray{id, u"CR_kwDOnonsense"_s, id}}}).object();
        const QJsonArray nodes = answer[u"data"_s][u"nodes"_s].toArray();
        QCOMPARE(nodes.size(), 3);
        QCOMPARE(nodes[0][u"__typename"_s].toString(), u"CheckRun"_s);
        QCOMPARE(nodes[0][u"databaseId"_s].toInt(), 7001);
        QCOMPARE(nodes[0][u"status"_s].toString(), u"COMPLETED"_s);
        QCOMPARE(nodes[0][u"conclusion"_s].toString(), u"FAILURE"_s);
        QCOMPARE(nodes[0][u"steps"_s][u"nodes"_s][1][u"name"_s].toString(), u"Run npm test"_s);
        QCOMPARE(nodes[0][u"steps"_s][u"nodes"_s][1][u"conclusion"_s].toString(), u"FAILURE"_s);
        const QJsonObject annotation = nodes[0][u"annotations"_s][u"nodes"_s][0].toObject();
        QCOMPARE(annotation[u"annotationLevel"_s].toString(), u"FAILURE"_s);
        QCOMPARE(annotation[u"location"_s][u"start"_s][u"line"_s].toInt(), 3);
        QCOMPARE(annotation[u"location"_s][u"end"_s][u"line"_s].toInt(), 4);
        // An unknown id is null in place, with a NOT_FOUND error pointing at it.
        QVERIFY(nodes[1].isNull());
        QCOMPARE(nodes[2][u"databaseId"_s].toInt(), 7001);
        const QJsonArray errors = answer[u"errors"_s].toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0][u"type"_s].toString(), u"NOT_FOUND"_s);
        QCOMPARE(errors[0][u"path"_s].toArray(), (QJsonArray{u"nodes"_s, 1}));
        // Three ids × two connections = 6 requests: still one point.
        QCOMPARE(answer[u"data"_s][u"rateLimit"_s][u"cost"_s].toInt(), 1);

        QJsonArray tooMany;
        for (int i = 0; i < 101; ++i)
            tooMany << id;
        const QJsonObject refused = client.graphql(describe, {{u"ids"_s, tooMany}}).object();
        QCOMPARE(refused[u"errors"_s][0][u"type"_s].toString(), u"EXCESSIVE_PAGINATION"_s);
    }

    void graphqlMutationsResolveAndReply()
    {
        FakeGithub github;
        Client client(github);
        GhPullRequest pr;
        pr.title = u"t"_s;
        pr.headRef = u"topic"_s;
        GhReviewThread thread;
        thread.path = u"a.cpp"_s;
        thread.line = 9;
        thread.comments << GhThreadComment{0, GhActor{u"alice"_s, false}, u"please fix"_s, {}};
        pr.threads << thread;
        github.state().addPullRequest(kRepo, pr);
        const QString threadId = github.state().pullRequest(kRepo, 1)->threads.first().id;
        const qint64 rootComment = github.state().pullRequest(kRepo, 1)->threads.first().comments.first().databaseId;

        const QJsonObject resolved =
            client
                .graphql(
                    u"mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id isResolved } } }"_s,
                    {{u"id"_s, threadId}})
                .object();
        QCOMPARE(resolved[u"data"_s][u"resolveReviewThread"_s][u"thread"_s][u"isResolved"_s].toBool(), true);
        QVERIFY(github.state().pullRequest(kRepo, 1)->threads.first().isResolved);

        const QJsonObject replied =
            client
                .graphql(u"mutation { addPullRequestReviewThreadReply(input: {pullRequestReviewThreadId: \"%1\", "
                         "body: \"Fixed in abc123\"}) { comment { id databaseId body } } }"_s.arg(threadId))
                .object();
        const QJsonObject comment = replied[u"data"_s][u"addPullRequestReviewThreadReply"_s][u"comment"_s].toObject();
        QCOMPARE(comment[u"body"_s].toString(), u"Fixed in abc123"_s);
        QVERIFY(comment[u"id"_s].toString().startsWith(u"PRRC_"_s));

        const QJsonArray lineComments = client.get(u"/repos/acme/shop/pulls/1/comments?per_page=100"_s).array();
        QCOMPARE(lineComments.size(), 2);
        QCOMPARE(lineComments.at(1)[u"in_reply_to_id"_s].toInteger(), rootComment);
        QCOMPARE(lineComments.at(1)[u"user"_s][u"login"_s].toString(), github.state().viewerLogin());

        const Reply restReply = client.json("POST", u"/repos/acme/shop/pulls/1/comments/%1/replies"_s.arg(rootComment),
                                            {{u"body"_s, u"again"_s}});
        QCOMPARE(restReply.status, 201);
        QCOMPARE(restReply.object()[u"in_reply_to_id"_s].toInteger(), rootComment);
        QCOMPARE(github.state().pullRequest(kRepo, 1)->threads.first().comments.size(), 3);

        const QJsonObject missing =
            client.graphql(u"mutation { resolveReviewThread(input: {threadId: \"PRRT_nope\"}) { thread { id } } }"_s)
                .object();
        QVERIFY(missing[u"data"_s][u"resolveReviewThread"_s].isNull());
        QCOMPARE(missing[u"errors"_s][0][u"type"_s].toString(), u"NOT_FOUND"_s);
    }

    void graphqlChargesCostAndReportsRateLimited()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        const QString heavy = u"{ repository(owner: \"acme\", name: \"shop\") { pullRequests(first: 100) { nodes { "
                              "reviewThreads(first: 100) { nodes { comments(first: 10) { totalCount } } } } } } "
                              "rateLimit { cost remaining } }"_s;
        const QJsonObject answer = client.graphql(heavy).object();
        // 1 + 100 + 100 × 100 requests → 10,101 / 100 ≈ 101 points.
        QCOMPARE(answer[u"data"_s][u"rateLimit"_s][u"cost"_s].toInt(), 101);
        QCOMPARE(answer[u"data"_s][u"rateLimit"_s][u"remaining"_s].toInt(), 4899);

        const QJsonObject tooMany =
            client
                .graphql(
                    u"{ repository(owner: \"acme\", name: \"shop\") { pullRequests(first: 101) { totalCount } } }"_s)
                .object();
        QCOMPARE(tooMany[u"errors"_s][0][u"type"_s].toString(), u"EXCESSIVE_PAGINATION"_s);

        github.exhaustRateLimit(u"graphql"_s, 60);
        const Reply limited = client.graphql(u"{ rateLimit { remaining } }"_s);
        QCOMPARE(limited.status, 200);
        QCOMPARE(limited.object()[u"errors"_s][0][u"type"_s].toString(), u"RATE_LIMITED"_s);
        QVERIFY(limited.object()[u"errors"_s][0][u"message"_s].toString().startsWith(u"API rate limit exceeded"_s));
        QCOMPARE(limited.header("x-ratelimit-remaining"), QByteArray("0"));
        QCOMPARE(client.get(u"/user"_s).status, 200); // REST has its own budget
    }

    void mergeableUnknownWhileComputingInGraphql()
    {
        FakeGithub github;
        Client client(github);
        GhPullRequest pr;
        pr.title = u"t"_s;
        pr.headRef = u"t"_s;
        pr.mergeable = false;
        pr.mergeStateStatus = u"DIRTY"_s;
        pr.mergeableComputingReads = 1;
        github.state().addPullRequest(kRepo, pr);
        const QString query =
            u"{ repository(owner: \"acme\", name: \"shop\") { pullRequest(number: 1) { mergeable mergeStateStatus } } }"_s;
        const QJsonObject first =
            client.graphql(query).object()[u"data"_s][u"repository"_s][u"pullRequest"_s].toObject();
        QCOMPARE(first[u"mergeable"_s].toString(), u"UNKNOWN"_s);
        QCOMPARE(first[u"mergeStateStatus"_s].toString(), u"UNKNOWN"_s);
        const QJsonObject second =
            client.graphql(query).object()[u"data"_s][u"repository"_s][u"pullRequest"_s].toObject();
        QCOMPARE(second[u"mergeable"_s].toString(), u"CONFLICTING"_s);
        QCOMPARE(second[u"mergeStateStatus"_s].toString(), u"DIRTY"_s);
    }
};

QTEST_GUILESS_MAIN(TestFakeGithubGraphql)
#include "tst_fake_github_graphql.moc"
