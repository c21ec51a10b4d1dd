#include "fake_linear.h"
#include "isolated_environment.h"
#include "linear_tracker.h"
#include "net/rate_limit_account.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace flotilla;
using flotilla::fakes::FakeLinear;
using flotilla::fakes::LinearIssue;
using flotilla::fakes::LinearUser;

#define EXPECT_OK(result)                                                                                              \
    do {                                                                                                               \
        const auto &result_ = (result);                                                                                \
        QVERIFY2(result_.ok(), qPrintable(result_.ok() ? QString() : result_.error().toString()));                     \
    } while (false)

namespace {

const QByteArray kKeyVariable = "FLOTILLA_TEST_LINEAR_KEY";

template<typename T> Result<T> wait(Async<T> future, int timeoutMs = 20000)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished())
        return makeError(u"test.timeout"_s, u"no answer within %1 ms"_s.arg(timeoutMs));
    if (future.resultCount() == 0)
        return makeError(u"test.cancelled"_s, u"the future was cancelled"_s);
    return future.result();
}

} // namespace

class TstLinearTracker : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    std::unique_ptr<FakeLinear> m_linear;

    PluginSettings settings(QJsonObject extra = {}) const
    {
        extra.insert(u"apiUrl"_s, m_linear->url().toString());
        if (!extra.contains(u"apiKey"_s))
            extra.insert(u"apiKey"_s, u"${FLOTILLA_TEST_LINEAR_KEY}"_s);
        if (!extra.contains(u"teamId"_s))
            extra.insert(u"teamId"_s, u"INT"_s);
        return extra;
    }
    QString add(const QString &title, const QString &state = {}, const QStringList &labelIds = {},
                const QString &team = u"INT"_s)
    {
        LinearIssue issue;
        issue.title = title;
        issue.description = u"About "_s + title;
        issue.labelIds = labelIds;
        return m_linear->world().addIssue(team, issue, state);
    }
    QString stateOf(const QString &identifier) const
    {
        return m_linear->world().stateOf(*m_linear->world().issue(identifier))->name;
    }

