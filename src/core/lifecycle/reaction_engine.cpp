#include "reaction_engine.h"

#include "model/decision.h"
#include "model/model_enums.h"
#include "reaction_keys.h"
#include "reaction_messages.h"
#include "session_actions.h"
#include "store/decision_store.h"
#include "store/event_log.h"
#include "store/reaction_tracker_store.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qint64 kMinimumRepeatGapMs = 2 * 60 * 1000; // per-poll reactions: at most one per 2 min

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// Whether entering `to` settles what the reaction `key` was about. CI that fails, gets a fix
// and fails again is one problem: its attempts keep counting until CI passes or the PR ends.
bool resolves(const QString &reactionKey, DisplayStatus to)
{
    if (isTerminal(to))
        return true;
    if (reactionKey == key(reaction::CiFailed))
        return to == DisplayStatus::ReviewPending || to == DisplayStatus::Approved || to == DisplayStatus::Mergeable
               || to == DisplayStatus::ChangesRequested;
    if (reactionKey == key(reaction::ChangesRequested))
        return to == DisplayStatus::Approved || to == DisplayStatus::Mergeable;
    return reactionKeyForStatus(to) != reactionKey;
}

QString prText(const SessionRecord &session)
{
    return session.pr.number > 0 ? u"PR #%1"_s.arg(session.pr.number) : u"its pull request"_s;
}

QString factsMessage(const QString &reactionKey, const SessionRecord &session, const std::optional<PrSnapshot> &pr)
{
    if (reactionKey == key(reaction::CiFailed))
        return pr ? messages::ciFailed(*pr) : u"CI failed on %1."_s.arg(prText(session));
    if (reactionKey == key(reaction::ChangesRequested)) {
        if (!pr)
            return u"Changes were requested on %1. Read the review and address it."_s.arg(prText(session));
        QList<ReviewComment> human;
        for (const ReviewComment &comment : pr->unresolvedComments) {
            if (!comment.authorIsBot && !isBotAuthor(comment.author))
                human << comment;
        }
        return messages::reviewComments(*pr, human, false);
    }
    if (reactionKey == key(reaction::AgentStuck))
        return messages::stuckNudge(session);
    if (reactionKey == key(reaction::AgentIdle))
        return messages::idleNudge(session);
    if (reactionKey == key(reaction::AgentNeedsInput))
        return u"%1 is waiting for your answer."_s.arg(session.id);
    if (reactionKey == key(reaction::AgentExited))
        return u"%1 stopped (%2)."_s.arg(session.id, enumName(session.reason));
    if (reactionKey == key(reaction::ApprovedAndGreen))
        return u"%1 of %2 is approved and CI is green: ready to merge."_s.arg(prText(session), session.id);
    if (reactionKey == key(reaction::BudgetExceeded))
        return u"%1 has spent $%2 of its $%3 budget; its reactions are paused."_s.arg(
            session.id, QString::number(session.cost.usd, 'f', 2),
            QString::number(session.budgetUsd.value_or(0), 'f', 2));
    if (reactionKey == key(reaction::PrClosed))
        return u"%1 of %2 was closed without merging."_s.arg(prText(session), session.id);
    return u"%1: %2"_s.arg(session.id, reactionKey);
}

QJsonObject sessionContext(const SessionRecord &session)
{
    QJsonObject context{{u"session"_s, session.id},
                        {u"project"_s, session.projectId},
                        {u"status"_s, enumName(deriveDisplayStatus(session))}};
    if (!session.issueId.isEmpty())
        context.insert(u"issue"_s, session.issueId);
    if (!session.displayName.isEmpty())
        context.insert(u"title"_s, session.displayName);
    if (session.pr.number > 0) {
        context.insert(u"prNumber"_s, session.pr.number);
        context.insert(u"prUrl"_s, session.pr.url);
    }
    return context;
}

QStringList failingCheckNames(const std::optional<PrSnapshot> &pr)
{
    QStringList names;
    if (pr) {
        for (const CiCheck &check : pr->checks) {
            if (check.status == CiCheck::Status::Failed)
                names << check.name;
        }
    }
    return names;
}

} // namespace

ReactionEngine::ReactionEngine(Dependencies dependencies, QObject *parent)
    : QObject(parent), m_deps(std::move(dependencies))
{}

