// The Terminal tab's panel: the agent's screen with its colours, following new output unless
// the person scrolled up, and a message box whose text is kept until it was delivered.
#include "gui/terminal_panel.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

QString lines(int count, const QString &prefix)
{
    QStringList out;
    for (int i = 1; i <= count; ++i)
        out << u"%1 %2"_s.arg(prefix).arg(i);
    return out.join(u'\n');
}

} // namespace

class TestTerminalPanel final : public QObject
{
    Q_OBJECT

private slots:
    void showsTheScreenWithItsColours()
    {
        TerminalPanel panel;
        panel.resize(600, 400);
        panel.show();
        panel.showOutput(u"plain \x1b[31mred\x1b[0m done\n\x1b[1mbold\x1b[0m"_s);
        QPlainTextEdit *view = panel.outputView();
        QCOMPARE(view->toPlainText(), u"plain red done\nbold"_s);
        QTextCursor cursor(view->document());
        cursor.setPosition(7); // inside "red"
        cursor.setPosition(8, QTextCursor::KeepAnchor);
        QCOMPARE(cursor.charFormat().foreground().color().red() > 150, true);
        QCOMPARE(cursor.charFormat().foreground().color().green() < 100, true);
        cursor.setPosition(view->document()->findBlockByNumber(1).position() + 1);
        QCOMPARE(cursor.charFormat().fontWeight(), int(QFont::Bold));
        QVERIFY(view->isReadOnly());
    }

    void followsNewOutputUnlessScrolledUp()
    {
        TerminalPanel panel;
        panel.resize(600, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QScrollBar *bar = panel.outputView()->verticalScrollBar();
        panel.showOutput(lines(200, u"line"_s));
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum()); // at the newest line
        panel.showOutput(lines(220, u"line"_s));
        QCOMPARE(bar->value(), bar->maximum());

        bar->setValue(10); // the person reads something older
        panel.showOutput(lines(240, u"line"_s));
        QCOMPARE(bar->value(), 10);

        panel.showProblem(u"No output from app-1: gone"_s);
        QVERIFY(!panel.outputView()->isEnabled());
        panel.showOutput(lines(3, u"back"_s));
        QVERIFY(panel.outputView()->isEnabled());
        QCOMPARE(panel.outputView()->toPlainText(), lines(3, u"back"_s));
    }

    void sendsSeveralLinesWithControlEnterAndKeepsTextUntilDelivered()
    {
        TerminalPanel panel;
        panel.show();
        QSignalSpy sent(&panel, &TerminalPanel::sendRequested);
        QVERIFY(!panel.sendButton()->isEnabled()); // nothing to send
        QPlainTextEdit *box = panel.messageField();
        box->setFocus();
        QTest::keyClicks(box, u"first line"_s);
        QTest::keyClick(box, Qt::Key_Return); // a plain Enter is a line break
        QTest::keyClicks(box, u"second line"_s);
        QCOMPARE(sent.size(), 0);
        QVERIFY(panel.sendButton()->isEnabled());
        QTest::keyClick(box, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.at(0).at(0).toString(), u"first line\nsecond line"_s);
        QVERIFY(!panel.sendButton()->isEnabled()); // one message at a time
        QCOMPARE(panel.statusText(), u"Sending…"_s);

        panel.sendFinished(false, u"The message did not reach app-1: no running agent"_s);
        QCOMPARE(box->toPlainText(), u"first line\nsecond line"_s); // nothing typed is lost
        QVERIFY(panel.statusText().contains(u"did not reach"_s));
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        QCOMPARE(sent.size(), 2);
        panel.sendFinished(true, u"Sent to app-1"_s);
        QVERIFY(box->toPlainText().isEmpty());
        QCOMPARE(panel.statusText(), u"Sent to app-1"_s);
    }

    void opensInTheTerminalOnRequest()
    {
        TerminalPanel panel;
        QSignalSpy open(&panel, &TerminalPanel::openInTerminalRequested);
        QTest::mouseClick(panel.openTerminalButton(), Qt::LeftButton);
        QCOMPARE(open.size(), 1);
    }
};

QTEST_MAIN(TestTerminalPanel)
#include "tst_terminal_panel.moc"
