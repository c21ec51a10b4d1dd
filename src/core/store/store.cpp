#include "store.h"

namespace flotilla {

Store::Store()
    : m_events(m_database), m_projects(m_database), m_sessions(m_database, m_events), m_trackers(m_database),
      m_decisions(m_database, m_events), m_outbox(m_database), m_httpCache(m_database), m_replyThreads(m_database),
      m_backlogClaims(m_database)
{}

Store::~Store() = default;

Result<void> Store::open(const QString &path)
{
    return m_database.open(path);
}

void Store::close()
{
    m_database.close();
}

} // namespace flotilla