ReactionEngine::~ReactionEngine() = default;

ReactionPolicy ReactionEngine::policyFor(const QString &projectId, const QString &reactionKey) const
{
    if (auto policy = m_deps.policies(projectId, reactionKey))
        return *policy;
    // A key the configuration does not know still reaches a person.
    ReactionPolicy fallback;
    fallback.key = reactionKey;
    fallback.action = ReactionPolicy::Action::Notify;
    fallback.priority = inferPriority(reactionKey);
    return fallback;
}

QString ReactionEngine::messageFor(const ReactionPolicy &policy, const QString &facts) const
{
    // A configured message leads; the facts follow, so the agent always learns what failed.
    if (policy.message.trimmed().isEmpty())
        return facts;
    return policy.message.trimmed() + u"\n\n"_s + facts;
}

QStringList ReactionEngine::routeTransition(const SessionRecord &session, DisplayStatus to) const
{
    const QString reactionKey = reactionKeyForStatus(to);
    if (!reactionKey.isEmpty()) {
        const ReactionPolicy policy = policyFor(session.projectId, reactionKey);
        if (policy.automatic || policy.action == ReactionPolicy::Action::Notify)
            return {}; // the reaction speaks for this transition
    }
    return m_deps.router(session.projectId, priorityForStatus(to));
}

void ReactionEngine::onTransition(const SessionRecord &session, DisplayStatus from, DisplayStatus to,
                                  const std::optional<PrSnapshot> &pr)
{
    const QString fromKey = reactionKeyForStatus(from);
    if (!fromKey.isEmpty() && resolves(fromKey, to)) {
        if (auto reset = m_deps.trackers.reset(session.id, fromKey); !reset)
            reportStoreFailure(u"reset the %1 reaction of %2"_s.arg(fromKey, session.id), reset.error());
    }
    if (isTerminal(to)) {
        for (const char *perPoll : {reaction::ChangesRequested, reaction::BugbotComments, reaction::MergeConflicts})
            (void)m_deps.trackers.reset(session.id, key(perPoll));
    }
    if (session.reason == SessionReason::PrClosedWaitingDecision && from != to && session.pr.state == PrState::Closed)
        run(session, key(reaction::PrClosed), Trigger::Entered, pr, factsMessage(key(reaction::PrClosed), session, pr),
            {});

    const QString toKey = reactionKeyForStatus(to);
    if (toKey.isEmpty())
        return;
    QString fingerprint;
    if (toKey == key(reaction::ChangesRequested) && pr) {
        QList<ReviewComment> human;
        for (const ReviewComment &comment : pr->unresolvedComments) {
            if (!comment.authorIsBot && !isBotAuthor(comment.author))
                human << comment;
        }
        fingerprint = messages::commentFingerprint(human);
    }
    run(session, toKey, Trigger::Entered, pr, factsMessage(toKey, session, pr), fingerprint);
}

void ReactionEngine::onCycle(const SessionRecord &session, const std::optional<PrSnapshot> &pr)
{
    const DisplayStatus status = deriveDisplayStatus(session);
    if (isTerminal(status) || status == DisplayStatus::BudgetExceeded)
        return;
    // One read of the session's trackers serves every per-poll check (this runs for every
    // live session on every cycle).
    auto listed = m_deps.trackers.list(session.id);
    if (!listed) {
        reportStoreFailure(u"read the reactions of %1"_s.arg(session.id), listed.error());
        return;
    }
    QHash<QString, ReactionTracker> known;
    for (const ReactionTracker &tracker : listed.value())
        known.insert(tracker.reactionKey, tracker);

    if (pr && pr->state == PrState::Open) {
        perPollComments(session, *pr, false, known);
        perPollComments(session, *pr, true, known);
        const QString conflictsKey = key(reaction::MergeConflicts);
        if (pr->hasConflicts) {
            const QString fingerprint = u"conflicts:"_s + pr->headSha;
            if (known.value(conflictsKey).fingerprint != fingerprint)
                run(session, conflictsKey, Trigger::Repeated, pr, messages::mergeConflicts(*pr), fingerprint);
        } else if (known.contains(conflictsKey)) {
            (void)m_deps.trackers.reset(session.id, conflictsKey);
        }
    }

    // Re-nag: the agent sits in an actionable status and has gone quiet since the last message.
    const QString statusKey = reactionKeyForStatus(status);
    if (statusKey.isEmpty())
        return;
    const ReactionPolicy policy = policyFor(session.projectId, statusKey);
    if (policy.action != ReactionPolicy::Action::SendToAgent || !policy.automatic)
        return;
    const auto tracker = known.constFind(statusKey);
    if (tracker == known.cend()) {
        // The session is still here but its count was reset (a person answered "keep trying"
        // to an escalation): the reaction starts over as if just entered.
        run(session, statusKey, Trigger::Entered, pr, factsMessage(statusKey, session, pr), {});
        return;
    }
    if (session.activity.state == ActivityState::Active || !policy.renagAfterMs)
        return;
    if (tracker->escalated || !tracker->lastSentAt.isValid())
        return;
    if (tracker->lastSentAt.msecsTo(m_deps.clock()) >= *policy.renagAfterMs)
        run(session, statusKey, Trigger::Renag, pr, factsMessage(statusKey, session, pr), {});
}

