#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace flotilla {

// The newest bytes of a run's output, up to a fixed capacity, so the excerpt can be made from
// the end of a log of any size while memory stays the same once the buffer is full.
class CiTailBuffer final
{
public:
    explicit CiTailBuffer(qsizetype capacity);

    void append(QByteArrayView bytes);

    qsizetype capacity() const { return m_capacity; }
    // Whether older output was dropped to make room.
    bool hasDropped() const { return m_dropped; }
    // Everything kept, oldest first.
    QByteArray contents() const;
    // The kept output as text. After older output was dropped, the first line is cut off
    // somewhere in its middle (maybe inside a UTF-8 sequence), so it is left out when a full
    // line follows it.
    QString text() const;

private:
    QByteArray m_buffer;
    qsizetype m_capacity;
    qsizetype m_oldest = 0; // where the oldest byte is once the buffer is full
    bool m_dropped = false;
};

} // namespace flotilla
