#pragma once

#include <QString>
#include <QStringList>

namespace flotilla {

// The part of a CI log a person reads first when a run failed: the lines that look like errors
// or failures, each with a little context, then the last lines of the output. Colours and
// other terminal escapes are removed, progress lines redrawn with "\r" keep only their final
// state, and the result stays under a fixed size whatever the log holds. The same log always
// gives the same excerpt.
class CiLogExcerpt final
{
public:
    static constexpr qsizetype kMaxBytes = 8 * 1024; // of UTF-8
    static constexpr int kTailLines = 40;
    static constexpr int kContextBefore = 1;
    static constexpr int kContextAfter = 2;
    static constexpr qsizetype kMaxLineLength = 400;
    // Stands for the lines left out between two parts of the excerpt.
    static const QString kGap;

    static QString extract(const QString &log);

    // The text without ANSI escape sequences (colours, cursor moves, window titles).
    static QString stripAnsi(const QString &text);
    // Whether a line reads like an error, a failed test, an assertion, a crash.
    static bool looksLikeFailure(const QString &line);

private:
    static QStringList readableLines(const QString &log);
};

} // namespace flotilla
