#pragma once

#include "model/decision.h"
#include "model/event.h"
#include "plugin_common.h"

#include <QUrl>

#include <optional>

namespace flotilla {

// What a person is told: built from an event (and the decision it asks for, if any) with the
// context needed to act — which session, why, what to do, where to click.
struct Notification
{
    Event event;
    QString title;
    QString body;
    QUrl link; // PR or dashboard page
    std::optional<Decision> decision;
};

class NotifierPlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Notifier;
    PluginSlot slot() const final { return kSlot; }

    virtual Async<void> deliver(const Notification &notification) = 0;
};

} // namespace flotilla
