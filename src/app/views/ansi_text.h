#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringView>

class QTextDocument;

namespace flotilla {

// A stretch of text with one look, as a terminal's SGR escape codes set it.
struct AnsiRun
{
    int start = 0;
    int length = 0;
    QColor foreground; // invalid: the view's default
    QColor background;
    bool bold = false;
    bool italic = false;
    bool underline = false;
};

struct AnsiText
{
    QString text;        // without any escape sequence
    QList<AnsiRun> runs; // styled stretches only, in order
};

// Reads CI and terminal output: SGR colours (the 16 named ones, 256-colour and 24-bit), bold,
// italic and underline become runs; every other escape sequence (cursor moves, erasing, window
// titles) and carriage-return overwrites are dropped, so the text reads as the log meant.
AnsiText parseAnsi(QStringView input);

// Gives the document's text the runs' looks; `offset` is where the parsed text starts in it.
void applyAnsiRuns(QTextDocument *document, int offset, const QList<AnsiRun> &runs);

} // namespace flotilla
