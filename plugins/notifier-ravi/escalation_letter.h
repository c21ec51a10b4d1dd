#pragma once

#include "plugin/notifier_plugin.h"

#include <QString>

namespace flotilla {

// The words of one message to a person: a mail (subject, an HTML fragment for Ravi and the same
// in plain text) and, for a question, a short SMS. Everything interpolated is escaped; nothing
// secret is ever in a notification, so nothing secret is in a letter.
struct EscalationLetter
{
    QString subject;
    QString html;
    QString text;
    QString sms;

    // A question: `[Flotilla #TOKEN] <project>: <question>`, the question, the pull request and
    // its CI, the notification's summary, the token again and how to answer by replying.
    static EscalationLetter question(const Notification &notification, const QString &token);
    // A notice with nothing to answer: `[Flotilla] <title>` and the summary.
    static EscalationLetter notice(const Notification &notification);
    // The short reply that tells the person what became of their answer.
    static QString acknowledgement(const QString &token, const QString &outcome);
};

} // namespace flotilla