void ReactionEngine::perPollComments(const SessionRecord &session, const PrSnapshot &pr, bool bots,
                                     const QHash<QString, ReactionTracker> &known)
{
    const QString reactionKey = key(bots ? reaction::BugbotComments : reaction::ChangesRequested);
    QList<ReviewComment> comments;
    for (const ReviewComment &comment : pr.unresolvedComments) {
        if ((comment.authorIsBot || isBotAuthor(comment.author)) == bots)
            comments << comment;
    }
    const std::optional<ReactionTracker> stored =
        known.contains(reactionKey) ? std::optional(known.value(reactionKey)) : std::nullopt;
    if (comments.isEmpty()) {
        if (stored && !stored->fingerprint.isEmpty())
            (void)m_deps.trackers.reset(session.id, reactionKey);
        return;
    }
    const QString fingerprint = messages::commentFingerprint(comments);
    if (stored && stored->fingerprint == fingerprint)
        return; // this set of comments was already handed over
    if (stored) {
        // New or edited comments are a new request: attempts start over, the gap stays.
        ReactionTracker fresh = *stored;
        fresh.attempts = 0;
        fresh.escalated = false;
        fresh.firstTriggeredAt = m_deps.clock();
        (void)m_deps.trackers.upsert(fresh);
    }
    run(session, reactionKey, Trigger::Repeated, pr, messages::reviewComments(pr, comments, bots), fingerprint);
}

void ReactionEngine::onConflictRisk(const SessionRecord &session, const QString &otherSessionId,
                                    const QStringList &files)
{
    QStringList sorted = files;
    sorted.sort();
    const QString fingerprint = otherSessionId + u':' + sorted.join(u',');
    const QString reactionKey = key(reaction::ConflictRisk);
    auto tracker = m_deps.trackers.get(session.id, reactionKey);
    if (!tracker || (tracker.value() && tracker.value()->fingerprint == fingerprint))
        return;
    const QString facts = u"%1 and %2 both change %3. Coordinate before one of them has to rebase."_s.arg(
        session.id, otherSessionId, sorted.join(u", "_s));
    run(session, reactionKey, Trigger::Repeated, std::nullopt, facts, fingerprint);
}

void ReactionEngine::onAllComplete(const QString &projectId, int sessionCount)
{
    SessionRecord project;
    project.id = u"project:"_s + projectId; // a project-wide tracker: fires once
    project.projectId = projectId;
    const QString reactionKey = key(reaction::AllComplete);
    auto tracker = m_deps.trackers.get(project.id, reactionKey);
    if (!tracker || tracker.value())
        return;
    run(project, reactionKey, Trigger::Entered, std::nullopt,
        u"All %1 sessions of %2 have finished."_s.arg(sessionCount).arg(projectId), {});
}

void ReactionEngine::resetAllComplete(const QString &projectId)
{
    (void)m_deps.trackers.reset(u"project:"_s + projectId, key(reaction::AllComplete));
}

