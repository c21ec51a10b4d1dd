#include "diff_canvas.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

namespace flotilla {

namespace {

// Backgrounds that keep syntax colours readable in both light and dark palettes.
QColor backgroundFor(DiffRow::Kind kind, bool dark)
{
    switch (kind) {
    case DiffRow::Kind::Added:
        return dark ? QColor(0x1f, 0x3d, 0x2a) : QColor(0xe6, 0xff, 0xec);
    case DiffRow::Kind::Removed:
        return dark ? QColor(0x4b, 0x23, 0x26) : QColor(0xff, 0xeb, 0xe9);
    case DiffRow::Kind::File:
        return dark ? QColor(0x30, 0x36, 0x3d) : QColor(0xea, 0xee, 0xf2);
    case DiffRow::Kind::Hunk:
        return dark ? QColor(0x1c, 0x2b, 0x41) : QColor(0xdd, 0xf4, 0xff);
    case DiffRow::Kind::Note:
    case DiffRow::Kind::Context:
        break;
    }
    return {};
}

QChar markerOf(DiffRow::Kind kind)
{
    return kind == DiffRow::Kind::Added ? u'+' : kind == DiffRow::Kind::Removed ? u'-' : u' ';
}

} // namespace

DiffCanvas::DiffCanvas(QWidget *parent) : QAbstractScrollArea(parent)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    viewport()->setFont(font);
    setFont(font);
    const QFontMetrics metrics(font);
    m_lineHeight = metrics.height() + 2;
    m_charWidth = std::max(1, metrics.horizontalAdvance(QLatin1Char('m')));
    m_gutterWidth = metrics.horizontalAdvance(QStringLiteral("00000")) + 8;
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
}

void DiffCanvas::setDocument(const DiffDocument *document)
{
    m_document = document;
    m_anchor = m_current = -1;
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
    emit selectionChanged();
}

void DiffCanvas::setLayout(Layout layout)
{
    if (layout == m_layout)
        return;
    // Keep the first file in view in view.
    const int file = fileOfViewRow(rowAt(0));
    m_layout = layout;
    m_anchor = m_current = -1;
    updateScrollBars();
    if (file >= 0)
        scrollToFile(file);
    viewport()->update();
    emit selectionChanged();
}

int DiffCanvas::rowCount() const
{
    if (!m_document)
        return 0;
    return int(m_layout == Layout::Unified ? m_document->rows().size() : m_document->pairs().size());
}

void DiffCanvas::scrollToFile(int file)
{
    if (!m_document)
        return;
    const int row = m_layout == Layout::Unified ? m_document->fileRow(file) : m_document->filePair(file);
    if (row >= 0)
        verticalScrollBar()->setValue(row);
}

void DiffCanvas::selectRows(int first, int last)
{
    m_anchor = std::clamp(first, -1, rowCount() - 1);
    m_current = std::clamp(last, -1, rowCount() - 1);
    viewport()->update();
    emit selectionChanged();
}

int DiffCanvas::fileOfViewRow(int viewRow) const
{
    if (!m_document || viewRow < 0 || viewRow >= rowCount())
        return -1;
    if (m_layout == Layout::Unified)
        return m_document->rows().at(viewRow).file;
    const DiffPair &pair = m_document->pairs().at(viewRow);
    return m_document->rows().at(pair.left >= 0 ? pair.left : pair.right).file;
}

