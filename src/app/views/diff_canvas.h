#pragma once

#include "diff_document.h"

#include <QAbstractScrollArea>

namespace flotilla {

// Lines picked in the diff, to comment on to the agent.
struct DiffSelection
{
    QString path;
    int firstLine = 0; // in the new file; the old file's for removed-only selections
    int lastLine = 0;
    bool oldSide = false;
    QString text; // the selected lines, each with its +/-/space marker

    bool isEmpty() const { return text.isEmpty(); }
};

// Paints a DiffDocument, unified or side by side, drawing only the rows in view so a diff of
// thousands of lines scrolls as fast as a short one. Rows are picked with the mouse (drag, or
// shift-click to extend) within one file.
class DiffCanvas final : public QAbstractScrollArea
{
    Q_OBJECT

public:
    enum class Layout { Unified, SideBySide };

    explicit DiffCanvas(QWidget *parent = nullptr);

    void setDocument(const DiffDocument *document);
    void setLayout(Layout layout);
    Layout layout() const { return m_layout; }
    void scrollToFile(int file);
    // Picks the view rows [first, last] (unified rows or side-by-side pairs).
    void selectRows(int first, int last);
    DiffSelection selection() const;
    int rowCount() const;

signals:
    void selectionChanged();
    void commentRequested();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateScrollBars();
    int rowAt(int y) const;
    int fileOfViewRow(int viewRow) const;
    void paintRow(QPainter &painter, const DiffRow *row, const QRect &area, bool selected) const;
    void paintText(QPainter &painter, const DiffRow &row, int x, int baseline) const;

    const DiffDocument *m_document = nullptr;
    Layout m_layout = Layout::Unified;
    int m_lineHeight = 16;
    int m_charWidth = 8;
    int m_gutterWidth = 40;
    int m_anchor = -1;
    int m_current = -1;
};

} // namespace flotilla
