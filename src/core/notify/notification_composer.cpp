#include "notification_composer.h"

#include <QByteArray>
#include <QJsonArray>
#include <QStringList>

#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// What the composer knows about the event's subject, gathered from the event, then the
// decision's context, then the session's stored facts: the first source that has a fact wins.
struct Facts
{
    QString sessionId;
    QString projectId;
    QString issueId;
    QString issueTitle;
    int prNumber = 0;
    QString prUrl;
    QStringList failingChecks;
    QString status; // display status name: "ci_failed", "mergeable", …
    QString reaction;
    int attempts = 0;
};

QString firstText(const QList<const QJsonObject *> &sources, const QString &key)
{
    for (const QJsonObject *source : sources) {
        if (const QString value = source->value(key).toString(); !value.isEmpty())
            return value;
    }
    return QString();
}

int firstNumber(const QList<const QJsonObject *> &sources, const QString &key)
{
    for (const QJsonObject *source : sources) {
        if (const int value = source->value(key).toInt(); value > 0)
            return value;
    }
    return 0;
}

Facts gather(const Event &event, const std::optional<Decision> &decision, const std::optional<SessionRecord> &session)
{
    const QJsonObject none;
    QList<const QJsonObject *> sources{&event.data, decision ? &decision->context : &none};
    Facts facts;
    facts.sessionId = !event.sessionId.isEmpty() ? event.sessionId
                      : decision                 ? decision->sessionId
                                                 : firstText(sources, u"session"_s);
    facts.projectId = !event.projectId.isEmpty() ? event.projectId
                      : decision                 ? decision->projectId
                                                 : firstText(sources, u"project"_s);
    facts.issueId = firstText(sources, u"issue"_s);
    facts.issueTitle = firstText(sources, u"title"_s);
    facts.prNumber = firstNumber(sources, u"prNumber"_s);
    facts.prUrl = firstText(sources, u"prUrl"_s);
    facts.status = firstText(sources, u"to"_s);
    if (facts.status.isEmpty())
        facts.status = firstText(sources, u"status"_s);
    facts.reaction = firstText(sources, u"reaction"_s);
    facts.attempts = firstNumber(sources, u"attempts"_s);
    for (const QJsonObject *source : std::as_const(sources)) {
        const QJsonArray checks = source->value(u"failingChecks"_s).toArray();
        if (checks.isEmpty())
            continue;
        for (const QJsonValue &check : checks)
            facts.failingChecks << check.toString();
        break;
    }
    if (session && (facts.sessionId.isEmpty() || facts.sessionId == session->id)) {
        if (facts.sessionId.isEmpty())
            facts.sessionId = session->id;
        if (facts.projectId.isEmpty())
            facts.projectId = session->projectId;
        if (facts.issueId.isEmpty())
            facts.issueId = session->issueId;
        if (facts.issueTitle.isEmpty())
            facts.issueTitle = session->displayName;
        if (facts.prNumber == 0 && session->pr.number > 0) {
            facts.prNumber = session->pr.number;
            facts.prUrl = session->pr.url;
        }
    }
    return facts;
}

QString prRef(const Facts &facts)
{
    return facts.prNumber > 0 ? u"PR #%1"_s.arg(facts.prNumber) : u"the pull request"_s;
}

bool isCompletion(const Event &event)
{
    return event.type.endsWith(u".completed"_s) || event.type.endsWith(u".done"_s) || event.type.endsWith(u".merged"_s)
           || event.type == u"merge.requested"_s || event.data.value(u"reaction"_s).toString() == u"all-complete"_s;
}

