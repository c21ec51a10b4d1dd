#include "views/code_highlighter.h"

#include <QGuiApplication>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

// The name of the format covering column `column` of a highlighted line.
QString formatAt(const QList<HighlightSpan> &spans, int column)
{
    for (const HighlightSpan &span : spans) {
        if (column >= span.start && column < span.start + span.length)
            return span.formatName;
    }
    return {};
}

const HighlightSpan *spanAt(const QList<HighlightSpan> &spans, int column)
{
    for (const HighlightSpan &span : spans) {
        if (column >= span.start && column < span.start + span.length)
            return &span;
    }
    return nullptr;
}

} // namespace

class TestCodeHighlighter final : public QObject
{
    Q_OBJECT

private slots:
    void highlightsAUnifiedDiff()
    {
        CodeHighlighter highlighter;
        QVERIFY(highlighter.setDefinitionForFileName(u"change.diff"_s));
        QCOMPARE(highlighter.definitionName(), u"Diff"_s);

        const QStringList diff = {
            u"diff --git a/src/main.cpp b/src/main.cpp"_s,
            u"--- a/src/main.cpp"_s,
            u"+++ b/src/main.cpp"_s,
            u"@@ -1,3 +1,3 @@"_s,
            u" int main()"_s,
            u"-    return 1;"_s,
            u"+    return 0;"_s,
        };
        const auto lines = highlighter.highlightLines(diff);
        QCOMPARE(lines.size(), diff.size());

        const QString removed = formatAt(lines.at(5), 5);
        const QString added = formatAt(lines.at(6), 5);
        QVERIFY2(removed.contains(u"Removed"_s, Qt::CaseInsensitive), qPrintable(removed));
        QVERIFY2(added.contains(u"Added"_s, Qt::CaseInsensitive), qPrintable(added));
        QCOMPARE(formatAt(lines.at(3), 0).isEmpty(), false); // the hunk header has a format of its own

        // The theme paints added and removed lines differently.
        const HighlightSpan *removedSpan = spanAt(lines.at(5), 5);
        const HighlightSpan *addedSpan = spanAt(lines.at(6), 5);
        QVERIFY(removedSpan && addedSpan);
        const auto look = [](const HighlightSpan &span) { return std::pair(span.foreground, span.background); };
        QVERIFY(look(*removedSpan) != look(*addedSpan));
        QVERIFY(removedSpan->foreground.isValid() || removedSpan->background.isValid());
    }

    void picksDefinitionsByFileName_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("definition");
        QTest::newRow("c++") << u"src/core/store/database.cpp"_s << u"C++"_s;
        QTest::newRow("cmake") << u"CMakeLists.txt"_s << u"CMake"_s;
        QTest::newRow("yaml") << u"flotilla.yaml"_s << u"YAML"_s;
        QTest::newRow("python") << u"tools/x.py"_s << u"Python"_s;
    }

    void picksDefinitionsByFileName()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, definition);
        CodeHighlighter highlighter;
        QVERIFY(highlighter.setDefinitionForFileName(fileName));
        QCOMPARE(highlighter.definitionName(), definition);
    }

    void highlightsKeywordsInCode()
    {
        CodeHighlighter highlighter(CodeHighlighter::Palette::Dark);
        QVERIFY(highlighter.setDefinitionByName(u"C++"_s));
        const auto lines = highlighter.highlightLines({u"return 0; // done"_s});
        QCOMPARE(formatAt(lines.at(0), 0), u"Control Flow"_s);
        QVERIFY(formatAt(lines.at(0), 12).contains(u"Comment"_s));
    }

    void knowsNothingOfUnknownNames()
    {
        CodeHighlighter highlighter;
        QVERIFY(!highlighter.setDefinitionByName(u"No Such Language"_s));
        const auto lines = highlighter.highlightLines({u"plain"_s});
        QCOMPARE(lines.size(), 1);
    }
};

QTEST_MAIN(TestCodeHighlighter)
#include "tst_code_highlighter.moc"
