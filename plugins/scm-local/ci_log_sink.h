#pragma once

#include "util/output_ring.h"
#include "util/result.h"

#include <QFile>
#include <QString>

namespace flotilla {

// Where a run's output goes as it arrives: into the log file up to a cap, and always into a
// small tail buffer for the excerpt. Past the cap the output is counted and dropped, so a
// command printing gigabytes neither fills the disk nor the memory.
class CiLogSink final
{
public:
    static constexpr qsizetype kTailCapacity = 64 * 1024;

    explicit CiLogSink(qint64 capBytes, qsizetype tailCapacity = kTailCapacity);
    Q_DISABLE_COPY_MOVE(CiLogSink)

    // Creates (or empties) the log file, making its folder when needed.
    Result<void> open(const QString &path);
    void append(QByteArrayView bytes);
    // Ends the log: says where it was capped, if it was, and flushes it.
    void close();

    qint64 totalBytes() const { return m_total; }
    bool truncated() const { return m_total > m_capBytes; }
    // Why the log lacks output it should have (the disk filled up, ...); empty when nothing failed.
    QString writeError() const { return m_writeError; }
    QString tailText() const { return m_tail.text(); }

private:
    void write(QByteArrayView bytes);

    QFile m_file;
    OutputRing m_tail;
    qint64 m_capBytes;
    qint64 m_total = 0;
    char m_lastWritten = '\n';
    QString m_writeError;
};

} // namespace flotilla
