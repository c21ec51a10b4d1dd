#pragma once

#include "model/session_facts.h"
#include "stored_event.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

class Database;
class EventLog;

// Sessions' canonical facts. A session is written together with the events that describe the
// change (its "session.spawned", a transition) in one transaction, so the log and the facts can
// never disagree after a crash. Killed and finished sessions are kept: they are history.
class SessionStore final
{
public:
    enum class Terminated { Include, Exclude };

    SessionStore(Database &database, EventLog &events);
    SessionStore(const SessionStore &) = delete;
    SessionStore &operator=(const SessionStore &) = delete;

    // "{prefix}-{N}" with N one above both the prefix's counter and the highest such id already
    // stored; the counter moves in the same transaction, so concurrent callers (even in other
    // processes) never get the same id.
    Result<QString> reserveSessionId(const QString &prefix);
    // The reference tool's orchestrator id, "{prefix}-orchestrator"; once that is taken by an
    // earlier orchestrator, "{prefix}-orchestrator-2", "-3", ….
    Result<QString> reserveOrchestratorId(const QString &prefix);

    Result<QList<StoredEvent>> insert(const SessionRecord &record, const QList<RoutedEvent> &events = {});
    // Replaces every fact of an existing session, if it is still at `record.revision`: a write
    // based on an older read fails with `store.conflict` and changes nothing. On success the
    // stored revision is `record.revision + 1`.
    Result<QList<StoredEvent>> update(const SessionRecord &record, const QList<RoutedEvent> &events = {});

    Result<std::optional<SessionRecord>> get(const QString &id) const;
    // Oldest first. `projectId` empty: every project. Exclude drops sessions whose derived
    // display status is terminal.
    Result<QList<SessionRecord>> list(const QString &projectId = {}, Terminated terminated = Terminated::Include) const;

private:
    Result<QList<StoredEvent>> write(const SessionRecord &record, const QList<RoutedEvent> &events, bool isNew);

    Database &m_database;
    EventLog &m_events;
};

} // namespace flotilla
