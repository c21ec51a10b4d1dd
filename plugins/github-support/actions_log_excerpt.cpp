#include "actions_log_excerpt.h"

#include <QDate>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// The workflow commands the runner writes at the start of a line.
constexpr QStringView kGroupMarker = u"##[group]";
constexpr QStringView kRunGroupMarker = u"##[group]Run ";
constexpr QStringView kEndGroupMarker = u"##[endgroup]";
constexpr QStringView kErrorMarker = u"##[error]";
constexpr QStringView kWarningMarker = u"##[warning]";
constexpr QStringView kNoticeMarker = u"##[notice]";
constexpr QStringView kDebugMarker = u"##[debug]";
// The runner's first line after the last step: what follows is the runner tidying up.
constexpr QStringView kCleanupLine = u"Post job cleanup.";

constexpr qint64 kUnixEpochJulianDay = 2440588;

struct LogLine
{
    qint64 second = -1; // since the Unix epoch; -1 while no line before had a timestamp
    QString text;
};

struct Slice
{
    qsizetype first = 0;
    qsizetype end = 0; // one past the last line
    ActionsFailureExcerpt::Source source = ActionsFailureExcerpt::Source::WholeLog;
};

enum class EntryKind { Output, Label, RunnerError };

struct Entry
{
    QString text;
    EntryKind kind = EntryKind::Output;
};

int digitsAt(QStringView text, qsizetype at, qsizetype count)
{
    int value = 0;
    for (qsizetype i = at; i < at + count; ++i) {
        if (!text.at(i).isDigit())
            return -1;
        value = value * 10 + text.at(i).digitValue();
    }
    return value;
}

