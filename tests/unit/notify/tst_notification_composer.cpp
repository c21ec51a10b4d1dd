#include "notify/notification_composer.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

const QUrl kDashboard(u"http://127.0.0.1:3000"_s);
const QString kPrUrl = u"https://github.com/acme/shop/pull/12"_s;

SessionRecord shopSession()
{
    SessionRecord session;
    session.id = u"shop-3"_s;
    session.projectId = u"shop"_s;
    session.issueId = u"42"_s;
    session.displayName = u"Fix the login form"_s;
    session.pr.state = PrState::Open;
    session.pr.number = 12;
    session.pr.url = kPrUrl;
    return session;
}

Event sessionEvent(const QString &type, Priority priority, const QString &message)
{
    Event event;
    event.id = u"ev-1"_s;
    event.type = type;
    event.priority = priority;
    event.sessionId = u"shop-3"_s;
    event.projectId = u"shop"_s;
    event.message = message;
    return event;
}

Decision escalation()
{
    Decision decision;
    decision.id = u"d-1"_s;
    decision.sessionId = u"shop-3"_s;
    decision.projectId = u"shop"_s;
    decision.kind = u"escalation"_s;
    decision.question = u"ci-failed on shop-3 is not resolved after 3 automatic attempt(s). Keep trying (approve), "
                        "stop (reject), or write what the agent should do."_s;
    decision.options = {u"approve"_s, u"reject"_s};
    decision.priority = Priority::Urgent;
    decision.context = QJsonObject{{u"session"_s, u"shop-3"_s}, {u"reaction"_s, u"ci-failed"_s},
                                   {u"attempts"_s, 3},          {u"prNumber"_s, 12},
                                   {u"prUrl"_s, kPrUrl},        {u"failingChecks"_s, QJsonArray{u"lint"_s}}};
    return decision;
}

} // namespace