bool ReactionEngine::shouldEscalate(const ReactionPolicy &policy, const ReactionTracker &tracker,
                                    const QDateTime &now) const
{
    if (policy.retries && tracker.attempts > *policy.retries)
        return true;
    if (policy.escalateAfterAttempts && tracker.attempts > *policy.escalateAfterAttempts)
        return true;
    return policy.escalateAfterMs && tracker.firstTriggeredAt.isValid()
           && tracker.firstTriggeredAt.msecsTo(now) >= *policy.escalateAfterMs;
}

void ReactionEngine::run(const SessionRecord &session, const QString &reactionKey, Trigger trigger,
                         const std::optional<PrSnapshot> &pr, const QString &facts, const QString &fingerprint)
{
    const ReactionPolicy policy = policyFor(session.projectId, reactionKey);
    if (!policy.automatic && policy.action != ReactionPolicy::Action::Notify) {
        emit reactionRan(session.id, reactionKey, u"manual"_s); // the transition notification speaks
        return;
    }
    const QDateTime now = m_deps.clock();
    auto stored = m_deps.trackers.get(session.id, reactionKey);
    if (!stored) {
        reportStoreFailure(u"read the %1 reaction of %2"_s.arg(reactionKey, session.id), stored.error());
        return;
    }
    ReactionTracker tracker =
        stored.value().value_or(ReactionTracker{session.id, reactionKey, 0, now, {}, {}, {}, false});
    if (tracker.escalated) {
        emit reactionRan(session.id, reactionKey, u"waiting-on-person"_s);
        return;
    }
    if (trigger != Trigger::Entered && tracker.lastTriggeredAt.isValid()) {
        const qint64 gap = policy.cooldownMs.value_or(trigger == Trigger::Repeated ? kMinimumRepeatGapMs : 0);
        if (tracker.lastTriggeredAt.msecsTo(now) < gap) {
            emit reactionRan(session.id, reactionKey, u"cooldown"_s);
            return;
        }
    }
    tracker.attempts += 1;
    tracker.lastTriggeredAt = now;
    if (!tracker.firstTriggeredAt.isValid())
        tracker.firstTriggeredAt = now;
    if (!fingerprint.isEmpty())
        tracker.fingerprint = fingerprint;

    if (shouldEscalate(policy, tracker, now)) {
        escalate(session, policy, tracker, pr);
        return;
    }
    if (auto saved = m_deps.trackers.upsert(tracker); !saved) {
        reportStoreFailure(u"record the %1 reaction of %2"_s.arg(reactionKey, session.id), saved.error());
        return;
    }
    Event triggered;
    triggered.type = u"reaction.triggered"_s;
    triggered.priority = Priority::Info;
    triggered.sessionId = session.id;
    triggered.projectId = session.projectId;
    triggered.message = u"%1: %2 (attempt %3)"_s.arg(session.id, reactionKey).arg(tracker.attempts);
    triggered.data = QJsonObject{{u"reaction"_s, reactionKey},
                                 {u"attempt"_s, tracker.attempts},
                                 {u"trigger"_s, trigger == Trigger::Entered ? u"entered"_s
                                                : trigger == Trigger::Renag ? u"renag"_s
                                                                            : u"repeated"_s}};
    record(triggered, false);

    switch (policy.action) {
    case ReactionPolicy::Action::SendToAgent:
        sendToAgent(session, policy, messageFor(policy, facts));
        break;
    case ReactionPolicy::Action::Notify:
        notify(session, policy, pr, facts);
        break;
    case ReactionPolicy::Action::AutoMerge:
        autoMerge(session, policy, pr);
        break;
    }
}

