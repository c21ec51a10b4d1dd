#pragma once

#include "plugin/scm_plugin.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace flotilla {

// The open review conversation of a session's pull request: each unresolved comment with
// where, who (bots marked) and what; a review's own body stands for the review. A thread can
// be resolved from here, or handed to the agent to fix.
class ReviewsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewsPanel)

public:
    explicit ReviewsPanel(QWidget *parent = nullptr);

    void showComments(const PrSnapshot &pr);
    void showMessage(const QString &text);
    QTreeWidget *commentList() const { return m_comments; }

signals:
    void resolveRequested(const QString &threadId);
    void sendToAgentRequested(const QString &text);

private:
    const ReviewComment *current() const;
    void updateButtons();

    QList<ReviewComment> m_shown;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_comments = nullptr;
    QPushButton *m_resolve = nullptr;
    QPushButton *m_ask = nullptr;
};

} // namespace flotilla
