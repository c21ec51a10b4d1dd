#include "ci_log_excerpt.h"

#include <QRegularExpression>

#include <algorithm>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace flotilla {

const QString CiLogExcerpt::kGap = u"…"_s;

namespace {

using Range = std::pair<qsizetype, qsizetype>; // first line, one past the last

qsizetype utf8Size(const QString &line)
{
    return line.toUtf8().size() + 1; // and its newline
}

qsizetype utf8Size(const QStringList &lines, Range range)
{
    qsizetype size = 0;
    for (qsizetype i = range.first; i < range.second; ++i)
        size += utf8Size(lines.at(i));
    return size;
}

} // namespace

QString CiLogExcerpt::stripAnsi(const QString &text)
{
    // CSI sequences (colours, cursor moves), OSC sequences (titles, links) ended by BEL or ST,
    // character set designations, and the two-character escapes.
    static const QRegularExpression escape(
        uR"(\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[()*+][0-9A-Za-z]|[@-Z\\-_]))"_s);
    QString plain = text;
    plain.remove(escape);
    return plain;
}

bool CiLogExcerpt::looksLikeFailure(const QString &line)
{
    static const QRegularExpression failure(u"error|fail|assert|exception|traceback|panic|fatal|segmentation fault"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    // Summaries of success ("0 errors", "0 tests failed") and compiler flags ("-Werror") name
    // failures without being one.
    static const QRegularExpression noise(u"\\b0 (?:tests? )?(?:errors?|failed|failures?)\\b|(?:^|\\s)-W\\S*"_s,
                                          QRegularExpression::CaseInsensitiveOption);
    QString cleaned = line;
    cleaned.remove(noise);
    return cleaned.contains(failure);
}

QStringList CiLogExcerpt::readableLines(const QString &log)
{
    QStringList lines = stripAnsi(log).split(u'\n');
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        // A progress line redrawn with "\r" shows only what was drawn last.
        const qsizetype redrawn = line.lastIndexOf(u'\r');
        if (redrawn >= 0)
            line = line.mid(redrawn + 1);
        if (line.size() > kMaxLineLength)
            line = line.left(kMaxLineLength) + kGap;
    }
    while (!lines.isEmpty() && lines.constLast().trimmed().isEmpty())
        lines.removeLast();
    return lines;
}

QString CiLogExcerpt::extract(const QString &log)
{
    const QStringList lines = readableLines(log);
    const qsizetype count = lines.size();
    const qsizetype tailStart = std::max<qsizetype>(0, count - kTailLines);

    // Failure lines before the tail, each widened by its context; overlapping ones merged.
    std::vector<Range> sections;
    for (qsizetype i = 0; i < tailStart; ++i) {
        if (!looksLikeFailure(lines.at(i)))
            continue;
        const qsizetype first = std::max<qsizetype>(0, i - kContextBefore);
        const qsizetype end = std::min(tailStart, i + kContextAfter + 1);
        if (!sections.empty() && first <= sections.back().second)
            sections.back().second = std::max(sections.back().second, end);
        else
            sections.emplace_back(first, end);
    }
    qsizetype sectionsSize = 0;
    for (const Range &section : sections)
        sectionsSize += utf8Size(lines, section) + utf8Size(kGap);

    // The end of the output is kept in any case; it gives way to the failure lines only down
    // to half the budget. Lines go from its front, where they matter least.
    const qsizetype gapSize = utf8Size(kGap);
    const qsizetype tailBudget = kMaxBytes - gapSize - std::min(sectionsSize, kMaxBytes / 2);
    Range tail{tailStart, count};
    qsizetype tailSize = utf8Size(lines, tail);
    while (tail.first < tail.second && tailSize > tailBudget) {
        tailSize -= utf8Size(lines.at(tail.first));
        ++tail.first;
    }

    // The earliest failures first: the first error usually causes the rest.
    qsizetype room = kMaxBytes - tailSize - gapSize;
    std::vector<Range> kept;
    for (const Range &section : sections) {
        const qsizetype size = utf8Size(lines, section) + gapSize;
        if (size > room)
            break;
        kept.push_back(section);
        room -= size;
    }
    kept.push_back(tail);

    QStringList excerpt;
    qsizetype next = 0;
    for (const Range &range : kept) {
        if (range.first >= range.second)
            continue;
        if (range.first > next)
            excerpt.append(kGap);
        for (qsizetype i = range.first; i < range.second; ++i)
            excerpt.append(lines.at(i));
        next = range.second;
    }
    return excerpt.join(u'\n');
}

} // namespace flotilla