void ReactionEngine::sendToAgent(const SessionRecord &session, const ReactionPolicy &policy, const QString &text)
{
    const QString sessionId = session.id;
    const QString projectId = session.projectId;
    const QString reactionKey = policy.key;
    m_deps.actions.sendToAgent(session, text).then(this, [this, sessionId, projectId, reactionKey](Result<void> sent) {
        Event event;
        event.sessionId = sessionId;
        event.projectId = projectId;
        if (sent) {
            if (auto tracker = m_deps.trackers.get(sessionId, reactionKey); tracker && tracker.value()) {
                ReactionTracker updated = *tracker.value();
                updated.lastSentAt = m_deps.clock();
                (void)m_deps.trackers.upsert(updated);
            }
            event.type = u"reaction.sent"_s;
            event.priority = Priority::Info;
            event.message = u"Sent the %1 message to %2."_s.arg(reactionKey, sessionId);
            event.data = QJsonObject{{u"reaction"_s, reactionKey}};
            record(event, false);
            emit reactionRan(sessionId, reactionKey, u"sent"_s);
            return;
        }
        // Never silent: the person hears that the agent did not get the message, and why.
        event.type = u"reaction.failed"_s;
        event.priority = Priority::Warning;
        event.message = u"Could not send the %1 message to %2: %3. It is retried on the next cycle; until then "
                        "the agent does not know."_s.arg(reactionKey, sessionId, sent.error().toString());
        event.data = QJsonObject{{u"reaction"_s, reactionKey}, {u"error"_s, sent.error().message}};
        record(event, true);
        emit reactionRan(sessionId, reactionKey, u"send-failed"_s);
    });
}

void ReactionEngine::notify(const SessionRecord &session, const ReactionPolicy &policy,
                            const std::optional<PrSnapshot> &pr, const QString &text)
{
    Event event;
    event.sessionId = session.id.startsWith(u"project:"_s) ? QString() : session.id;
    event.projectId = session.projectId;
    event.priority = policy.priority.value_or(inferPriority(policy.key));
    event.message = text;
    event.data = sessionContext(session);
    event.data.insert(u"reaction"_s, policy.key);
    if (const QStringList failing = failingCheckNames(pr); !failing.isEmpty())
        event.data.insert(u"failingChecks"_s, QJsonArray::fromStringList(failing));

    if (policy.key == key(reaction::ApprovedAndGreen) || policy.key == key(reaction::AgentNeedsInput)) {
        const bool merge = policy.key == key(reaction::ApprovedAndGreen);
        Decision decision;
        decision.sessionId = session.id;
        decision.projectId = session.projectId;
        decision.kind = merge ? u"merge"_s : u"needs-input"_s;
        decision.question = merge ? u"%1 is approved and green. Merge it?"_s.arg(prText(session))
                                  : u"%1 is waiting for your answer. What should it do?"_s.arg(session.id);
        decision.options = merge ? QStringList{u"approve"_s, u"reject"_s} : QStringList{};
        decision.priority = policy.priority.value_or(inferPriority(policy.key));
        decision.context = event.data;
        if (merge && pr)
            decision.context.insert(u"headSha"_s, pr->headSha);
        event.type = u"decision.requested"_s;
        createDecision(session, decision, event);
        emit reactionRan(session.id, policy.key, u"notified"_s);
        return;
    }
    event.type = policy.key == key(reaction::MergeConflicts) ? u"merge.conflicts"_s : u"reaction.notify"_s;
    record(event, true);
    emit reactionRan(session.id, policy.key, u"notified"_s);
}

void ReactionEngine::autoMerge(const SessionRecord &session, const ReactionPolicy &policy,
                               const std::optional<PrSnapshot> &pr)
{
    QStringList blockers;
    if (!pr || pr->state != PrState::Open)
        blockers << u"no open pull request"_s;
    else {
        if (pr->draft)
            blockers << u"it is a draft"_s;
        if (pr->ciStatus == PrSnapshot::CiStatus::Failing || pr->ciStatus == PrSnapshot::CiStatus::Pending)
            blockers << u"CI is not green"_s;
        if (pr->reviewRequired && pr->reviewDecision != PrSnapshot::ReviewDecision::Approved)
            blockers << u"it is not approved"_s;
        if (pr->hasConflicts || !pr->mergeable)
            blockers << u"it cannot be merged cleanly"_s;
        if (pr->headSha.isEmpty())
            blockers << u"its head commit is unknown"_s;
    }
    Event event;
    event.sessionId = session.id;
    event.projectId = session.projectId;
    event.data = sessionContext(session);
    event.data.insert(u"reaction"_s, policy.key);
    if (!blockers.isEmpty()) {
        event.type = u"merge.held"_s;
        event.priority = Priority::Warning;
        event.message =
            u"Auto-merge of %1 (%2) held back: %3."_s.arg(prText(session), session.id, blockers.join(u"; "_s));
        record(event, true);
        emit reactionRan(session.id, policy.key, u"merge-refused"_s);
        return;
    }
    const MergeMethod method = mergeMethodFromName(policy.mergeMethod);
    const QString headSha = pr->headSha;
    // The request is logged before the merge call: the lifecycle's next poll may see the merged
    // pull request before this continuation runs, and the audit log must read in causal order.
    event.type = u"merge.requested"_s;
    event.priority = Priority::Action;
    event.message = u"Merging %1 of %2 automatically (%3 at %4)."_s.arg(prText(session), session.id, policy.mergeMethod,
                                                                        headSha.left(7));
    record(event, true);
    m_deps.actions.merge(session, method, headSha)
        .then(this, [this, session, policy, event](Result<void> merged) mutable {
            if (merged) {
                emit reactionRan(session.id, policy.key, u"merged"_s);
                return;
            }
            event.type = u"merge.failed"_s;
            event.priority = Priority::Warning;
            event.message =
                u"Auto-merge of %1 (%2) failed: %3."_s.arg(prText(session), session.id, merged.error().toString());
            record(event, true);
            emit reactionRan(session.id, policy.key, u"merge-failed"_s);
        });
}

