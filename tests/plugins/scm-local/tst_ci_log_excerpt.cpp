#include "ci_log_excerpt.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

QString numberedLines(const QString &pattern, int from, int to)
{
    QStringList lines;
    for (int i = from; i <= to; ++i)
        lines.append(pattern.arg(i));
    return lines.join(u'\n');
}

} // namespace

class TestCiLogExcerpt final : public QObject
{
    Q_OBJECT

private slots:
    void stripsAnsiEscapes()
    {
        const QString coloured = u"\x1b[1;31mFAILED\x1b[0m tests/test_a.py\x1b]0;pytest\x07 done\x1b(B"_s;
        QCOMPARE(CiLogExcerpt::stripAnsi(coloured), u"FAILED tests/test_a.py done"_s);
        QCOMPARE(CiLogExcerpt::extract(u"\x1b[32mok\x1b[0m\n\x1b[31merror: boom\x1b[0m\n"_s), u"ok\nerror: boom"_s);
    }

    void recognisesFailureLines_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("failure");
        QTest::newRow("compiler error") << u"main.cpp:3:1: error: expected ';'"_s << true;
        QTest::newRow("ctest failed") << u"2/3 Test #2: beta .....***Failed    0.02 sec"_s << true;
        QTest::newRow("ctest summary") << u"The following tests FAILED:"_s << true;
        QTest::newRow("unittest") << u"FAIL: test_widget (tests.WidgetTest)"_s << true;
        QTest::newRow("assertion") << u"E       assert 1 == 2"_s << true;
        QTest::newRow("python exception") << u"ValueError: Exception raised"_s << true;
        QTest::newRow("traceback") << u"Traceback (most recent call last):"_s << true;
        QTest::newRow("rust panic") << u"thread 'main' panicked at src/main.rs:2:5"_s << true;
        QTest::newRow("passed") << u"1/3 Test #1: alpha ......   Passed    0.01 sec"_s << false;
        QTest::newRow("no errors") << u"Build finished: 0 errors, 2 warnings"_s << false;
        QTest::newRow("none failed") << u"100% tests passed, 0 tests failed out of 3"_s << false;
        QTest::newRow("warning flag") << u"c++ -Wall -Werror -c main.cpp"_s << false;
        QTest::newRow("plain") << u"Compiling widget.cpp"_s << false;
    }

    void recognisesFailureLines()
    {
        QFETCH(QString, line);
        QFETCH(bool, failure);
        QCOMPARE(CiLogExcerpt::looksLikeFailure(line), failure);
    }

    void keepsShortLogWhole()
    {
        const QString log = u"one\r\ntwo\nthree\n\n\n"_s;
        QCOMPARE(CiLogExcerpt::extract(log), u"one\ntwo\nthree"_s);
        QCOMPARE(CiLogExcerpt::extract(QString()), QString());
    }

    void keepsOnlyTheLastStateOfProgressLines()
    {
        QCOMPARE(CiLogExcerpt::extract(u"download 10%\rdownload 50%\rdownload 100%\nnext"_s), u"download 100%\nnext"_s);
    }

    void picksCtestFailuresWithContextAndTail()
    {
        QStringList log;
        log << numberedLines(u"[%1/80] Building CXX object src/file%1.cpp.o"_s, 1, 80);
        log << u"1/3 Test #1: alpha ............................   Passed    0.01 sec"_s;
        log << u"2/3 Test #2: beta .............................***Failed    0.02 sec"_s;
        log << u"expected 3 but got 2"_s;
        log << u"in beta_test.cpp line 12"_s;
        log << u"3/3 Test #3: gamma ............................   Passed    0.01 sec"_s;
        log << numberedLines(u"gamma detail %1"_s, 1, 60);
        log << u""_s << u"67% tests passed, 1 tests failed out of 3"_s << u""_s;
        log << u"The following tests FAILED:"_s << u"\t  2 - beta (Failed)"_s << u"Errors while running CTest"_s;
        const QString excerpt = CiLogExcerpt::extract(log.join(u'\n'));

        const QStringList lines = excerpt.split(u'\n');
        QCOMPARE(lines.first(), CiLogExcerpt::kGap);
        // The failing test with one line before and two after.
        const qsizetype failed =
            lines.indexOf(u"2/3 Test #2: beta .............................***Failed    0.02 sec"_s);
        QVERIFY(failed > 0);
        QCOMPARE(lines.at(failed - 1), u"1/3 Test #1: alpha ............................   Passed    0.01 sec"_s);
        QCOMPARE(lines.at(failed + 1), u"expected 3 but got 2"_s);
        QCOMPARE(lines.at(failed + 2), u"in beta_test.cpp line 12"_s);
        QCOMPARE(lines.at(failed + 3), CiLogExcerpt::kGap);
        // Then the last 40 lines, summary included.
        QCOMPARE(lines.last(), u"Errors while running CTest"_s);
        QVERIFY(lines.contains(u"The following tests FAILED:"_s));
        QVERIFY(lines.contains(u"\t  2 - beta (Failed)"_s));
        QCOMPARE(lines.size() - lines.lastIndexOf(CiLogExcerpt::kGap) - 1, CiLogExcerpt::kTailLines);
        QVERIFY(!excerpt.contains(u"Building CXX object src/file1.cpp.o"_s));
        QVERIFY(!excerpt.contains(u"gamma detail 5\n"_s));
    }

    void picksPytestFailures()
    {
        QStringList log;
        log << u"============================= test session starts =============================="_s;
        log << u"collected 4 items"_s << u""_s;
        log << u"tests/test_math.py ..F.                                                  [100%]"_s << u""_s;
        log << u"=================================== FAILURES ==================================="_s;
        log << u"_________________________________ test_divide __________________________________"_s;
        log << u""_s << u"    def test_divide():"_s << u">       assert divide(6, 3) == 3"_s;
        log << u"E       assert 2.0 == 3"_s << u"E        +  where 2.0 = divide(6, 3)"_s << u""_s;
        log << u"tests/test_math.py:12: AssertionError"_s;
        log << numberedLines(u"captured log line %1"_s, 1, 50);
        log << u"=========================== short test summary info ============================"_s;
        log << u"FAILED tests/test_math.py::test_divide - assert 2.0 == 3"_s;
        log << u"========================= 1 failed, 3 passed in 0.05s =========================="_s;
        const QString excerpt = CiLogExcerpt::extract(log.join(u'\n'));

        QVERIFY(excerpt.contains(u">       assert divide(6, 3) == 3\nE       assert 2.0 == 3"_s));
        QVERIFY(excerpt.contains(u"tests/test_math.py:12: AssertionError"_s));
        QVERIFY(excerpt.endsWith(u"FAILED tests/test_math.py::test_divide - assert 2.0 == 3\n"
                                 "========================= 1 failed, 3 passed in 0.05s =========================="_s));
        QVERIFY(!excerpt.contains(u"collected 4 items"_s));
        QVERIFY(!excerpt.contains(u"captured log line 3\n"_s));
    }

    void staysUnderTheSizeCapForLongLogs()
    {
        QStringList log;
        for (int i = 0; i < 20000; ++i)
            log << (i % 7 == 0 ? u"error %1: something broke in step %1"_s.arg(i) : u"step %1 went fine"_s.arg(i));
        log << QString(5000, u'x') << u"the very last line"_s;
        const QString text = log.join(u'\n');
        const QString excerpt = CiLogExcerpt::extract(text);

        QVERIFY(excerpt.toUtf8().size() <= CiLogExcerpt::kMaxBytes);
        QVERIFY(excerpt.toUtf8().size() > CiLogExcerpt::kMaxBytes / 2);
        // The first failure is the most telling one, and the end is always there.
        QVERIFY(excerpt.startsWith(u"error 0: something broke in step 0\n"_s));
        QVERIFY(excerpt.endsWith(u"\nthe very last line"_s));
        // Long lines are cut.
        QVERIFY(excerpt.contains(QString(CiLogExcerpt::kMaxLineLength, u'x') + CiLogExcerpt::kGap + u'\n'));
        QVERIFY(!excerpt.contains(QString(CiLogExcerpt::kMaxLineLength + 1, u'x')));
        QCOMPARE(CiLogExcerpt::extract(text), excerpt);
    }

    void keepsTheTailWhenEveryLineIsHuge()
    {
        QStringList log;
        for (int i = 0; i < 100; ++i)
            log << u"%1 "_s.arg(i) + QString(1000, u'y');
        const QString excerpt = CiLogExcerpt::extract(log.join(u'\n'));
        QVERIFY(excerpt.toUtf8().size() <= CiLogExcerpt::kMaxBytes);
        QVERIFY(excerpt.startsWith(CiLogExcerpt::kGap + u'\n'));
        QVERIFY(excerpt.contains(u"\n99 yyy"_s));
    }
};

QTEST_GUILESS_MAIN(TestCiLogExcerpt)
#include "tst_ci_log_excerpt.moc"