// One line saying what happened, in the words a person would use.
QString headline(const Event &event, const std::optional<Decision> &decision, const Facts &facts)
{
    const QString &type = event.type;
    const QString pr = prRef(facts);
    if (type == u"decision.requested"_s && decision) {
        if (decision->kind == u"merge"_s)
            return u"merge %1?"_s.arg(pr);
        return u"waiting for your answer"_s;
    }
    if (type == u"reaction.escalated"_s) {
        const QString what = facts.reaction.isEmpty() ? u"a problem"_s : facts.reaction;
        return facts.attempts > 0 ? u"%1 unresolved after %2 automatic attempt(s)"_s.arg(what).arg(facts.attempts)
                                  : u"%1 unresolved, your call"_s.arg(what);
    }
    if (type == u"ci.failing"_s)
        return u"CI failing on %1"_s.arg(pr);
    if (type == u"pr.created"_s)
        return u"opened %1"_s.arg(pr);
    if (type == u"review.pending"_s)
        return u"%1 waits for review"_s.arg(pr);
    if (type == u"review.changes_requested"_s)
        return u"changes requested on %1"_s.arg(pr);
    if (type == u"review.approved"_s)
        return u"%1 approved"_s.arg(pr);
    if (type == u"merge.ready"_s)
        return u"%1 is ready to merge"_s.arg(pr);
    if (type == u"merge.completed"_s || type == u"pr.merged"_s)
        return u"%1 merged"_s.arg(pr);
    if (type == u"merge.requested"_s)
        return u"merging %1 automatically"_s.arg(pr);
    if (type == u"merge.conflicts"_s)
        return u"%1 has merge conflicts"_s.arg(pr);
    if (type == u"merge.held"_s)
        return u"auto-merge of %1 held back"_s.arg(pr);
    if (type == u"merge.failed"_s)
        return u"merge of %1 failed"_s.arg(pr);
    if (type == u"pr.closed"_s)
        return u"%1 closed without merging"_s.arg(pr);
    if (type == u"session.needs_input"_s)
        return u"waiting for your input"_s;
    if (type == u"session.stuck"_s)
        return u"agent is stuck"_s;
    if (type == u"session.errored"_s)
        return u"session errored"_s;
    if (type == u"session.killed"_s)
        return u"session stopped"_s;
    if (type == u"session.done"_s)
        return u"work finished"_s;
    if (type == u"session.working"_s)
        return u"agent is working"_s;
    if (type == u"session.budget_exceeded"_s)
        return u"budget exceeded"_s;
    if (type == u"reaction.failed"_s)
        return u"could not reach the agent"_s;
    if (type == u"notification.failed"_s)
        return u"a notification could not be delivered"_s;
    if (!facts.reaction.isEmpty())
        return facts.reaction;
    return type;
}

QString ciLine(const Event &event, const Facts &facts)
{
    if (!facts.failingChecks.isEmpty())
        return u"CI: failing (%1)"_s.arg(facts.failingChecks.join(u", "_s));
    if (event.type == u"ci.failing"_s || facts.status == u"ci_failed"_s)
        return u"CI: failing"_s;
    if (event.type == u"merge.ready"_s || facts.status == u"mergeable"_s)
        return u"CI: passing"_s;
    return QString();
}

QString reviewLine(const Event &event, const Facts &facts)
{
    if (event.type == u"review.changes_requested"_s || facts.status == u"changes_requested"_s)
        return u"Review: changes requested"_s;
    if (event.type == u"review.approved"_s || event.type == u"merge.ready"_s || facts.status == u"approved"_s
        || facts.status == u"mergeable"_s)
        return u"Review: approved"_s;
    if (event.type == u"review.pending"_s || facts.status == u"review_pending"_s)
        return u"Review: waiting for a reviewer"_s;
    return QString();
}

QString subject(const Facts &facts)
{
    if (!facts.sessionId.isEmpty() && !facts.projectId.isEmpty())
        return u"%1 (%2)"_s.arg(facts.sessionId, facts.projectId);
    return !facts.sessionId.isEmpty() ? facts.sessionId : facts.projectId;
}

} // namespace

NotificationComposer::NotificationComposer(QUrl dashboardBase) : m_base(std::move(dashboardBase)) {}

NotificationTone NotificationComposer::toneOf(const Event &event, const std::optional<Decision> &decision)
{
    if (decision && decision->state == Decision::State::Pending)
        return NotificationTone::NeedsYou;
    if (event.priority == Priority::Urgent)
        return NotificationTone::NeedsYou;
    if (isCompletion(event))
        return NotificationTone::Complete;
    if (event.priority == Priority::Warning || event.type.contains(u"fail"_s))
        return NotificationTone::Failed;
    if (event.priority == Priority::Action)
        return NotificationTone::Action;
    return NotificationTone::Info;
}

QString NotificationComposer::toneLabel(NotificationTone tone)
{
    switch (tone) {
    case NotificationTone::NeedsYou:
        return u"Needs you"_s;
    case NotificationTone::Failed:
        return u"Failed"_s;
    case NotificationTone::Complete:
        return u"Done"_s;
    case NotificationTone::Action:
        return u"Action"_s;
    case NotificationTone::Info:
        break;
    }
    return u"Info"_s;
}

QString NotificationComposer::toneKey(NotificationTone tone)
{
    switch (tone) {
    case NotificationTone::NeedsYou:
        return u"needs-you"_s;
    case NotificationTone::Failed:
        return u"failed"_s;
    case NotificationTone::Complete:
        return u"done"_s;
    case NotificationTone::Action:
        return u"action"_s;
    case NotificationTone::Info:
        break;
    }
    return u"info"_s;
}

QString NotificationComposer::decisionIdOf(const Event &event)
{
    return event.data.value(u"decision"_s).toString();
}

QString NotificationComposer::decideCommand(const Decision &decision)
{
    QStringList answers = decision.options;
    answers << u"\"text\""_s;
    return u"flo decide %1 %2"_s.arg(decision.id, answers.join(u'|'));
}

