#include "notification_fields.h"

using namespace Qt::StringLiterals;

namespace flotilla::notificationfields {

QList<QPair<QString, QString>> of(const Notification &notification)
{
    const NotificationFacts &facts = notification.facts;
    QList<QPair<QString, QString>> fields;
    if (!facts.projectId.isEmpty())
        fields.append({u"Project"_s, facts.projectId});
    if (!facts.sessionId.isEmpty())
        fields.append({u"Session"_s, facts.sessionId});
    if (!facts.issueId.isEmpty() || !facts.issueTitle.isEmpty())
        fields.append({u"Issue"_s, facts.issueTitle.isEmpty() ? facts.issueId
                                   : facts.issueId.isEmpty()  ? facts.issueTitle
                                                              : u"%1 (%2)"_s.arg(facts.issueTitle, facts.issueId)});
    if (facts.prNumber > 0)
        fields.append({u"Pull request"_s, u"#%1"_s.arg(facts.prNumber)});
    if (!facts.ci.isEmpty())
        fields.append({u"CI"_s, facts.failingChecks.isEmpty()
                                    ? facts.ci
                                    : u"%1: %2"_s.arg(facts.ci, facts.failingChecks.join(u", "_s))});
    if (!facts.review.isEmpty())
        fields.append({u"Review"_s, facts.review});
    return fields;
}

QList<QPair<QString, QUrl>> actions(const Notification &notification)
{
    const NotificationFacts &facts = notification.facts;
    QList<QPair<QString, QUrl>> links;
    if (!facts.prUrl.isEmpty())
        links.append(
            {facts.prNumber > 0 ? u"Open PR #%1"_s.arg(facts.prNumber) : u"Open pull request"_s, QUrl(facts.prUrl)});
    if (!facts.decisionPage.isEmpty())
        links.append({u"Answer"_s, facts.decisionPage});
    if (!facts.sessionPage.isEmpty())
        links.append({u"Open session"_s, facts.sessionPage});
    return links;
}

QString howToAnswer(const Notification &notification)
{
    const NotificationFacts &facts = notification.facts;
    if (facts.decideCommand.isEmpty())
        return QString();
    return u"Answer with `%1` or on %2"_s.arg(facts.decideCommand, facts.decisionPage.toString(QUrl::FullyEncoded));
}

} // namespace flotilla::notificationfields
