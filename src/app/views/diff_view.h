#pragma once

#include "diff_canvas.h"
#include "diff_document.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;
class QTreeWidget;

namespace flotilla {

// A workspace diff to read and comment on: the changed files with their line counts beside
// the diff itself, unified or side by side. Picking lines and "Comment to agent…" asks for a
// comment on them (commentRequested).
class DiffView final : public QWidget
{
    Q_OBJECT

public:
    explicit DiffView(QWidget *parent = nullptr);

    void setDiff(WorkspaceDiff diff);
    // What to show instead of a diff ("Loading…", or why there is none).
    void setMessage(const QString &text);
    const DiffDocument &document() const { return m_document; }
    DiffCanvas *canvas() const { return m_canvas; }
    QTreeWidget *fileList() const { return m_files; }

signals:
    void commentRequested(const flotilla::DiffSelection &selection);

private:
    void updateCommentButton();

    DiffDocument m_document;
    QLabel *m_summary = nullptr;
    QToolButton *m_unified = nullptr;
    QToolButton *m_sideBySide = nullptr;
    QPushButton *m_comment = nullptr;
    QTreeWidget *m_files = nullptr;
    DiffCanvas *m_canvas = nullptr;
};

} // namespace flotilla
