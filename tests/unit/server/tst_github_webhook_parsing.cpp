#include "github_webhook.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace flotilla;
using namespace flotilla::githubwebhook;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kSecret = "It's a Secret to Everybody";
const QString kSha = u"6dcb09b5b57875f334f61aebed695e2e4193db5e"_s;

QByteArray hexMac(const QByteArray &body, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

// The signature check and the event → session matching, fed what a hostile sender could send.
class TestGithubWebhookParsing final : public QObject
{
    Q_OBJECT

private slots:
    void verifiesGithubsOwnExample()
    {
        // The example in GitHub's documentation on validating deliveries.
        QVERIFY(signatureMatches("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                                 "Hello, World!", kSecret));
        QVERIFY(!signatureMatches("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                                  "Hello, World?", kSecret));
    }

    void checksSignatures_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<bool>("matches");
        const QByteArray body = R"({"zen":"Design for failure."})";
        const QByteArray mac = hexMac(body, kSecret);
        QTest::newRow("valid") << "sha256=" + mac << body << kSecret << true;
        QTest::newRow("upper-case hex") << "sha256=" + mac.toUpper() << body << kSecret << true;
        QTest::newRow("upper-case scheme") << "SHA256=" + mac << body << kSecret << true;
        QTest::newRow("surrounding space") << " sha256=" + mac + " " << body << kSecret << true;
        QTest::newRow("empty body") << "sha256=" + hexMac({}, kSecret) << QByteArray() << kSecret << true;
        QTest::newRow("one hex digit short") << "sha256=" + mac.left(63) << body << kSecret << false;
        QTest::newRow("one hex digit long") << "sha256=" + mac + "0" << body << kSecret << false;
        QTest::newRow("non-hex digit") << "sha256=" + mac.left(63) + "g" << body << kSecret << false;
        QTest::newRow("space inside") << "sha256=" + mac.left(32) + " " + mac.mid(33) << body << kSecret << false;
        QTest::newRow("nul inside") << "sha256=" + mac.left(32) + '\0' + mac.mid(33) << body << kSecret << false;
        QTest::newRow("no scheme") << mac << body << kSecret << false;
        QTest::newRow("sha1 scheme") << "sha1=" + mac << body << kSecret << false;
        QTest::newRow("empty header") << QByteArray() << body << kSecret << false;
        QTest::newRow("scheme only") << QByteArray("sha256=") << body << kSecret << false;
        QTest::newRow("other secret") << "sha256=" + hexMac(body, "guess") << body << kSecret << false;
        QTest::newRow("other body") << "sha256=" + mac << body + "\n" << kSecret << false;
        QTest::newRow("no secret") << "sha256=" + hexMac(body, {}) << body << QByteArray() << false;
        QTest::newRow("huge header") << "sha256=" + QByteArray(1 << 20, 'a') << body << kSecret << false;
        QTest::newRow("raw digest") << "sha256=" + QByteArray::fromHex(mac) << body << kSecret << false;
    }

    void checksSignatures()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, secret);
        QFETCH(bool, matches);
        QCOMPARE(signatureMatches(header, body, secret), matches);
    }

    void readsPayloads()
    {
        auto payload = payloadOf(R"({"action":"opened"})", "application/json; charset=utf-8");
        QVERIFY(payload);
        QCOMPARE(payload->value(u"action"_s).toString(), u"opened"_s);

        const QByteArray json = R"({"action":"opened","title":"a+b & c"})";
        payload = payloadOf("other=1&payload=" + json.toPercentEncoding(), "Application/X-WWW-Form-Urlencoded");
        QVERIFY(payload);
        QCOMPARE(payload->value(u"title"_s).toString(), u"a+b & c"_s);
        payload = payloadOf("payload=%7B%22title%22%3A%22two+words%22%7D", "application/x-www-form-urlencoded");
        QVERIFY(payload);
        QCOMPARE(payload->value(u"title"_s).toString(), u"two words"_s);
    }

    void refusesWhatIsNoPayload_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("empty") << QByteArray() << QByteArray("application/json");
        QTest::newRow("truncated") << QByteArray(R"({"repository":{)") << QByteArray("application/json");
        QTest::newRow("array") << QByteArray("[1,2]") << QByteArray("application/json");
        QTest::newRow("null") << QByteArray("null") << QByteArray("application/json");
        QTest::newRow("number") << QByteArray("1e999") << QByteArray("application/json");
        QTest::newRow("deep nesting") << QByteArray(100000, '[') << QByteArray("application/json");
        QTest::newRow("binary") << QByteArray("\xff\xfe\x00{", 4) << QByteArray();
        QTest::newRow("form without payload") << QByteArray("zen=1") << QByteArray("application/x-www-form-urlencoded");
        QTest::newRow("form with a broken payload")
            << QByteArray("payload=%7B%7") << QByteArray("application/x-www-form-urlencoded");
    }

    void refusesWhatIsNoPayload()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        const auto payload = payloadOf(body, contentType);
        QVERIFY(!payload);
        QCOMPARE(payload.error().code, u"api.invalid_json"_s);
    }

    void findsPullRequestsOfEveryEvent()
    {
        auto targets = targetsOf(u"pull_request_review"_s, parse(R"({"pull_request":{"number":7,
            "head":{"ref":"feat/x","sha":"6DCB09B5B57875F334F61AEBED695E2E4193DB5E"}},
            "repository":{"full_name":"Acme/Shop"}})"));
        QCOMPARE(targets.repository, u"Acme/Shop"_s);
        QCOMPARE(targets.pullRequests, QList<int>{7});
        QCOMPARE(targets.branches, QStringList{u"feat/x"_s});
        QCOMPARE(targets.headShas, QStringList{kSha}); // lower-cased

        targets = targetsOf(u"issue_comment"_s, parse(R"({"issue":{"number":8,"pull_request":{"url":"u"}}})"));
        QCOMPARE(targets.pullRequests, QList<int>{8});
        // A comment on a plain issue names no pull request.
        QVERIFY(targetsOf(u"issue_comment"_s, parse(R"({"issue":{"number":8}})")).isEmpty());
        QVERIFY(targetsOf(u"issue_comment"_s, parse(R"({"issue":{"number":8,"pull_request":null}})")).isEmpty());
        QVERIFY(targetsOf(u"issues"_s, parse(R"({"issue":{"number":8,"pull_request":{}}})")).isEmpty());

        targets =
            targetsOf(u"check_run"_s, parse(R"({"check_run":{"head_sha":"6dcb09b5b57875f334f61aebed695e2e4193db5e",
            "check_suite":{"head_branch":"feat/y"},"pull_requests":[{"number":3},{"number":"4"},null,5,{"number":3}]}})"));
        QCOMPARE(targets.pullRequests, QList<int>{3});
        QCOMPARE(targets.branches, QStringList{u"feat/y"_s});
        QCOMPARE(targets.headShas, QStringList{kSha});

        targets = targetsOf(u"check_suite"_s,
                            parse(R"({"check_suite":{"head_branch":"feat/z","pull_requests":[{"number":9}]}})"));
        QCOMPARE(targets.pullRequests, QList<int>{9});
        QCOMPARE(targets.branches, QStringList{u"feat/z"_s});
        targets = targetsOf(u"workflow_run"_s,
                            parse(R"({"workflow_run":{"head_branch":"feat/w","pull_requests":[{"number":10}]}})"));
        QCOMPARE(targets.pullRequests, QList<int>{10});
        QCOMPARE(targets.branches, QStringList{u"feat/w"_s});
        QCOMPARE(targetsOf(u"workflow_job"_s, parse(R"({"workflow_job":{"head_branch":"feat/j"}})")).branches,
                 QStringList{u"feat/j"_s});
        QCOMPARE(targetsOf(u"status"_s, parse(R"({"sha":"6dcb09b5b57875f334f61aebed695e2e4193db5e"})")).headShas,
                 QStringList{kSha});
    }

    void readsPushRefs()
    {
        auto targets = targetsOf(
            u"push"_s, parse(R"({"ref":"refs/heads/feat/a/b","after":"6dcb09b5b57875f334f61aebed695e2e4193db5e"})"));
        QCOMPARE(targets.branches, QStringList{u"feat/a/b"_s});
        QCOMPARE(targets.headShas, QStringList{kSha});
        // Tags are no branches; a deleted branch's `after` is no commit.
        QVERIFY(targetsOf(u"push"_s, parse(R"({"ref":"refs/tags/v1"})")).isEmpty());
        targets = targetsOf(
            u"push"_s,
            parse(R"({"ref":"refs/heads/gone","after":"0000000000000000000000000000000000000000","deleted":true})"));
        QCOMPARE(targets.branches, QStringList{u"gone"_s});
        QVERIFY(targets.headShas.isEmpty());
        // `ref` of other events is not read as a branch.
        QVERIFY(targetsOf(u"create"_s, parse(R"({"ref":"refs/heads/feat/c","ref_type":"branch"})")).isEmpty());
    }

    void ignoresMalformedValues_data()
    {
        QTest::addColumn<QByteArray>("pullRequest");
        QTest::newRow("huge number") << QByteArray(R"({"number":1e300})");
        QTest::newRow("past int") << QByteArray(R"({"number":2147483648})");
        QTest::newRow("negative") << QByteArray(R"({"number":-7})");
        QTest::newRow("zero") << QByteArray(R"({"number":0})");
        QTest::newRow("fraction") << QByteArray(R"({"number":7.5})");
        QTest::newRow("string") << QByteArray(R"({"number":"7"})");
        QTest::newRow("null number") << QByteArray(R"({"number":null})");
        QTest::newRow("object number") << QByteArray(R"({"number":{"n":7}})");
        QTest::newRow("null pull request") << QByteArray("null");
        QTest::newRow("array pull request") << QByteArray("[7]");
        QTest::newRow("string pull request") << QByteArray(R"("7")");
        QTest::newRow("null head") << QByteArray(R"({"head":null})");
        QTest::newRow("numeric ref") << QByteArray(R"({"head":{"ref":42,"sha":42}})");
        QTest::newRow("empty ref") << QByteArray(R"({"head":{"ref":"","sha":""}})");
        QTest::newRow("short sha") << QByteArray(R"({"head":{"sha":"6dcb09b"}})");
        QTest::newRow("non-hex sha") << QByteArray(R"({"head":{"sha":"zzzb09b5b57875f334f61aebed695e2e4193db5e"}})");
    }

    void ignoresMalformedValues()
    {
        QFETCH(QByteArray, pullRequest);
        const QJsonObject payload =
            parse(R"({"repository":{"full_name":"Acme/Shop"},"pull_request":)" + pullRequest + "}");
        QVERIFY(!payload.isEmpty());
        QVERIFY(targetsOf(u"pull_request"_s, payload).isEmpty());
    }

    void acceptsTheLargestNumber()
    {
        QCOMPARE(targetsOf(u"pull_request"_s, parse(R"({"pull_request":{"number":2147483647}})")).pullRequests,
                 QList<int>{2147483647});
    }

    void ignoresRepositoriesThatAreNotNames()
    {
        QVERIFY(targetsOf(u"ping"_s, parse(R"({"repository":null})")).repository.isEmpty());
        QVERIFY(targetsOf(u"ping"_s, parse(R"({"repository":{"full_name":7}})")).repository.isEmpty());
        QVERIFY(targetsOf(u"ping"_s, parse(R"({"repository":"Acme/Shop"})")).repository.isEmpty());
        QVERIFY(targetsOf(u"ping"_s, QJsonObject()).isEmpty());
        QVERIFY(targetsOf(QString(), parse(R"({"pull_request":{"number":1}})")).isEmpty());
    }

    void copesWithLongLists()
    {
        QJsonArray pullRequests;
        for (int i = 1; i <= 50000; ++i)
            pullRequests.append(QJsonObject{{u"number"_s, i % 1000 + 1}});
        const DeliveryTargets targets = targetsOf(
            u"check_suite"_s, QJsonObject{{u"check_suite"_s, QJsonObject{{u"pull_requests"_s, pullRequests}}}});
        QCOMPARE(targets.pullRequests.size(), 1000);
    }

    void matchesSessions()
    {
        const QList<SessionCandidate> sessions = {
            {u"shop-1"_s, u"Acme/Shop"_s, u"feat/issue-1"_s, 7, kSha},
            {u"shop-2"_s, u"Acme/Shop"_s, u"feat/issue-2"_s, 0, {}},
            {u"docs-1"_s, u"acme/docs"_s, u"feat/issue-1"_s, 7, {}},
            {u"shop-3"_s, u"Acme/Shop"_s, {}, 0, {}},
        };
        DeliveryTargets targets;
        targets.repository = u"ACME/shop"_s;
        targets.pullRequests = {7};
        QCOMPARE(matchingSessions(targets, sessions), QStringList{u"shop-1"_s});
        targets.pullRequests.clear();
        targets.branches = {u"feat/issue-1"_s, u"feat/issue-2"_s};
        QCOMPARE(matchingSessions(targets, sessions), (QStringList{u"shop-1"_s, u"shop-2"_s}));
        targets.branches = {u"FEAT/ISSUE-2"_s}; // git branch names are case-sensitive
        QVERIFY(matchingSessions(targets, sessions).isEmpty());
        targets.branches.clear();
        targets.headShas = {kSha};
        QCOMPARE(matchingSessions(targets, sessions), QStringList{u"shop-1"_s});
        targets.repository = u"acme/docs"_s;
        targets.headShas.clear();
        targets.pullRequests = {7};
        QCOMPARE(matchingSessions(targets, sessions), QStringList{u"docs-1"_s});
    }

    void matchesNothingWithoutRepositoryOrTargets()
    {
        const QList<SessionCandidate> sessions = {{u"shop-1"_s, u"Acme/Shop"_s, u"feat/issue-1"_s, 7, kSha},
                                                  {u"shop-1"_s, u"Acme/Shop"_s, u"feat/issue-1"_s, 7, kSha},
                                                  {QString(), u"Acme/Shop"_s, u"feat/issue-1"_s, 7, kSha}};
        DeliveryTargets targets;
        targets.pullRequests = {7};
        QVERIFY(matchingSessions(targets, sessions).isEmpty()); // no repository named
        targets.repository = u"Acme/Shop"_s;
        QCOMPARE(matchingSessions(targets, sessions), QStringList{u"shop-1"_s}); // once, ids only
        targets.pullRequests.clear();
        QVERIFY(matchingSessions(targets, sessions).isEmpty());
        targets.repository = u"Acme/Shop2"_s;
        targets.pullRequests = {7};
        QVERIFY(matchingSessions(targets, sessions).isEmpty());
        QVERIFY(matchingSessions(targets, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGithubWebhookParsing)
#include "tst_github_webhook_parsing.moc"
