#pragma once

#include "model/decision.h"
#include "model/event.h"
#include "plugin_common.h"

#include <QDateTime>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace flotilla {

// The facts a notification is about, for channels that lay them out (fields, buttons, colours)
// instead of showing the body text. Empty where the event has no such fact.
struct NotificationFacts
{
    QString sessionId;
    QString projectId;
    QString issueId;
    QString issueTitle;
    int prNumber = 0;
    QString prUrl;
    QString ci; // "passing", "failing", "pending", or empty
    QStringList failingChecks;
    QString review; // "approved", "changes requested", "waiting for a reviewer", or empty
    QString reason; // what happened, in a person's words: "CI failing on PR #12"
    QString tone;   // "needs-you", "failed", "done", "action", "info"
    QUrl sessionPage;
    QUrl decisionPage;     // for a question
    QString decideCommand; // `flo decide <id> approve|reject|"text"`, for a question
};

// What a person is told: built from an event (and the decision it asks for, if any) with the
// context needed to act — which session, why, what to do, where to click.
struct Notification
{
    Event event;
    QString title;
    QString body;
    QUrl link; // PR or dashboard page
    std::optional<Decision> decision;
    NotificationFacts facts;
};

class NotifierPlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Notifier;
    PluginSlot slot() const final { return kSlot; }

    virtual Async<void> deliver(const Notification &notification) = 0;
    // Until when the channel asked not to be sent anything (an HTTP 429 with Retry-After); a
    // failed delivery is retried no earlier. Null: no such request.
    virtual QDateTime pausedUntil() const { return {}; }
};

} // namespace flotilla
