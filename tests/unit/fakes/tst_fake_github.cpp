#include "fake_github_client.h"

#include <QTcpSocket>
#include <QTest>

using namespace flotilla::fakes;
using namespace flotilla::fakes::testing;
using namespace Qt::StringLiterals;

class TestFakeGithub final : public QObject
{
    Q_OBJECT

private slots:
    void listsPullsWithLinkPaginationAndListShape()
    {
        FakeGithub github;
        QVERIFY(github.isListening());
        Client client(github);
        for (int i = 0; i < 5; ++i)
            addPull(github, u"feature-%1"_s.arg(i));
        github.state().mergePullRequest(kRepo, 2);

        const Reply first = client.get(u"/repos/acme/shop/pulls?state=all&per_page=2"_s);
        QCOMPARE(first.status, 200);
        QVERIFY(first.header("content-type").startsWith("application/json"));
        const QJsonArray items = first.array();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0)[u"number"_s].toInt(), 5); // created, newest first by default
        const QJsonObject item = items.at(0).toObject();
        QVERIFY(item.contains(u"merged_at"_s));
        QVERIFY(item.contains(u"draft"_s));
        QCOMPARE(item[u"head"_s][u"ref"_s].toString(), u"feature-4"_s);
        QCOMPARE(item[u"head"_s][u"sha"_s].toString().size(), 40);
        for (const char *absent : {"merged", "mergeable", "mergeable_state", "rebaseable", "additions", "deletions",
                                   "changed_files", "commits", "comments", "review_comments"})
            QVERIFY2(!item.contains(QString::fromLatin1(absent)), absent);

        const auto rels = links(first.header("link"));
        QVERIFY(rels.contains(u"next"_s));
        QVERIFY(rels.value(u"last"_s).contains(u"page=3"_s));
        QVERIFY(!rels.contains(u"prev"_s));

        const Reply second = client.send("GET", QUrl(rels.value(u"next"_s)));
        QCOMPARE(second.status, 200);
        QCOMPARE(second.array().at(0)[u"number"_s].toInt(), 3);
        const Reply last = client.send("GET", QUrl(rels.value(u"last"_s)));
        QCOMPARE(last.array().size(), 1);
        QCOMPARE(last.array().at(0)[u"number"_s].toInt(), 1);
        const auto lastRels = links(last.header("link"));
        QVERIFY(!lastRels.contains(u"next"_s));
        QVERIFY(lastRels.value(u"first"_s).contains(u"page=1"_s));
        QVERIFY(lastRels.value(u"prev"_s).contains(u"page=2"_s));

        QCOMPARE(client.get(u"/repos/acme/shop/pulls"_s).array().size(), 4); // merged one is not open
        QCOMPARE(client.get(u"/repos/acme/shop/pulls?state=closed"_s).array().at(0)[u"merged_at"_s].isString(), true);
    }

    void filtersPullsByHeadAndSortsByUpdate()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        addPull(github, u"b"_s);
        addPull(github, u"c"_s);
        github.state().pushHead(kRepo, 1, u"1111111111111111111111111111111111111111"_s);

        const QJsonArray byHead = client.get(u"/repos/acme/shop/pulls?head=acme:b&state=all"_s).array();
        QCOMPARE(byHead.size(), 1);
        QCOMPARE(byHead.at(0)[u"number"_s].toInt(), 2);
        QCOMPARE(client.get(u"/repos/acme/shop/pulls?head=other:b"_s).array().size(), 0);

        const QJsonArray byUpdate =
            client.get(u"/repos/acme/shop/pulls?state=all&sort=updated&direction=desc&per_page=1"_s).array();
        QCOMPARE(byUpdate.at(0)[u"number"_s].toInt(), 1);
        QCOMPARE(byUpdate.at(0)[u"head"_s][u"sha"_s].toString(), u"1111111111111111111111111111111111111111"_s);
        QCOMPARE(client.get(u"/repos/acme/missing/pulls"_s).status, 404);
        QCOMPARE(client.get(u"/repos/acme/shop/pulls/99"_s).object()[u"message"_s].toString(), u"Not Found"_s);
    }

    void conditionalGetAnswers304WithoutChargingCore()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        const Reply first = client.get(u"/repos/acme/shop/pulls?state=all"_s);
        const QByteArray etag = first.header("etag");
        QVERIFY(etag.startsWith('"') && etag.endsWith('"'));
        QCOMPARE(first.header("x-ratelimit-remaining"), QByteArray("4999"));
        QCOMPARE(first.header("x-ratelimit-resource"), QByteArray("core"));

        const Reply again = client.get(u"/repos/acme/shop/pulls?state=all"_s, {{"If-None-Match", etag}});
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.isEmpty());
        QCOMPARE(again.header("etag"), etag);
        QCOMPARE(again.header("x-ratelimit-remaining"), QByteArray("4999"));
        QCOMPARE(github.budget(u"core"_s).used, 1);
        QCOMPARE(github.notModifiedCount(), 1);

        // CI results do not touch the list; a push does.
        GhCheckRun run;
        run.name = u"build"_s;
        run.conclusion = u"success"_s;
        github.state().addCheckRun(kRepo, github.state().pullRequest(kRepo, 1)->headSha, run);
        QCOMPARE(client.get(u"/repos/acme/shop/pulls?state=all"_s, {{"If-None-Match", etag}}).status, 304);
        github.state().pushHead(kRepo, 1, u"2222222222222222222222222222222222222222"_s);
        const Reply changed = client.get(u"/repos/acme/shop/pulls?state=all"_s, {{"If-None-Match", etag}});
        QCOMPARE(changed.status, 200);
        QVERIFY(changed.header("etag") != etag);
        QCOMPARE(github.notModifiedCount(), 2);
        QCOMPARE(github.requestCount(u"GET /repos/{owner}/{repo}/pulls"_s), 4);
    }

    void singlePullReportsMergeabilityAfterComputing()
    {
        FakeGithub github;
        Client client(github);
        GhPullRequest pr;
        pr.title = u"x"_s;
        pr.headRef = u"x"_s;
        pr.mergeableComputingReads = 2;
        pr.mergeStateStatus = u"BLOCKED"_s;
        github.state().addPullRequest(kRepo, pr);
        for (int read = 0; read < 2; ++read) {
            const QJsonObject computing = client.get(u"/repos/acme/shop/pulls/1"_s).object();
            QVERIFY(computing[u"mergeable"_s].isNull());
            QCOMPARE(computing[u"mergeable_state"_s].toString(), u"unknown"_s);
        }
        const QJsonObject done = client.get(u"/repos/acme/shop/pulls/1"_s).object();
        QCOMPARE(done[u"mergeable"_s].toBool(), true);
        QCOMPARE(done[u"mergeable_state"_s].toString(), u"blocked"_s);
        QCOMPARE(done[u"merged"_s].toBool(), false);
        QVERIFY(done.contains(u"additions"_s));
    }

    void mergeFollowsGithubRules()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"feature"_s);
        const QString sha = github.state().pullRequest(kRepo, 1)->headSha;
        const QString path = u"/repos/acme/shop/pulls/1/merge"_s;

        const Reply invalid = client.json("PUT", path, {{u"merge_method"_s, u"octopus"_s}, {u"sha"_s, sha}});
        QCOMPARE(invalid.status, 422);
        QCOMPARE(invalid.object()[u"message"_s].toString(), u"Validation Failed"_s);
        QCOMPARE(invalid.object()[u"errors"_s].toArray().size(), 1);
        QCOMPARE(client.json("PUT", path, {{u"merge_method"_s, u"squash"_s}, {u"sha"_s, u"f00"_s}}).status, 409);
        github.state().updatePullRequest(kRepo, 1, [](GhPullRequest &pr) { pr.mergeable = false; });
        QCOMPARE(client.json("PUT", path, {{u"merge_method"_s, u"squash"_s}, {u"sha"_s, sha}}).status, 405);
        github.state().updatePullRequest(kRepo, 1, [](GhPullRequest &pr) { pr.mergeable = true; });
        const Reply merged = client.json("PUT", path, {{u"merge_method"_s, u"squash"_s}, {u"sha"_s, sha}});
        QCOMPARE(merged.status, 200);
        QCOMPARE(merged.object()[u"merged"_s].toBool(), true);
        QCOMPARE(merged.object()[u"sha"_s].toString().size(), 40);
        const QJsonObject after = client.get(u"/repos/acme/shop/pulls/1"_s).object();
        QCOMPARE(after[u"state"_s].toString(), u"closed"_s);
        QCOMPARE(after[u"merged"_s].toBool(), true);
        QVERIFY(after[u"mergeable"_s].isNull());
        QCOMPARE(client.json("PUT", path, {{u"merge_method"_s, u"squash"_s}}).status, 405);

        QCOMPARE(client.send("DELETE", client.url(u"/repos/acme/shop/git/refs/heads/feature"_s)).status, 204);
        QVERIFY(!github.state().hasBranch(kRepo, u"feature"_s));
        QCOMPARE(client.send("DELETE", client.url(u"/repos/acme/shop/git/refs/heads/feature"_s)).status, 422);
    }

    void closesPullAndRejectsBadBodies()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        QCOMPARE(client.json("PATCH", u"/repos/acme/shop/pulls/1"_s, {{u"state"_s, u"shut"_s}}).status, 422);
        QCOMPARE(client.send("PATCH", client.url(u"/repos/acme/shop/pulls/1"_s), "{nope").status, 400);
        const Reply closed = client.json("PATCH", u"/repos/acme/shop/pulls/1"_s, {{u"state"_s, u"closed"_s}});
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.object()[u"state"_s].toString(), u"closed"_s);
        QCOMPARE(github.state().pullRequest(kRepo, 1)->state, u"closed"_s);
    }

    void servesChecksStatusesAndAnnotations()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"ci"_s);
        const QString sha = github.state().pullRequest(kRepo, 1)->headSha;
        GhWorkflowRun workflow;
        workflow.name = u"CI"_s;
        workflow.headSha = sha;
        workflow.headBranch = u"ci"_s;
        workflow.conclusion = u"failure"_s;
        GhJob job;
        job.name = u"test"_s;
        job.conclusion = u"failure"_s;
        job.steps = {GhStep{1, u"Set up job"_s, u"completed"_s, u"success"_s, {}, {}},
                     GhStep{2, u"Run tests"_s, u"completed"_s, u"failure"_s, {}, {}}};
        workflow.jobs << job;
        const qint64 runId = github.state().addWorkflowRun(kRepo, workflow);
        const qint64 jobId = github.state().workflowRun(kRepo, runId)->jobs.first().id;

        GhCheckRun old;
        old.name = u"test"_s;
        old.conclusion = u"success"_s;
        github.state().addCheckRun(kRepo, sha, old);
        GhCheckRun failing;
        failing.name = u"test"_s;
        failing.conclusion = u"failure"_s;
        failing.workflowRunId = runId;
        failing.jobId = jobId;
        failing.outputTitle = u"1 test failed"_s;
        failing.annotations << GhAnnotation{u"src/a.cpp"_s, 12, 12, u"failure"_s, u"assert"_s, u"expected 1"_s};
        const qint64 checkId = github.state().addCheckRun(kRepo, sha, failing);
        QCOMPARE(checkId, jobId);
        GhCommitStatus status;
        status.context = u"ci/external"_s;
        status.state = u"success"_s;
        github.state().addCommitStatus(kRepo, sha, status);

        const QJsonObject latest =
            client.get(u"/repos/acme/shop/commits/%1/check-runs?filter=latest&per_page=100"_s.arg(sha)).object();
        QCOMPARE(latest[u"total_count"_s].toInt(), 1);
        const QJsonObject run = latest[u"check_runs"_s].toArray().first().toObject();
        QCOMPARE(run[u"conclusion"_s].toString(), u"failure"_s);
        QCOMPARE(run[u"details_url"_s].toString(),
                 u"https://github.com/acme/shop/actions/runs/%1/job/%2"_s.arg(runId).arg(jobId));
        QCOMPARE(run[u"app"_s][u"slug"_s].toString(), u"github-actions"_s);
        QCOMPARE(run[u"output"_s][u"annotations_count"_s].toInt(), 1);
        const QJsonObject all = client.get(u"/repos/acme/shop/commits/%1/check-runs?filter=all"_s.arg(sha)).object();
        QCOMPARE(all[u"total_count"_s].toInt(), 2);
        QCOMPARE(client.get(u"/repos/acme/shop/commits/ci/check-runs"_s).object()[u"total_count"_s].toInt(), 1);
        QCOMPARE(client.get(u"/repos/acme/shop/commits/nosuchref/check-runs"_s).status, 422);

        const QJsonObject combined = client.get(u"/repos/acme/shop/commits/%1/status"_s.arg(sha)).object();
        QCOMPARE(combined[u"state"_s].toString(), u"success"_s);
        QCOMPARE(combined[u"total_count"_s].toInt(), 1);
        const QJsonObject none =
            client.get(u"/repos/acme/shop/commits/3333333333333333333333333333333333333333/status"_s).object();
        QCOMPARE(none[u"state"_s].toString(), u"pending"_s);
        QCOMPARE(none[u"total_count"_s].toInt(), 0);

        const QJsonArray annotations = client.get(u"/repos/acme/shop/check-runs/%1/annotations"_s.arg(checkId)).array();
        QCOMPARE(annotations.size(), 1);
        QCOMPARE(annotations.at(0)[u"path"_s].toString(), u"src/a.cpp"_s);
        QCOMPARE(annotations.at(0)[u"annotation_level"_s].toString(), u"failure"_s);

        const QJsonObject runs = client.get(u"/repos/acme/shop/actions/runs?head_sha=%1"_s.arg(sha)).object();
        QCOMPARE(runs[u"total_count"_s].toInt(), 1);
        QCOMPARE(runs[u"workflow_runs"_s][0][u"run_attempt"_s].toInt(), 1);
        QCOMPARE(run[u"check_suite"_s][u"id"_s].toInteger(),
                 runs[u"workflow_runs"_s][0][u"check_suite_id"_s].toInteger());
        const QJsonObject jobs =
            client.get(u"/repos/acme/shop/actions/runs/%1/jobs?filter=latest"_s.arg(runId)).object();
        const QJsonObject jobJson = jobs[u"jobs"_s][0].toObject();
        QCOMPARE(jobJson[u"id"_s].toInteger(), jobId);
        QCOMPARE(jobJson[u"steps"_s][1][u"conclusion"_s].toString(), u"failure"_s);
        QVERIFY(jobJson[u"check_run_url"_s].toString().endsWith(QString::number(jobId)));
    }

    void jobLogRedirectsToOneTimeSignedUrlThatRefusesTheToken()
    {
        FakeGithub github;
        Client client(github);
        GhWorkflowRun workflow;
        workflow.name = u"CI"_s;
        GhJob job;
        job.name = u"build"_s;
        job.conclusion = u"failure"_s;
        job.log = u"\uFEFF2026-01-05T09:00:00.0000000Z ##[error]Process completed with exit code 1.\n"_s;
        workflow.jobs << job;
        const qint64 runId = github.state().addWorkflowRun(kRepo, workflow);
        const qint64 jobId = github.state().workflowRun(kRepo, runId)->jobs.first().id;
        const QString logsPath = u"/repos/acme/shop/actions/jobs/%1/logs"_s.arg(jobId);

        const Reply redirect = client.get(logsPath);
        QCOMPARE(redirect.status, 302);
        const QUrl location(QString::fromUtf8(redirect.header("location")));
        QVERIFY(location.isValid());
        QVERIFY(location.path().startsWith(u"/_signed/logs/"_s));
        const Reply log = client.send("GET", location, {}, {}, false);
        QCOMPARE(log.status, 200);
        QCOMPARE(log.body, job.log.toUtf8()); // byte for byte, byte-order mark included
        QVERIFY(log.header("content-type").startsWith("text/plain"));
        QCOMPARE(client.send("GET", location, {}, {}, false).status, 403); // one time only

        const QUrl second(QString::fromUtf8(client.get(logsPath).header("location")));
        QVERIFY(second != location);
        QCOMPARE(github.signedUrlViolations(), 0);
        QCOMPARE(client.send("GET", second).status, 403); // carries the token
        QCOMPARE(github.signedUrlViolations(), 1);
        QCOMPARE(client.send("GET", second, {}, {}, false).status, 200);
        const auto &entries = github.requestLog();
        const auto leaked = std::count_if(entries.begin(), entries.end(), [](const RequestRecord &r) {
            return r.resource == u"signed"_s && r.hadAuthorization;
        });
        QCOMPARE(leaked, 1);
        QCOMPARE(github.resourceRequestCount(u"signed"_s), 4);

        github.setLogUrlLifetimeMs(50);
        const QUrl expiring(QString::fromUtf8(client.get(logsPath).header("location")));
        QTest::qWait(120);
        QCOMPARE(client.send("GET", expiring, {}, {}, false).status, 403);
        QCOMPARE(client.get(u"/repos/acme/shop/actions/jobs/424242/logs"_s).status, 404);
    }

    void refusesMissingCredentialsAndUserAgent()
    {
        FakeGithub github;
        Client client(github);
        const Reply anonymous = client.send("GET", client.url(u"/user"_s), {}, {}, false);
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(anonymous.object()[u"message"_s].toString(), u"Bad credentials"_s);
        QVERIFY(anonymous.object().contains(u"documentation_url"_s));
        QCOMPARE(client.get(u"/user"_s, {{"Authorization", "Bearer wrong"}}).status, 401);
        const Reply me = client.get(u"/user"_s);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.object()[u"login"_s].toString(), github.state().viewerLogin());

        // QNetworkAccessManager always adds a User-Agent, so speak HTTP directly.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(github.baseUrl().port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /user HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + github.token().toUtf8()
                     + "\r\nConnection: close\r\n\r\n");
        QByteArray raw;
        QElapsedTimer clock;
        clock.start();
        while (!raw.contains("\r\n\r\n") && clock.elapsed() < 5000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            raw += socket.readAll();
        }
        QVERIFY2(raw.startsWith("HTTP/1.1 403"), raw.constData());
    }

    void primaryLimitRefusesUntilReset()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        github.exhaustRateLimit(u"core"_s, 1);
        const Reply limited = client.get(u"/repos/acme/shop/pulls"_s);
        QCOMPARE(limited.status, 403);
        QVERIFY(limited.object()[u"message"_s].toString().startsWith(u"API rate limit exceeded"_s));
        QCOMPARE(limited.header("x-ratelimit-remaining"), QByteArray("0"));
        const qint64 reset = limited.header("x-ratelimit-reset").toLongLong();
        QVERIFY(reset >= QDateTime::currentSecsSinceEpoch());

        // /rate_limit still answers and costs nothing.
        const QJsonObject quota = client.get(u"/rate_limit"_s).object();
        QCOMPARE(quota[u"resources"_s][u"core"_s][u"remaining"_s].toInt(), 0);
        QCOMPARE(quota[u"resources"_s][u"graphql"_s][u"remaining"_s].toInt(), 5000);

        QTest::qWait(static_cast<int>(reset * 1000 - QDateTime::currentMSecsSinceEpoch()) + 50);
        const Reply after = client.get(u"/repos/acme/shop/pulls"_s);
        QCOMPARE(after.status, 200);
        QCOMPARE(after.header("x-ratelimit-remaining"), QByteArray("4999"));
        const auto &entries = github.requestLog();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0).status, 403);
        QVERIFY(entries.at(2).at.toSecsSinceEpoch() >= reset);
    }

    void secondaryLimitAnswers429WithRetryAfter()
    {
        FakeGithub github;
        Client client(github);
        github.answerWithSecondaryLimit(2, 7);
        for (int i = 0; i < 2; ++i) {
            const Reply limited = client.get(u"/user"_s);
            QCOMPARE(limited.status, 429);
            QCOMPARE(limited.header("retry-after"), QByteArray("7"));
            QVERIFY(limited.object()[u"message"_s].toString().contains(u"secondary rate limit"_s));
        }
        QCOMPARE(client.get(u"/user"_s).status, 200);
        QCOMPARE(github.budget(u"core"_s).used, 1);
    }

    void injectsFaultsPerPath()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        github.injectFault(
            Fault{FaultKind::BadGatewayHtml, QRegularExpression(u"^/repos/[^/]+/[^/]+/pulls$"_s), {}, 1});
        const Reply gateway = client.get(u"/repos/acme/shop/pulls"_s);
        QCOMPARE(gateway.status, 502);
        QVERIFY(gateway.header("content-type").startsWith("text/html"));
        QCOMPARE(client.get(u"/repos/acme/shop/pulls"_s).status, 200);

        github.injectFault(Fault{FaultKind::MalformedJson, QRegularExpression(u"^/graphql$"_s), "POST", 1});
        const Reply malformed = client.graphql(u"{ rateLimit { remaining } }"_s);
        QCOMPARE(malformed.status, 200);
        QJsonParseError parseError;
        QJsonDocument::fromJson(malformed.body, &parseError);
        QVERIFY(parseError.error != QJsonParseError::NoError);

        github.injectFault(Fault{FaultKind::ServerError, QRegularExpression(u"/user"_s), {}, 2});
        QCOMPARE(client.get(u"/user"_s).status, 500);
        QCOMPARE(client.get(u"/user"_s).status, 500);
        QCOMPARE(client.get(u"/user"_s).status, 200);

        Fault slow{FaultKind::Hang, QRegularExpression(u"^/user$"_s), {}, 1, 300};
        github.injectFault(slow);
        const Reply late = client.get(u"/user"_s);
        QCOMPARE(late.status, 200);
        QVERIFY(late.elapsedMs >= 280);

        github.injectFault(Fault{FaultKind::Hang, QRegularExpression(u"^/rate_limit$"_s), {}, -1, -1});
        const Reply stuck = client.send("GET", client.url(u"/rate_limit"_s), {}, {}, true, 300);
        QCOMPARE(stuck.error, QNetworkReply::OperationCanceledError);
        QCOMPARE(github.pendingRequests(), 1);
        github.clearFaults();
        QCOMPARE(client.get(u"/rate_limit"_s).status, 200);
    }

    void hungRequestFailsWhenTheFakeGoesAway()
    {
        auto github = std::make_unique<FakeGithub>();
        Client client(*github);
        github->injectFault(Fault{FaultKind::Hang, QRegularExpression(u"/user"_s), {}, -1, -1});
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(github->baseUrl().toString() + u"/user"_s));
        request.setRawHeader("Authorization", "Bearer " + github->token().toUtf8());
        QNetworkReply *reply = nam.get(request);
        QTRY_COMPARE(github->pendingRequests(), 1);
        github.reset();
        QTRY_VERIFY(reply->isFinished());
        QVERIFY(reply->error() != QNetworkReply::NoError);
        delete reply;
    }

    void countsRequestsByPatternAndResource()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        client.get(u"/repos/acme/shop/pulls"_s);
        client.get(u"/repos/acme/shop/pulls/1"_s);
        client.get(u"/repos/acme/shop/pulls/1"_s);
        client.graphql(u"{ rateLimit { remaining } }"_s);
        client.send("GET", client.url(u"/nowhere"_s), {}, {}, false);
        QCOMPARE(github.requestCount(), 5);
        QCOMPARE(github.requestCount(u"GET /repos/{owner}/{repo}/pulls/{number}"_s), 2);
        QCOMPARE(github.requestCount(u"POST /graphql"_s), 1);
        QCOMPARE(github.resourceRequestCount(u"core"_s), 4);
        QCOMPARE(github.resourceRequestCount(u"graphql"_s), 1);
        const auto &entries = github.requestLog();
        QCOMPARE(entries.last().status, 401);
        QVERIFY(!entries.last().hadAuthorization);
        QCOMPARE(entries.first().method, QByteArray("GET"));
        QCOMPARE(entries.first().path, u"/repos/acme/shop/pulls"_s);
        QVERIFY(entries.first().at.isValid());
        github.resetCounters();
        QCOMPARE(github.requestCount(), 0);
    }

    void servesEnterpriseLayoutAndPrefix()
    {
        FakeGithub::Options options;
        options.prefix = u"/gh"_s;
        FakeGithub github(options);
        Client client(github);
        addPull(github, u"a"_s);
        QVERIFY(github.baseUrl().toString().endsWith(u"/gh"_s));
        QCOMPARE(client.get(u"/repos/acme/shop/pulls/1"_s).status, 200);
        QCOMPARE(client.send("GET", QUrl(github.enterpriseBaseUrl().toString() + u"/repos/acme/shop/pulls/1"_s)).status,
                 200);
        const QByteArray query = R"({"query":"{ rateLimit { limit } }"})";
        const Reply gql = client.send("POST", github.enterpriseGraphqlUrl(), query);
        QCOMPARE(gql.object()[u"data"_s][u"rateLimit"_s][u"limit"_s].toInt(), 5000);
        QCOMPARE(client.send("GET", QUrl(u"http://127.0.0.1:%1/repos/acme/shop/pulls/1"_s.arg(github.baseUrl().port())))
                     .status,
                 404);
    }

    void reviewsAndLineCommentsOverRest()
    {
        FakeGithub github;
        Client client(github);
        addPull(github, u"a"_s);
        github.state().addReview(kRepo, 1,
                                 GhReview{0, GhActor{u"dependabot[bot]"_s, true}, u"COMMENTED"_s, u"hi"_s, {}, {}});
        github.state().addReview(kRepo, 1, GhReview{0, GhActor{u"bob"_s, false}, u"APPROVED"_s, {}, {}, {}});
        const QJsonArray reviews = client.get(u"/repos/acme/shop/pulls/1/reviews?per_page=100"_s).array();
        QCOMPARE(reviews.size(), 2);
        QCOMPARE(reviews.at(0)[u"user"_s][u"type"_s].toString(), u"Bot"_s);
        QCOMPARE(reviews.at(1)[u"state"_s].toString(), u"APPROVED"_s);
        QCOMPARE(reviews.at(1)[u"commit_id"_s].toString(), github.state().pullRequest(kRepo, 1)->headSha);
        QCOMPARE(client.get(u"/repos/acme/shop/pulls/1/comments"_s).array().size(), 0);
    }

    void issuesListIncludesPullsAndSupportsEdits()
    {
        FakeGithub github;
        Client client(github);
        GhIssue bug;
        bug.title = u"Crash"_s;
        bug.body = u"It crashes"_s;
        bug.labels = {u"bug"_s, u"agent"_s};
        bug.assignees = {u"alice"_s};
        github.state().addIssue(kRepo, bug);
        GhIssue idea;
        idea.title = u"Idea"_s;
        github.state().addIssue(kRepo, idea);
        addPull(github, u"fix-crash"_s);

        const QJsonArray open = client.get(u"/repos/acme/shop/issues?state=open&per_page=100"_s).array();
        QCOMPARE(open.size(), 3);
        QCOMPARE(open.at(0)[u"number"_s].toInt(), 3);
        QVERIFY(open.at(0).toObject().contains(u"pull_request"_s));
        QVERIFY(!open.at(1).toObject().contains(u"pull_request"_s));
        const QJsonArray labelled = client.get(u"/repos/acme/shop/issues?labels=bug,agent&assignee=alice"_s).array();
        QCOMPARE(labelled.size(), 1);
        QCOMPARE(labelled.at(0)[u"labels"_s][0][u"name"_s].toString(), u"bug"_s);
        QCOMPARE(client.get(u"/repos/acme/shop/issues?assignee=none"_s).array().size(), 2);

        const QJsonObject one = client.get(u"/repos/acme/shop/issues/1"_s).object();
        QCOMPARE(one[u"title"_s].toString(), u"Crash"_s);
        QCOMPARE(one[u"assignees"_s][0][u"login"_s].toString(), u"alice"_s);
        QVERIFY(one[u"state_reason"_s].isNull());

        const Reply closed = client.json("PATCH", u"/repos/acme/shop/issues/1"_s,
                                         {{u"state"_s, u"closed"_s}, {u"state_reason"_s, u"not_planned"_s}});
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.object()[u"state"_s].toString(), u"closed"_s);
        QCOMPARE(closed.object()[u"state_reason"_s].toString(), u"not_planned"_s);
        QCOMPARE(client.json("PATCH", u"/repos/acme/shop/issues/1"_s, {{u"state"_s, u"gone"_s}}).status, 422);

        const Reply added =
            client.json("POST", u"/repos/acme/shop/issues/2/labels"_s, {{u"labels"_s, QJsonArray{u"flotilla"_s}}});
        QCOMPARE(added.status, 200);
        QCOMPARE(added.array().at(0)[u"name"_s].toString(), u"flotilla"_s);
        QCOMPARE(client.send("DELETE", client.url(u"/repos/acme/shop/issues/2/labels/flotilla"_s)).status, 200);
        QCOMPARE(client.send("DELETE", client.url(u"/repos/acme/shop/issues/2/labels/flotilla"_s)).status, 404);
        QVERIFY(github.state().issue(kRepo, 2)->labels.isEmpty());

        const Reply posted =
            client.json("POST", u"/repos/acme/shop/issues/3/comments"_s, {{u"body"_s, u"CI is green"_s}});
        QCOMPARE(posted.status, 201);
        QCOMPARE(client.json("POST", u"/repos/acme/shop/issues/3/comments"_s, QJsonObject{}).status, 422);
        const QJsonArray conversation = client.get(u"/repos/acme/shop/issues/3/comments"_s).array();
        QCOMPARE(conversation.size(), 1);
        QCOMPARE(conversation.at(0)[u"body"_s].toString(), u"CI is green"_s);
        QCOMPARE(client.get(u"/repos/acme/shop/issues/99"_s).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestFakeGithub)
#include "tst_fake_github.moc"