// Reads the "2024-05-01T12:34:56.1234567Z " that opens every line. Parsed by hand: a log of
// several hundred thousand lines goes through here line by line.
qint64 timestampSeconds(QStringView line, qsizetype &prefixLength)
{
    if (line.size() < 20 || line.at(4) != u'-' || line.at(7) != u'-' || line.at(10) != u'T' || line.at(13) != u':'
        || line.at(16) != u':')
        return -1;
    const int year = digitsAt(line, 0, 4);
    const int month = digitsAt(line, 5, 2);
    const int day = digitsAt(line, 8, 2);
    const int hour = digitsAt(line, 11, 2);
    const int minute = digitsAt(line, 14, 2);
    const int second = digitsAt(line, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return -1;
    qsizetype at = 19;
    if (line.at(at) == u'.') {
        ++at;
        while (at < line.size() && line.at(at).isDigit())
            ++at;
    }
    if (at >= line.size() || line.at(at) != u'Z')
        return -1;
    ++at;
    if (at < line.size() && line.at(at) == u' ')
        ++at;
    const QDate date(year, month, day);
    if (!date.isValid())
        return -1;
    prefixLength = at;
    return (date.toJulianDay() - kUnixEpochJulianDay) * 86400 + hour * 3600 + minute * 60 + second;
}

// A progress line redrawn with "\r" shows only what was drawn last.
QString collapseRedraws(QString line)
{
    while (line.endsWith(u'\r'))
        line.chop(1);
    const qsizetype redrawn = line.lastIndexOf(u'\r');
    if (redrawn >= 0)
        line.remove(0, redrawn + 1);
    return line;
}

// The log's lines without timestamps, byte-order mark, redraws and (unless kept) escapes, with
// secrets masked. Masking runs over the joined text so a private key spread over several
// lines is found whole; it keeps the number of lines, so each keeps its time.
QList<LogLine> readLines(const QByteArray &log, bool keepEscapes, const LogSecretScrubber &scrubber)
{
    QString text = QString::fromUtf8(log);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    QStringList texts = text.split(u'\n');

    QList<LogLine> lines;
    lines.reserve(texts.size());
    qint64 lastSecond = -1;
    for (QString &raw : texts) {
        qsizetype prefixLength = 0;
        const qint64 second = timestampSeconds(raw, prefixLength);
        // A line without a time of its own continues the one before it.
        if (second >= 0)
            lastSecond = second;
        QString readable = collapseRedraws(raw.mid(prefixLength));
        if (!keepEscapes)
            readable = ActionsLogExcerpt::stripAnsi(readable);
        lines.append(LogLine{lastSecond, std::move(readable)});
        raw.clear();
    }
    while (!lines.isEmpty() && lines.constLast().text.trimmed().isEmpty())
        lines.removeLast();

    QStringList joined;
    joined.reserve(lines.size());
    for (const LogLine &line : std::as_const(lines))
        joined.append(line.text);
    const QStringList scrubbed = scrubber.scrub(joined.join(u'\n')).split(u'\n');
    for (qsizetype i = 0; i < lines.size() && i < scrubbed.size(); ++i)
        lines[i].text = scrubbed.at(i);
    return lines;
}

bool isErrorLine(const LogLine &line)
{
    return line.text.startsWith(kErrorMarker);
}

bool isRunHeader(const LogLine &line)
{
    return line.text.startsWith(kRunGroupMarker);
}

std::optional<int> exitCodeOf(const QString &line)
{
    static const QRegularExpression exitCode(u"^##\\[error\\]Process completed with exit code (-?\\d+)\\."_s);
    const QRegularExpressionMatch match = exitCode.match(line);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}

qsizetype firstIndex(const QList<LogLine> &lines, qsizetype from, qsizetype end, bool (*matches)(const LogLine &))
{
    for (qsizetype i = from; i < end; ++i) {
        if (matches(lines.at(i)))
            return i;
    }
    return -1;
}

// Ends a part of the log at its step's exit code, or else before the runner's clean-up.
qsizetype endOfStep(const QList<LogLine> &lines, qsizetype from, qsizetype end)
{
    for (qsizetype i = from; i < end; ++i) {
        if (exitCodeOf(lines.at(i).text))
            return i + 1;
        if (lines.at(i).text == kCleanupLine)
            return i;
    }
    return end;
}

// The lines written while the step ran. Its times have whole seconds, so a second either side
// is allowed for; lines of the steps around it that share those seconds are cut off at the
// step's own "Run …" header and at its exit code. Times that catch no error while the log has
// one belong to some other part of the log, and are not trusted.
std::optional<Slice> stepSlice(const QList<LogLine> &lines, const ActionsJobStep *step, bool logHasError)
{
    if (step == nullptr || !step->startedAt.isValid() || !step->completedAt.isValid())
        return std::nullopt;
    const qint64 from = step->startedAt.toSecsSinceEpoch() - 1;
    const qint64 to = step->completedAt.toSecsSinceEpoch() + 1;
    qsizetype first = -1;
    qsizetype end = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qint64 second = lines.at(i).second;
        if (second >= from && second <= to) {
            if (first < 0)
                first = i;
            end = i + 1;
        }
    }
    if (first < 0)
        return std::nullopt;
    const qsizetype firstError = firstIndex(lines, first, end, isErrorLine);
    if (firstError < 0 && logHasError)
        return std::nullopt;
    if (firstError >= 0) {
        for (qsizetype i = firstError; i >= first; --i) {
            if (isRunHeader(lines.at(i))) {
                first = i;
                break;
            }
        }
    }
    return Slice{first, endOfStep(lines, first, end), ActionsFailureExcerpt::Source::Step};
}

// Group headers name the command rather than the step, so without usable times the failing
// step is the "Run …" section that holds the log's first error.
std::optional<Slice> runSectionSlice(const QList<LogLine> &lines)
{
    const qsizetype firstError = firstIndex(lines, 0, lines.size(), isErrorLine);
    if (firstError < 0)
        return std::nullopt;
    qsizetype header = firstError;
    while (header >= 0 && !isRunHeader(lines.at(header)))
        --header;
    if (header < 0)
        return std::nullopt;
    qsizetype nextHeader = firstIndex(lines, firstError, lines.size(), isRunHeader);
    if (nextHeader < 0)
        nextHeader = lines.size();
    return Slice{header, endOfStep(lines, header, nextHeader), ActionsFailureExcerpt::Source::RunSection};
}

QString cutLine(const QString &line)
{
    if (line.size() <= ActionsLogExcerpt::kMaxLineLength)
        return line;
    return line.left(ActionsLogExcerpt::kMaxLineLength) + u'…';
}

