// The Reviews tab: open comments, people before bots, a thread resolved or handed to the agent.
#include "gui/reviews_panel.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestReviewsPanel final : public QObject
{
    Q_OBJECT

private slots:
    void listsOpenCommentsAndActsOnThem()
    {
        PrSnapshot pr;
        pr.number = 9;
        pr.reviewDecision = PrSnapshot::ReviewDecision::ChangesRequested;
        ReviewComment bot;
        bot.id = u"1"_s;
        bot.threadId = u"PRRT_bot"_s;
        bot.author = u"cursor"_s;
        bot.authorIsBot = true;
        bot.body = u"Possible null deref."_s;
        bot.path = u"src/cart.js"_s;
        bot.line = 88;
        ReviewComment human = bot;
        human.id = u"2"_s;
        human.threadId = u"PRRT_alice"_s;
        human.author = u"alice"_s;
        human.authorIsBot = false;
        human.body = u"Off by one here."_s;
        human.line = 41;
        ReviewComment summary;
        summary.id = u"review-3"_s;
        summary.author = u"bob"_s;
        summary.body = u"Please handle the empty cart."_s;
        pr.unresolvedComments = {bot, human, summary};

        ReviewsPanel panel;
        panel.showComments(pr);
        QTreeWidget *list = panel.commentList();
        QCOMPARE(list->topLevelItemCount(), 3);
        QCOMPARE(list->topLevelItem(0)->text(0), u"src/cart.js:41"_s);
        QCOMPARE(list->topLevelItem(1)->text(0), u"(whole pull request)"_s);
        QCOMPARE(list->topLevelItem(2)->text(1), u"cursor (bot)"_s);
        QVERIFY(panel.findChild<QLabel *>(u"reviewsSummary"_s)->text().contains(u"changes requested"_s));

        QSignalSpy resolve(&panel, &ReviewsPanel::resolveRequested);
        QSignalSpy ask(&panel, &ReviewsPanel::sendToAgentRequested);
        panel.findChild<QPushButton *>(u"resolveThreadButton"_s)->click();
        QCOMPARE(resolve.size(), 1);
        QCOMPARE(resolve.first().first().toString(), u"PRRT_alice"_s);
        panel.findChild<QPushButton *>(u"askAgentButton"_s)->click();
        QCOMPARE(ask.size(), 1);
        const QString text = ask.first().first().toString();
        QVERIFY(text.contains(u"src/cart.js:41 by alice"_s));
        QVERIFY(text.contains(u"flo review resolve $FLOTILLA_SESSION PRRT_alice"_s));
        // A review's own body is no thread: nothing to resolve.
        list->setCurrentItem(list->topLevelItem(1));
        QVERIFY(!panel.findChild<QPushButton *>(u"resolveThreadButton"_s)->isEnabled());
        QVERIFY(panel.findChild<QPushButton *>(u"askAgentButton"_s)->isEnabled());

        panel.showMessage(u"No pull request yet."_s);
        QCOMPARE(list->topLevelItemCount(), 0);
        QVERIFY(!panel.findChild<QPushButton *>(u"askAgentButton"_s)->isEnabled());
    }
};

QTEST_MAIN(TestReviewsPanel)
#include "tst_reviews_panel.moc"
