// The backlog end to end: a real `flotilla --headless` with two projects whose issues carry
// `agent:backlog`, six each: "desk" on the local tracker and "hub" on the GitHub tracker (a
// fake GitHub served by this test), both with the local SCM running CI. Agents are the fake
// agent CLI in real tmux working in real worktrees; this test plays the reviewer, and
// approved green pull requests merge into the origin by themselves. Each issue is claimed,
// spawned while fewer than two of its project's sessions run, commented with its session's
// link, and ends merged (desk: closed; hub: labelled for verification, then verified or
// failed with `flo verify`) or back in the backlog with the reason, when its agent gave up.
#include "fake_github.h"
#include "headless_instance.h"
#include "isolated_environment.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kIssues = 6;
constexpr int kCap = 2;
const QString kRepo = u"acme/hub"_s;
const QSet<QString> kFinished = {u"killed"_s, u"cleanup"_s, u"errored"_s, u"terminated"_s, u"done"_s, u"merged"_s};

// What the fake agent does with an issue: commit a note and push it; or give up at once.
QByteArray workFor(const QString &name, bool givesUp)
{
    if (givesUp)
        return "EXIT 3\n";
    return "EDIT notes/" + name.toUtf8() + ".txt done\nCOMMIT Add the note for " + name.toUtf8() + "\nPUSH\n";
}

} // namespace