// What the slice printed. Between "##[group]Run …" and its "##[endgroup]" the runner echoes the
// step's script and environment, which never ran: only the header stays, as a label. A section
// left open ends at the next group or error.
QList<Entry> readableEntries(const QList<LogLine> &lines, const Slice &slice)
{
    QList<Entry> entries;
    bool inScript = false;
    for (qsizetype i = slice.first; i < slice.end; ++i) {
        const QString &text = lines.at(i).text;
        if (text.startsWith(kRunGroupMarker)) {
            entries.append(Entry{cutLine(text.mid(kGroupMarker.size())), EntryKind::Label});
            inScript = true;
        } else if (text.startsWith(kEndGroupMarker)) {
            inScript = false;
        } else if (inScript && !text.startsWith(kGroupMarker) && !text.startsWith(kErrorMarker)) {
            continue;
        } else if (text.startsWith(kGroupMarker)) {
            inScript = false;
            entries.append(Entry{cutLine(text.mid(kGroupMarker.size())), EntryKind::Output});
        } else if (text.startsWith(kErrorMarker)) {
            inScript = false;
            entries.append(Entry{cutLine(text.mid(kErrorMarker.size())), EntryKind::RunnerError});
        } else if (text.startsWith(kWarningMarker)) {
            entries.append(Entry{cutLine(u"Warning: "_s + text.mid(kWarningMarker.size())), EntryKind::Output});
        } else if (text.startsWith(kNoticeMarker)) {
            entries.append(Entry{cutLine(u"Notice: "_s + text.mid(kNoticeMarker.size())), EntryKind::Output});
        } else if (text.startsWith(kDebugMarker)) {
            entries.append(Entry{cutLine(text.mid(kDebugMarker.size())), EntryKind::Output});
        } else {
            entries.append(Entry{cutLine(text), EntryKind::Output});
        }
    }
    while (!entries.isEmpty() && entries.constLast().text.trimmed().isEmpty())
        entries.removeLast();
    return entries;
}

qsizetype utf8Size(const QString &line)
{
    return line.toUtf8().size() + 1; // and its newline
}

QString gapLine(qsizetype lineCount)
{
    return lineCount == 1 ? u"… (1 line left out)"_s : u"… (%1 lines left out)"_s.arg(lineCount);
}

// The kept lines in log order, with a line saying how many were left out wherever some were.
QStringList assemble(const QList<Entry> &entries, const std::vector<qsizetype> &kept)
{
    QStringList excerpt;
    qsizetype next = 0;
    for (const qsizetype index : kept) {
        if (index > next)
            excerpt.append(gapLine(index - next));
        excerpt.append(entries.at(index).text);
        next = index + 1;
    }
    if (next < entries.size())
        excerpt.append(gapLine(entries.size() - next));
    return excerpt;
}

bool withinCaps(const QStringList &excerpt)
{
    if (excerpt.size() > ActionsLogExcerpt::kMaxLines)
        return false;
    qsizetype bytes = 0;
    for (const QString &line : excerpt)
        bytes += utf8Size(line);
    return bytes <= ActionsLogExcerpt::kMaxBytes;
}

struct Highlight
{
    qsizetype index = 0;
    int priority = 0; // lower goes first
    qsizetype before = 0;
    qsizetype after = 0;
};

