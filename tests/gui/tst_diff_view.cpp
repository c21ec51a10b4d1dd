// The diff view over a real repository's changes: files and counts, highlighting, unified
// and side-by-side layouts, picking lines to comment on, and a screenshot.
#include "isolated_environment.h"
#include "process_helpers.h"
#include "views/diff_view.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

// A repository on branch feat/1 whose working tree changes a C++ file, renames one, adds a
// binary and deletes one, against main.
QString changedRepository(const QString &root)
{
    const QString dir = root + u"/repo"_s;
    QDir().mkpath(dir);
    test::runGit(dir, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s});
    QByteArray cart =
        "#include <vector>\n\n// Adds items to the cart.\nint add(int a, int b)\n{\n    return a + b;\n}\n";
    for (int i = 0; i < 20; ++i)
        cart += "int unchanged" + QByteArray::number(i) + "() { return " + QByteArray::number(i) + "; }\n";
    test::writeTestFile(dir + u"/src/cart.cpp"_s, cart);
    test::writeTestFile(dir + u"/docs/guide.md"_s, "# Guide\n\nSome stable words here.\nAnd more of them.\nThe end.\n");
    test::writeTestFile(dir + u"/old.txt"_s, "bye\n");
    test::runGit(dir, {u"add"_s, u"-A"_s});
    test::runGit(dir, {u"commit"_s, u"-q"_s, u"-m"_s, u"base"_s});
    test::runGit(dir, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/1"_s});
    cart.replace("    return a + b;\n", "    // Never negative.\n    return std::max(0, a + b);\n");
    test::writeTestFile(dir + u"/src/cart.cpp"_s, cart);
    test::runGit(dir, {u"mv"_s, u"docs/guide.md"_s, u"docs/handbook.md"_s});
    test::runGit(dir, {u"rm"_s, u"-q"_s, u"old.txt"_s});
    test::writeTestFile(dir + u"/icon.png"_s, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    return dir;
}

const DiffRow *rowWithText(const DiffDocument &document, const QString &text)
{
    for (const DiffRow &row : document.rows())
        if (row.text == text)
            return &row;
    return nullptr;
}

} // namespace

class TestDiffView final : public QObject
{
    Q_OBJECT

private slots:
    void showsTheWorkspaceDiffHighlighted()
    {
        test::IsolatedEnvironment env;
        auto diff = workspaceDiff(changedRepository(env.workDir()), u"main"_s);
        QVERIFY2(diff, qPrintable(diff ? QString() : diff.error().message));

        DiffView view;
        view.resize(1100, 700);
        view.setDiff(diff.value());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        QCOMPARE(view.fileList()->topLevelItemCount(), 4);
        QStringList listed;
        for (int i = 0; i < view.fileList()->topLevelItemCount(); ++i)
            listed << view.fileList()->topLevelItem(i)->text(0);
        QVERIFY2(listed.contains(u"M  src/cart.cpp"_s), qPrintable(listed.join(u", "_s)));
        QVERIFY(listed.contains(u"R  docs/handbook.md"_s));
        QVERIFY(listed.contains(u"D  old.txt"_s));

        const DiffDocument &document = view.document();
        const DiffRow *added = rowWithText(document, u"    return std::max(0, a + b);"_s);
        QVERIFY(added);
        QCOMPARE(added->kind, DiffRow::Kind::Added);
        QVERIFY2(!added->spans.isEmpty(), "C++ lines are highlighted");
        const DiffRow *comment = rowWithText(document, u"    // Never negative."_s);
        QVERIFY(comment);
        QVERIFY(std::any_of(comment->spans.cbegin(), comment->spans.cend(),
                            [](const HighlightSpan &span) { return span.formatName.contains(u"Comment"_s); }));
        QVERIFY(rowWithText(document, u"Binary file: not shown."_s));
        QVERIFY(rowWithText(document, u"Renamed without changes."_s));

        // Side by side: the removed line faces the first added one.
        QSignalSpy layoutChanged(view.canvas(), &DiffCanvas::selectionChanged);
        view.findChild<QToolButton *>(u"sideBySideButton"_s)->click();
        QCOMPARE(view.canvas()->layout(), DiffCanvas::Layout::SideBySide);
        bool facing = false;
        for (const DiffPair &pair : document.pairs()) {
            if (pair.left >= 0 && pair.right >= 0 && !pair.spanning
                && document.rows().at(pair.left).kind == DiffRow::Kind::Removed) {
                QCOMPARE(document.rows().at(pair.left).text, u"    return a + b;"_s);
                QCOMPARE(document.rows().at(pair.right).text, u"    // Never negative."_s);
                facing = true;
            }
        }
        QVERIFY(facing);
        QVERIFY(view.canvas()->rowCount() < int(document.rows().size()));

        QVERIFY(view.grab().toImage().save(test::IsolatedEnvironment::artifactsDir() + u"/diff-view.png"_s));
    }

    void pickedLinesBecomeACommentRequest()
    {
        test::IsolatedEnvironment env;
        auto diff = workspaceDiff(changedRepository(env.workDir()), u"main"_s);
        QVERIFY(diff);
        DiffView view;
        view.setDiff(diff.value());
        auto *button = view.findChild<QPushButton *>(u"commentToAgentButton"_s);
        QVERIFY(!button->isEnabled());

        // The two added lines of cart.cpp, by their rows in the unified layout.
        const QList<DiffRow> &rows = view.document().rows();
        int first = -1;
        for (int i = 0; i < rows.size(); ++i)
            if (rows.at(i).kind == DiffRow::Kind::Added && first < 0)
                first = i;
        QVERIFY(first >= 0);
        view.canvas()->selectRows(first, first + 1);
        QVERIFY(button->isEnabled());
        QSignalSpy requested(&view, &DiffView::commentRequested);
        button->click();
        QCOMPARE(requested.size(), 1);
        const auto picked = requested.first().first().value<DiffSelection>();
        QCOMPARE(picked.path, u"src/cart.cpp"_s);
        QCOMPARE(picked.firstLine, 6);
        QCOMPARE(picked.lastLine, 7);
        QVERIFY(!picked.oldSide);
        QCOMPARE(picked.text, u"+    // Never negative.\n+    return std::max(0, a + b);"_s);

        // A selection never runs into the next file.
        view.canvas()->selectRows(first, view.canvas()->rowCount() - 1);
        QCOMPARE(view.canvas()->selection().path, u"src/cart.cpp"_s);
    }

    void anEmptyDiffAndAMessage()
    {
        DiffView view;
        WorkspaceDiff nothing;
        nothing.baseBranch = u"main"_s;
        view.setDiff(nothing);
        QCOMPARE(view.canvas()->rowCount(), 0);
        QVERIFY(view.findChild<QLabel *>(u"diffSummary"_s)->text().contains(u"No changes against main"_s));
        view.setMessage(u"Loading…"_s);
        QCOMPARE(view.findChild<QLabel *>(u"diffSummary"_s)->text(), u"Loading…"_s);
    }
};

QTEST_MAIN(TestDiffView)
#include "tst_diff_view.moc"
