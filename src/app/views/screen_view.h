#pragma once

#include <QPlainTextEdit>

namespace flotilla {

// An agent's terminal screen as last read: ANSI colours kept, fixed font, no wrapping. A read
// that did not change the screen is not drawn again, and the scroll position stays where the
// person left it unless they were following the end.
class ScreenView final : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit ScreenView(QWidget *parent = nullptr);

    void showScreen(const QString &text);
    // Why there is no screen to show; greyed out until the next screen arrives.
    void showProblem(const QString &problem);
    void clearScreen();

private:
    QString m_shown;
};

} // namespace flotilla
