#include "diff_view.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace flotilla {

namespace {

QString statusLetter(DiffFile::Status status)
{
    switch (status) {
    case DiffFile::Status::Added:
    case DiffFile::Status::Untracked:
        return QStringLiteral("A");
    case DiffFile::Status::Deleted:
        return QStringLiteral("D");
    case DiffFile::Status::Renamed:
        return QStringLiteral("R");
    case DiffFile::Status::Copied:
        return QStringLiteral("C");
    case DiffFile::Status::TypeChanged:
        return QStringLiteral("T");
    case DiffFile::Status::Modified:
        break;
    }
    return QStringLiteral("M");
}

CodeHighlighter::Palette paletteOf(const QWidget *widget)
{
    return widget->palette().color(QPalette::Base).lightness() < 128 ? CodeHighlighter::Palette::Dark
                                                                     : CodeHighlighter::Palette::Light;
}

} // namespace

DiffView::DiffView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_unified = new QToolButton(this);
    m_unified->setText(tr("Unified"));
    m_unified->setCheckable(true);
    m_unified->setChecked(true);
    m_sideBySide = new QToolButton(this);
    m_sideBySide->setObjectName(QStringLiteral("sideBySideButton"));
    m_sideBySide->setText(tr("Side by side"));
    m_sideBySide->setCheckable(true);
    auto *layouts = new QButtonGroup(this);
    layouts->addButton(m_unified);
    layouts->addButton(m_sideBySide);
    m_comment = new QPushButton(tr("Comment to agent…"), this);
    m_comment->setObjectName(QStringLiteral("commentToAgentButton"));
    m_comment->setToolTip(tr("Pick lines in the diff, then tell the agent what to change there."));
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_unified);
    bar->addWidget(m_sideBySide);
    bar->addWidget(m_comment);
    layout->addLayout(bar);

    auto *splitter = new QSplitter(this);
    m_files = new QTreeWidget(splitter);
    m_files->setObjectName(QStringLiteral("diffFiles"));
    m_files->setRootIsDecorated(false);
    m_files->setUniformRowHeights(true);
    m_files->setHeaderLabels({tr("File"), QStringLiteral("+"), QStringLiteral("−")});
    m_files->header()->setStretchLastSection(false);
    m_files->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_files->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_files->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_canvas = new DiffCanvas(splitter);
    m_canvas->setObjectName(QStringLiteral("diffCanvas"));
    splitter->addWidget(m_files);
    splitter->addWidget(m_canvas);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({220, 660});
    layout->addWidget(splitter, 1);

    connect(m_files, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            m_canvas->scrollToFile(item->data(0, Qt::UserRole).toInt());
    });
    connect(m_sideBySide, &QToolButton::toggled, this, [this](bool sideBySide) {
        m_canvas->setLayout(sideBySide ? DiffCanvas::Layout::SideBySide : DiffCanvas::Layout::Unified);
    });
    connect(m_canvas, &DiffCanvas::selectionChanged, this, &DiffView::updateCommentButton);
    const auto requestComment = [this] {
        if (const DiffSelection picked = m_canvas->selection(); !picked.isEmpty())
            emit commentRequested(picked);
    };
    connect(m_comment, &QPushButton::clicked, this, requestComment);
    connect(m_canvas, &DiffCanvas::commentRequested, this, requestComment);
    updateCommentButton();
}

void DiffView::setDiff(WorkspaceDiff diff)
{
    m_document = DiffDocument::build(std::move(diff), paletteOf(this));
    const WorkspaceDiff &shown = m_document.diff();
    m_files->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(shown.files.size());
    for (int i = 0; i < shown.files.size(); ++i) {
        const DiffFile &file = shown.files.at(i);
        auto *item = new QTreeWidgetItem;
        item->setText(0, statusLetter(file.status) + QStringLiteral("  ") + file.path());
        item->setToolTip(0, file.oldPath.isEmpty() || file.oldPath == file.path()
                                ? file.path()
                                : tr("%1 (was %2)").arg(file.path(), file.oldPath));
        item->setText(1, file.binary ? QString() : QString::number(file.additions));
        item->setText(2, file.binary ? QString() : QString::number(file.deletions));
        item->setForeground(1, QColor(0x1a, 0x7f, 0x37));
        item->setForeground(2, QColor(0xcf, 0x22, 0x2e));
        item->setData(0, Qt::UserRole, i);
        items << item;
    }
    m_files->addTopLevelItems(items);
    m_summary->setText(shown.files.isEmpty()
                           ? tr("No changes against %1.").arg(shown.baseBranch)
                           : tr("%n file(s) changed against %1, +%2 −%3", nullptr, int(shown.files.size()))
                                 .arg(shown.baseBranch)
                                 .arg(shown.additions)
                                 .arg(shown.deletions));
    m_canvas->setDocument(&m_document);
}

void DiffView::setMessage(const QString &text)
{
    m_document = DiffDocument();
    m_files->clear();
    m_summary->setText(text);
    m_canvas->setDocument(nullptr);
}

void DiffView::updateCommentButton()
{
    m_comment->setEnabled(!m_canvas->selection().isEmpty());
}

} // namespace flotilla
