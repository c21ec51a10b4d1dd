#include "plugin/external/external_json.h"
#include "plugin/external/external_model_json.h"
#include "plugin/external/external_templates.h"
#include "plugin/external/log_redactor.h"

#include <QJsonDocument>
#include <QTest>

using namespace flotilla;
using namespace flotilla::external;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kNoon(QDate(2025, 3, 1), QTime(12, 0, 0, 250), Qt::UTC);

template<typename T> QJsonObject roundTrip(const T &value)
{
    T decoded;
    const auto problem = decodeJson(toJson(value), decoded, u"result"_s);
    if (problem)
        qWarning("%s", qPrintable(*problem));
    return problem ? QJsonObject{{u"problem"_s, *problem}} : toJson(decoded);
}

template<typename T> QString problemOf(const QByteArray &json)
{
    T decoded;
    return decodeJson(QJsonDocument::fromJson(json).object(), decoded, u"result"_s).value_or(QString());
}

SessionRecord fullSession()
{
    SessionRecord session;
    session.id = u"app-3"_s;
    session.projectId = u"app"_s;
    session.kind = SessionKind::Orchestrator;
    session.issueId = u"INT-100"_s;
    session.displayName = u"Fix login"_s;
    session.branch = u"feat/INT-100"_s;
    session.workspacePath = u"/work/app-3"_s;
    session.agent = u"claude-code"_s;
    session.identity = u"bot"_s;
    session.summary = u"fixed it"_s;
    session.state = SessionState::NeedsInput;
    session.reason = SessionReason::AwaitingUserInput;
    session.pr = {PrState::Open, PrReason::CiFailing, 12,   u"https://x/12"_s,  u"Fix"_s,
                  u"abc"_s,      u"main"_s,           true, PrCiState::Failing, PrReviewState::Pending,
                  kNoon};
    session.runtime = {RuntimeState::Alive, RuntimeReason::ProcessRunning, u"tmux-3"_s, kNoon};
    session.activity = {ActivityState::WaitingInput, kNoon};
    session.cost = {1200, 300, 0.42};
    session.budgetUsd = 5.0;
    session.createdAt = kNoon;
    session.lastTransitionAt = kNoon.addSecs(60);
    session.extra = {{u"agentSessionId"_s, u"uuid-1"_s}};
    return session;
}

} // namespace

class TestExternalJson final : public QObject
{
    Q_OBJECT

private slots:
    void modelTypesRoundTrip()
    {
        const SessionRecord session = fullSession();
        const QJsonObject wire = toJson(session);
        QCOMPARE(wire.value(u"state").toString(), u"needs_input"_s);
        QCOMPARE(wire.value(u"pr").toObject().value(u"reason").toString(), u"ci_failing"_s);
        QCOMPARE(wire.value(u"createdAt").toString(), u"2025-03-01T12:00:00.250Z"_s);
        QVERIFY(wire.value(u"completedAt").isNull());
        QCOMPARE(roundTrip(session), wire);

        SessionRecord unbudgeted = session;
        unbudgeted.budgetUsd.reset();
        QVERIFY(toJson(unbudgeted).value(u"budgetUsd").isNull());
        QCOMPARE(roundTrip(unbudgeted), toJson(unbudgeted));

        Notification notification;
        notification.event = {u"e-1"_s,       u"ci.failing"_s,    Priority::Warning, u"app-3"_s,
                              u"app"_s,       u"lifecycle"_s,     u"bot"_s,          kNoon,
                              u"CI failed"_s, {{u"attempt"_s, 2}}};
        notification.title = u"CI failed"_s;
        notification.link = QUrl(u"https://x/12"_s);
        QCOMPARE(roundTrip(notification), toJson(notification));
        QVERIFY(toJson(notification).value(u"decision").isNull());
        Decision decision;
        decision.id = u"d-1"_s;
        decision.state = Decision::State::Answered;
        decision.options = {u"approve"_s};
        decision.answeredAt = kNoon;
        notification.decision = decision;
        QCOMPARE(toJson(notification).value(u"decision").toObject().value(u"state").toString(), u"answered"_s);
        QCOMPARE(roundTrip(notification), toJson(notification));
    }

