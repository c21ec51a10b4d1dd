// The decisions inbox: pending questions with their facts, answered once each, and a model
// that keeps the picked question when others come and go.
#include "gui/decisions_panel.h"
#include "models/decision_model.h"

#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

Decision decision(const QString &id, const QString &kind)
{
    Decision made;
    made.id = id;
    made.sessionId = u"shop-"_s + id;
    made.projectId = u"shop"_s;
    made.kind = kind;
    made.question = u"Question %1?"_s.arg(id);
    made.options = kind == u"needs-input"_s ? QStringList() : QStringList{u"approve"_s, u"reject"_s};
    made.createdAt = QDateTime::currentDateTimeUtc();
    made.context = QJsonObject{{u"prNumber"_s, 12},
                               {u"prUrl"_s, u"https://github.example/acme/shop/pull/12"_s},
                               {u"failingChecks"_s, QJsonArray{u"unit <tests>"_s}},
                               {u"attempts"_s, 2}};
    return made;
}

} // namespace

class TestDecisionsPanel final : public QObject
{
    Q_OBJECT

private slots:
    void showsTheQuestionWithItsFactsAndAnswersOnce()
    {
        DecisionModel model;
        DecisionsPanel panel;
        panel.setModel(&model);
        auto *empty = panel.findChild<QLabel *>(u"noDecisionsLabel"_s);
        auto *approve = panel.findChild<QPushButton *>(u"approveDecisionButton"_s);
        auto *reject = panel.findChild<QPushButton *>(u"rejectDecisionButton"_s);
        auto *send = panel.findChild<QPushButton *>(u"sendDecisionAnswerButton"_s);
        auto *answer = panel.findChild<QPlainTextEdit *>(u"decisionAnswer"_s);
        auto *facts = panel.findChild<QLabel *>(u"decisionFacts"_s);
        panel.show();
        QVERIFY(empty->isVisible());
        QVERIFY(!approve->isEnabled() && !send->isEnabled());

        QSignalSpy counts(&model, &DecisionModel::pendingCountChanged);
        model.reset({decision(u"a"_s, u"escalation"_s), decision(u"b"_s, u"needs-input"_s)});
        QCOMPARE(counts.size(), 1);
        QCOMPARE(counts.at(0).at(0).toInt(), 2);
        QVERIFY(!empty->isVisible());
        QCOMPARE(panel.currentDecisionId(), u"a"_s); // the oldest is picked
        QCOMPARE(panel.findChild<QLabel *>(u"decisionQuestion"_s)->text(), u"Question a?"_s);
        // Facts are shown as text: a check's name cannot inject markup.
        QVERIFY2(facts->text().contains(u"unit &lt;tests&gt;"_s), qPrintable(facts->text()));
        QVERIFY(facts->text().contains(u"href=\"https://github.example/acme/shop/pull/12\""_s));
        QVERIFY(facts->text().contains(u"<b>Automatic attempts</b> 2"_s));
        QSignalSpy links(&panel, &DecisionsPanel::openUrlRequested);
        emit facts->linkActivated(u"https://github.example/acme/shop/pull/12"_s);
        QCOMPARE(links.size(), 1);

        // Approve sends the word once; everything waits for the outcome.
        QSignalSpy answers(&panel, &DecisionsPanel::answerRequested);
        QVERIFY(approve->isEnabled() && reject->isEnabled() && !send->isEnabled());
        QTest::mouseClick(approve, Qt::LeftButton);
        QTest::mouseClick(approve, Qt::LeftButton);
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.at(0).at(0).toString(), u"a"_s);
        QCOMPARE(answers.at(0).at(1).toString(), u"approve"_s);
        QVERIFY(!approve->isEnabled() && !reject->isEnabled());
        panel.showOutcome(u"shop-a: escalation will be retried automatically"_s);
        model.reset({decision(u"b"_s, u"needs-input"_s)});
        QCOMPARE(panel.currentDecisionId(), u"b"_s); // the next one, ready

        // A question without options takes only written answers, sent as they are.
        QVERIFY(!approve->isEnabled() && !reject->isEnabled());
        QVERIFY(!send->isEnabled());
        const QString words = u"Use the v2 endpoint.\n  Keep the old one for a release."_s;
        answer->setPlainText(words);
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QCOMPARE(answers.size(), 2);
        QCOMPARE(answers.at(1).at(1).toString(), words);

        // Another channel answered meanwhile: the outcome says so and the buttons come back.
        panel.showOutcome(u"Not applied: already answered by dashboard"_s);
        QCOMPARE(panel.findChild<QLabel *>(u"decisionOutcome"_s)->text(),
                 u"Not applied: already answered by dashboard"_s);
        QVERIFY(answer->toPlainText().isEmpty());
        model.reset({});
        QVERIFY(empty->isVisible());
        QVERIFY(panel.currentDecisionId().isEmpty());
    }

    void keepsThePickWhenOthersComeAndGo()
    {
        DecisionModel model;
        DecisionsPanel panel;
        panel.setModel(&model);
        model.reset({decision(u"a"_s, u"merge"_s), decision(u"b"_s, u"merge"_s)});
        QVERIFY(panel.selectDecision(u"b"_s));
        QVERIFY(!panel.selectDecision(u"gone"_s));
        model.reset({decision(u"b"_s, u"merge"_s), decision(u"c"_s, u"merge"_s)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(panel.currentDecisionId(), u"b"_s);
        QCOMPARE(model.index(1).data(DecisionModel::DecisionIdRole).toString(), u"c"_s);
        QCOMPARE(model.index(0).data().toString(), u"shop-b · merge?"_s);
        QCOMPARE(model.index(0).data(DecisionModel::PrUrlRole).toString(),
                 u"https://github.example/acme/shop/pull/12"_s);
    }
};

QTEST_MAIN(TestDecisionsPanel)
#include "tst_decisions_panel.moc"