class TestBacklog final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<fakes::FakeGithub> m_github;
    std::unique_ptr<HeadlessInstance> m_instance;
    QProcessEnvironment m_environment;
    QHash<QString, int> m_mostRunning; // project → most of its sessions running at once
    QSet<QString> m_approved;

    ProcessResult flo(const QStringList &arguments)
    {
        return runServing(IsolatedEnvironment::binary(u"flo"_s), arguments, m_environment);
    }

    QJsonObject floJson(const QStringList &arguments)
    {
        return QJsonDocument::fromJson(flo(arguments + QStringList{u"--json"_s}).out.toUtf8()).object();
    }

    QString deskIssue(int n) const
    {
        QFile file(m_env->workDir() + u"/desk/.flotilla/issues/DESK-%1.md"_s.arg(n));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    const fakes::GhIssue *hubIssue(int n) const { return m_github->state().issue(kRepo, n); }

    QStringList hubComments(int n) const
    {
        QStringList bodies;
        if (const auto *repo = m_github->state().repository(kRepo)) {
            for (const auto &comment : repo->conversation.value(n))
                bodies << comment.body;
        }
        return bodies;
    }

    static bool backInBacklog(const QStringList &labels, const QString &comments)
    {
        return labels.contains(u"agent:backlog"_s) && !labels.contains(u"agent:in-progress"_s)
               && comments.contains(u"Back in the backlog: "_s);
    }

    bool deskSettled(int n) const
    {
        const QString text = deskIssue(n);
        if (text.contains(u"state: closed"_s))
            return true;
        return text.contains(u"agent:backlog"_s) && !text.contains(u"agent:in-progress"_s)
               && text.contains(u"Back in the backlog: "_s);
    }

    bool hubSettled(int n) const
    {
        const auto *issue = hubIssue(n);
        if (!issue)
            return false;
        return issue->labels.contains(u"merged-unverified"_s)
               || backInBacklog(issue->labels, hubComments(n).join(u'\n'));
    }

    // One look at the fleet: counts what runs, and reviews what waits for review.
    void watch()
    {
        const QJsonArray sessions = floJson({u"session"_s, u"ls"_s, u"--all"_s}).value(u"sessions"_s).toArray();
        QHash<QString, int> running;
        for (const QJsonValue &value : sessions) {
            const QJsonObject session = value.toObject();
            const QString status = session.value(u"status"_s).toString();
            const QString id = session.value(u"id"_s).toString();
            if (!kFinished.contains(status))
                ++running[session.value(u"project"_s).toString()];
            if (status == u"review_pending"_s && !m_approved.contains(id)
                && flo({u"review"_s, u"approve"_s, id}).exitCode == 0)
                m_approved.insert(id);
        }
        for (auto it = running.cbegin(); it != running.cend(); ++it)
            m_mostRunning[it.key()] = std::max(m_mostRunning.value(it.key()), it.value());
    }

    bool allSettled() const
    {
        for (int n = 1; n <= kIssues; ++n) {
            if (!deskSettled(n) || !hubSettled(n))
                return false;
        }
        return true;
    }

    QString makeProject(const QString &name)
    {
        const QString repo = m_env->workDir() + u'/' + name;
        if (!makeRepositoryWithOrigin(*m_env, repo))
            return u"the %1 repository could not be made"_s.arg(name);
        writeTestFile(repo + u"/ci.sh"_s, "echo ok\n");
        runGit(repo, {u"add"_s, u"ci.sh"_s});
        runGit(repo, {u"commit"_s, u"-q"_s, u"-m"_s, u"Add CI"_s});
        runGit(repo, {u"push"_s, u"-q"_s, u"origin"_s, u"main"_s});
        return {};
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_github = std::make_unique<fakes::FakeGithub>();
        QVERIFY(m_github->isListening());
        QVERIFY(makeProject(u"desk"_s).isEmpty());
        QVERIFY(makeProject(u"hub"_s).isEmpty());

        // Six issues on each tracker; the fourth of desk and the fifth of hub are given up on.
        for (int n = 1; n <= kIssues; ++n)
            writeTestFile(m_env->workDir() + u"/desk/.flotilla/issues/DESK-%1.md"_s.arg(n),
                          "---\nid: DESK-" + QByteArray::number(n) + "\ntitle: Desk task " + QByteArray::number(n)
                              + "\nstate: open\nlabels: [agent:backlog]\n---\n" + workFor(u"desk-%1"_s.arg(n), n == 4));
        m_github->state().addRepository(kRepo);
        for (int n = 1; n <= kIssues; ++n) {
            fakes::GhIssue issue;
            issue.title = u"Hub task %1"_s.arg(n);
            issue.body = QString::fromUtf8(workFor(u"hub-%1"_s.arg(n), n == 5));
            issue.labels = {u"agent:backlog"_s, u"area:docs"_s};
            QCOMPARE(m_github->state().addIssue(kRepo, issue), n);
        }
        // A seventh, not labelled: the backlog must leave it alone.
        fakes::GhIssue untouched;
        untouched.title = u"Not for agents"_s;
        untouched.body = u"EDIT notes/untouched.txt no\n"_s;
        m_github->state().addIssue(kRepo, untouched);

        QVERIFY(QDir().mkpath(m_env->root() + u"/home"_s));
        writeTestFile(m_env->root() + u"/home/.gitconfig"_s,
                      "[user]\n\tname = Fleet Tester\n\temail = t@example.com\n");
        m_environment = m_env->processEnvironment();
        m_environment.insert(u"TMUX_TMPDIR"_s, m_env->root());
        m_environment.insert(u"HOME"_s, m_env->root() + u"/home"_s);
        m_environment.insert(u"FAKE_AGENT_THINK_MS"_s, u"50"_s);
        m_environment.insert(u"GH_TOKEN"_s, m_github->token());
        m_environment.remove(u"TMUX"_s);

        const QByteArray agent =
            "    agentConfig:\n      command: \"python3 " + QByteArray(FLOTILLA_FAKE_AGENT) + "\"\n";
        const QByteArray scm =
            "    scm:\n      plugin: local\n      ci:\n        command: sh ci.sh\n        timeout: 1m\n";
        const QByteArray backlog = "    backlog:\n      label: agent:backlog\n      maxConcurrent: 2\n"
                                   "      pollInterval: 1s\n";
        const QByteArray work = m_env->workDir().toUtf8();
        const QString config = m_env->workDir() + u"/flotilla.yaml"_s;
        writeTestFile(config, "defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: custom\n"
                              "lifecycle:\n  pollInterval: 1s\n"
                              "reactions:\n  approved-and-green:\n    auto: true\n    action: auto-merge\n"
                              "projects:\n"
                              "  desk:\n    path: "
                                  + work
                                  + "/desk\n    sessionPrefix: desk\n    tracker:\n      plugin: local\n"
                                    "      prefix: DESK\n"
                                  + scm + agent + backlog + "  hub:\n    path: " + work
                                  + "/hub\n    sessionPrefix: hub\n    tracker:\n"
                                    "      plugin: github\n      repo: "
                                  + kRepo.toUtf8() + "\n      apiUrl: " + m_github->baseUrl().toString().toUtf8() + "\n"
                                  + scm + agent + backlog + "      onMerge: verify\n");
        m_instance = std::make_unique<HeadlessInstance>(*m_env, QStringList{u"--config"_s, config, u"--port"_s, u"0"_s},
                                                        m_environment);
        QVERIFY2(m_instance->waitForPort() > 0, qPrintable(m_instance->readOut()));
    }

    void cleanupTestCase()
    {
        m_instance.reset();
        runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"kill-server"_s}, m_environment);
        m_github.reset();
        m_env.reset();
    }

    void everyIssueEndsMergedOrBackWithAReasonNeverMoreThanTwoAtOnce()
    {
        QDeadlineTimer deadline(std::chrono::minutes(6));
        while (!allSettled() && !deadline.hasExpired()) {
            watch();
            QTest::qWait(250);
        }
        watch();
        if (!allSettled()) {
            for (int n = 1; n <= kIssues; ++n)
                qWarning("DESK-%d:\n%s", n, qPrintable(deskIssue(n)));
            qWarning("%s", qPrintable(flo({u"backlog"_s, u"-p"_s, u"hub"_s}).out));
            qWarning("%s", qPrintable(m_instance->readOut()));
        }
        QVERIFY(allSettled());

        // Never more than the cap, and the cap was reached: the issues ran side by side.
        QCOMPARE(m_mostRunning.value(u"desk"_s), kCap);
        QCOMPARE(m_mostRunning.value(u"hub"_s), kCap);

        // desk: five merged into the origin and closed, one back in the backlog with its reason.
        for (int n = 1; n <= kIssues; ++n) {
            const QString text = deskIssue(n);
            QVERIFY2(text.contains(u"Flotilla claimed this issue from the backlog: session desk-"_s), qPrintable(text));
            QVERIFY2(text.contains(u"/sessions/desk-"_s), qPrintable(text)); // the session's page
            if (n == 4) {
                QVERIFY2(text.contains(u"state: open"_s) && text.contains(u"Back in the backlog: "_s),
                         qPrintable(text));
                continue;
            }
            QVERIFY2(text.contains(u"state: closed"_s), qPrintable(text));
            QVERIFY2(text.contains(u"Merged in pull request #"_s), qPrintable(text));
            const auto shown = runProcess(u"git"_s,
                                          {u"--git-dir"_s, m_env->workDir() + u"/desk.origin.git"_s, u"show"_s,
                                           u"main:notes/desk-%1.txt"_s.arg(n)},
                                          m_environment);
            QCOMPARE(shown.out, u"done\n"_s);
        }

        // hub: five labelled for verification, one back in the backlog; the unlabelled one untouched.
        for (int n = 1; n <= kIssues; ++n) {
            const auto *issue = hubIssue(n);
            const QString comments = hubComments(n).join(u"\n---\n"_s);
            QVERIFY2(comments.contains(u"Flotilla claimed this issue from the backlog: session hub-"_s),
                     qPrintable(comments));
            QVERIFY(!issue->labels.contains(u"agent:in-progress"_s));
            if (n == 5) {
                QCOMPARE(issue->state, u"open"_s);
                QVERIFY(issue->labels.contains(u"agent:backlog"_s));
                QVERIFY2(comments.contains(u"Back in the backlog: "_s), qPrintable(comments));
                continue;
            }
            QVERIFY(issue->labels.contains(u"merged-unverified"_s));
            QVERIFY(issue->labels.contains(u"area:docs"_s)); // other labels are kept
            QVERIFY2(comments.contains(u"Waiting for verification"_s), qPrintable(comments));
        }
        QVERIFY(hubComments(7).isEmpty());
        QCOMPARE(hubIssue(7)->labels, QStringList());

        // The backlog's own account: who ran each issue, and why one came back.
        const QJsonObject account = floJson({u"backlog"_s, u"-p"_s, u"desk"_s});
        int merged = 0;
        for (const QJsonValue &value : account.value(u"claims"_s).toArray()) {
            const QJsonObject claim = value.toObject();
            QCOMPARE(claim.value(u"attempts"_s).toInt(), 1); // a returned issue waits before another try
            if (claim.value(u"issue"_s).toString() == u"DESK-4"_s) {
                QCOMPARE(claim.value(u"state"_s).toString(), u"returned"_s);
                QVERIFY(!claim.value(u"reason"_s).toString().isEmpty());
            } else {
                merged += claim.value(u"state"_s).toString() == u"merged"_s ? 1 : 0;
            }
        }
        QCOMPARE(merged, kIssues - 1);
    }

    void mergedWorkIsVerifiedOrFailedByAPerson()
    {
        const QJsonArray waiting = floJson({u"verify"_s, u"-p"_s, u"hub"_s}).value(u"issues"_s).toArray();
        QCOMPARE(waiting.size(), kIssues - 1);

        const auto verified = flo({u"verify"_s, u"1"_s, u"-p"_s, u"hub"_s});
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
        QCOMPARE(hubIssue(1)->state, u"closed"_s);
        QVERIFY(hubIssue(1)->labels.contains(u"verified"_s));
        QVERIFY(!hubIssue(1)->labels.contains(u"merged-unverified"_s));

        const auto failed =
            flo({u"verify"_s, u"2"_s, u"-p"_s, u"hub"_s, u"--fail"_s, u"-c"_s, u"The note is empty."_s});
        QVERIFY2(failed.exitCode == 0, qPrintable(failed.err));
        QCOMPARE(hubIssue(2)->state, u"open"_s);
        QVERIFY(hubIssue(2)->labels.contains(u"verification-failed"_s));
        QVERIFY(hubComments(2).last().contains(u"The note is empty."_s));

        // An issue that is not waiting for verification is refused, and nothing changes.
        const auto refused = flo({u"verify"_s, u"5"_s, u"-p"_s, u"hub"_s});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(u"not waiting for verification"_s), qPrintable(refused.err));
        QVERIFY(hubIssue(5)->labels.contains(u"agent:backlog"_s));
        QCOMPARE(floJson({u"verify"_s, u"-p"_s, u"hub"_s}).value(u"issues"_s).toArray().size(), kIssues - 3);
    }
};

QTEST_GUILESS_MAIN(TestBacklog)
#include "tst_backlog.moc"