DiffSelection DiffCanvas::selection() const
{
    DiffSelection picked;
    if (!m_document || m_anchor < 0 || m_current < 0)
        return picked;
    const int first = std::min(m_anchor, m_current);
    const int last = std::max(m_anchor, m_current);
    const int file = fileOfViewRow(m_anchor);
    if (file < 0)
        return picked;
    QList<const DiffRow *> rows;
    for (int viewRow = first; viewRow <= last; ++viewRow) {
        if (fileOfViewRow(viewRow) != file)
            continue; // a selection stays within the file it started in
        if (m_layout == Layout::Unified) {
            rows << &m_document->rows().at(viewRow);
            continue;
        }
        const DiffPair &pair = m_document->pairs().at(viewRow);
        if (pair.left >= 0)
            rows << &m_document->rows().at(pair.left);
        if (pair.right >= 0 && pair.right != pair.left)
            rows << &m_document->rows().at(pair.right);
    }
    QStringList lines;
    int firstNew = 0, lastNew = 0, firstOld = 0, lastOld = 0;
    for (const DiffRow *row : std::as_const(rows)) {
        if (row->kind != DiffRow::Kind::Context && row->kind != DiffRow::Kind::Added
            && row->kind != DiffRow::Kind::Removed)
            continue;
        lines << markerOf(row->kind) + row->text;
        if (row->newLine > 0) {
            firstNew = firstNew == 0 ? row->newLine : std::min(firstNew, row->newLine);
            lastNew = std::max(lastNew, row->newLine);
        }
        if (row->oldLine > 0) {
            firstOld = firstOld == 0 ? row->oldLine : std::min(firstOld, row->oldLine);
            lastOld = std::max(lastOld, row->oldLine);
        }
    }
    if (lines.isEmpty())
        return picked;
    const DiffFile &diffFile = m_document->diff().files.at(file);
    picked.oldSide = firstNew == 0;
    picked.path = picked.oldSide && !diffFile.oldPath.isEmpty() ? diffFile.oldPath : diffFile.path();
    picked.firstLine = picked.oldSide ? firstOld : firstNew;
    picked.lastLine = picked.oldSide ? lastOld : lastNew;
    picked.text = lines.join(u'\n');
    return picked;
}

void DiffCanvas::updateScrollBars()
{
    const int visibleRows = std::max(1, viewport()->height() / m_lineHeight);
    verticalScrollBar()->setRange(0, std::max(0, rowCount() - visibleRows));
    verticalScrollBar()->setPageStep(visibleRows);
    verticalScrollBar()->setSingleStep(1);
    const int textWidth = (m_document ? m_document->longestLine() + 2 : 0) * m_charWidth;
    const int columns = m_layout == Layout::Unified ? 1 : 2;
    const int contentWidth = columns * textWidth + 2 * m_gutterWidth;
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth / columns - viewport()->width() / columns));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
}

void DiffCanvas::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

int DiffCanvas::rowAt(int y) const
{
    const int row = verticalScrollBar()->value() + y / m_lineHeight;
    return row < rowCount() ? row : -1;
}

void DiffCanvas::paintText(QPainter &painter, const DiffRow &row, int x, int baseline) const
{
    const QColor defaultColour = palette().color(QPalette::Text);
    if (row.spans.isEmpty()) {
        painter.setPen(defaultColour);
        painter.drawText(x, baseline, row.text);
        return;
    }
    int at = 0;
    QFont plain = painter.font();
    for (const HighlightSpan &span : row.spans) {
        if (span.start > at) {
            painter.setPen(defaultColour);
            painter.setFont(plain);
            painter.drawText(x + at * m_charWidth, baseline, row.text.mid(at, span.start - at));
        }
        QFont styled = plain;
        styled.setBold(span.bold);
        styled.setItalic(span.italic);
        painter.setFont(styled);
        painter.setPen(span.foreground.isValid() ? span.foreground : defaultColour);
        painter.drawText(x + span.start * m_charWidth, baseline, row.text.mid(span.start, span.length));
        at = span.start + span.length;
    }
    painter.setFont(plain);
    if (at < row.text.size()) {
        painter.setPen(defaultColour);
        painter.drawText(x + at * m_charWidth, baseline, row.text.mid(at));
    }
}

