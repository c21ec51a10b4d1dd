#pragma once

#include <QPlainTextEdit>

namespace flotilla {

// A CI log to read: ANSI colours kept, error and warning lines marked, the first error one
// click away. Read-only; big logs are cut to their last part (where failures are).
class CiLogView final : public QPlainTextEdit
{
    Q_OBJECT

public:
    static constexpr int kMaxChars = 2 * 1024 * 1024;

    explicit CiLogView(QWidget *parent = nullptr);

    void setLog(const QString &text);
    // Moves to the first line that reports an error; false when there is none.
    bool jumpToFirstError();
    int firstErrorLine() const { return m_firstError; }
    // Whether a line reads as an error (compiler, test runner and Actions spellings).
    static bool isErrorLine(QStringView line);
    static bool isWarningLine(QStringView line);

private:
    int m_firstError = -1;
};

} // namespace flotilla
