#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace flotilla {

// The newest bytes a process wrote, up to a fixed capacity: when full, each new byte replaces
// the oldest one. Memory grows with the output up to the capacity and never beyond, so a chatty
// process costs the same as a quiet one once it has filled its buffer.
class OutputRing final
{
public:
    explicit OutputRing(qsizetype capacity);

    void append(QByteArrayView bytes);

    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return m_buffer.size(); }
    // Whether older output has been dropped to make room.
    bool hasDropped() const { return m_dropped; }
    // Everything kept, oldest first.
    QByteArray contents() const;
    // The last `lines` lines as text ("\r\n" read as "\n", no final newline). After output was
    // dropped, the cut-off first line is left out unless it is the only one.
    QString lastLines(int lines) const;
    // Everything kept as text, carriage returns untouched (a progress line redrawn in place stays
    // recognisable). After output was dropped, the cut-off first line (maybe cut inside a UTF-8
    // sequence) is left out when a full line follows it.
    QString text() const;

private:
    QByteArray m_buffer;
    qsizetype m_capacity;
    qsizetype m_oldest = 0; // where the oldest byte is, and where the next one goes once full
    bool m_dropped = false;
};

} // namespace flotilla
