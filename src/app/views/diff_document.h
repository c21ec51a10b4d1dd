#pragma once

#include "code_highlighter.h"
#include "git/git_workspace_diff.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace flotilla {

// One line of the diff as the view shows it.
struct DiffRow
{
    enum class Kind { File, Hunk, Context, Added, Removed, Note };

    Kind kind = Kind::Context;
    int file = -1; // index into WorkspaceDiff::files
    int oldLine = 0;
    int newLine = 0;
    QString text; // File: the path line; Hunk: the header; Note: why there are no lines
    QList<HighlightSpan> spans;
};

// A side-by-side line: indices into the rows (-1: blank on that side). Files, hunk headers
// and notes span both sides; an unchanged line is the same row on both.
struct DiffPair
{
    int left = -1;
    int right = -1;
    bool spanning = false;
};

// A workspace diff laid out for reading: rows in unified order, their side-by-side pairing,
// syntax highlighting by each file's type (old and new sides highlighted as the files they
// come from), and notes for binary, oversized, renamed and mode-only changes.
class DiffDocument final
{
    Q_DECLARE_TR_FUNCTIONS(DiffDocument)

public:
    DiffDocument() = default;
    static DiffDocument build(WorkspaceDiff diff, CodeHighlighter::Palette palette = CodeHighlighter::Palette::Light);

    const WorkspaceDiff &diff() const { return m_diff; }
    const QList<DiffRow> &rows() const { return m_rows; }
    const QList<DiffPair> &pairs() const { return m_pairs; }
    int fileRow(int file) const { return m_fileRows.value(file, -1); }
    int filePair(int file) const { return m_filePairs.value(file, -1); }
    int longestLine() const { return m_longestLine; }

private:
    void addFile(int index, CodeHighlighter &highlighter);
    void pairHunk(qsizetype firstRow, qsizetype endRow);

    WorkspaceDiff m_diff;
    QList<DiffRow> m_rows;
    QList<DiffPair> m_pairs;
    QList<int> m_fileRows;
    QList<int> m_filePairs;
    int m_longestLine = 0;
};

} // namespace flotilla
