#pragma once

#include "store/local_scm_store.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace flotilla {

// Asks a person what should change in a pull request: a summary for the agent and line
// comments, one per line as "path:line: text". Nothing is accepted until every comment line
// reads right; the dialog says which one does not.
class ReviewDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewDialog)

public:
    ReviewDialog(const QString &sessionId, int prNumber, QWidget *parent = nullptr);
    ~ReviewDialog() override;

    // The review as entered (verdict: changes requested); valid once the dialog is accepted.
    LocalReviewInput review() const { return m_review; }

    void setSummary(const QString &text);
    void setComments(const QString &lines);

    void accept() override;

private:
    QPlainTextEdit *m_summary = nullptr;
    QPlainTextEdit *m_comments = nullptr;
    QLabel *m_problem = nullptr;
    LocalReviewInput m_review;
};

} // namespace flotilla
