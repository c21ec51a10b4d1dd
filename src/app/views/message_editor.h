#pragma once

#include <QPlainTextEdit>

namespace flotilla {

// A few lines of text for an agent: Enter starts a new line, Ctrl+Enter (Cmd+Enter on macOS)
// submits, Tab moves on.
class MessageEditor final : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit MessageEditor(const QString &placeholder, QWidget *parent = nullptr);

signals:
    void submitted();

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace flotilla
