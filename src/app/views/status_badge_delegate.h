#pragma once

#include <QStyledItemDelegate>

namespace flotilla {

// Paints a cell as a coloured badge by the model's tone (status, CI, review), so failures,
// questions and finished work can be told apart at a glance down a long fleet table.
class StatusBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBadgeDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~StatusBadgeDelegate() override;

    // The badge colour of a FleetModel::Tone.
    static QColor colourOf(int tone);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace flotilla
