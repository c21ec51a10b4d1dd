#pragma once

#include "backlog_claim_store.h"
#include "database.h"
#include "decision_store.h"
#include "event_log.h"
#include "http_cache.h"
#include "notification_outbox.h"
#include "project_store.h"
#include "reaction_tracker_store.h"
#include "reply_thread_store.h"
#include "session_store.h"
#include "util/result.h"

#include <QString>

namespace flotilla {

// The state store: one SQLite database and the repositories over its tables. Every repository
// uses the one connection, which belongs to the thread that called open(); other threads and
// processes open their own Store on the same file (WAL lets them read while one writes).
class Store final
{
public:
    Store();
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    Result<void> open(const QString &path);
    void close();
    bool isOpen() const { return m_database.isOpen(); }

    Database &database() { return m_database; }
    ProjectStore &projects() { return m_projects; }
    SessionStore &sessions() { return m_sessions; }
    EventLog &events() { return m_events; }
    ReactionTrackerStore &trackers() { return m_trackers; }
    DecisionStore &decisions() { return m_decisions; }
    NotificationOutbox &outbox() { return m_outbox; }
    HttpCache &httpCache() { return m_httpCache; }
    ReplyThreadStore &replyThreads() { return m_replyThreads; }
    BacklogClaimStore &backlogClaims() { return m_backlogClaims; }

private:
    Database m_database;
    EventLog m_events;
    ProjectStore m_projects;
    SessionStore m_sessions;
    ReactionTrackerStore m_trackers;
    DecisionStore m_decisions;
    NotificationOutbox m_outbox;
    HttpCache m_httpCache;
    ReplyThreadStore m_replyThreads;
    BacklogClaimStore m_backlogClaims;
};

} // namespace flotilla
