#pragma once

#include <QStyledItemDelegate>

namespace flotilla {

// The session cell: a project's orchestrator in bold behind the app's flagship icon (it leads
// the fleet), and the conflict radar's mark, a warning badge counting the sessions that change
// the same files (the tooltip names them and the files).
class ConflictMarkDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConflictMarkDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~ConflictMarkDelegate() override;

    // "⚠ 2": what the badge says for `others` overlapping sessions; empty for none.
    static QString markText(int others);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace flotilla
