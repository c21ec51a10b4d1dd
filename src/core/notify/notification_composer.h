#pragma once

#include "model/decision.h"
#include "model/event.h"
#include "model/session_facts.h"
#include "plugin/notifier_plugin.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace flotilla {

// How a notification reads at a glance. Each tone has its own title prefix, so in a list of
// notifications a person tells "needs you" from "failed" from "done" without opening any.
enum class NotificationTone { NeedsYou, Failed, Complete, Action, Info };

// Turns a logged event into what a person is told: a title naming the session, the project and
// what happened; a body with the reason, the issue, the pull request, CI and review state and,
// for a question, how to answer it; and one link to act on. Pure: everything it shows comes
// from its arguments, so the same event always reads the same on every channel.
class NotificationComposer final
{
public:
    // `dashboardBase` is where the local dashboard answers, e.g. http://127.0.0.1:3000.
    explicit NotificationComposer(QUrl dashboardBase);

    QUrl dashboardBase() const { return m_base; }

    // `decision` is the question the event asks (see decisionIdOf); `session` the session's
    // current facts, used for what the event itself does not carry (issue title, PR link).
    Notification compose(const Event &event, const std::optional<Decision> &decision = std::nullopt,
                         const std::optional<SessionRecord> &session = std::nullopt) const;

    static NotificationTone toneOf(const Event &event, const std::optional<Decision> &decision = std::nullopt);
    static QString toneLabel(NotificationTone tone);
    // The tone as a machine-readable word ("needs-you", "failed", "done", "action", "info").
    static QString toneKey(NotificationTone tone);
    // The id of the decision an event asks for (`data.decision`), empty when it asks none.
    static QString decisionIdOf(const Event &event);
    // `flo decide <id> approve|reject|"text"`: free text is always accepted.
    static QString decideCommand(const Decision &decision);

    QUrl decisionPage(const QString &decisionId) const;
    QUrl sessionPage(const QString &sessionId) const;

private:
    QUrl page(const QString &kind, const QString &id) const;

    QUrl m_base;
};

} // namespace flotilla
