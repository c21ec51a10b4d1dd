#include "message_editor.h"

#include <QKeyEvent>

namespace flotilla {

MessageEditor::MessageEditor(const QString &placeholder, QWidget *parent) : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setPlaceholderText(placeholder);
    setFixedHeight(fontMetrics().lineSpacing() * 4 + 12);
}

void MessageEditor::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && (event->modifiers() & Qt::ControlModifier)) {
        emit submitted();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace flotilla
