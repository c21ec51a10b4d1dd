#include "escalations.h"

#include <QUuid>

#include "reaction_keys.h"
#include "session_actions.h"
#include "store/decision_store.h"
#include "store/event_log.h"
#include "store/reaction_tracker_store.h"
#include "store/session_store.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kApplyTimeout = std::chrono::minutes(5);
constexpr int kMaxQuestionChars = 4000;

} // namespace

Escalations::Verdict Escalations::classify(const QString &answer)
{
    static const QStringList approvals = {u"approve"_s, u"approved"_s, u"yes"_s, u"y"_s, u"ok"_s, u"merge"_s};
    static const QStringList rejections = {u"reject"_s, u"rejected"_s, u"no"_s, u"n"_s, u"stop"_s};
    QString word = answer.trimmed().toLower();
    while (word.endsWith(u'.') || word.endsWith(u'!'))
        word.chop(1);
    if (approvals.contains(word))
        return Verdict::Approve;
    if (rejections.contains(word))
        return Verdict::Reject;
    return Verdict::Text;
}

Escalations::Escalations(Dependencies dependencies, QObject *parent) : QObject(parent), m_deps(std::move(dependencies))
{}

Escalations::~Escalations() = default;

Async<AppliedAnswer> Escalations::answer(const QString &decisionId, const QString &text, const QString &channel)
{
    if (text.trimmed().isEmpty())
        return failed<AppliedAnswer>(makeError(u"decision.empty_answer"_s, u"an answer needs some text"_s));
    auto outcome = m_deps.decisions.answer(decisionId, text.trimmed(), channel, m_deps.clock());
    if (!outcome)
        return failed<AppliedAnswer>(outcome.error());
    const Decision decision = outcome->decision;
    if (!outcome->accepted) {
        const QString why = decision.state == Decision::State::Answered
                                ? u"already answered \"%1\" from %2 at %3"_s.arg(
                                    decision.answer, decision.answeredBy, decision.answeredAt.toString(Qt::ISODate))
                                : u"no longer open (%1)"_s.arg(
                                    decision.state == Decision::State::Expired ? u"expired"_s : u"cancelled"_s);
        return ready(Result<AppliedAnswer>(AppliedAnswer{false, decision, why}));
    }
    auto session = m_deps.sessions.get(decision.sessionId);
    PendingResult<AppliedAnswer> done;
    if (!session || !session.value()) {
        finish(decision,
               makeError(u"decision.no_session"_s,
                         u"session %1 is gone; nothing to apply the answer to"_s.arg(decision.sessionId)),
               {}, done);
        return done.future();
    }
    apply(decision, *session.value(), done);
    return done.future();
}

Result<Decision> Escalations::ask(const SessionRecord &session, const QString &question, const QStringList &options,
                                  const QString &actor)
{
    const QString text = question.trimmed();
    if (text.isEmpty())
        return makeError(u"decision.empty_question"_s, u"a question needs some text"_s);
    if (text.size() > kMaxQuestionChars)
        return makeError(
            u"decision.invalid_question"_s,
            u"a question may be at most %1 characters (this one has %2)"_s.arg(kMaxQuestionChars).arg(text.size()));
    Decision decision;
    decision.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    decision.sessionId = session.id;
    decision.projectId = session.projectId;
    decision.kind = u"question"_s;
    decision.question = text;
    for (const QString &option : options) {
        if (!option.trimmed().isEmpty() && !decision.options.contains(option.trimmed()))
            decision.options << option.trimmed();
    }
    decision.priority = Priority::Action;
    decision.context = QJsonObject{{u"askedBy"_s, actor}, {u"display"_s, session.displayName}};
    Event event;
    event.type = u"decision.requested"_s;
    event.priority = decision.priority;
    event.sessionId = session.id;
    event.projectId = session.projectId;
    event.actor = actor;
    event.timestamp = m_deps.clock();
    event.message = u"%1 asks: %2"_s.arg(session.id, text);
    event.data = QJsonObject{{u"decision"_s, decision.id}, {u"question"_s, text}};
    return m_deps.decisions.create(decision, {RoutedEvent(event, m_deps.router(session.projectId, event.priority))});
}

