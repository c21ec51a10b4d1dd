#include "conflict_mark_delegate.h"

#include "models/fleet_model.h"
#include "status_badge_delegate.h"

#include <QIcon>
#include <QPainter>
#include <QPainterPath>

namespace flotilla {

namespace {

constexpr int kGap = 6;

} // namespace

ConflictMarkDelegate::~ConflictMarkDelegate() = default;

void ConflictMarkDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!index.data(FleetModel::OrchestratorRole).toBool())
        return;
    option->font.setBold(true);
    option->fontMetrics = QFontMetrics(option->font);
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = QIcon(QStringLiteral(":/flotilla/icons/flotilla.svg"));
    const int side = option->fontMetrics.height();
    option->decorationSize = QSize(side, side);
}

QString ConflictMarkDelegate::markText(int others)
{
    return others > 0 ? QStringLiteral("\u26A0 %1").arg(others) : QString();
}

void ConflictMarkDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString mark = markText(int(index.data(FleetModel::ConflictRole).toStringList().size()));
    if (mark.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QFontMetrics metrics(option.font);
    const int height = metrics.height() + 2;
    const int width = metrics.horizontalAdvance(mark) + 2 * kGap;
    QStyleOptionViewItem text = option;
    text.rect.setRight(option.rect.right() - width - kGap);
    QStyledItemDelegate::paint(painter, text, index);
    const QRect badge(option.rect.right() - width - kGap / 2, option.rect.center().y() - height / 2 + 1, width, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(badge, height / 2.0, height / 2.0);
    painter->fillPath(path, StatusBadgeDelegate::colourOf(int(FleetModel::Tone::Warning)));
    painter->setPen(Qt::white);
    painter->setFont(option.font);
    painter->drawText(badge, Qt::AlignCenter, mark);
    painter->restore();
}

QSize ConflictMarkDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QString mark = markText(int(index.data(FleetModel::ConflictRole).toStringList().size()));
    if (!mark.isEmpty())
        size.rwidth() += QFontMetrics(option.font).horizontalAdvance(mark) + 3 * kGap;
    return size;
}

} // namespace flotilla
