// Escalations by mail through the fake Ravi, end to end: a real `flotilla --headless` whose
// project "desk" (local tracker, local SCM with CI) asks a person before merging; the question
// reaches the fake Ravi as mail with the pull request, its CI and a token; replies are played
// by the test, and only the one from the right address in the right thread with the token is
// applied: the merge happens once, a free-form answer reaches the agent byte for byte, and a
// reply that arrives while Flotilla is down is applied, once, after it starts again.
#include "fake_agent_fleet.h"
#include "fake_ravi.h"
#include "isolated_environment.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QString kApprover = u"Lead@Example.com"_s;

} // namespace

class TestRaviEscalation final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<fakes::FakeRavi> m_ravi;
    std::unique_ptr<FakeAgentFleet> m_fleet;

    // flo, while this process keeps answering as the fakes.
    ProcessResult flo(const QStringList &arguments)
    {
        return runServing(IsolatedEnvironment::binary(u"flo"_s), arguments, m_fleet->environment());
    }

    QJsonArray events(const QString &session)
    {
        const auto listed = flo({u"events"_s, u"-s"_s, session, u"--json"_s, u"--limit"_s, u"200"_s});
        return QJsonDocument::fromJson(listed.out.toUtf8()).object().value(u"events"_s).toArray();
    }

    QList<QJsonObject> eventsOfType(const QString &session, const QString &type)
    {
        QList<QJsonObject> found;
        for (const QJsonValue &event : events(session)) {
            if (event.toObject().value(u"type"_s).toString() == type)
                found << event.toObject();
        }
        return found;
    }

    QList<fakes::FakeRavi::Mail> questionsTo(const QString &session)
    {
        QList<fakes::FakeRavi::Mail> found;
        for (const auto &mail : m_ravi->sentMail()) {
            if (mail.subject.startsWith(u"[Flotilla #"_s) && mail.text.contains(session))
                found << mail;
        }
        return found;
    }

    static QString tokenOf(const fakes::FakeRavi::Mail &mail)
    {
        static const QRegularExpression token(u"\\[Flotilla #([0-9A-Z]{8})\\]"_s);
        return token.match(mail.subject).captured(1);
    }

    bool pending(const QString &session)
    {
        const auto listed = flo({u"decisions"_s, u"-s"_s, session, u"--json"_s});
        return !QJsonDocument::fromJson(listed.out.toUtf8()).object().value(u"decisions"_s).toArray().isEmpty();
    }

    QString originFile(const QString &path)
    {
        const auto shown = runProcess(u"git"_s, {u"--git-dir"_s, m_fleet->deskOrigin(), u"show"_s, u"main:"_s + path},
                                      m_fleet->environment());
        return shown.exitCode == 0 ? shown.out : QString();
    }

    QList<QJsonObject> received()
    {
        QList<QJsonObject> all;
        QFile file(m_fleet->recordFile());
        if (file.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : file.readAll().split('\n')) {
                if (!line.trimmed().isEmpty())
                    all << QJsonDocument::fromJson(line).object();
            }
        }
        return all;
    }

    // Starts a session on `issue` whose agent pushes `work`, and approves its pull request once
    // it exists: the approved, green pull request then asks the person whether to merge.
    QString sessionAskingToMerge(const QString &issue, const QString &work)
    {
        const auto spawned = flo({u"spawn"_s, u"desk"_s, issue});
        if (spawned.exitCode != 0) {
            qWarning("spawn: %s", qPrintable(spawned.err));
            return {};
        }
        const QString session = spawned.out.trimmed().section(u'=', 1);
        if (const auto sent = flo({u"send"_s, session, work}); sent.exitCode != 0) {
            qWarning("send: %s", qPrintable(sent.err));
            return {};
        }
        QDeadlineTimer deadline(90000);
        QString last;
        while (!deadline.hasExpired()) {
            const auto reviewed = flo({u"review"_s, u"approve"_s, session});
            if (reviewed.exitCode == 0)
                return session;
            last = reviewed.err;
            QTest::qWait(500);
        }
        qWarning("review: %s", qPrintable(last));
        return {};
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_ravi = std::make_unique<fakes::FakeRavi>();
        QVERIFY(m_ravi->isListening());
        m_fleet = std::make_unique<FakeAgentFleet>(*m_env, QStringLiteral(FLOTILLA_FAKE_AGENT));
        m_fleet->setVariable(u"RAVI_API_KEY"_s, m_ravi->managementKey());
        // The configuration the documentation shows: the management key, so Flotilla makes the
        // identity it sends as.
        m_fleet->extraTopLevel = "ravi:\n  baseUrl: " + m_ravi->baseUrl().toString().toUtf8()
                                 + "\nnotifiers:\n  ravi:\n    plugin: ravi\n    ravi_api_key: \"${RAVI_API_KEY}\"\n"
                                   "    escalation_email: "
                                 + kApprover.toUtf8()
                                 + "\n    poll_interval_seconds: 1\nnotificationRouting:\n  action: [ravi]\n"
                                   "  urgent: [ravi]\n";
        const QString problem = m_fleet->start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_fleet.reset();
        m_ravi.reset();
    }

    void anApprovalFromTheRightAddressMergesOnce()
    {
        const QString session = sessionAskingToMerge(u"DESK-3"_s, u"EDIT export.txt csv\nCOMMIT Export to CSV\nPUSH"_s);
        QVERIFY2(!session.isEmpty(), qPrintable(m_fleet->instanceOutput()));
        QTRY_VERIFY_WITH_TIMEOUT(!questionsTo(session).isEmpty(), 60000);
        const auto question = questionsTo(session).constFirst();
        const QString token = tokenOf(question);
        QVERIFY2(!token.isEmpty(), qPrintable(question.subject));
        QCOMPARE(question.to, kApprover);
        QVERIFY2(question.subject.contains(u"desk: "_s), qPrintable(question.subject));
        // The pull request (the local SCM's is shown on its session's page), its CI, the token
        // again, and how to answer.
        QVERIFY2(question.html.contains(u"Pull request: PR #"_s) && question.html.contains(u"/sessions/"_s + session),
                 qPrintable(question.html));
        QVERIFY2(question.html.contains(u"CI: passing"_s), qPrintable(question.html));
        QVERIFY2(question.html.contains(u"Token: <code>%1</code>"_s.arg(token)), qPrintable(question.html));
        QVERIFY2(question.html.contains(u"APPROVE"_s) && question.html.contains(u"REJECT"_s),
                 qPrintable(question.html));
        // Sent with the identity's own key, never the management key.
        for (const auto &request : m_ravi->requests()) {
            if (request.path.startsWith(u"/api/email"_s))
                QVERIFY(request.headers.value("authorization") != "Bearer " + m_ravi->managementKey().toUtf8());
        }

        // Another sender, even quoting the token, is ignored and logged.
        m_ravi->injectReply(question, u"Mallory <mallory@example.net>"_s, u"approve"_s);
        // The right sender without the token is ignored too.
        m_ravi->injectReply(question, kApprover, u"approve"_s, u"Re: merge?"_s);
        QTRY_VERIFY_WITH_TIMEOUT(eventsOfType(session, u"decision.reply_ignored"_s).size() >= 1, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_fleet->flo({u"events"_s, u"--type"_s, u"decision.reply_ignored"_s, u"--json"_s}).out.count(u"\"id\""_s)
                >= 2,
            15000);
        QVERIFY(pending(session));
        QVERIFY(originFile(u"export.txt"_s).isEmpty());
        QVERIFY(events(session).size() > 0);
        bool namesMallory = false;
        for (const QJsonObject &event : eventsOfType(session, u"decision.reply_ignored"_s))
            namesMallory = namesMallory || event.value(u"message"_s).toString().contains(u"mallory@example.net"_s);
        QVERIFY(namesMallory);

        // The approver's reply, with the client's quoted history below it.
        m_ravi->injectReply(question, u"The Lead <lead@example.com>"_s,
                            u"Approve.\r\n\r\nOn Fri, 27 Nov 2026 at 09:00, Flotilla <x@ravi.example> wrote:\r\n"
                            u"> merge it?\r\n"_s);
        QTRY_VERIFY_WITH_TIMEOUT(originFile(u"export.txt"_s) == u"csv\n"_s, 30000);
        const auto applied = eventsOfType(session, u"decision.applied"_s);
        QCOMPARE(applied.size(), 1);
        QCOMPARE(applied.constFirst().value(u"actor"_s).toString(), u"ravi:lead@example.com"_s);
        // Acknowledged in the thread.
        const auto acknowledged = [&] {
            const auto sent = m_ravi->sentMail();
            return std::any_of(sent.cbegin(), sent.cend(), [&](const auto &mail) {
                return mail.threadId == question.threadId && mail.subject.startsWith(u"Re: "_s)
                       && mail.text.contains(u"received your answer"_s) && mail.to.contains(u"lead@example.com"_s);
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(acknowledged(), 10000);

        // The same approval delivered again changes nothing.
        m_ravi->injectReply(question, kApprover, u"approve"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_fleet->flo({u"events"_s, u"--type"_s, u"decision.reply_ignored"_s})
                                     .out.contains(u"answers a question that is closed"_s),
                                 15000);
        QCOMPARE(eventsOfType(session, u"decision.applied"_s).size(), 1);
        QCOMPARE(eventsOfType(session, u"merge.completed"_s).size(), 1);
    }

    void aFreeFormReplyAfterARestartReachesTheAgentOnceAndVerbatim()
    {
        const QString session = sessionAskingToMerge(u"DESK-2"_s, u"EDIT search.txt a search box\nCOMMIT Add a "
                                                                  "search box\nPUSH"_s);
        QVERIFY2(!session.isEmpty(), qPrintable(m_fleet->instanceOutput()));
        QTRY_VERIFY_WITH_TIMEOUT(!questionsTo(session).isEmpty(), 60000);
        const auto question = questionsTo(session).constFirst();
        // Recorded as sent (a crash before that is a send in doubt, looked up again later).
        QTRY_VERIFY_WITH_TIMEOUT(!eventsOfType(session, u"decision.escalation_sent"_s).isEmpty(), 15000);

        // Flotilla goes down between the question and the answer.
        m_fleet->crash();
        const QString instructions =
            u"Hold the merge: rename search.txt to search.md first,\nand keep \"a search box\" as its first line.\n"
            u"Ünïcode stays — 100% intact <b>not markup</b>."_s;
        m_ravi->injectReply(question, kApprover,
                            instructions + u"\n\n-- \nThe Lead\nSent from a phone\n> earlier mail"_s);
        const QString problem = m_fleet->restart();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        QTRY_VERIFY_WITH_TIMEOUT(!eventsOfType(session, u"decision.applied"_s).isEmpty(), 30000);
        const auto arrived = [&] {
            const auto all = received();
            return std::any_of(all.cbegin(), all.cend(), [&](const QJsonObject &record) {
                return record.value(u"text"_s).toString() == instructions;
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(arrived(), 20000);
        // Once: more cycles, and a restart, do not apply it again.
        QVERIFY(m_fleet->restart().isEmpty());
        QTest::qWait(4000);
        QCOMPARE(eventsOfType(session, u"decision.applied"_s).size(), 1);
        const auto all = received();
        QCOMPARE(std::count_if(
                     all.cbegin(), all.cend(),
                     [&](const QJsonObject &record) { return record.value(u"text"_s).toString() == instructions; }),
                 1);
        QVERIFY(originFile(u"search.txt"_s).isEmpty()); // instructions do not merge
    }
};

QTEST_GUILESS_MAIN(TestRaviEscalation)
#include "tst_ravi_escalation.moc"
