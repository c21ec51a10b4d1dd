#include "status_badge_delegate.h"

#include "models/fleet_model.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace flotilla {

namespace {

constexpr int kPadding = 8;

} // namespace

StatusBadgeDelegate::~StatusBadgeDelegate() = default;

QColor StatusBadgeDelegate::colourOf(int tone)
{
    using Tone = FleetModel::Tone;
    switch (static_cast<Tone>(tone)) {
    case Tone::Bad:
        return {0xc6, 0x28, 0x28};
    case Tone::Warning:
        return {0xd9, 0x77, 0x06};
    case Tone::Info:
        return {0x25, 0x63, 0xeb};
    case Tone::Good:
        return {0x15, 0x80, 0x3d};
    case Tone::Finished:
        return {0x6d, 0x28, 0xd9};
    case Tone::Active:
        return {0x0e, 0x74, 0x90};
    case Tone::Neutral:
    case Tone::None:
        break;
    }
    return {0x6b, 0x72, 0x80};
}

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QString text = index.data().toString();
    if (text.isEmpty())
        return;
    const QFontMetrics metrics(option.font);
    const int height = metrics.height() + 4;
    const QRect badge(option.rect.left() + kPadding / 2, option.rect.center().y() - height / 2 + 1,
                      std::min(metrics.horizontalAdvance(text) + 2 * kPadding, option.rect.width() - kPadding), height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(badge, height / 2.0, height / 2.0);
    painter->fillPath(path, colourOf(index.data(FleetModel::ToneRole).toInt()));
    painter->setPen(Qt::white);
    painter->setFont(option.font);
    painter->drawText(badge, Qt::AlignCenter, metrics.elidedText(text, Qt::ElideRight, badge.width() - kPadding));
    painter->restore();
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    return {metrics.horizontalAdvance(index.data().toString()) + 3 * kPadding,
            std::max(base.height(), metrics.height() + 8)};
}

} // namespace flotilla
