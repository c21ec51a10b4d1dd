#include "reviews_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace flotilla {

namespace {

QString whereOf(const ReviewComment &comment)
{
    if (comment.path.isEmpty())
        return ReviewsPanel::tr("(whole pull request)");
    return comment.line > 0 ? QStringLiteral("%1:%2").arg(comment.path).arg(comment.line) : comment.path;
}

} // namespace

ReviewsPanel::ReviewsPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("reviewsSummary"));
    m_resolve = new QPushButton(tr("Resolve thread"), this);
    m_resolve->setObjectName(QStringLiteral("resolveThreadButton"));
    m_ask = new QPushButton(tr("Ask agent to fix"), this);
    m_ask->setObjectName(QStringLiteral("askAgentButton"));
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_ask);
    bar->addWidget(m_resolve);
    layout->addLayout(bar);
    m_comments = new QTreeWidget(this);
    m_comments->setObjectName(QStringLiteral("reviewComments"));
    m_comments->setRootIsDecorated(false);
    m_comments->setWordWrap(true);
    m_comments->setHeaderLabels({tr("Where"), tr("Who"), tr("Comment")});
    m_comments->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_comments->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_comments->header()->setStretchLastSection(true);
    layout->addWidget(m_comments, 1);
    connect(m_comments, &QTreeWidget::currentItemChanged, this, &ReviewsPanel::updateButtons);
    connect(m_resolve, &QPushButton::clicked, this, [this] {
        if (const ReviewComment *comment = current(); comment && !comment->threadId.isEmpty())
            emit resolveRequested(comment->threadId);
    });
    connect(m_ask, &QPushButton::clicked, this, [this] {
        const ReviewComment *comment = current();
        if (!comment)
            return;
        QString text = QStringLiteral("Please address this review comment on %1 by %2:\n%3")
                           .arg(whereOf(*comment), comment->author, comment->body.trimmed());
        if (!comment->threadId.isEmpty())
            text += QStringLiteral("\nWhen it is fixed, resolve it: flo review resolve $FLOTILLA_SESSION %1")
                        .arg(comment->threadId);
        emit sendToAgentRequested(text);
    });
    showMessage(tr("No review comments."));
}

void ReviewsPanel::showMessage(const QString &text)
{
    m_shown.clear();
    m_comments->clear();
    m_summary->setText(text);
    updateButtons();
}

void ReviewsPanel::showComments(const PrSnapshot &pr)
{
    m_shown = pr.unresolvedComments;
    // People first, then bots; each in the order they wrote.
    std::stable_sort(m_shown.begin(), m_shown.end(),
                     [](const ReviewComment &a, const ReviewComment &b) { return !a.authorIsBot && b.authorIsBot; });
    m_comments->clear();
    QList<QTreeWidgetItem *> items;
    for (int i = 0; i < m_shown.size(); ++i) {
        const ReviewComment &comment = m_shown.at(i);
        auto *item = new QTreeWidgetItem;
        item->setText(0, whereOf(comment));
        item->setText(1, comment.authorIsBot ? tr("%1 (bot)").arg(comment.author) : comment.author);
        item->setText(2, comment.body.trimmed());
        item->setToolTip(2, comment.body);
        item->setData(0, Qt::UserRole, i);
        items << item;
    }
    m_comments->addTopLevelItems(items);
    const QString decision = pr.reviewDecision == PrSnapshot::ReviewDecision::ChangesRequested ? tr("changes requested")
                             : pr.reviewDecision == PrSnapshot::ReviewDecision::Approved       ? tr("approved")
                                                                                               : tr("review pending");
    m_summary->setText(m_shown.isEmpty() ? tr("Pull request #%1: %2, no open comments.").arg(pr.number).arg(decision)
                                         : tr("Pull request #%1: %2, %n open comment(s).", nullptr, int(m_shown.size()))
                                               .arg(pr.number)
                                               .arg(decision));
    if (!items.isEmpty())
        m_comments->setCurrentItem(items.first());
    updateButtons();
}

const ReviewComment *ReviewsPanel::current() const
{
    const QTreeWidgetItem *item = m_comments->currentItem();
    const int index = item ? item->data(0, Qt::UserRole).toInt() : -1;
    return index >= 0 && index < m_shown.size() ? &m_shown.at(index) : nullptr;
}

void ReviewsPanel::updateButtons()
{
    const ReviewComment *comment = current();
    m_ask->setEnabled(comment != nullptr);
    m_resolve->setEnabled(comment && !comment->threadId.isEmpty());
}

} // namespace flotilla
