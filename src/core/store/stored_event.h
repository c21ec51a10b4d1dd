#pragma once

#include "model/event.h"

#include <QStringList>

#include <utility>

namespace flotilla {

// An event as the log holds it: `seq` is its position in the log, strictly increasing in commit
// order, so a reader can ask for "everything after what I have seen".
struct StoredEvent
{
    qint64 seq = 0;
    Event event;
};

// An event to write together with the notifiers that must deliver it (none: recorded only).
// The outbox rows are written in the same transaction as the event, so an event that was
// committed is never missing its notifications and a notification never lacks its event.
struct RoutedEvent
{
    RoutedEvent(Event e, QStringList n = {}) : event(std::move(e)), notifiers(std::move(n)) {}

    Event event;
    QStringList notifiers;
};

} // namespace flotilla
