#include "fleet/review_comment_spec.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestReviewCommentSpec final : public QObject
{
    Q_OBJECT

private slots:
    void readsPathLineAndText()
    {
        auto parsed = parseReviewComment(u"src/cart.sh:12: Handle an empty cart: twice"_s);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->path, u"src/cart.sh"_s);
        QCOMPARE(parsed->line, 12);
        QCOMPARE(parsed->body, u"Handle an empty cart: twice"_s); // colons in the text stay
    }

    void refusesWhatIsNotAComment_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::newRow("no line") << u"README.md: text"_s;
        QTest::newRow("line zero") << u"README.md:0:text"_s;
        QTest::newRow("negative line") << u"README.md:-3:text"_s;
        QTest::newRow("line not a number") << u"README.md:x1:text"_s;
        QTest::newRow("no path") << u":3:text"_s;
        QTest::newRow("no text") << u"README.md:3:  "_s;
        QTest::newRow("empty") << QString();
    }

    void refusesWhatIsNotAComment()
    {
        QFETCH(QString, spec);
        auto parsed = parseReviewComment(spec);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, u"review.bad_comment"_s);
        QVERIFY(parsed.error().message.contains(u"PATH:LINE:TEXT"_s));
    }
};

QTEST_GUILESS_MAIN(TestReviewCommentSpec)
#include "tst_review_comment_spec.moc"
