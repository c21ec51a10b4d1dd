#pragma once

#include "model/decision.h"

#include <QAbstractListModel>
#include <QList>

namespace flotilla {

// The questions waiting for a person, oldest first: the decisions inbox of the window, and
// the count the tray shows. Qt Core only; the views choose how a decision looks.
class DecisionModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DecisionModel)

public:
    enum Role {
        DecisionIdRole = Qt::UserRole + 1,
        SessionIdRole,
        KindRole, // "escalation", "merge", "needs-input"
        QuestionRole,
        PriorityRole, // Priority as int
        PrUrlRole,    // from the decision's context, when it names one
    };

    explicit DecisionModel(QObject *parent = nullptr);
    ~DecisionModel() override;

    // Shows exactly `pending`, keeping rows that stay (and a view's selection on them).
    void reset(const QList<Decision> &pending);
    const Decision &decision(int row) const { return m_decisions.at(row); }
    int rowOf(const QString &decisionId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // "Merge?", "Keep trying?", "Needs your answer" — what is asked, in a few words.
    static QString kindText(const QString &kind);

signals:
    void pendingCountChanged(int count);

private:
    QList<Decision> m_decisions;
};

} // namespace flotilla