    void slotTypesRoundTrip()
    {
        PrSnapshot snapshot;
        snapshot.state = PrState::Open;
        snapshot.number = 12;
        snapshot.ciStatus = PrSnapshot::CiStatus::Failing;
        snapshot.checks = {{u"build"_s, CiCheck::Status::Failed, u"failure"_s, u"https://ci/1"_s, u"error: x"_s, {}},
                           {u"lint"_s, CiCheck::Status::Passed, {}, {}, {}, {}}};
        snapshot.reviewDecision = PrSnapshot::ReviewDecision::ChangesRequested;
        snapshot.reviewRequired = false;
        ReviewComment comment;
        comment.id = u"c-1"_s;
        comment.line = 7;
        comment.createdAt = kNoon;
        snapshot.unresolvedComments = {comment};
        QCOMPARE(toJson(snapshot).value(u"reviewDecision").toString(), u"changes_requested"_s);
        QCOMPARE(roundTrip(snapshot), toJson(snapshot));

        AgentLaunch launch{{u"agent"_s, u"--fast"_s}, {{u"K"_s, u"v"_s}}, AgentLaunch::PromptDelivery::Inline, {}};
        QCOMPARE(toJson(launch).value(u"promptDelivery").toString(), u"inline"_s);
        QCOMPARE(roundTrip(launch), toJson(launch));

        ActivityReading reading{ActivityState::Blocked, kNoon, ActivityReading::Confidence::ProbeFailure,
                                ActivityReading::Source::Hook, u"error in log"_s};
        QCOMPARE(roundTrip(reading), toJson(reading));

        IssueQuery query;
        query.state = Issue::State::InProgress;
        query.limit = 5;
        QCOMPARE(toJson(query).value(u"state").toString(), u"in_progress"_s);
        QCOMPARE(roundTrip(query), toJson(query));
        QVERIFY(toJson(IssueQuery{}).value(u"state").isNull());

        AgentLaunchContext context{fullSession(), u"do it"_s, u"rules"_s, u"opus"_s, u"default"_s, {{u"x"_s, 1}}};
        QCOMPARE(roundTrip(context), toJson(context));
        QCOMPARE(roundTrip(RuntimeLaunch{u"s"_s, u"/w"_s, {u"a"_s}, {{u"K"_s, u"V"_s}}}),
                 toJson(RuntimeLaunch{u"s"_s, u"/w"_s, {u"a"_s}, {{u"K"_s, u"V"_s}}}));
        QCOMPARE(roundTrip(WorkspaceRequest{u"p"_s, u"/r"_s, u"s"_s, u"b"_s, u"main"_s, {u".env"_s}, {u"make"_s}}),
                 toJson(WorkspaceRequest{u"p"_s, u"/r"_s, u"s"_s, u"b"_s, u"main"_s, {u".env"_s}, {u"make"_s}}));
        QCOMPARE(roundTrip(PrLookup{u"app-3"_s, u"o/r"_s, u"feat/x"_s, 3}),
                 toJson(PrLookup{u"app-3"_s, u"o/r"_s, u"feat/x"_s, 3}));
    }

    void defaultsAndAuditKeysWhenFieldsAreMissing()
    {
        PrSnapshot snapshot;
        QVERIFY(!decodeJson(QJsonObject{{u"number"_s, 3}}, snapshot, u"result"_s));
        QVERIFY(snapshot.reviewRequired);
        Availability availability;
        QVERIFY(!decodeJson(QJsonObject{}, availability, u"result"_s));
        QVERIFY(availability.available);

        SpawnContribution contribution;
        QVERIFY(!decodeJson(QJsonObject{{u"environment"_s, QJsonObject{{u"GH_TOKEN"_s, u"t"_s}}}}, contribution,
                            u"result"_s));
        QCOMPARE(contribution.environmentKeysForAudit, QStringList{u"GH_TOKEN"_s});
    }

