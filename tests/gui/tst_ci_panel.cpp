// Reading CI output: ANSI escapes to styled runs, error lines found, and the CI tab showing a
// pull request's checks with the whole kept log or the excerpt the agent got.
#include "gui/ci_panel.h"
#include "isolated_environment.h"
#include "views/ansi_text.h"
#include "views/ci_log_view.h"

#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestCiPanel final : public QObject
{
    Q_OBJECT

private slots:
    void ansiColoursBecomeRuns()
    {
        const AnsiText parsed = parseAnsi(
            u"plain \x1b[1;31mred bold\x1b[0m then \x1b[38;5;34mgreen\x1b[39m and \x1b[38;2;1;2;3mrgb\x1b[m."_s);
        QCOMPARE(parsed.text, u"plain red bold then green and rgb."_s);
        QCOMPARE(parsed.runs.size(), 3);
        QCOMPARE(parsed.runs[0].start, 6);
        QCOMPARE(parsed.runs[0].length, 8);
        QVERIFY(parsed.runs[0].bold);
        QCOMPARE(parsed.runs[0].foreground, QColor(0xcd, 0x31, 0x31));
        QCOMPARE(parsed.text.mid(parsed.runs[1].start, parsed.runs[1].length), u"green"_s);
        QCOMPARE(parsed.runs[1].foreground, QColor(0, 175, 0)); // 256-colour cube entry 34
        QCOMPARE(parsed.runs[2].foreground, QColor(1, 2, 3));
    }

    void otherEscapesAndOverwritesAreDropped()
    {
        // Cursor moves, erase-line, a window title, a bell; a progress counter rewritten with \r.
        const AnsiText parsed =
            parseAnsi(u"\x1b]0;title\x07start\x1b[K\x07\n 10%\r 50%\r100% done\r\nnext \x1b[2Jline\n"_s);
        QCOMPARE(parsed.text, u"start\n100% done\nnext line\n"_s);
        QVERIFY(parsed.runs.isEmpty());
        // An unterminated escape at the end is cut, not shown.
        QCOMPARE(parseAnsi(u"ok\x1b[31"_s).text, u"ok"_s);
    }

    void errorLinesAreRecognised()
    {
        QVERIFY(CiLogView::isErrorLine(u"##[error]Process completed with exit code 1."_s));
        QVERIFY(CiLogView::isErrorLine(u"src/cart.cpp:12:5: error: expected ';'"_s));
        QVERIFY(CiLogView::isErrorLine(u"error[E0308]: mismatched types"_s));
        QVERIFY(CiLogView::isErrorLine(u"FAIL src/cart.test.js"_s));
        QVERIFY(CiLogView::isErrorLine(u"Traceback (most recent call last):"_s));
        QVERIFY(!CiLogView::isErrorLine(u"0 errors, all good"_s));
        QVERIFY(!CiLogView::isErrorLine(u"exit code 0"_s));
        QVERIFY(CiLogView::isWarningLine(u"warning: unused variable 'x'"_s));
    }

    void theCiTabShowsTheFailingCheckFirst()
    {
        test::IsolatedEnvironment env;
        const QString kept = env.workDir() + u"/job.log.z"_s;
        {
            QFile file(kept);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QString log;
            for (int i = 0; i < 300; ++i)
                log += u"step %1 ok\n"_s.arg(i);
            log += u"\x1b[31mFAIL\x1b[0m src/cart.test.js\n##[error]Process completed with exit code 1.\n"_s;
            file.write(qCompress(log.toUtf8()));
        }
        PrSnapshot pr;
        pr.number = 7;
        pr.checks = {CiCheck{u"lint"_s, CiCheck::Status::Passed, u"success"_s, u"https://ci.example/lint"_s, {}, {}},
                     CiCheck{u"test"_s, CiCheck::Status::Failed, u"failure"_s, u"https://ci.example/test"_s,
                             u"FAIL src/cart.test.js"_s, kept},
                     CiCheck{u"e2e"_s,
                             CiCheck::Status::Failed,
                             u"failure"_s,
                             {},
                             u"timeout after 30 s"_s,
                             env.workDir() + u"/missing.log"_s}};

        CiPanel panel;
        panel.resize(900, 500);
        panel.showChecks(pr);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.checkList()->count(), 3);
        QCOMPARE(panel.checkList()->currentRow(), 0);
        QVERIFY(panel.checkList()->item(0)->text().startsWith(u"test"_s));
        QVERIFY(panel.checkList()->item(2)->text().startsWith(u"lint"_s));
        QVERIFY(panel.findChild<QLabel *>(u"ciSummary"_s)->text().contains(u"2 failed, 1 passed"_s));
        // The whole kept log, its ANSI gone, the cursor on the first error.
        CiLogView *log = panel.logView();
        QVERIFY(log->toPlainText().contains(u"step 299 ok\nFAIL src/cart.test.js"_s));
        QVERIFY(!log->toPlainText().contains(u'\x1b'));
        QCOMPARE(log->firstErrorLine(), 300);
        QCOMPARE(log->textCursor().blockNumber(), 300);
        QVERIFY(QTest::qWaitFor([&] { return !log->grab().isNull(); }));

        QSignalSpy sent(&panel, &CiPanel::sendToAgentRequested);
        panel.findChild<QPushButton *>(u"sendLogButton"_s)->click();
        QCOMPARE(sent.size(), 1);
        QVERIFY(sent.first().first().toString().contains(u"The CI check \"test\" failed"_s));
        QVERIFY(sent.first().first().toString().contains(u"FAIL src/cart.test.js"_s));

        // A log that is gone: the excerpt stands in, and says so.
        panel.checkList()->setCurrentRow(1);
        QCOMPARE(log->toPlainText(), u"timeout after 30 s"_s);
        QVERIFY2(panel.findChild<QLabel *>(u"ciLogSource"_s)
                     ->text()
                     .startsWith(u"Excerpt sent to the agent (the whole log:"_s),
                 qPrintable(panel.findChild<QLabel *>(u"ciLogSource"_s)->text()));
        // A passing check has nothing to send.
        panel.checkList()->setCurrentRow(2);
        QVERIFY(!panel.findChild<QPushButton *>(u"sendLogButton"_s)->isEnabled());
        QVERIFY(panel.grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/ci-panel.png"_s));
    }

    void hugeLogsKeepTheirEnd()
    {
        CiLogView view;
        QString log;
        log.reserve(CiLogView::kMaxChars + 200000);
        while (log.size() < CiLogView::kMaxChars + 100000)
            log += u"noise line that repeats itself\n"_s;
        log += u"the end\n"_s;
        view.setLog(log);
        QVERIFY(view.toPlainText().startsWith(u"[the first "_s));
        QVERIFY(view.toPlainText().endsWith(u"the end\n"_s));
        QVERIFY(view.toPlainText().size() <= CiLogView::kMaxChars + 100);
    }
};

QTEST_MAIN(TestCiPanel)
#include "tst_ci_panel.moc"
