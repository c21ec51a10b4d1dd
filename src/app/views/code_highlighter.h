#pragma once

#include <KSyntaxHighlighting/AbstractHighlighter>

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

namespace flotilla {

// One highlighted run within a line.
struct HighlightSpan
{
    int start = 0;
    int length = 0;
    QString formatName; // the syntax definition's name for it ("Added line", "Keyword", …)
    QColor foreground;  // invalid: the theme's default text colour
    QColor background;  // invalid: no background of its own
    bool bold = false;
    bool italic = false;
};

// Syntax highlighting by KSyntaxHighlighting, as plain spans per line so every view (the diff
// view, the CI log, tests) can paint them its own way. Definitions and themes come from one
// repository shared by all highlighters of the process (it is costly to load).
class CodeHighlighter final : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    enum class Palette { Light, Dark };

    explicit CodeHighlighter(Palette palette = Palette::Light);

    // Picks the definition by file name ("main.cpp", "CMakeLists.txt", "x.diff").
    bool setDefinitionForFileName(const QString &fileName);
    // Picks the definition by its name ("Diff", "C++"). False if there is none by that name.
    bool setDefinitionByName(const QString &name);
    QString definitionName() const;
    // Loads the definitions of the usual source files ahead of their first use (the app does
    // it when idle after start), so the first diff opened costs no parsing of definitions.
    static void warmUp();

    // Highlights consecutive lines (state carries from one line to the next).
    QList<QList<HighlightSpan>> highlightLines(const QStringList &lines);

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    QList<HighlightSpan> m_currentLine;
};

} // namespace flotilla