// Chooses the lines of the excerpt: the highlights (the step's command, the runner's errors,
// then lines shaped like failures) each with its context, earliest first within a kind and
// using at most half the room; then the end of the step, which gives up lines from its front
// until everything fits.
std::vector<qsizetype> chooseLines(const QList<Entry> &entries)
{
    const qsizetype count = entries.size();
    const qsizetype tailStart = std::max<qsizetype>(0, count - ActionsLogExcerpt::kTailLines);

    std::vector<Highlight> highlights;
    for (qsizetype i = 0; i < tailStart; ++i) {
        const Entry &entry = entries.at(i);
        if (entry.kind == EntryKind::Label && highlights.empty())
            highlights.push_back(Highlight{i, 0, 0, 0});
        else if (entry.kind == EntryKind::RunnerError)
            highlights.push_back(Highlight{i, 1, ActionsLogExcerpt::kErrorContext, ActionsLogExcerpt::kErrorContext});
        else if (entry.kind == EntryKind::Output && ActionsLogExcerpt::looksLikeFailure(entry.text))
            highlights.push_back(
                Highlight{i, 2, ActionsLogExcerpt::kFailureContextBefore, ActionsLogExcerpt::kFailureContextAfter});
    }
    std::stable_sort(highlights.begin(), highlights.end(),
                     [](const Highlight &a, const Highlight &b) { return a.priority < b.priority; });

    // A line printed again (a test runner's summary repeating each failure, an error echoed by
    // the runner) is shown once, with the context of its first appearance.
    QSet<QString> shown;
    for (qsizetype i = tailStart; i < count; ++i)
        shown.insert(entries.at(i).text);

    std::vector<bool> keep(static_cast<size_t>(count), false);
    qsizetype usedLines = 0;
    qsizetype usedBytes = 0;
    for (const Highlight &highlight : highlights) {
        const QString &text = entries.at(highlight.index).text;
        if (shown.contains(text))
            continue;
        shown.insert(text);
        const qsizetype first = std::max<qsizetype>(0, highlight.index - highlight.before);
        const qsizetype end = std::min(tailStart, highlight.index + highlight.after + 1);
        qsizetype addedLines = 1; // and the line saying what was left out before it
        qsizetype addedBytes = utf8Size(gapLine(count));
        for (qsizetype i = first; i < end; ++i) {
            if (!keep.at(static_cast<size_t>(i))) {
                ++addedLines;
                addedBytes += utf8Size(entries.at(i).text);
            }
        }
        if (usedLines + addedLines > ActionsLogExcerpt::kMaxLines / 2
            || usedBytes + addedBytes > ActionsLogExcerpt::kMaxBytes / 2)
            continue;
        usedLines += addedLines;
        usedBytes += addedBytes;
        for (qsizetype i = first; i < end; ++i)
            keep[static_cast<size_t>(i)] = true;
    }
    for (qsizetype i = tailStart; i < count; ++i)
        keep[static_cast<size_t>(i)] = true;

    std::vector<qsizetype> kept;
    for (qsizetype i = 0; i < count; ++i) {
        if (keep.at(static_cast<size_t>(i)))
            kept.push_back(i);
    }
    // Lines leave the front of the tail first; only if the highlights alone were too large would
    // the last of them go.
    while (!kept.empty() && !withinCaps(assemble(entries, kept))) {
        const auto firstOfTail = std::lower_bound(kept.begin(), kept.end(), tailStart);
        kept.erase(firstOfTail != kept.end() ? firstOfTail : kept.end() - 1);
    }
    return kept;
}

int levelRank(const QString &level)
{
    if (level == u"failure")
        return 0;
    if (level == u"warning")
        return 1;
    if (level == u"notice")
        return 2;
    return 3;
}

void addAnnotations(ActionsFailureExcerpt &excerpt, QList<CheckRunAnnotation> annotations,
                    const LogSecretScrubber &scrubber)
{
    std::stable_sort(annotations.begin(), annotations.end(),
                     [](const auto &a, const auto &b) { return levelRank(a.level) < levelRank(b.level); });
    for (const CheckRunAnnotation &annotation : std::as_const(annotations)) {
        const QString rendered = scrubber.scrub(ActionsLogExcerpt::renderAnnotation(annotation));
        if (excerpt.annotations.contains(rendered))
            continue;
        if (excerpt.annotations.size() < ActionsLogExcerpt::kMaxAnnotations)
            excerpt.annotations.append(rendered);
        else
            ++excerpt.droppedAnnotations;
    }
}

} // namespace

QString ActionsLogExcerpt::stripAnsi(const QString &text)
{
    // CSI sequences (colours, cursor moves), OSC sequences (titles, links) ended by BEL or ST,
    // character set designations, and the two-character escapes.
    static const QRegularExpression escape(
        uR"(\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[()*+][0-9A-Za-z]|[@-Z\\-_]))"_s);
    QString plain = text;
    plain.remove(escape);
    return plain;
}

bool ActionsLogExcerpt::looksLikeFailure(const QString &line)
{
    static const QRegularExpression failure(
        uR"(\b[A-Za-z]*(?:error|Error|ERROR)(?:\[\w+\])?:(?!:))"            // error: Error: TypeError: error[E0425]:
        uR"(|\berror (?:TS|CS|C|LNK)\d+)"                                   // tsc, MSBuild, MSVC
        uR"(|\bFAILED\b|\bFAIL(?:\s|:|$))"                                  // ctest, pytest, cargo, jest, go
        uR"(|\bpanic:|\bpanicked at\b|Traceback \(most recent call last\))" // go, rust, python
        uR"(|AssertionError|assertion failed|\bnpm ERR!|^npm error\b)"      // assertions, npm
        uR"(|\b[1-9]\d* (?:failed|failing|failures?)\b)"_s                  // "Tests: 1 failed", "2 failing"
    );
    return failure.match(line).hasMatch();
}