void Escalations::apply(const Decision &decision, const SessionRecord &session, PendingResult<AppliedAnswer> done)
{
    const Verdict verdict = classify(decision.answer);
    const QString triggeredBy = decision.context.value(u"reaction"_s).toString();
    const auto policy = triggeredBy.isEmpty() ? std::nullopt : m_deps.policies(session.projectId, triggeredBy);
    const auto await = [this, decision, done](Async<void> action, const QString &outcome) {
        awaitResult(std::move(action), this, kApplyTimeout, u"applying the answer to %1"_s.arg(decision.id),
                    [this, decision, done, outcome](Result<void> result) { finish(decision, result, outcome, done); });
    };

    if (verdict == Verdict::Text || decision.kind == u"needs-input"_s || decision.kind == u"question"_s) {
        await(m_deps.actions.sendToAgent(session, decision.answer), u"sent to the agent"_s);
        return;
    }
    if (decision.kind == u"merge"_s) {
        if (verdict == Verdict::Reject) {
            finish(decision, {}, u"not merged"_s, done);
            return;
        }
        const QString headSha = decision.context.value(u"headSha"_s).toString();
        const auto mergeSettings = m_deps.policies(session.projectId, reactionKey(reaction::ApprovedAndGreen));
        const MergeMethod method = mergeMethodFromName(mergeSettings ? mergeSettings->mergeMethod : QString());
        await(m_deps.actions.merge(session, method, headSha), u"merged"_s);
        return;
    }
    // An escalation: approve hands the problem back to the automatic reaction, reject gives up.
    if (verdict == Verdict::Approve) {
        if (!triggeredBy.isEmpty()) {
            if (auto reset = m_deps.trackers.reset(session.id, triggeredBy); !reset) {
                finish(decision, reset.error(), {}, done);
                return;
            }
        }
        finish(decision, {}, u"%1 will be retried automatically"_s.arg(triggeredBy), done);
        return;
    }
    const ReactionPolicy::OnReject onReject = policy ? policy->onReject : ReactionPolicy::OnReject::Nothing;
    switch (onReject) {
    case ReactionPolicy::OnReject::Kill:
        await(m_deps.actions.kill(session, u"%1 rejected: %2"_s.arg(decision.kind, decision.question.left(120))),
              u"session killed"_s);
        return;
    case ReactionPolicy::OnReject::ClosePr:
        await(m_deps.actions.closePullRequest(session), u"pull request closed"_s);
        return;
    case ReactionPolicy::OnReject::Nothing:
        finish(decision, {}, u"left as it is"_s, done);
        return;
    }
}

void Escalations::finish(const Decision &decision, Result<void> result, const QString &outcome,
                         const PendingResult<AppliedAnswer> &done)
{
    Event event;
    event.sessionId = decision.sessionId;
    event.projectId = decision.projectId;
    event.actor = decision.answeredBy;
    event.timestamp = m_deps.clock();
    event.data = QJsonObject{{u"decision"_s, decision.id},
                             {u"kind"_s, decision.kind},
                             {u"answer"_s, decision.answer},
                             {u"channel"_s, decision.answeredBy}};
    QStringList notifiers;
    if (result) {
        event.type = u"decision.applied"_s;
        event.priority = Priority::Info;
        event.message = u"%1 answered \"%2\" from %3: %4"_s.arg(decision.sessionId, decision.answer.left(80),
                                                                decision.answeredBy, outcome);
        event.data.insert(u"outcome"_s, outcome);
    } else {
        // The person believes their answer was acted on: tell them it was not.
        event.type = u"decision.apply_failed"_s;
        event.priority = Priority::Warning;
        event.message = u"The answer \"%1\" for %2 could not be applied: %3"_s.arg(
            decision.answer.left(80), decision.sessionId, result.error().toString());
        event.data.insert(u"error"_s, result.error().message);
        notifiers = m_deps.router(decision.projectId, event.priority);
    }
    if (auto logged = m_deps.events.appendAndRoute(event, notifiers); !logged)
        qWarning("flotilla: cannot log the answer to %s: %s", qUtf8Printable(decision.id),
                 qUtf8Printable(logged.error().toString()));
    emit decisionClosed(decision);
    if (!result) {
        done(result.error());
        return;
    }
    done(AppliedAnswer{true, decision, outcome});
}

} // namespace flotilla