QUrl NotificationComposer::decisionPage(const QString &decisionId) const
{
    return page(u"decisions"_s, decisionId);
}

QUrl NotificationComposer::sessionPage(const QString &sessionId) const
{
    return page(u"sessions"_s, sessionId);
}

QUrl NotificationComposer::page(const QString &kind, const QString &id) const
{
    QByteArray base = m_base.toEncoded();
    while (base.endsWith('/'))
        base.chop(1);
    return QUrl::fromEncoded(base + '/' + kind.toUtf8() + '/' + QUrl::toPercentEncoding(id));
}

Notification NotificationComposer::compose(const Event &event, const std::optional<Decision> &decision,
                                           const std::optional<SessionRecord> &session) const
{
    const Facts facts = gather(event, decision, session);
    Notification notification;
    notification.event = event;
    notification.decision = decision;

    const QString who = subject(facts);
    const QString what = headline(event, decision, facts);
    const QString label = toneLabel(toneOf(event, decision));
    notification.title = who.isEmpty() ? u"%1: %2"_s.arg(label, what) : u"%1: %2 — %3"_s.arg(label, who, what);

    QStringList lines;
    const bool messageIsQuestion = decision && event.message == decision->question;
    if (!event.message.isEmpty() && !messageIsQuestion)
        lines << event.message;
    if (!facts.issueTitle.isEmpty() || !facts.issueId.isEmpty()) {
        lines << (facts.issueId.isEmpty()      ? u"Issue: %1"_s.arg(facts.issueTitle)
                  : facts.issueTitle.isEmpty() ? u"Issue: %1"_s.arg(facts.issueId)
                                               : u"Issue: %1 (%2)"_s.arg(facts.issueTitle, facts.issueId));
    }
    if (facts.prNumber > 0 || !facts.prUrl.isEmpty()) {
        // A pull request without a page of its own (the local SCM's) is shown on its session's.
        const QString where = !facts.prUrl.isEmpty()       ? facts.prUrl
                              : !facts.sessionId.isEmpty() ? sessionPage(facts.sessionId).toString(QUrl::FullyEncoded)
                                                           : QString();
        lines << u"Pull request: %1 %2"_s.arg(prRef(facts), where).trimmed();
    }
    if (const QString ci = ciLine(event, facts); !ci.isEmpty())
        lines << ci;
    if (const QString review = reviewLine(event, facts); !review.isEmpty())
        lines << review;
    if (event.type == u"reaction.escalated"_s && facts.attempts > 0)
        lines << u"Automatic attempts so far: %1"_s.arg(facts.attempts);

    if (decision) {
        lines << u"Question: %1"_s.arg(decision->question);
        if (decision->state == Decision::State::Pending) {
            lines << u"Answer with: %1"_s.arg(decideCommand(*decision));
            lines << u"Or open: %1"_s.arg(decisionPage(decision->id).toString(QUrl::FullyEncoded));
        } else if (decision->state == Decision::State::Answered) {
            lines << u"Already answered: %1 (%2)"_s.arg(decision->answer, decision->answeredBy);
        } else {
            lines << u"This question is closed; nothing to answer."_s;
        }
    }

    if (!facts.prUrl.isEmpty())
        notification.link = QUrl(facts.prUrl);
    else if (!facts.sessionId.isEmpty())
        notification.link = sessionPage(facts.sessionId);
    else if (decision)
        notification.link = decisionPage(decision->id);
    else
        notification.link = m_base;
    if (!facts.prUrl.isEmpty() && !facts.sessionId.isEmpty())
        lines << u"Session: %1"_s.arg(sessionPage(facts.sessionId).toString(QUrl::FullyEncoded));

    notification.body = lines.join(u'\n');

    NotificationFacts &laid = notification.facts;
    laid.sessionId = facts.sessionId;
    laid.projectId = facts.projectId;
    laid.issueId = facts.issueId;
    laid.issueTitle = facts.issueTitle;
    laid.prNumber = facts.prNumber;
    laid.prUrl = facts.prUrl;
    laid.failingChecks = facts.failingChecks;
    const QString ci = ciLine(event, facts);
    laid.ci = ci.isEmpty() ? QString() : ci.mid(4).section(u' ', 0, 0); // "CI: failing (…)" → "failing"
    const QString review = reviewLine(event, facts);
    laid.review = review.isEmpty() ? QString() : review.mid(8); // "Review: approved" → "approved"
    laid.reason = what;
    laid.tone = toneKey(toneOf(event, decision));
    if (!facts.sessionId.isEmpty())
        laid.sessionPage = sessionPage(facts.sessionId);
    if (decision && decision->state == Decision::State::Pending) {
        laid.decisionPage = decisionPage(decision->id);
        laid.decideCommand = decideCommand(*decision);
    }
    return notification;
}

} // namespace flotilla