QString ActionsLogExcerpt::renderAnnotation(const CheckRunAnnotation &annotation)
{
    QString where = annotation.path;
    if (annotation.startLine > 0)
        where += u':' + QString::number(annotation.startLine);
    QStringList head;
    for (const QString &part : {where, annotation.level, stripAnsi(annotation.title).simplified()}) {
        if (!part.isEmpty())
            head.append(part);
    }
    QString rendered = head.join(u' ');
    // A message of several lines (a whole failed test, often) is read as one line here; the log
    // excerpt carries the detail.
    const QString message = stripAnsi(annotation.message).simplified();
    if (!message.isEmpty())
        rendered += u" — "_s + message;
    return cutLine(rendered);
}

const ActionsJobStep *ActionsLogExcerpt::failingStep(const ActionsJob &job)
{
    for (const ActionsJobStep &step : job.steps) {
        if (step.conclusion == u"failure")
            return &step;
    }
    for (const ActionsJobStep &step : job.steps) {
        if (step.conclusion == u"timed_out" || step.conclusion == u"cancelled")
            return &step;
    }
    return nullptr;
}

ActionsFailureExcerpt ActionsLogExcerpt::extract(const QByteArray &log, const ActionsJob &job,
                                                 const QList<CheckRunAnnotation> &annotations,
                                                 const LogSecretScrubber &scrubber)
{
    ActionsFailureExcerpt excerpt;
    const ActionsJobStep *step = failingStep(job);
    if (step != nullptr) {
        excerpt.stepNumber = step->number;
        excerpt.stepName = step->name;
    }

    const QList<LogLine> lines = readLines(log, false, scrubber);
    const bool logHasError = firstIndex(lines, 0, lines.size(), isErrorLine) >= 0;
    Slice slice{0, lines.size(), ActionsFailureExcerpt::Source::WholeLog};
    if (const std::optional<Slice> byTime = stepSlice(lines, step, logHasError))
        slice = *byTime;
    else if (const std::optional<Slice> bySection = runSectionSlice(lines))
        slice = *bySection;
    excerpt.source = slice.source;

    for (qsizetype i = slice.first; i < slice.end && !excerpt.exitCode; ++i)
        excerpt.exitCode = exitCodeOf(lines.at(i).text);

    const QList<Entry> entries = readableEntries(lines, slice);
    const std::vector<qsizetype> kept = chooseLines(entries);
    excerpt.text = assemble(entries, kept).join(u'\n');
    excerpt.droppedLines = static_cast<int>(entries.size() - static_cast<qsizetype>(kept.size()));
    addAnnotations(excerpt, annotations, scrubber);
    return excerpt;
}

QString ActionsLogExcerpt::displayText(const QByteArray &log, const LogSecretScrubber &scrubber)
{
    const QList<LogLine> lines = readLines(log, true, scrubber);
    QStringList texts;
    texts.reserve(lines.size());
    for (const LogLine &line : lines)
        texts.append(line.text);
    return texts.join(u'\n');
}

LogTailBuffer::LogTailBuffer(qsizetype limit) : m_limit(std::max<qsizetype>(limit, 1)) {}

void LogTailBuffer::append(QByteArrayView chunk)
{
    m_received += chunk.size();
    const qsizetype window = m_limit + 1;
    if (chunk.size() >= window) {
        m_window = chunk.last(window).toByteArray();
        return;
    }
    m_window.append(chunk);
    if (m_window.size() > window + m_limit / 2)
        m_window.remove(0, m_window.size() - window);
}

QByteArray LogTailBuffer::bytes() const
{
    if (m_received <= m_limit)
        return m_window;
    QByteArrayView kept = QByteArrayView(m_window).last(m_limit);
    // When what was dropped ended inside a line, the rest of that line is no line of its own.
    if (m_window.at(m_window.size() - m_limit - 1) != '\n') {
        const qsizetype newline = kept.indexOf('\n');
        kept = newline < 0 ? QByteArrayView() : kept.sliced(newline + 1);
    }
    return kept.toByteArray();
}

qsizetype LogTailBuffer::droppedBytes() const
{
    return m_received - bytes().size();
}

} // namespace flotilla
