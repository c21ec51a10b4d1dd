#include "ci_log_sink.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

CiLogSink::CiLogSink(qint64 capBytes, qsizetype tailCapacity)
    : m_tail(tailCapacity), m_capBytes(std::max<qint64>(0, capBytes))
{}

Result<void> CiLogSink::open(const QString &path)
{
    m_file.setFileName(path);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(u"ci.log_unwritable"_s,
                         u"the log file %1 cannot be written: %2"_s.arg(path, m_file.errorString()), path);
    return {};
}

void CiLogSink::append(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    m_tail.append(bytes);
    const qint64 room = std::max<qint64>(0, m_capBytes - m_total);
    m_total += bytes.size();
    if (room > 0)
        write(bytes.first(std::min<qint64>(room, bytes.size())));
}

void CiLogSink::close()
{
    if (!m_file.isOpen())
        return;
    if (truncated()) {
        QByteArray line = m_lastWritten == '\n' ? QByteArray() : QByteArray("\n");
        line += u"[the log was capped at %1 bytes; %2 more bytes of output were not written]\n"_s.arg(m_capBytes)
                    .arg(m_total - m_capBytes)
                    .toUtf8();
        write(line);
    }
    if (!m_file.flush() && m_writeError.isEmpty())
        m_writeError = m_file.errorString();
    m_file.close();
}

void CiLogSink::write(QByteArrayView bytes)
{
    if (!m_writeError.isEmpty() || !m_file.isOpen())
        return;
    if (m_file.write(bytes.data(), bytes.size()) != bytes.size()) {
        // Keep running the command: its outcome matters more than a complete log.
        m_writeError = m_file.errorString();
        return;
    }
    m_lastWritten = bytes.back();
}

} // namespace flotilla
