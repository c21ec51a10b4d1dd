#include "screen_view.h"

#include "ansi_text.h"

#include <QFontDatabase>
#include <QScrollBar>

namespace flotilla {

ScreenView::ScreenView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

void ScreenView::showScreen(const QString &text)
{
    if (text == m_shown && isEnabled())
        return;
    m_shown = text;
    setEnabled(true);
    QScrollBar *bar = verticalScrollBar();
    const bool following = bar->value() >= bar->maximum();
    const int kept = bar->value();
    const AnsiText parsed = parseAnsi(text);
    setPlainText(parsed.text);
    applyAnsiRuns(document(), 0, parsed.runs);
    bar->setValue(following ? bar->maximum() : kept);
}

void ScreenView::showProblem(const QString &problem)
{
    m_shown.clear();
    setPlainText(problem);
    setEnabled(false);
}

void ScreenView::clearScreen()
{
    m_shown.clear();
    clear();
    setEnabled(true);
}

} // namespace flotilla
