#include "review_dialog.h"

#include "fleet/review_comment_spec.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace flotilla {

ReviewDialog::ReviewDialog(const QString &sessionId, int prNumber, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Request changes on #%1 (%2)").arg(prNumber).arg(sessionId));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("What should the agent change?"), this));
    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(QStringLiteral("reviewSummary"));
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("Line comments, one per line as path:line: text (optional)"), this));
    m_comments = new QPlainTextEdit(this);
    m_comments->setObjectName(QStringLiteral("reviewComments"));
    m_comments->setPlaceholderText(tr("src/cart.sh:12: handle an empty cart"));
    layout->addWidget(m_comments);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("reviewProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
    m_problem->hide();
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Request changes"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ReviewDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReviewDialog::reject);
    layout->addWidget(buttons);
    resize(560, 380);
}

ReviewDialog::~ReviewDialog() = default;

void ReviewDialog::setSummary(const QString &text)
{
    m_summary->setPlainText(text);
}

void ReviewDialog::setComments(const QString &lines)
{
    m_comments->setPlainText(lines);
}

void ReviewDialog::accept()
{
    LocalReviewInput review;
    review.verdict = LocalReviewInput::Verdict::ChangesRequested;
    review.summary = m_summary->toPlainText().trimmed();
    const QStringList lines = m_comments->toPlainText().split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).trimmed().isEmpty())
            continue;
        auto comment = parseReviewComment(lines.at(i));
        if (!comment) {
            m_problem->setText(tr("Line %1: %2").arg(i + 1).arg(comment.error().message));
            m_problem->show();
            return;
        }
        review.comments.append(comment.value());
    }
    if (review.summary.isEmpty() && review.comments.isEmpty()) {
        m_problem->setText(tr("Say what should change: a summary or at least one line comment."));
        m_problem->show();
        return;
    }
    m_review = review;
    QDialog::accept();
}

} // namespace flotilla
