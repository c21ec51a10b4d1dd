#include "code_highlighter.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

namespace flotilla {

namespace {

KSyntaxHighlighting::Repository &sharedRepository()
{
    // Loaded on first use on the GUI thread; loading every definition takes tens of ms.
    static KSyntaxHighlighting::Repository repository;
    return repository;
}

} // namespace

CodeHighlighter::CodeHighlighter(Palette palette)
{
    setTheme(sharedRepository().defaultTheme(palette == Palette::Dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                                      : KSyntaxHighlighting::Repository::LightTheme));
}

bool CodeHighlighter::setDefinitionForFileName(const QString &fileName)
{
    const KSyntaxHighlighting::Definition definition = sharedRepository().definitionForFileName(fileName);
    setDefinition(definition);
    return definition.isValid();
}

bool CodeHighlighter::setDefinitionByName(const QString &name)
{
    const KSyntaxHighlighting::Definition definition = sharedRepository().definitionForName(name);
    setDefinition(definition);
    return definition.isValid();
}

void CodeHighlighter::warmUp()
{
    CodeHighlighter highlighter;
    for (const char *name : {"a.cpp", "a.h", "a.c", "a.py", "a.ts", "a.tsx", "a.js", "a.json", "a.md", "a.yaml", "a.sh",
                             "a.rs", "a.go", "a.java", "a.kt", "a.rb", "a.css", "a.html", "CMakeLists.txt"}) {
        if (highlighter.setDefinitionForFileName(QString::fromLatin1(name)))
            highlighter.highlightLines({QStringLiteral("x")}); // definitions finish loading on first use
    }
}

QString CodeHighlighter::definitionName() const
{
    return definition().name();
}

QList<QList<HighlightSpan>> CodeHighlighter::highlightLines(const QStringList &lines)
{
    QList<QList<HighlightSpan>> result;
    result.reserve(lines.size());
    KSyntaxHighlighting::State state;
    for (const QString &line : lines) {
        m_currentLine.clear();
        state = highlightLine(line, state);
        result.append(std::move(m_currentLine));
    }
    m_currentLine.clear();
    return result;
}

void CodeHighlighter::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    if (length <= 0)
        return;
    HighlightSpan span;
    span.start = offset;
    span.length = length;
    span.formatName = format.name();
    if (format.hasTextColor(theme()))
        span.foreground = format.textColor(theme());
    if (format.hasBackgroundColor(theme()))
        span.background = format.backgroundColor(theme());
    span.bold = format.isBold(theme());
    span.italic = format.isItalic(theme());
    m_currentLine.append(span);
}

} // namespace flotilla
