#include "output_ring.h"

#include <algorithm>
#include <cstring>

namespace flotilla {

OutputRing::OutputRing(qsizetype capacity) : m_capacity(std::max<qsizetype>(1, capacity)) {}

void OutputRing::append(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    if (bytes.size() >= m_capacity) {
        m_dropped = m_dropped || !m_buffer.isEmpty() || bytes.size() > m_capacity;
        m_buffer = bytes.last(m_capacity).toByteArray();
        m_oldest = 0;
        return;
    }
    if (m_buffer.size() < m_capacity) {
        // Still filling up: the buffer is in order and only grows.
        const qsizetype taken = std::min(m_capacity - m_buffer.size(), bytes.size());
        m_buffer.append(bytes.first(taken));
        bytes = bytes.sliced(taken);
        if (bytes.isEmpty())
            return;
    }
    m_dropped = true;
    char *data = m_buffer.data();
    const qsizetype first = std::min(bytes.size(), m_capacity - m_oldest);
    std::memcpy(data + m_oldest, bytes.data(), static_cast<size_t>(first));
    std::memcpy(data, bytes.data() + first, static_cast<size_t>(bytes.size() - first));
    m_oldest = (m_oldest + bytes.size()) % m_capacity;
}

QByteArray OutputRing::contents() const
{
    if (m_oldest == 0)
        return m_buffer;
    return m_buffer.sliced(m_oldest) + m_buffer.first(m_oldest);
}

QString OutputRing::text() const
{
    QByteArray bytes = contents();
    if (m_dropped) {
        const qsizetype newline = bytes.indexOf('\n');
        if (newline >= 0 && newline + 1 < bytes.size())
            bytes.remove(0, newline + 1);
    }
    return QString::fromUtf8(bytes);
}

QString OutputRing::lastLines(int lines) const
{
    if (lines <= 0)
        return QString();
    QByteArray text = contents();
    text.replace("\r\n", "\n");
    if (text.endsWith('\n'))
        text.chop(1);
    qsizetype start = text.size();
    int found = 0;
    while (found < lines) {
        const qsizetype newline = start > 0 ? text.lastIndexOf('\n', start - 1) : -1;
        if (newline < 0) {
            start = 0;
            break;
        }
        start = newline;
        ++found;
    }
    if (found == lines)
        return QString::fromUtf8(text.sliced(start + 1));
    if (m_dropped) {
        // The whole buffer was asked for: its first line lost its beginning when older output
        // was dropped, so it is left out (unless nothing else is there).
        const qsizetype firstNewline = text.indexOf('\n');
        if (firstNewline >= 0)
            return QString::fromUtf8(text.sliced(firstNewline + 1));
    }
    return QString::fromUtf8(text);
}

} // namespace flotilla
