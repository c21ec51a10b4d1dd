#include "ansi_text.h"

#include <QTextCursor>
#include <QTextDocument>

#include <array>

namespace flotilla {

namespace {

// The xterm palette's first 16 colours, readable on light and dark backgrounds alike.
constexpr std::array<QRgb, 16> kNamed = {
    0xff000000, 0xffcd3131, 0xff0dbc79, 0xffb58900, 0xff2472c8, 0xffbc3fbc, 0xff11a8cd, 0xff808080,
    0xff666666, 0xfff14c4c, 0xff23d18b, 0xffd7ba7d, 0xff3b8eea, 0xffd670d6, 0xff29b8db, 0xffa0a0a0,
};

QColor paletteColour(int index)
{
    if (index < 16)
        return QColor::fromRgba(kNamed[size_t(index)]);
    if (index < 232) {
        const int cube = index - 16;
        const auto level = [](int step) { return step == 0 ? 0 : 55 + step * 40; };
        return QColor(level(cube / 36), level((cube / 6) % 6), level(cube % 6));
    }
    const int grey = 8 + (index - 232) * 10;
    return QColor(grey, grey, grey);
}

struct Style
{
    QColor foreground;
    QColor background;
    bool bold = false;
    bool italic = false;
    bool underline = false;

    bool plain() const { return !foreground.isValid() && !background.isValid() && !bold && !italic && !underline; }
    bool operator==(const Style &other) const
    {
        return foreground == other.foreground && background == other.background && bold == other.bold
               && italic == other.italic && underline == other.underline;
    }
};

// Reads "38;5;n" or "38;2;r;g;b" starting at `at` (the 38/48); advances `at` past it.
QColor extendedColour(const QList<int> &codes, qsizetype &at)
{
    if (at + 2 < codes.size() && codes.at(at + 1) == 5) {
        const int index = codes.at(at + 2);
        at += 2;
        return index >= 0 && index < 256 ? paletteColour(index) : QColor();
    }
    if (at + 4 < codes.size() && codes.at(at + 1) == 2) {
        const QColor colour(std::clamp(codes.at(at + 2), 0, 255), std::clamp(codes.at(at + 3), 0, 255),
                            std::clamp(codes.at(at + 4), 0, 255));
        at += 4;
        return colour;
    }
    return {};
}

void applySgr(Style &style, QList<int> codes)
{
    if (codes.isEmpty())
        codes << 0;
    for (qsizetype i = 0; i < codes.size(); ++i) {
        const int code = codes.at(i);
        if (code == 0)
            style = Style();
        else if (code == 1)
            style.bold = true;
        else if (code == 3)
            style.italic = true;
        else if (code == 4)
            style.underline = true;
        else if (code == 22)
            style.bold = false;
        else if (code == 23)
            style.italic = false;
        else if (code == 24)
            style.underline = false;
        else if (code >= 30 && code <= 37)
            style.foreground = paletteColour(code - 30);
        else if (code >= 90 && code <= 97)
            style.foreground = paletteColour(code - 90 + 8);
        else if (code == 39)
            style.foreground = QColor();
        else if (code >= 40 && code <= 47)
            style.background = paletteColour(code - 40);
        else if (code >= 100 && code <= 107)
            style.background = paletteColour(code - 100 + 8);
        else if (code == 49)
            style.background = QColor();
        else if (code == 38)
            style.foreground = extendedColour(codes, i);
        else if (code == 48)
            style.background = extendedColour(codes, i);
    }
}

} // namespace

AnsiText parseAnsi(QStringView input)
{
    AnsiText out;
    out.text.reserve(input.size());
    Style style;
    Style runStyle;
    int runStart = 0;
    qsizetype lineStart = 0; // in out.text: where a carriage return goes back to
    const auto closeRun = [&] {
        const int end = int(out.text.size());
        if (end > runStart && !runStyle.plain())
            out.runs << AnsiRun{runStart,      end - runStart,  runStyle.foreground, runStyle.background,
                                runStyle.bold, runStyle.italic, runStyle.underline};
        runStart = end;
        runStyle = style;
    };
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QChar c = input.at(i);
        if (c == u'\x1b' && i + 1 < input.size()) {
            const QChar kind = input.at(i + 1);
            if (kind == u'[') {
                // CSI: parameters, then one final byte in @..~
                qsizetype end = i + 2;
                while (end < input.size() && !(input.at(end).unicode() >= 0x40 && input.at(end).unicode() <= 0x7e))
                    ++end;
                if (end >= input.size())
                    break;
                if (input.at(end) == u'm') {
                    QList<int> codes;
                    for (QStringView part : input.mid(i + 2, end - i - 2).split(u';'))
                        codes << part.toInt();
                    applySgr(style, codes);
                    if (!(style == runStyle))
                        closeRun();
                }
                i = end;
                continue;
            }
            if (kind == u']') {
                // OSC (window title, hyperlink): up to BEL or ESC backslash
                qsizetype end = i + 2;
                while (end < input.size() && input.at(end) != u'\a'
                       && !(input.at(end) == u'\x1b' && end + 1 < input.size() && input.at(end + 1) == u'\\'))
                    ++end;
                i = end < input.size() && input.at(end) == u'\x1b' ? end + 1 : end;
                continue;
            }
            ++i; // a two-byte escape
            continue;
        }
        if (c == u'\r') {
            // A progress line rewritten in place: keep what was written last, unless it ends
            // the line ("\r\n").
            if (i + 1 < input.size() && input.at(i + 1) == u'\n')
                continue;
            closeRun();
            out.text.truncate(lineStart);
            while (!out.runs.isEmpty() && out.runs.last().start >= lineStart)
                out.runs.removeLast();
            if (!out.runs.isEmpty() && out.runs.last().start + out.runs.last().length > lineStart)
                out.runs.last().length = int(lineStart) - out.runs.last().start;
            runStart = int(lineStart);
            continue;
        }
        if (c.unicode() < 0x20 && c != u'\n' && c != u'\t')
            continue; // bells, backspaces and other controls
        out.text += c;
        if (c == u'\n')
            lineStart = out.text.size();
    }
    closeRun();
    return out;
}

void applyAnsiRuns(QTextDocument *document, int offset, const QList<AnsiRun> &runs)
{
    QTextCursor cursor(document);
    for (const AnsiRun &run : runs) {
        QTextCharFormat format;
        if (run.foreground.isValid())
            format.setForeground(run.foreground);
        if (run.background.isValid())
            format.setBackground(run.background);
        if (run.bold)
            format.setFontWeight(QFont::Bold);
        format.setFontItalic(run.italic);
        format.setFontUnderline(run.underline);
        cursor.setPosition(offset + run.start);
        cursor.setPosition(offset + run.start + run.length, QTextCursor::KeepAnchor);
        cursor.setCharFormat(format);
    }
}

} // namespace flotilla
