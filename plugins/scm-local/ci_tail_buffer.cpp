#include "ci_tail_buffer.h"

#include <algorithm>
#include <cstring>

namespace flotilla {

CiTailBuffer::CiTailBuffer(qsizetype capacity) : m_capacity(std::max<qsizetype>(1, capacity))
{
    m_buffer.reserve(m_capacity);
}

void CiTailBuffer::append(QByteArrayView bytes)
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

QByteArray CiTailBuffer::contents() const
{
    if (m_oldest == 0)
        return m_buffer;
    return m_buffer.sliced(m_oldest) + m_buffer.first(m_oldest);
}

QString CiTailBuffer::text() const
{
    QByteArray bytes = contents();
    if (m_dropped) {
        const qsizetype newline = bytes.indexOf('\n');
        if (newline >= 0 && newline + 1 < bytes.size())
            bytes.remove(0, newline + 1);
    }
    return QString::fromUtf8(bytes);
}

} // namespace flotilla