    void malformedFieldsAreNamedByPath()
    {
        QCOMPARE(problemOf<PrSnapshot>(R"({"checks": [{"name": "a"}, {"name": "b", "status": "green"}]})"),
                 u"result.checks[1].status: expected one of pending, running, passed, failed, skipped"_s);
        QCOMPARE(problemOf<Issue>(R"({"title": "no id"})"), u"result.id: expected a non-empty string"_s);
        QCOMPARE(problemOf<Issue>(R"({"id": "1", "labels": ["a", 2]})"),
                 u"result.labels: expected an array of strings"_s);
        QCOMPARE(problemOf<RuntimeProbe>(R"({"alive": "yes"})"), u"result.alive: expected true or false"_s);
        QCOMPARE(problemOf<ReviewComment>(R"({"id": "c", "line": 2.5})"), u"result.line: expected an integer"_s);
        QCOMPARE(problemOf<ActivityReading>(R"({"at": "yesterday"})"),
                 u"result.at: expected an ISO 8601 date and time"_s);
        QCOMPARE(problemOf<SpawnContribution>(R"({"environment": {"A": 1}})"),
                 u"result.environment: expected an object of strings"_s);
        RuntimeHandle handle;
        QCOMPARE(decodeJson(QJsonValue(u"tmux-1"_s), handle, u"result"_s).value_or(QString()),
                 u"result: expected an object"_s);
    }

    void templatesExpandLocally()
    {
        const TemplateValues values{{u"model"_s, QString()}, {u"prompt"_s, u"fix {it}"_s}, {u"id"_s, u"42"_s}};
        QCOMPARE(expandArguments({u"agent"_s, u"--model"_s, u"{model}"_s, u"--"_s, u"{prompt}"_s}, values),
                 (QStringList{u"agent"_s, u"--model"_s, u"--"_s, u"fix {it}"_s}));
        QCOMPARE(expandTemplate(u"feat/{id}-{unknown}"_s, values), u"feat/42-{unknown}"_s);
        QVERIFY(!allPlaceholdersFilled({u"--resume"_s, u"{model}"_s}, values));
        QVERIFY(allPlaceholdersFilled({u"--resume"_s, u"{id}"_s}, values));
        QCOMPARE(slugOf(u"  Fix the Login page!! (urgent) "_s), u"fix-the-login-page-urgent"_s);
        QCOMPARE(slugOf(QString(60, u'a')).size(), 40);

        SessionRecord session;
        session.id = u"app-1"_s;
        session.extra = {{u"agentSessionId"_s, u"uuid-9"_s}};
        QCOMPARE(expandArguments({u"agent"_s, u"--resume"_s, u"{extra.agentSessionId}"_s}, sessionValues(session)),
                 (QStringList{u"agent"_s, u"--resume"_s, u"uuid-9"_s}));
    }

    void redactorHidesSecrets()
    {
        LogRedactor redactor;
        redactor.addEnvironment({{u"TOKEN"_s, u"abcd"_s}, {u"LONG"_s, u"abcdefgh"_s}, {u"FLAG"_s, u"1"_s}});
        redactor.addSettings({{u"webhookUrl"_s, u"https://hooks/x"_s},
                              {u"auth"_s, QJsonObject{{u"apiKey"_s, u"key-123456"_s}}},
                              {u"password"_s, QJsonArray{u"pw-one"_s}}});
        QCOMPARE(redactor.redact(u"abcdefgh abcd 1 key-123456 pw-one https://hooks/x"_s),
                 u"[redacted] [redacted] 1 [redacted] [redacted] https://hooks/x"_s);
    }
};

QTEST_GUILESS_MAIN(TestExternalJson)
#include "tst_external_json.moc"
