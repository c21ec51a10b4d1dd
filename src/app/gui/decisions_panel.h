#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;

namespace flotilla {

class DecisionModel;

// The decisions inbox: every question waiting for a person, oldest first, with the facts it
// was asked with (pull request, failing checks, attempts). Approve and Reject answer with the
// word; any written text goes to the agent as it is. An answer is sent once: the buttons stay
// off until the fleet says what became of it.
class DecisionsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DecisionsPanel)

public:
    explicit DecisionsPanel(QWidget *parent = nullptr);

    void setModel(DecisionModel *model);
    // Picks the decision (e.g. from a notification); false when it is no longer pending.
    bool selectDecision(const QString &decisionId);
    QString currentDecisionId() const;
    // What became of the last answer ("merged", "already answered by …"); buttons back on.
    void showOutcome(const QString &text);
    QListView *decisionList() const { return m_list; }

signals:
    void answerRequested(const QString &decisionId, const QString &answer);
    void showSessionRequested(const QString &sessionId);
    void openUrlRequested(const QUrl &url);

private:
    void showCurrent();
    void answer(const QString &text);
    void updateButtons();

    DecisionModel *m_model = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_question = nullptr;
    QLabel *m_facts = nullptr;
    QPlainTextEdit *m_answer = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_reject = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_showSession = nullptr;
    QLabel *m_outcome = nullptr;
    QString m_answering; // the decision whose answer is on its way
};

} // namespace flotilla
