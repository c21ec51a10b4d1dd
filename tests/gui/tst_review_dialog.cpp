#include "gui/review_dialog.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestReviewDialog final : public QObject
{
    Q_OBJECT

private slots:
    void takesASummaryAndLineComments()
    {
        ReviewDialog dialog(u"demo-1"_s, 4);
        QVERIFY(dialog.windowTitle().contains(u"#4"_s));
        dialog.setSummary(u"  Name the feature in the README.  "_s);
        dialog.setComments(u"README.md:1: here\n\ntests/run.sh:7: and cover it: twice\n"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const LocalReviewInput review = dialog.review();
        QCOMPARE(review.verdict, LocalReviewInput::Verdict::ChangesRequested);
        QCOMPARE(review.summary, u"Name the feature in the README."_s);
        QCOMPARE(review.comments.size(), 2);
        QCOMPARE(review.comments.at(1).path, u"tests/run.sh"_s);
        QCOMPARE(review.comments.at(1).line, 7);
        QCOMPARE(review.comments.at(1).body, u"and cover it: twice"_s);
    }

    void saysWhichLineIsWrongAndStaysOpen()
    {
        ReviewDialog dialog(u"demo-1"_s, 4);
        dialog.show();
        dialog.setComments(u"README.md:1: fine\nREADME.md: no line number\n"_s);
        dialog.accept();
        QVERIFY(dialog.isVisible());
        auto *problem = dialog.findChild<QLabel *>(u"reviewProblem"_s);
        QVERIFY(problem->text().startsWith(u"Line 2:"_s));
        QVERIFY(!problem->isHidden());
    }

    void anEmptyRequestIsRefused()
    {
        ReviewDialog dialog(u"demo-1"_s, 4);
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.findChild<QLabel *>(u"reviewProblem"_s)->text().contains(u"summary"_s));
    }
};

QTEST_MAIN(TestReviewDialog)
#include "tst_review_dialog.moc"
