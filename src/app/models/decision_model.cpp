#include "decision_model.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace flotilla {

DecisionModel::DecisionModel(QObject *parent) : QAbstractListModel(parent) {}

DecisionModel::~DecisionModel() = default;

void DecisionModel::reset(const QList<Decision> &pending)
{
    const int before = static_cast<int>(m_decisions.size());
    QSet<QString> stays;
    for (const Decision &decision : pending)
        stays.insert(decision.id);
    // Answered ones leave, from the bottom up so the rows above keep their numbers.
    for (int row = static_cast<int>(m_decisions.size()) - 1; row >= 0; --row) {
        if (stays.contains(m_decisions.at(row).id))
            continue;
        beginRemoveRows({}, row, row);
        m_decisions.removeAt(row);
        endRemoveRows();
    }
    QSet<QString> shown;
    for (const Decision &decision : std::as_const(m_decisions))
        shown.insert(decision.id);
    // New ones arrive oldest first, after those already shown (which are older).
    for (const Decision &decision : pending) {
        if (shown.contains(decision.id))
            continue;
        const int row = static_cast<int>(m_decisions.size());
        beginInsertRows({}, row, row);
        m_decisions.append(decision);
        endInsertRows();
    }
    if (m_decisions.size() != before)
        emit pendingCountChanged(static_cast<int>(m_decisions.size()));
}

int DecisionModel::rowOf(const QString &decisionId) const
{
    for (int row = 0; row < m_decisions.size(); ++row) {
        if (m_decisions.at(row).id == decisionId)
            return row;
    }
    return -1;
}

int DecisionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_decisions.size());
}

QVariant DecisionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_decisions.size())
        return {};
    const Decision &decision = m_decisions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 · %2").arg(decision.sessionId, kindText(decision.kind));
    case Qt::ToolTipRole:
    case QuestionRole:
        return decision.question;
    case DecisionIdRole:
        return decision.id;
    case SessionIdRole:
        return decision.sessionId;
    case KindRole:
        return decision.kind;
    case PriorityRole:
        return static_cast<int>(decision.priority);
    case PrUrlRole:
        return decision.context.value(u"prUrl"_s).toString();
    default:
        break;
    }
    return {};
}

QString DecisionModel::kindText(const QString &kind)
{
    if (kind == u"merge"_s)
        return tr("merge?");
    if (kind == u"escalation"_s)
        return tr("keep trying?");
    if (kind == u"needs-input"_s)
        return tr("needs your answer");
    return kind;
}

} // namespace flotilla
