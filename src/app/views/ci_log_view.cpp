#include "ci_log_view.h"

#include "ansi_text.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextBlock>

namespace flotilla {

namespace {

// Marks error and warning lines with a background, over whatever colours the log set itself.
class CiLogHighlighter final : public QSyntaxHighlighter
{
public:
    CiLogHighlighter(QTextDocument *document, bool dark) : QSyntaxHighlighter(document), m_dark(dark) {}

protected:
    void highlightBlock(const QString &text) override
    {
        const bool dark = m_dark;
        QTextCharFormat format;
        if (CiLogView::isErrorLine(text)) {
            format.setBackground(dark ? QColor(0x4b, 0x23, 0x26) : QColor(0xff, 0xeb, 0xe9));
            format.setFontWeight(QFont::Bold);
        } else if (CiLogView::isWarningLine(text)) {
            format.setBackground(dark ? QColor(0x45, 0x3a, 0x1a) : QColor(0xff, 0xf8, 0xc5));
        } else if (text.startsWith(QStringLiteral("##[group]")) || text.startsWith(QStringLiteral("##[endgroup]"))) {
            format.setForeground(QColor(0x80, 0x80, 0x80));
        } else {
            return;
        }
        setFormat(0, int(text.size()), format);
    }

private:
    bool m_dark = false;
};

} // namespace

CiLogView::CiLogView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    new CiLogHighlighter(document(), palette().color(QPalette::Base).lightness() < 128);
}

bool CiLogView::isErrorLine(QStringView line)
{
    static const QRegularExpression kError(QStringLiteral(
        "(##\\[error\\]|\\berror(\\[\\w+\\])?:|\\bERROR\\b|\\bFAIL(ED)?\\b|\\bFatal\\b|Traceback \\(most "
        "recent call last\\)|\\bpanicked at\\b|exit code [1-9]|✗|✕|AssertionError)"));
    return kError.match(line).hasMatch();
}

bool CiLogView::isWarningLine(QStringView line)
{
    static const QRegularExpression kWarning(
        QStringLiteral("(##\\[warning\\]|\\bwarning(\\[\\w+\\])?:|\\bWARN(ING)?\\b)"));
    return kWarning.match(line).hasMatch();
}

void CiLogView::setLog(const QString &text)
{
    QStringView shown(text);
    QString cut;
    if (shown.size() > kMaxChars) {
        shown = shown.right(kMaxChars);
        shown = shown.mid(shown.indexOf(u'\n') + 1);
        cut = tr("[the first %1 KB of the log are left out]\n").arg((text.size() - shown.size()) / 1024);
    }
    const AnsiText parsed = parseAnsi(shown);
    setPlainText(cut + parsed.text);
    // The log's own colours, as character formats the highlighter draws over.
    applyAnsiRuns(document(), int(cut.size()), parsed.runs);
    m_firstError = -1;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        if (isErrorLine(block.text())) {
            m_firstError = block.blockNumber();
            break;
        }
    }
    moveCursor(QTextCursor::End);
}

bool CiLogView::jumpToFirstError()
{
    if (m_firstError < 0)
        return false;
    QTextCursor cursor(document()->findBlockByNumber(m_firstError));
    setTextCursor(cursor);
    centerCursor();
    return true;
}

} // namespace flotilla
