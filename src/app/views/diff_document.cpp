#include "diff_document.h"

#include <QCoreApplication>

namespace flotilla {

namespace {

QString fileTitle(const DiffFile &file)
{
    switch (file.status) {
    case DiffFile::Status::Renamed:
        return DiffDocument::tr("%1 → %2 (renamed, %3% similar)").arg(file.oldPath, file.newPath).arg(file.similarity);
    case DiffFile::Status::Copied:
        return DiffDocument::tr("%1 → %2 (copied)").arg(file.oldPath, file.newPath);
    case DiffFile::Status::Added:
    case DiffFile::Status::Untracked:
        return DiffDocument::tr("%1 (new file)").arg(file.path());
    case DiffFile::Status::Deleted:
        return DiffDocument::tr("%1 (deleted)").arg(file.path());
    case DiffFile::Status::TypeChanged:
        return DiffDocument::tr("%1 (file type changed)").arg(file.path());
    case DiffFile::Status::Modified:
        break;
    }
    return file.path();
}

// Why a file shows no lines, or an empty string when it has some.
QString noteFor(const DiffFile &file)
{
    if (file.binary)
        return DiffDocument::tr("Binary file: not shown.");
    if (file.tooLarge)
        return DiffDocument::tr("Too large to show here (+%1 −%2 lines). Open the file in an editor.")
            .arg(file.additions)
            .arg(file.deletions);
    if (file.hunks.isEmpty())
        return file.status == DiffFile::Status::Renamed
                   ? DiffDocument::tr("Renamed without changes.")
                   : DiffDocument::tr("No changes in the content (mode or type only).");
    return {};
}

} // namespace

DiffDocument DiffDocument::build(WorkspaceDiff diff, CodeHighlighter::Palette palette)
{
    DiffDocument document;
    document.m_diff = std::move(diff);
    qsizetype lines = 0;
    for (const DiffFile &file : std::as_const(document.m_diff.files))
        for (const DiffHunk &hunk : file.hunks)
            lines += hunk.lines.size() + 1;
    document.m_rows.reserve(lines + 2 * document.m_diff.files.size());
    document.m_pairs.reserve(lines + 2 * document.m_diff.files.size());
    CodeHighlighter highlighter(palette);
    for (int i = 0; i < document.m_diff.files.size(); ++i)
        document.addFile(i, highlighter);
    if (document.m_diff.filesLeftOut > 0) {
        DiffRow note{DiffRow::Kind::Note,
                     -1,
                     0,
                     0,
                     DiffDocument::tr("%1 more changed files are not shown.").arg(document.m_diff.filesLeftOut),
                     {}};
        document.m_pairs << DiffPair{int(document.m_rows.size()), int(document.m_rows.size()), true};
        document.m_rows << note;
    }
    return document;
}

void DiffDocument::addFile(int index, CodeHighlighter &highlighter)
{
    const DiffFile &file = m_diff.files.at(index);
    const auto addSpanning = [this](DiffRow row) {
        m_pairs << DiffPair{int(m_rows.size()), int(m_rows.size()), true};
        m_rows << std::move(row);
    };
    m_fileRows << int(m_rows.size());
    m_filePairs << int(m_pairs.size());
    addSpanning(DiffRow{DiffRow::Kind::File, index, 0, 0, fileTitle(file), {}});
    if (const QString note = noteFor(file); !note.isEmpty()) {
        addSpanning(DiffRow{DiffRow::Kind::Note, index, 0, 0, note, {}});
        return;
    }

    // Each side is highlighted as one text, so a multi-line comment or string stays coloured.
    QStringList oldSide;
    QStringList newSide;
    for (const DiffHunk &hunk : file.hunks) {
        for (const DiffLine &line : hunk.lines) {
            if (line.kind == DiffLine::Kind::Context || line.kind == DiffLine::Kind::Removed)
                oldSide << line.text;
            if (line.kind == DiffLine::Kind::Context || line.kind == DiffLine::Kind::Added)
                newSide << line.text;
        }
    }
    const bool highlighted = highlighter.setDefinitionForFileName(file.path());
    const QList<QList<HighlightSpan>> oldSpans =
        highlighted ? highlighter.highlightLines(oldSide) : QList<QList<HighlightSpan>>();
    const QList<QList<HighlightSpan>> newSpans =
        highlighted ? highlighter.highlightLines(newSide) : QList<QList<HighlightSpan>>();

    qsizetype oldAt = 0;
    qsizetype newAt = 0;
    for (const DiffHunk &hunk : file.hunks) {
        addSpanning(DiffRow{DiffRow::Kind::Hunk, index, 0, 0, hunk.header, {}});
        const qsizetype firstRow = m_rows.size();
        for (const DiffLine &line : hunk.lines) {
            DiffRow row{DiffRow::Kind::Context, index, line.oldLine, line.newLine, line.text, {}};
            switch (line.kind) {
            case DiffLine::Kind::Context:
                row.spans = newSpans.value(newAt);
                ++oldAt;
                ++newAt;
                break;
            case DiffLine::Kind::Added:
                row.kind = DiffRow::Kind::Added;
                row.spans = newSpans.value(newAt++);
                break;
            case DiffLine::Kind::Removed:
                row.kind = DiffRow::Kind::Removed;
                row.spans = oldSpans.value(oldAt++);
                break;
            case DiffLine::Kind::NoNewlineAtEnd:
                row.kind = DiffRow::Kind::Note;
                row.text = DiffDocument::tr("No newline at end of file");
                break;
            }
            m_longestLine = std::max(m_longestLine, int(row.text.size()));
            m_rows << std::move(row);
        }
        pairHunk(firstRow, m_rows.size());
    }
}

void DiffDocument::pairHunk(qsizetype firstRow, qsizetype endRow)
{
    // A run of removed lines followed by added ones is a change: shown facing each other.
    qsizetype row = firstRow;
    while (row < endRow) {
        const DiffRow::Kind kind = m_rows.at(row).kind;
        if (kind == DiffRow::Kind::Context || kind == DiffRow::Kind::Note) {
            m_pairs << DiffPair{int(row), int(row), kind == DiffRow::Kind::Note};
            ++row;
            continue;
        }
        QList<int> removed;
        QList<int> added;
        while (row < endRow && m_rows.at(row).kind == DiffRow::Kind::Removed)
            removed << int(row++);
        while (row < endRow && m_rows.at(row).kind == DiffRow::Kind::Added)
            added << int(row++);
        const qsizetype height = std::max(removed.size(), added.size());
        for (qsizetype i = 0; i < height; ++i)
            m_pairs << DiffPair{int(removed.value(i, -1)), int(added.value(i, -1)), false};
    }
}

} // namespace flotilla
