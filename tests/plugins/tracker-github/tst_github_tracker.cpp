#include "fake_github.h"
#include "github_tracker.h"
#include "isolated_environment.h"
#include "net/rate_limit_account.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace flotilla;
using flotilla::fakes::FakeGithub;
using flotilla::fakes::GhIssue;
using flotilla::fakes::GhPullRequest;

#define EXPECT_OK(result)                                                                                              \
    do {                                                                                                               \
        const auto &result_ = (result);                                                                                \
        QVERIFY2(result_.ok(), qPrintable(result_.ok() ? QString() : result_.error().toString()));                     \
    } while (false)

namespace {

const QByteArray kTokenVariable = "FLOTILLA_TEST_GH_TOKEN";
const QString kRepo = u"acme/shop"_s;

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

GhIssue ghIssue(const QString &title, const QStringList &labels = {}, const QStringList &assignees = {})
{
    GhIssue issue;
    issue.title = title;
    issue.body = u"About "_s + title;
    issue.labels = labels;
    issue.assignees = assignees;
    return issue;
}

// Answers what the shared fake does not model: creating issues, a repository whose issues are
// turned off (410) and a refused creation (422).
class IssueCreationServer final : public QObject
{
public:
    IssueCreationServer()
    {
        m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const QString path = request.url().path();
            const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
            QJsonObject answer;
            int status = 200;
            if (request.method() == QHttpServerRequest::Method::Post && path == u"/repos/acme/shop/issues"_s) {
                received << body;
                if (body.value(u"title"_s).toString() == u"refuse me"_s) {
                    status = 422;
                    answer = {{u"message"_s, u"Validation Failed"_s},
                              {u"errors"_s, QJsonArray{QJsonObject{{u"resource"_s, u"Issue"_s},
                                                                   {u"code"_s, u"invalid"_s},
                                                                   {u"field"_s, u"assignees"_s}}}}};
                } else {
                    status = 201;
                    QJsonArray labels;
                    for (const QJsonValue &label : body.value(u"labels"_s).toArray())
                        labels << QJsonObject{{u"name"_s, label.toString()}};
                    QJsonArray assignees;
                    for (const QJsonValue &login : body.value(u"assignees"_s).toArray())
                        assignees << QJsonObject{{u"login"_s, login.toString()}};
                    answer = {{u"number"_s, 77},
                              {u"title"_s, body.value(u"title"_s)},
                              {u"body"_s, body.value(u"body"_s)},
                              {u"state"_s, u"open"_s},
                              {u"state_reason"_s, QJsonValue::Null},
                              {u"labels"_s, labels},
                              {u"assignees"_s, assignees},
                              {u"html_url"_s, u"https://github.com/acme/shop/issues/77"_s}};
                }
            } else if (path.startsWith(u"/repos/acme/quiet/issues"_s)) {
                status = 410;
                answer = {{u"message"_s, u"Issues are disabled for this repo"_s}};
            } else {
                status = 404;
                answer = {{u"message"_s, u"Not Found"_s}};
            }
            const QByteArray bytes = QJsonDocument(answer).toJson(QJsonDocument::Compact);
            responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
            responder.writeHeader("Content-Type", "application/json");
            responder.writeHeader("Content-Length", QByteArray::number(bytes.size()));
            responder.writeBody(bytes);
        });
        auto tcp = std::make_unique<QTcpServer>();
        if (tcp->listen(QHostAddress::LocalHost, 0)) {
            m_port = tcp->serverPort();
            m_http.bind(tcp.release());
        }
    }
    QString url() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }

    QList<QJsonObject> received;

private:
    QHttpServer m_http;
    quint16 m_port = 0;
};

} // namespace

class TstGithubTracker : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;
    std::unique_ptr<FakeGithub> m_github;

    PluginSettings settings(QJsonObject extra = {}) const
    {
        if (!extra.contains(u"apiUrl"_s))
            extra.insert(u"apiUrl"_s, m_github->baseUrl().toString());
        extra.insert(u"token"_s, u"${FLOTILLA_TEST_GH_TOKEN}"_s);
        extra.insert(u"_project"_s, QJsonObject{{u"id"_s, u"shop"_s},
                                                {u"path"_s, m_env->workDir()},
                                                {u"repository"_s, kRepo},
                                                {u"database"_s, QString(m_env->root() + u"/flotilla.db"_s)}});
        return extra;
    }
    const GhIssue *stored(int number) const { return m_github->state().issue(kRepo, number); }