void ReactionEngine::escalate(const SessionRecord &session, const ReactionPolicy &policy, ReactionTracker &tracker,
                              const std::optional<PrSnapshot> &pr)
{
    tracker.escalated = true;
    if (auto saved = m_deps.trackers.upsert(tracker); !saved) {
        reportStoreFailure(u"record the escalation of %1 for %2"_s.arg(policy.key, session.id), saved.error());
        return;
    }
    const int automaticRuns = tracker.attempts - 1;
    Decision decision;
    decision.sessionId = session.id;
    decision.projectId = session.projectId;
    decision.kind = u"escalation"_s;
    decision.question =
        u"%1 on %2 is not resolved after %3 automatic attempt(s) since %4. Keep trying "
        "(approve), stop (reject), or write what the agent should do."_s.arg(
            policy.key, session.id, QString::number(automaticRuns), tracker.firstTriggeredAt.toString(Qt::ISODate));
    decision.options = {u"approve"_s, u"reject"_s};
    decision.priority = Priority::Urgent;
    decision.context = sessionContext(session);
    decision.context.insert(u"reaction"_s, policy.key);
    decision.context.insert(u"attempts"_s, automaticRuns);
    if (const QStringList failing = failingCheckNames(pr); !failing.isEmpty())
        decision.context.insert(u"failingChecks"_s, QJsonArray::fromStringList(failing));

    Event event;
    event.type = u"reaction.escalated"_s;
    event.priority = Priority::Urgent;
    event.sessionId = session.id;
    event.projectId = session.projectId;
    event.message = decision.question;
    event.data = decision.context;
    createDecision(session, decision, event);
    emit reactionRan(session.id, policy.key, u"escalated"_s);
}

void ReactionEngine::createDecision(const SessionRecord &session, Decision decision, const Event &event)
{
    Event routed = event;
    routed.actor = u"reactions"_s;
    routed.timestamp = m_deps.clock();
    const QStringList notifiers = m_deps.router(session.projectId, routed.priority);
    if (decision.id.isEmpty())
        decision.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    routed.data.insert(u"decision"_s, decision.id);
    if (auto created = m_deps.decisions.create(decision, {RoutedEvent(routed, notifiers)}); !created)
        reportStoreFailure(u"ask a person about %1"_s.arg(session.id), created.error());
}

void ReactionEngine::record(Event event, bool route)
{
    event.actor = u"reactions"_s;
    if (!event.timestamp.isValid())
        event.timestamp = m_deps.clock();
    const QStringList notifiers = route ? m_deps.router(event.projectId, event.priority) : QStringList();
    if (auto written = m_deps.events.appendAndRoute(event, notifiers); !written)
        reportStoreFailure(u"record %1"_s.arg(event.type), written.error());
}

void ReactionEngine::reportStoreFailure(const QString &what, const Error &error)
{
    // The store itself failed: the log cannot hold this, so it goes to the process log.
    qWarning("flotilla: could not %s: %s", qUtf8Printable(what), qUtf8Printable(error.toString()));
}

} // namespace flotilla
