#include "fake_github_traffic.h"

namespace flotilla::fakes {

int TrafficLedger::begin(RequestRecord record)
{
    ++m_byPattern[record.pattern];
    ++m_byResource[record.resource];
    m_log << std::move(record);
    return m_base + static_cast<int>(m_log.size() - 1);
}

void TrafficLedger::finish(int sequence, int status)
{
    const int index = sequence - m_base;
    if (index < 0 || index >= m_log.size())
        return;
    m_log[index].status = status;
    if (status == 304)
        ++m_notModified;
}

void TrafficLedger::clear()
{
    m_base += static_cast<int>(m_log.size());
    m_log.clear();
    m_byPattern.clear();
    m_byResource.clear();
    m_notModified = 0;
}

} // namespace flotilla::fakes