private slots:
    void init()
    {
        m_env = std::make_unique<test::IsolatedEnvironment>();
        RateLimitBook::shared().clear();
        m_github = std::make_unique<FakeGithub>();
        QVERIFY(m_github->isListening());
        m_github->state().setHtmlBase(m_github->baseUrl().toString());
        m_github->state().addRepository(kRepo);
        qputenv(kTokenVariable.constData(), m_github->token().toUtf8());
    }
    void cleanup()
    {
        m_github.reset();
        qunsetenv(kTokenVariable.constData());
        m_env.reset();
    }

    void getsAnIssueByNumberHashOrUrl()
    {
        const int number = m_github->state().addIssue(kRepo, ghIssue(u"Fix the cart"_s, {u"bug"_s}, {u"ada"_s}));
        GithubTracker tracker(settings());
        QCOMPARE(tracker.name(), u"github"_s);
        QVERIFY(tracker.detect().available);

        const auto issue = wait(tracker.getIssue(QString::number(number)));
        EXPECT_OK(issue);
        QCOMPARE(issue->id, QString::number(number));
        QCOMPARE(issue->title, u"Fix the cart"_s);
        QCOMPARE(issue->description, u"About Fix the cart"_s);
        QCOMPARE(issue->labels, QStringList{u"bug"_s});
        QCOMPARE(issue->assignee, u"ada"_s);
        QCOMPARE(issue->state, Issue::State::Open);
        QVERIFY(issue->url.endsWith(u"/acme/shop/issues/%1"_s.arg(number)));
        QCOMPARE(tracker.branchName(issue.value()), u"feat/issue-%1"_s.arg(number));

        EXPECT_OK(wait(tracker.getIssue(u"#%1"_s.arg(number))));
        const auto byUrl = wait(tracker.getIssue(issue->url));
        EXPECT_OK(byUrl);
        QCOMPARE(byUrl->title, u"Fix the cart"_s);
        // Unchanged issues are answered 304 from the stored ETag, which costs no quota.
        QCOMPARE(m_github->notModifiedCount(), 2);

        const auto elsewhere = wait(tracker.getIssue(m_github->baseUrl().toString() + u"/acme/other/issues/1"_s));
        QCOMPARE(elsewhere.error().code, u"tracker.other_repository"_s);
        QCOMPARE(wait(tracker.getIssue(u"forty-two"_s)).error().code, u"tracker.bad_id"_s);
    }

    void refusesPullRequestsAndMissingIssues()
    {
        GhPullRequest pr;
        pr.title = u"A change"_s;
        pr.headRef = u"feat/x"_s;
        pr.headSha = u"1111111111111111111111111111111111111111"_s;
        const int number = m_github->state().addPullRequest(kRepo, pr);
        GithubTracker tracker(settings());
        const auto refused = wait(tracker.getIssue(QString::number(number)));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"tracker.pull_request"_s);
        QVERIFY(refused.error().message.startsWith(u"#%1 is a pull request"_s.arg(number)));

        const auto byUrl = wait(tracker.getIssue(m_github->baseUrl().toString() + u"/acme/shop/pull/%1"_s.arg(number)));
        QCOMPARE(byUrl.error().code, u"tracker.pull_request"_s);

        const auto missing = wait(tracker.getIssue(u"999"_s));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"tracker.not_found"_s);
        QVERIFY(missing.error().message.contains(u"#999 of acme/shop"_s));
    }

    void aRefusedTokenIsNamedNotShown()
    {
        m_github->state().addIssue(kRepo, ghIssue(u"Anything"_s));
        qputenv(kTokenVariable.constData(), "ghp_wrongwrongwrongwrongwrongwrongwrong00");
        GithubTracker tracker(settings());
        const auto refused = wait(tracker.getIssue(u"1"_s));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"github.bad_credentials"_s);
        QVERIFY(!refused.error().toString().contains(u"wrongwrong"_s));
    }

    void listsIssuesWithoutPullRequests()
    {
        auto &state = m_github->state();
        state.addIssue(kRepo, ghIssue(u"Broken button"_s, {u"bug"_s, u"ui"_s}, {u"ada"_s}));
        state.addIssue(kRepo, ghIssue(u"Broken link"_s, {u"bug"_s, u"in-progress"_s}));
        GhIssue done = ghIssue(u"Slow page"_s, {u"perf"_s});
        done.state = u"closed"_s;
        done.stateReason = u"completed"_s;
        state.addIssue(kRepo, done);
        GhIssue dropped = ghIssue(u"Won't do"_s);
        dropped.state = u"closed"_s;
        dropped.stateReason = u"not_planned"_s;
        state.addIssue(kRepo, dropped);
        GhPullRequest pr;
        pr.title = u"Broken everything"_s;
        pr.labels = {u"bug"_s};
        pr.headRef = u"feat/y"_s;
        pr.headSha = u"2222222222222222222222222222222222222222"_s;
        state.addPullRequest(kRepo, pr);

        GithubTracker tracker(settings());
        const auto all = wait(tracker.listIssues({}));
        EXPECT_OK(all);
        QCOMPARE(all->size(), 4);

        const auto titlesFor = [&](const IssueQuery &query) {
            QStringList titles;
            const auto found = wait(tracker.listIssues(query));
            if (found) {
                for (const Issue &issue : found.value())
                    titles << issue.title;
            }
            titles.sort();
            return titles;
        };
        IssueQuery query;
        query.state = Issue::State::Open;
        QCOMPARE(titlesFor(query), QStringList{u"Broken button"_s});
        query.state = Issue::State::InProgress;
        QCOMPARE(titlesFor(query), QStringList{u"Broken link"_s});
        query.state = Issue::State::Closed;
        QCOMPARE(titlesFor(query), QStringList{u"Slow page"_s});
        query.state = Issue::State::Cancelled;
        QCOMPARE(titlesFor(query), QStringList{u"Won't do"_s});

        IssueQuery labelled;
        labelled.labels = {u"bug"_s};
        QCOMPARE(titlesFor(labelled), (QStringList{u"Broken button"_s, u"Broken link"_s}));
        IssueQuery assigned;
        assigned.assignee = u"ada"_s;
        QCOMPARE(titlesFor(assigned), QStringList{u"Broken button"_s});
        IssueQuery text;
        text.text = u"LINK"_s;
        QCOMPARE(titlesFor(text), QStringList{u"Broken link"_s});
        IssueQuery limited;
        limited.limit = 2;
        QCOMPARE(titlesFor(limited).size(), 2);

        // A work queue asks for the oldest first; GitHub lists newest first otherwise.
        IssueQuery oldest;
        oldest.oldestFirst = true;
        oldest.limit = 1;
        const auto first = wait(tracker.listIssues(oldest));
        EXPECT_OK(first);
        QCOMPARE(first->size(), 1);
        QCOMPARE(first->first().title, all->last().title);
        IssueQuery newest;
        newest.limit = 1;
        QCOMPARE(wait(tracker.listIssues(newest))->first().title, all->first().title);
    }

    void followsLinkPages()
    {
        for (int i = 0; i < 150; ++i)
            m_github->state().addIssue(kRepo, ghIssue(u"Issue %1"_s.arg(i)));
        GithubTracker tracker(settings());
        IssueQuery everything;
        everything.limit = 0;
        m_github->resetCounters();
        const auto all = wait(tracker.listIssues(everything));
        EXPECT_OK(all);
        QCOMPARE(all->size(), 150);
        QCOMPARE(m_github->requestCount(u"GET /repos/{owner}/{repo}/issues"_s), 2);
    }

    void movesIssuesThroughEveryState()
    {
        const int number = m_github->state().addIssue(kRepo, ghIssue(u"Work"_s, {u"bug"_s}));
        const QString id = QString::number(number);
        GithubTracker tracker(settings());

        IssueUpdate start;
        start.state = Issue::State::InProgress;
        EXPECT_OK(wait(tracker.updateIssue(id, start)));
        QCOMPARE(stored(number)->state, u"open"_s);
        QCOMPARE(stored(number)->labels, (QStringList{u"bug"_s, u"in-progress"_s}));
        QCOMPARE(wait(tracker.getIssue(id))->state, Issue::State::InProgress);

        IssueUpdate close;
        close.state = Issue::State::Closed;
        EXPECT_OK(wait(tracker.updateIssue(id, close)));
        QCOMPARE(stored(number)->state, u"closed"_s);
        QCOMPARE(stored(number)->stateReason, u"completed"_s);
        QCOMPARE(stored(number)->labels, QStringList{u"bug"_s});
        QCOMPARE(wait(tracker.getIssue(id))->state, Issue::State::Closed);

        IssueUpdate reopen;
        reopen.state = Issue::State::Open;
        EXPECT_OK(wait(tracker.updateIssue(id, reopen)));
        QCOMPARE(stored(number)->state, u"open"_s);
        QCOMPARE(wait(tracker.getIssue(id))->state, Issue::State::Open);

        IssueUpdate cancel;
        cancel.state = Issue::State::Cancelled;
        EXPECT_OK(wait(tracker.updateIssue(id, cancel)));
        QCOMPARE(stored(number)->stateReason, u"not_planned"_s);
        QCOMPARE(wait(tracker.getIssue(id))->state, Issue::State::Cancelled);
    }

    void changesLabelsAndComments()
    {
        const int number = m_github->state().addIssue(kRepo, ghIssue(u"Labelled"_s, {u"bug"_s, u"stale"_s}));
        GithubTracker tracker(settings({{u"inProgressLabel"_s, u"doing"_s}}));
        IssueUpdate update;
        update.addLabels = {u"agent"_s};
        update.removeLabels = {u"stale"_s, u"never-there"_s};
        update.comment = u"Picked up by a worker."_s;
        EXPECT_OK(wait(tracker.updateIssue(u"#%1"_s.arg(number), update)));
        QCOMPARE(stored(number)->labels, (QStringList{u"bug"_s, u"agent"_s}));
        const auto comments = m_github->state().repository(kRepo)->conversation.value(number);
        QCOMPARE(comments.size(), 1);
        QCOMPARE(comments.first().body, u"Picked up by a worker."_s);

        IssueUpdate start;
        start.state = Issue::State::InProgress;
        EXPECT_OK(wait(tracker.updateIssue(QString::number(number), start)));
        QVERIFY(stored(number)->labels.contains(u"doing"_s));

        const auto missing = wait(tracker.updateIssue(u"999"_s, update));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"github.not_found"_s);
    }

    void detectsTheRepository()
    {
        GithubTracker fromProject(settings());
        QVERIFY(fromProject.detect().available);

        PluginSettings pathOnly = settings();
        QJsonObject project = pathOnly.value(u"_project"_s).toObject();
        project.insert(u"repository"_s, m_env->workDir());
        pathOnly.insert(u"_project"_s, project);
        GithubTracker local(pathOnly);
        QVERIFY(!local.detect().available);
        QVERIFY(local.detect().hint.contains(u"owner/name"_s));
        QCOMPARE(wait(local.getIssue(u"1"_s)).error().code, u"github.bad_repo"_s);

        GithubTracker named(settings({{u"repo"_s, u"acme/other"_s}}));
        QVERIFY(named.detect().available);
        GithubTracker badUrl(settings({{u"apiUrl"_s, u"ftp://example.com"_s}}));
        QVERIFY(!badUrl.detect().available);
    }

    void createsIssuesAndMapsRefusals()
    {
        IssueCreationServer server;
        GithubTracker tracker(settings({{u"apiUrl"_s, server.url()}}));
        Issue draft;
        draft.title = u"  Add dark mode "_s;
        draft.description = u"Everyone wants it."_s;
        draft.labels = {u"feature"_s};
        draft.assignee = u"ada"_s;
        draft.state = Issue::State::InProgress;
        const auto created = wait(tracker.createIssue(draft));
        EXPECT_OK(created);
        QCOMPARE(created->id, u"77"_s);
        QCOMPARE(created->state, Issue::State::InProgress);
        QCOMPARE(server.received.size(), 1);
        QCOMPARE(server.received.first().value(u"title"_s).toString(), u"Add dark mode"_s);
        QCOMPARE(server.received.first().value(u"labels"_s).toArray(), (QJsonArray{u"feature"_s, u"in-progress"_s}));
        QCOMPARE(server.received.first().value(u"assignees"_s).toArray(), QJsonArray{u"ada"_s});

        Issue refused;
        refused.title = u"refuse me"_s;
        const auto invalid = wait(tracker.createIssue(refused));
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().code, u"github.invalid"_s);
        QVERIFY(invalid.error().message.contains(u"assignees"_s));
        QCOMPARE(wait(tracker.createIssue(Issue())).error().code, u"tracker.invalid"_s);

        GithubTracker quiet(settings({{u"apiUrl"_s, server.url()}, {u"repo"_s, u"acme/quiet"_s}}));
        const auto gone = wait(quiet.getIssue(u"1"_s));
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, u"github.gone"_s);
        QVERIFY(gone.error().message.contains(u"turned off"_s));
    }

    void buildsBranchesAndPrompts()
    {
        GithubTracker tracker(settings());
        Issue issue;
        issue.id = u"42"_s;
        issue.title = u"Speed up search"_s;
        issue.url = u"https://github.com/acme/shop/issues/42"_s;
        issue.labels = {u"perf"_s};
        issue.description = u"It takes 3 s."_s;
        QCOMPARE(tracker.branchName(issue), u"feat/issue-42"_s);
        const QString prompt = tracker.buildPrompt(issue);
        QVERIFY(prompt.startsWith(u"Work on issue #42: Speed up search\n"_s));
        QVERIFY(prompt.contains(u"GitHub: https://github.com/acme/shop/issues/42\n"_s));
        QVERIFY(prompt.contains(u"Labels: perf\n"_s));
        QVERIFY(prompt.endsWith(u"## Description\n\nIt takes 3 s.\n"_s));
        issue.branchName = u"custom/branch"_s;
        QCOMPARE(tracker.branchName(issue), u"custom/branch"_s);
    }
};

QTEST_GUILESS_MAIN(TstGithubTracker)
#include "tst_github_tracker.moc"