class TestNotificationComposer final : public QObject
{
    Q_OBJECT

private slots:
    void ciFailingNamesChecksAndLinksThePullRequest()
    {
        Event event = sessionEvent(u"ci.failing"_s, Priority::Warning,
                                   u"shop-3: pr_open → ci_failed (checks failed: lint, unit-tests)"_s);
        event.data = QJsonObject{{u"from"_s, u"pr_open"_s},
                                 {u"to"_s, u"ci_failed"_s},
                                 {u"prNumber"_s, 12},
                                 {u"prUrl"_s, kPrUrl},
                                 {u"failingChecks"_s, QJsonArray{u"lint"_s, u"unit-tests"_s}}};
        const Notification notification = NotificationComposer(kDashboard).compose(event, std::nullopt, shopSession());

        QCOMPARE(notification.title, u"Failed: shop-3 (shop) — CI failing on PR #12"_s);
        QCOMPARE(notification.link, QUrl(kPrUrl));
        QCOMPARE(notification.event.id, u"ev-1"_s);
        QVERIFY(!notification.decision);
        const QStringList lines = notification.body.split(u'\n');
        QCOMPARE(lines.value(0), event.message);
        QVERIFY2(lines.contains(u"Issue: Fix the login form (42)"_s), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"Pull request: PR #12 "_s + kPrUrl), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"CI: failing (lint, unit-tests)"_s), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"Session: http://127.0.0.1:3000/sessions/shop-3"_s), qPrintable(notification.body));
    }

    void escalationAsksTheQuestionAndSaysHowToAnswer()
    {
        const Decision decision = escalation();
        Event event = sessionEvent(u"reaction.escalated"_s, Priority::Urgent, decision.question);
        event.data = decision.context;
        event.data.insert(u"decision"_s, decision.id);
        QCOMPARE(NotificationComposer::decisionIdOf(event), u"d-1"_s);

        const Notification notification =
            NotificationComposer(QUrl(u"http://127.0.0.1:4711/"_s)).compose(event, decision, shopSession());
        QCOMPARE(notification.title, u"Needs you: shop-3 (shop) — ci-failed unresolved after 3 automatic attempt(s)"_s);
        QVERIFY(notification.decision);
        QCOMPARE(notification.decision->id, u"d-1"_s);
        QCOMPARE(notification.link, QUrl(kPrUrl));
        const QStringList lines = notification.body.split(u'\n');
        QVERIFY2(lines.contains(u"Question: "_s + decision.question), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"Answer with: flo decide d-1 approve|reject|\"text\""_s),
                 qPrintable(notification.body));
        QVERIFY2(lines.contains(u"Or open: http://127.0.0.1:4711/decisions/d-1"_s), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"CI: failing (lint)"_s), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"Automatic attempts so far: 3"_s), qPrintable(notification.body));
        // The question is the event's message: said once, not twice.
        QCOMPARE(notification.body.count(decision.question), 1);
    }

    void mergeCompletedReadsAsDone()
    {
        Event event = sessionEvent(u"merge.completed"_s, Priority::Action, u"shop-3: mergeable → merged (PR merged)"_s);
        event.data = QJsonObject{{u"to"_s, u"merged"_s}, {u"prNumber"_s, 12}, {u"prUrl"_s, kPrUrl}};
        const Notification notification = NotificationComposer(kDashboard).compose(event);

        QCOMPARE(notification.title, u"Done: shop-3 (shop) — PR #12 merged"_s);
        QCOMPARE(notification.link, QUrl(kPrUrl));
        QVERIFY(notification.body.startsWith(event.message));
        QVERIFY(!notification.body.contains(u"flo decide"_s));
        QCOMPARE(NotificationComposer::toneOf(event), NotificationTone::Complete);
    }

    void urgentNeedsInputDecisionLinksTheSession()
    {
        Decision decision;
        decision.id = u"d 2/x"_s; // ids are escaped in links
        decision.sessionId = u"shop-4"_s;
        decision.projectId = u"shop"_s;
        decision.kind = u"needs-input"_s;
        decision.question = u"shop-4 is waiting for your answer. What should it do?"_s;
        decision.priority = Priority::Urgent;
        Event event;
        event.id = u"ev-2"_s;
        event.type = u"decision.requested"_s;
        event.priority = Priority::Urgent;
        event.sessionId = u"shop-4"_s;
        event.projectId = u"shop"_s;
        event.message = u"The agent asks: overwrite the existing migration?"_s;
        event.data = QJsonObject{{u"decision"_s, decision.id}, {u"reaction"_s, u"agent-needs-input"_s}};

        const Notification notification = NotificationComposer(kDashboard).compose(event, decision);
        QCOMPARE(notification.title, u"Needs you: shop-4 (shop) — waiting for your answer"_s);
        QCOMPARE(notification.link, QUrl(u"http://127.0.0.1:3000/sessions/shop-4"_s));
        const QStringList lines = notification.body.split(u'\n');
        QCOMPARE(lines.value(0), event.message);
        QVERIFY2(lines.contains(u"Question: "_s + decision.question), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"Answer with: flo decide d 2/x \"text\""_s), qPrintable(notification.body));
        QVERIFY2(lines.contains(u"Or open: http://127.0.0.1:3000/decisions/d%202%2Fx"_s),
                 qPrintable(notification.body));
        QVERIFY(!notification.body.contains(u"Pull request"_s));
    }

    void answeredDecisionSaysSoInsteadOfAsking()
    {
        Decision decision = escalation();
        decision.state = Decision::State::Answered;
        decision.answer = u"approve"_s;
        decision.answeredBy = u"dashboard"_s;
        Event event = sessionEvent(u"reaction.escalated"_s, Priority::Urgent, decision.question);
        event.data = decision.context;
        event.data.insert(u"decision"_s, decision.id);

        const Notification notification = NotificationComposer(kDashboard).compose(event, decision);
        QVERIFY2(notification.body.contains(u"Already answered: approve (dashboard)"_s), qPrintable(notification.body));
        QVERIFY(!notification.body.contains(u"flo decide"_s));
    }

    void tonesAreDistinct()
    {
        const QList<std::pair<Event, NotificationTone>> cases = {
            {sessionEvent(u"session.stuck"_s, Priority::Urgent, {}), NotificationTone::NeedsYou},
            {sessionEvent(u"ci.failing"_s, Priority::Warning, {}), NotificationTone::Failed},
            {sessionEvent(u"merge.completed"_s, Priority::Action, {}), NotificationTone::Complete},
            {sessionEvent(u"merge.ready"_s, Priority::Action, {}), NotificationTone::Action},
            {sessionEvent(u"pr.created"_s, Priority::Info, {}), NotificationTone::Info},
        };
        QSet<QString> prefixes;
        for (const auto &[event, tone] : cases) {
            QCOMPARE(NotificationComposer::toneOf(event), tone);
            const QString title = NotificationComposer(kDashboard).compose(event).title;
            QVERIFY2(title.startsWith(NotificationComposer::toneLabel(tone) + u": shop-3 (shop) — "_s),
                     qPrintable(title));
            prefixes.insert(NotificationComposer::toneLabel(tone));
        }
        QCOMPARE(prefixes.size(), cases.size());
    }

    void eventWithoutSessionLinksTheDashboard()
    {
        Event event;
        event.type = u"reaction.notify"_s;
        event.priority = Priority::Info;
        event.projectId = u"shop"_s;
        event.message = u"Every session of shop has finished."_s;
        event.data = QJsonObject{{u"reaction"_s, u"all-complete"_s}};
        const Notification notification = NotificationComposer(kDashboard).compose(event);
        QCOMPARE(notification.title, u"Done: shop — all-complete"_s);
        QCOMPARE(notification.link, kDashboard);
    }
};

QTEST_GUILESS_MAIN(TestNotificationComposer)
#include "tst_notification_composer.moc"