private slots:
    void init()
    {
        m_env = std::make_unique<test::IsolatedEnvironment>();
        RateLimitBook::shared().clear();
        m_linear = std::make_unique<FakeLinear>();
        QVERIFY(m_linear->isListening());
        qputenv(kKeyVariable.constData(), m_linear->apiKey().toUtf8());
        m_linear->world().addTeam(u"INT"_s, u"Integrations"_s);
        m_linear->world().addTeam(u"OPS"_s, u"Operations"_s);
    }
    void cleanup()
    {
        m_linear.reset();
        qunsetenv(kKeyVariable.constData());
        m_env.reset();
    }

    void getsAnIssueByIdentifierWithThePlainKey()
    {
        const QString bug = m_linear->world().addLabel(u"bug"_s);
        LinearIssue seeded;
        seeded.title = u"Fix the login"_s;
        seeded.description = u"Users cannot log in."_s;
        seeded.labelIds = {bug};
        seeded.assignee = LinearUser{u"Ada Lovelace"_s, u"ada@example.com"_s};
        seeded.branchName = u"ada/int-1-fix-the-login"_s;
        QCOMPARE(m_linear->world().addIssue(u"INT"_s, seeded, u"In Review"_s), u"INT-1"_s);

        LinearTracker tracker(settings());
        QCOMPARE(tracker.name(), u"linear"_s);
        QVERIFY(tracker.detect().available);
        const auto issue = wait(tracker.getIssue(u"int-1"_s));
        EXPECT_OK(issue);
        QCOMPARE(issue->id, u"INT-1"_s);
        QCOMPARE(issue->title, u"Fix the login"_s);
        QCOMPARE(issue->description, u"Users cannot log in."_s);
        QCOMPARE(issue->state, Issue::State::InProgress);
        QCOMPARE(issue->labels, QStringList{u"bug"_s});
        QCOMPARE(issue->assignee, u"ada@example.com"_s);
        QCOMPARE(issue->branchName, u"ada/int-1-fix-the-login"_s);
        QVERIFY(issue->url.startsWith(u"https://linear.app/acme/issue/INT-1/"_s));
        QCOMPARE(tracker.branchName(issue.value()), u"ada/int-1-fix-the-login"_s);

        // A personal key goes in the header as it is: Linear refuses it with "Bearer".
        QCOMPARE(m_linear->requestLog().last().authorization, m_linear->apiKey().toUtf8());
        QCOMPARE(m_linear->requestLog().last().variables.value(u"id"_s).toString(), u"INT-1"_s);

        const auto byUrl = wait(tracker.getIssue(u"https://linear.app/acme/issue/INT-1/fix-the-login"_s));
        EXPECT_OK(byUrl);
        QCOMPARE(byUrl->id, u"INT-1"_s);
    }

    void mapsEveryStateType()
    {
        const QList<QPair<QString, Issue::State>> cases = {
            {u"Triage"_s, Issue::State::Open},        {u"Backlog"_s, Issue::State::Open},
            {u"Todo"_s, Issue::State::Open},          {u"In Progress"_s, Issue::State::InProgress},
            {u"Done"_s, Issue::State::Closed},        {u"Canceled"_s, Issue::State::Cancelled},
            {u"Duplicate"_s, Issue::State::Cancelled}};
        LinearTracker tracker(settings());
        for (const auto &[state, expected] : cases) {
            const QString id = add(u"In "_s + state, state);
            const auto issue = wait(tracker.getIssue(id));
            EXPECT_OK(issue);
            QVERIFY2(issue->state == expected, qPrintable(state));
        }
    }

    void reportsMissingAndMalformedIssues()
    {
        LinearTracker tracker(settings());
        const auto missing = wait(tracker.getIssue(u"INT-404"_s));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"tracker.not_found"_s);
        QVERIFY(missing.error().message.contains(u"INT-404"_s));

        const int before = m_linear->requestCount();
        const auto malformed = wait(tracker.getIssue(u"not an issue"_s));
        QVERIFY(!malformed.ok());
        QCOMPARE(malformed.error().code, u"tracker.bad_id"_s);
        QCOMPARE(m_linear->requestCount(), before);
    }

    void listsWithFiltersAndLimit()
    {
        const QString bug = m_linear->world().addLabel(u"bug"_s);
        const QString ui = m_linear->world().addLabel(u"ui"_s, u"INT"_s);
        add(u"Broken button"_s, u"Todo"_s, {bug, ui});
        add(u"Broken link"_s, u"In Progress"_s, {bug});
        add(u"Slow page"_s, u"Done"_s, {ui});
        add(u"Other team's bug"_s, u"Todo"_s, {bug}, u"OPS"_s);
        LinearIssue mine;
        mine.title = u"Assigned work"_s;
        mine.assignee = LinearUser{u"Ada Lovelace"_s, u"ada@example.com"_s};
        m_linear->world().addIssue(u"INT"_s, mine);

        LinearTracker tracker(settings());
        const auto all = wait(tracker.listIssues({}));
        EXPECT_OK(all);
        QCOMPARE(all->size(), 4); // only team INT

        IssueQuery open;
        open.state = Issue::State::Open;
        const auto opened = wait(tracker.listIssues(open));
        EXPECT_OK(opened);
        QStringList titles;
        for (const Issue &issue : opened.value())
            titles << issue.title;
        titles.sort();
        QCOMPARE(titles, (QStringList{u"Assigned work"_s, u"Broken button"_s}));

        IssueQuery labelled;
        labelled.labels = {u"bug"_s, u"UI"_s};
        const auto both = wait(tracker.listIssues(labelled));
        EXPECT_OK(both);
        QCOMPARE(both->size(), 1);
        QCOMPARE(both->first().title, u"Broken button"_s);

        IssueQuery assigned;
        assigned.assignee = u"ada lovelace"_s;
        const auto ada = wait(tracker.listIssues(assigned));
        EXPECT_OK(ada);
        QCOMPARE(ada->size(), 1);
        QCOMPARE(ada->first().title, u"Assigned work"_s);

        IssueQuery text;
        text.text = u"broken"_s;
        text.limit = 1;
        const auto one = wait(tracker.listIssues(text));
        EXPECT_OK(one);
        QCOMPARE(one->size(), 1);
        QVERIFY(one->first().title.startsWith(u"Broken"_s));
        QCOMPARE(m_linear->requestLog().last().variables.value(u"first"_s).toInt(), 1);
    }

    void followsPagesUpToTheLimit()
    {
        for (int i = 0; i < 130; ++i)
            add(u"Issue %1"_s.arg(i));
        LinearTracker tracker(settings());
        IssueQuery everything;
        everything.limit = 0;
        m_linear->resetCounters();
        const auto all = wait(tracker.listIssues(everything));
        EXPECT_OK(all);
        QCOMPARE(all->size(), 130);
        QCOMPARE(m_linear->requestCount(u"IssueList"_s), 2);

        IssueQuery some;
        some.limit = 110;
        m_linear->resetCounters();
        const auto limited = wait(tracker.listIssues(some));
        EXPECT_OK(limited);
        QCOMPARE(limited->size(), 110);
        QCOMPARE(m_linear->requestLog().last().variables.value(u"first"_s).toInt(), 10);
    }

    void movesStatesByTypeAndCachesTheWorkflow()
    {
        const QString first = add(u"First"_s, u"Backlog"_s);
        const QString second = add(u"Second"_s, u"Todo"_s);
        const QString reviewing = add(u"Reviewing"_s, u"In Review"_s);
        LinearTracker tracker(settings());

        IssueUpdate start;
        start.state = Issue::State::InProgress;
        EXPECT_OK(wait(tracker.updateIssue(first, start)));
        QCOMPARE(stateOf(first), u"In Progress"_s);
        EXPECT_OK(wait(tracker.updateIssue(second, start)));
        QCOMPARE(stateOf(second), u"In Progress"_s);
        QCOMPARE(m_linear->requestCount(u"TeamStates"_s), 1);

        // "In Review" is already in progress: nothing to change.
        const int updates = m_linear->requestCount(u"IssueUpdate"_s);
        EXPECT_OK(wait(tracker.updateIssue(reviewing, start)));
        QCOMPARE(stateOf(reviewing), u"In Review"_s);
        QCOMPARE(m_linear->requestCount(u"IssueUpdate"_s), updates);

        IssueUpdate close;
        close.state = Issue::State::Closed;
        EXPECT_OK(wait(tracker.updateIssue(first, close)));
        QCOMPARE(stateOf(first), u"Done"_s);
        IssueUpdate cancel;
        cancel.state = Issue::State::Cancelled;
        EXPECT_OK(wait(tracker.updateIssue(second, cancel)));
        QCOMPARE(stateOf(second), u"Canceled"_s);
        IssueUpdate reopen;
        reopen.state = Issue::State::Open;
        EXPECT_OK(wait(tracker.updateIssue(first, reopen)));
        QCOMPARE(stateOf(first), u"Todo"_s);
        QCOMPARE(m_linear->requestCount(u"TeamStates"_s), 1);
    }

    void changesLabelsAndComments()
    {
        const QString bug = m_linear->world().addLabel(u"bug"_s);
        const QString stale = m_linear->world().addLabel(u"stale"_s, u"INT"_s);
        m_linear->world().addLabel(u"agent"_s, u"OPS"_s); // another team's: not usable here
        const QString agent = m_linear->world().addLabel(u"agent"_s, u"INT"_s);
        const QString id = add(u"Labelled"_s, u"Todo"_s, {bug, stale});
        LinearTracker tracker(settings());

        IssueUpdate update;
        update.addLabels = {u"agent"_s, u"bug"_s};
        update.removeLabels = {u"STALE"_s};
        update.comment = u"Picked up by a worker."_s;
        EXPECT_OK(wait(tracker.updateIssue(id, update)));
        const LinearIssue *stored = m_linear->world().issue(id);
        QCOMPARE(stored->labelIds, (QStringList{bug, agent}));
        QCOMPARE(stored->comments.size(), 1);
        QCOMPARE(stored->comments.first().body, u"Picked up by a worker."_s);
        // Only the label the issue lacks is looked up.
        QCOMPARE(m_linear->requestLog().at(m_linear->requestCount() - 3).variables.value(u"names"_s).toArray(),
                 (QJsonArray{u"agent"_s}));

        IssueUpdate unknown;
        unknown.addLabels = {u"nonexistent"_s};
        unknown.comment = u"never sent"_s;
        const auto refused = wait(tracker.updateIssue(id, unknown));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"tracker.unknown_label"_s);
        QVERIFY(refused.error().message.contains(u"nonexistent"_s));
        QCOMPARE(m_linear->world().issue(id)->comments.size(), 1);

        const auto missing = wait(tracker.updateIssue(u"INT-999"_s, update));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"tracker.not_found"_s);
    }

    void createsIssuesInTheConfiguredTeam()
    {
        m_linear->world().addLabel(u"feature"_s, u"INT"_s);
        LinearTracker tracker(settings());
        Issue draft;
        draft.title = u"  Add dark mode  "_s;
        draft.description = u"Everyone wants it."_s;
        draft.labels = {u"feature"_s};
        const auto created = wait(tracker.createIssue(draft));
        EXPECT_OK(created);
        QCOMPARE(created->id, u"INT-1"_s);
        QCOMPARE(created->title, u"Add dark mode"_s);
        QCOMPARE(created->labels, QStringList{u"feature"_s});
        QCOMPARE(created->state, Issue::State::Open);
        QVERIFY(!created->branchName.isEmpty());

        Issue started;
        started.title = u"Already going"_s;
        started.state = Issue::State::InProgress;
        const auto second = wait(tracker.createIssue(started));
        EXPECT_OK(second);
        QCOMPARE(second->state, Issue::State::InProgress);
        QCOMPARE(stateOf(second->id), u"In Progress"_s);
        QCOMPARE(m_linear->requestCount(u"TeamByKey"_s), 1);

        Issue untitled;
        QCOMPARE(wait(tracker.createIssue(untitled)).error().code, u"tracker.invalid"_s);

        LinearTracker teamless(settings({{u"teamId"_s, u""_s}}));
        const auto noTeam = wait(teamless.createIssue(draft));
        QVERIFY(!noTeam.ok());
        QCOMPARE(noTeam.error().code, u"tracker.no_team"_s);

        LinearTracker unknownTeam(settings({{u"teamId"_s, u"NOPE"_s}}));
        QCOMPARE(wait(unknownTeam.createIssue(draft)).error().code, u"tracker.no_team"_s);
    }

    void refusedKeysAreClearAndSecret()
    {
        add(u"Anything"_s);
        qputenv(kKeyVariable.constData(), "lin_api_wrongwrongwrongwrong");
        LinearTracker tracker(settings());
        const auto refused = wait(tracker.getIssue(u"INT-1"_s));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"linear.bad_key"_s);
        QVERIFY(refused.error().message.contains(u"FLOTILLA_TEST_LINEAR_KEY"_s));
        QVERIFY(!refused.error().toString().contains(u"wrongwrong"_s));

        // A corrected key is picked up on the next call.
        qputenv(kKeyVariable.constData(), m_linear->apiKey().toUtf8());
        EXPECT_OK(wait(tracker.getIssue(u"INT-1"_s)));

        m_linear->setBareUnauthorized(true);
        const auto bare = wait(tracker.getIssue(u"INT-1"_s));
        QVERIFY(!bare.ok());
        QCOMPARE(bare.error().code, u"linear.bad_key"_s);
    }

    void aMissingKeyFailsBeforeAnyRequest()
    {
        LinearTracker tracker(settings({{u"apiKey"_s, u"${FLOTILLA_TEST_UNSET_KEY}"_s}}));
        const auto missing = wait(tracker.getIssue(u"INT-1"_s));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"linear.key_unavailable"_s);
        QCOMPARE(m_linear->requestCount(), 0);
    }

    void graphqlErrorsAreReported()
    {
        add(u"Anything"_s);
        LinearTracker tracker(settings());
        m_linear->failNext(1, 200, u"INTERNAL_ERROR"_s, u"the database is on fire"_s);
        const auto failed = wait(tracker.getIssue(u"INT-1"_s));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, u"linear.graphql_error"_s);
        QVERIFY(failed.error().message.contains(u"the database is on fire"_s));
        QVERIFY(failed.error().message.contains(u"INT-1"_s));
        EXPECT_OK(wait(tracker.getIssue(u"INT-1"_s)));
    }

    void rateLimitedPausesTheAccount()
    {
        add(u"Anything"_s);
        m_linear->setRequestBudget(1500, 0, QDateTime::currentDateTimeUtc().addSecs(120));
        LinearTracker tracker(settings());
        const auto limited = wait(tracker.getIssue(u"INT-1"_s));
        QVERIFY(!limited.ok());
        QCOMPARE(limited.error().code, u"net.rate_limited"_s);
        QCOMPARE(m_linear->requestCount(), 1);

        // The whole account waits for the reset: nothing more reaches Linear.
        const auto held = wait(tracker.listIssues({}));
        QVERIFY(!held.ok());
        QCOMPARE(held.error().code, u"net.rate_limited"_s);
        QCOMPARE(m_linear->requestCount(), 1);
    }

    void theLastRequestOfTheBudgetPausesBeforeARefusal()
    {
        add(u"Anything"_s);
        m_linear->setRequestBudget(1500, 1, QDateTime::currentDateTimeUtc().addSecs(120));
        LinearTracker tracker(settings());
        EXPECT_OK(wait(tracker.getIssue(u"INT-1"_s)));
        const auto held = wait(tracker.getIssue(u"INT-1"_s));
        QVERIFY(!held.ok());
        QCOMPARE(held.error().code, u"net.rate_limited"_s);
        QCOMPARE(m_linear->requestCount(), 1);
    }

    void detectsABadApiUrl()
    {
        LinearTracker broken(PluginSettings{{u"apiUrl"_s, u"ftp://nowhere"_s}});
        QVERIFY(!broken.detect().available);
        QVERIFY(broken.detect().problem.contains(u"apiUrl"_s));
        QCOMPARE(wait(broken.getIssue(u"INT-1"_s)).error().code, u"linear.bad_config"_s);
    }

    void buildsBranchesAndPrompts()
    {
        LinearTracker tracker(settings());
        Issue issue;
        issue.id = u"INT-7"_s;
        issue.title = u"Speed up search"_s;
        issue.url = u"https://linear.app/acme/issue/INT-7/speed-up-search"_s;
        issue.labels = {u"perf"_s, u"backend"_s};
        QCOMPARE(tracker.branchName(issue), u"feat/int-7"_s);
        issue.branchName = u"ada/int-7-speed-up-search"_s;
        QCOMPARE(tracker.branchName(issue), u"ada/int-7-speed-up-search"_s);

        QString prompt = tracker.buildPrompt(issue);
        QVERIFY(prompt.startsWith(u"Work on issue INT-7: Speed up search\n"_s));
        QVERIFY(prompt.contains(u"Linear: https://linear.app/acme/issue/INT-7/speed-up-search\n"_s));
        QVERIFY(prompt.contains(u"Labels: perf, backend\n"_s));
        QVERIFY(prompt.contains(u"(The issue has no description.)"_s));
        issue.description = u"Search takes 3 s.\n"_s;
        prompt = tracker.buildPrompt(issue);
        QVERIFY(prompt.endsWith(u"## Description\n\nSearch takes 3 s.\n"_s));
    }
};

QTEST_GUILESS_MAIN(TstLinearTracker)
#include "tst_linear_tracker.moc"
