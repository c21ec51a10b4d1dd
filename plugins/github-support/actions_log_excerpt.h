#pragma once

#include "log_secret_scrubber.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla {

// One step of an Actions job, as its check run lists it. The times have whole
// seconds only; a step that never ran has neither.
struct ActionsJobStep
{
    int number = 0;
    QString name;
    QString conclusion; // "success", "failure", "cancelled", "skipped", or empty while running
    QDateTime startedAt;
    QDateTime completedAt;
};

struct ActionsJob
{
    QString name;
    QString htmlUrl;
    QString conclusion;
    QList<ActionsJobStep> steps;
};

// An annotation of the job's check run.
struct CheckRunAnnotation
{
    QString path;
    int startLine = 0;
    int endLine = 0;
    QString level; // "notice", "warning" or "failure"
    QString title;
    QString message;
};

// What a coding agent is shown of a failed job.
struct ActionsFailureExcerpt
{
    // Where the excerpt was taken from: the failing step's lines found by their times, the
    // "Run …" section holding the first error when the times matched nothing, or the whole log.
    enum class Source { Step, RunSection, WholeLog };

    Source source = Source::WholeLog;
    int stepNumber = 0; // 0 when no step is marked as failed
    QString stepName;
    std::optional<int> exitCode;
    QString text;
    // Lines of the part the excerpt was taken from that it leaves out.
    int droppedLines = 0;
    // "path:line level title — message", failures first.
    QStringList annotations;
    int droppedAnnotations = 0;
};

// Turns the log of a failed Actions job into the part worth reading, following the job's own
// structure: the failing step only, without the script the runner echoes before running it,
// every error the runner reported and every line shaped like a compiler or test failure with a
// little context, then the last lines of the step up to its exit code. Terminal escapes,
// timestamps and "\r" progress redraws are removed, secrets are masked, and the result stays
// under a fixed size whatever the log holds. The same input always gives the same excerpt.
// A log of many megabytes takes about a second to read, so callers on the event loop's thread
// run this in a worker (QtConcurrent::run); it touches no shared state.
class ActionsLogExcerpt final
{
public:
    static constexpr int kMaxLines = 200;
    static constexpr qsizetype kMaxBytes = 12 * 1024; // of UTF-8
    static constexpr int kTailLines = 120;
    static constexpr int kErrorContext = 5; // before and after a line the runner marked as an error
    static constexpr int kFailureContextBefore = 1;
    static constexpr int kFailureContextAfter = 3;
    static constexpr qsizetype kMaxLineLength = 500;
    static constexpr int kMaxAnnotations = 50;

    static ActionsFailureExcerpt extract(const QByteArray &log, const ActionsJob &job,
                                         const QList<CheckRunAnnotation> &annotations,
                                         const LogSecretScrubber &scrubber);

    // The whole log for people to read in the app: timestamps removed, "\r" redraws collapsed and
    // secrets masked, but colours kept.
    static QString displayText(const QByteArray &log, const LogSecretScrubber &scrubber);

    // The first step that failed (or, for a job that timed out or was cancelled, the first one
    // that did not finish); nullptr when none is marked.
    static const ActionsJobStep *failingStep(const ActionsJob &job);
    // Whether a line (without timestamp and escapes) reads like a compiler error, a failed test,
    // a crash or a test runner's failing summary.
    static bool looksLikeFailure(const QString &line);
    static QString stripAnsi(const QString &text);
    static QString renderAnnotation(const CheckRunAnnotation &annotation);
};

// Receives a downloaded log chunk by chunk and keeps only its last kept bytes. A job fails at
// its end (the failing step, then its exit code), so when a log is too large to keep whole its
// beginning is what goes. The kept text starts at a line boundary once anything was dropped,
// so no half line (or half UTF-8 character) is read as a whole one.
class LogTailBuffer final
{
public:
    static constexpr qsizetype kDefaultLimit = 20 * 1024 * 1024;

    explicit LogTailBuffer(qsizetype limit = kDefaultLimit);

    void append(QByteArrayView chunk);
    QByteArray bytes() const;
    qsizetype droppedBytes() const;
    qsizetype receivedBytes() const { return m_received; }

private:
    qsizetype m_limit;
    qsizetype m_received = 0;
    // The kept bytes and the one before them (which says whether they start a line), and up to
    // half a limit more, so the front is not moved for every chunk.
    QByteArray m_window;
};

} // namespace flotilla