void DiffCanvas::paintRow(QPainter &painter, const DiffRow *row, const QRect &area, bool selected) const
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    if (!row) {
        painter.fillRect(area, palette().color(QPalette::AlternateBase));
        return;
    }
    if (const QColor background = backgroundFor(row->kind, dark); background.isValid())
        painter.fillRect(area, background);
    if (selected) {
        QColor highlight = palette().color(QPalette::Highlight);
        highlight.setAlpha(80);
        painter.fillRect(area, highlight);
    }
    const int baseline = area.top() + painter.fontMetrics().ascent() + 1;
    const int scrollX = horizontalScrollBar()->value();
    if (row->kind == DiffRow::Kind::File || row->kind == DiffRow::Kind::Hunk || row->kind == DiffRow::Kind::Note) {
        QFont font = painter.font();
        font.setBold(row->kind == DiffRow::Kind::File);
        font.setItalic(row->kind == DiffRow::Kind::Note);
        painter.setFont(font);
        painter.setPen(row->kind == DiffRow::Kind::Note ? palette().color(QPalette::PlaceholderText)
                                                        : palette().color(QPalette::Text));
        painter.drawText(area.left() + 6 - scrollX, baseline, row->text);
        font.setBold(false);
        font.setItalic(false);
        painter.setFont(font);
        return;
    }
    const bool unified = m_layout == Layout::Unified;
    int x = area.left();
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const auto number = [](int line) { return line > 0 ? QString::number(line) : QString(); };
    const QRect gutter(x, area.top(), m_gutterWidth - 6, area.height());
    if (unified) {
        painter.drawText(gutter, Qt::AlignRight | Qt::AlignVCenter, number(row->oldLine));
        painter.drawText(gutter.translated(m_gutterWidth, 0), Qt::AlignRight | Qt::AlignVCenter, number(row->newLine));
        x += 2 * m_gutterWidth;
    } else {
        painter.drawText(gutter, Qt::AlignRight | Qt::AlignVCenter,
                         number(row->kind == DiffRow::Kind::Removed ? row->oldLine : row->newLine));
        x += m_gutterWidth;
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(x, baseline, QString(markerOf(row->kind)));
    x += m_charWidth;
    painter.save();
    painter.setClipRect(QRect(x, area.top(), area.right() - x, area.height()));
    paintText(painter, *row, x - scrollX, baseline);
    painter.restore();
}

void DiffCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    if (!m_document)
        return;
    const int first = verticalScrollBar()->value();
    const int visible = viewport()->height() / m_lineHeight + 2;
    const int selectedFirst = std::min(m_anchor, m_current);
    const int selectedLast = std::max(m_anchor, m_current);
    const int width = viewport()->width();
    for (int i = 0; i < visible && first + i < rowCount(); ++i) {
        const int viewRow = first + i;
        const bool selected = selectedFirst >= 0 && viewRow >= selectedFirst && viewRow <= selectedLast;
        const int top = i * m_lineHeight;
        if (m_layout == Layout::Unified) {
            paintRow(painter, &m_document->rows().at(viewRow), QRect(0, top, width, m_lineHeight), selected);
            continue;
        }
        const DiffPair &pair = m_document->pairs().at(viewRow);
        if (pair.spanning) {
            paintRow(painter, &m_document->rows().at(pair.left), QRect(0, top, width, m_lineHeight), selected);
            continue;
        }
        const int half = width / 2;
        paintRow(painter, pair.left >= 0 ? &m_document->rows().at(pair.left) : nullptr,
                 QRect(0, top, half - 1, m_lineHeight), selected);
        paintRow(painter, pair.right >= 0 ? &m_document->rows().at(pair.right) : nullptr,
                 QRect(half + 1, top, width - half - 1, m_lineHeight), selected);
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawLine(half, top, half, top + m_lineHeight);
    }
}

void DiffCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    const int row = rowAt(event->position().toPoint().y());
    if ((event->modifiers() & Qt::ShiftModifier) && m_anchor >= 0)
        selectRows(m_anchor, row);
    else
        selectRows(row, row);
}

void DiffCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton) || m_anchor < 0)
        return;
    const int row = rowAt(std::clamp(event->position().toPoint().y(), 0, viewport()->height() - 1));
    if (row >= 0 && row != m_current)
        selectRows(m_anchor, row);
}

void DiffCanvas::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    const DiffSelection picked = selection();
    QAction *comment = menu.addAction(tr("Comment to agent…"), this, &DiffCanvas::commentRequested);
    comment->setEnabled(!picked.isEmpty());
    QAction *copy =
        menu.addAction(tr("Copy lines"), this, [picked] { QApplication::clipboard()->setText(picked.text); });
    copy->setEnabled(!picked.isEmpty());
    menu.exec(event->globalPos());
}

void DiffCanvas::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        if (const DiffSelection picked = selection(); !picked.isEmpty())
            QApplication::clipboard()->setText(picked.text);
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

} // namespace flotilla
