#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace flotilla {

// One CI run to make: which commit of which project, what to run in it, and its limits.
struct CiJob
{
    QString originUrl;    // the git remote: a local path or a URL
    QString headSha;      // the commit to test, full or abbreviated
    QString command;      // run by the system shell in the checkout
    qint64 timeoutMs = 0; // 0 or less: no limit
    qint64 logCapBytes = 5 * 1024 * 1024;
    QString logPath;  // where the full (capped) output is written
    QString workRoot; // the parent folder of the run's isolated checkout
};

// How a CI run ended.
struct CiRun
{
    enum class Outcome { Passed, Failed, TimedOut, Error };

    Outcome outcome = Outcome::Error;
    int exitCode = -1;   // -1 when the command did not exit by itself
    QString reason;      // a sentence for people: "exit code 2", "the command ran longer than 15 min ..."
    QString excerpt;     // the telling part of the output, for failed and timed-out runs
    qint64 logBytes = 0; // everything the command wrote, including what the cap kept out of the log
    bool logTruncated = false;
    qint64 durationMs = 0; // from start() to finished()
};

} // namespace flotilla

Q_DECLARE_METATYPE(flotilla::CiRun)
