#include "lifecycle_rules.h"

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

bool isOld(const QDateTime &at, const QDateTime &now, qint64 thresholdMs)
{
    return at.isValid() && at.msecsTo(now) >= thresholdMs;
}

struct ReportMapping
{
    SessionState state;
    SessionReason reason;
};

ReportMapping mapReport(AgentReport::Kind kind)
{
    using K = AgentReport::Kind;
    switch (kind) {
    case K::Started:
        return {SessionState::Working, SessionReason::AgentAcknowledged};
    case K::Working:
    case K::DraftPrCreated:
        return {SessionState::Working, SessionReason::TaskInProgress};
    case K::Waiting:
    case K::ReadyForReview:
        return {SessionState::Idle, SessionReason::AwaitingExternalReview};
    case K::NeedsInput:
        return {SessionState::NeedsInput, SessionReason::AwaitingUserInput};
    case K::FixingCi:
        return {SessionState::Working, SessionReason::FixingCi};
    case K::AddressingReviews:
        return {SessionState::Working, SessionReason::ResolvingReviewComments};
    case K::PrCreated:
        return {SessionState::Idle, SessionReason::PrCreated};
    case K::Completed:
        return {SessionState::Idle, SessionReason::ResearchComplete};
    }
    return {SessionState::Working, SessionReason::TaskInProgress};
}

PrReason openPrReason(const PrSnapshot &pr)
{
    using Ci = PrSnapshot::CiStatus;
    using Review = PrSnapshot::ReviewDecision;
    if (pr.ciStatus == Ci::Failing)
        return PrReason::CiFailing;
    if (pr.draft)
        return PrReason::InProgress;
    if (pr.reviewDecision == Review::ChangesRequested)
        return PrReason::ChangesRequested;
    const bool reviewSatisfied = pr.reviewDecision == Review::Approved || !pr.reviewRequired;
    const bool ciGreen = pr.ciStatus == Ci::Passing || pr.ciStatus == Ci::None;
    if (reviewSatisfied && ciGreen && pr.mergeable && !pr.hasConflicts)
        return PrReason::MergeReady;
    if (pr.reviewDecision == Review::Approved)
        return PrReason::Approved;
    if (pr.reviewDecision == Review::Pending || (pr.reviewRequired && pr.reviewDecision == Review::None))
        return PrReason::ReviewPending;
    return PrReason::InProgress;
}

PrCiState ciStateOf(PrSnapshot::CiStatus status)
{
    switch (status) {
    case PrSnapshot::CiStatus::Pending:
        return PrCiState::Pending;
    case PrSnapshot::CiStatus::Passing:
        return PrCiState::Passing;
    case PrSnapshot::CiStatus::Failing:
        return PrCiState::Failing;
    case PrSnapshot::CiStatus::None:
        break;
    }
    return PrCiState::None;
}

PrReviewState reviewStateOf(PrSnapshot::ReviewDecision decision)
{
    switch (decision) {
    case PrSnapshot::ReviewDecision::Pending:
        return PrReviewState::Pending;
    case PrSnapshot::ReviewDecision::Approved:
        return PrReviewState::Approved;
    case PrSnapshot::ReviewDecision::ChangesRequested:
        return PrReviewState::ChangesRequested;
    case PrSnapshot::ReviewDecision::None:
        break;
    }
    return PrReviewState::None;
}

// Reasons under which an idle agent is waiting on others, not stuck.
bool saidItIsDone(SessionReason reason)
{
    switch (reason) {
    case SessionReason::ResearchComplete:
    case SessionReason::AwaitingExternalReview:
    case SessionReason::PrCreated:
    case SessionReason::MergedWaitingDecision:
    case SessionReason::PrClosedWaitingDecision:
        return true;
    default:
        return false;
    }
}

} // namespace

PullRequestFacts prFactsFrom(const PrSnapshot &snapshot, const PullRequestFacts &previous, const QDateTime &now)
{
    PullRequestFacts facts = previous;
    facts.number = snapshot.number;
    facts.url = snapshot.url;
    facts.title = snapshot.title;
    facts.headSha = snapshot.headSha;
    facts.baseBranch = snapshot.baseBranch;
    facts.draft = snapshot.draft;
    facts.ci = ciStateOf(snapshot.ciStatus);
    facts.review = reviewStateOf(snapshot.reviewDecision);
    facts.lastObservedAt = now;
    facts.state = snapshot.state;
    switch (snapshot.state) {
    case PrState::Merged:
        facts.reason = PrReason::Merged;
        break;
    case PrState::Closed:
        facts.reason = PrReason::ClosedUnmerged;
        break;
    case PrState::Open:
        facts.reason = openPrReason(snapshot);
        break;
    case PrState::None:
        facts.reason = PrReason::NotCreated;
        break;
    }
    return facts;
}

LifecycleVerdict decide(const SessionRecord &current, const SessionObservation &observation,
                        const SessionEvidence &evidence, const LifecyclePolicy &policy)
{
    LifecycleVerdict verdict{current, evidence, {}};
    SessionRecord &session = verdict.session;
    const QDateTime &now = observation.now;

    // 1. Terminal sessions only change through explicit actions (restore).
    if (session.state == SessionState::Terminated || session.state == SessionState::Done) {
        verdict.why = u"terminal"_s;
        return verdict;
    }
    const QDateTime started = session.startedAt.isValid() ? session.startedAt : session.createdAt;
    const bool inGrace = started.isValid() && started.msecsTo(now) < policy.spawnGraceMs;

    // 2. Runtime.
    if (observation.runtime) {
        const RuntimeProbe &probe = *observation.runtime;
        session.runtime.lastObservedAt = now;
        if (!probe.error.isEmpty()) {
            session.runtime.state = RuntimeState::ProbeFailed;
            session.runtime.reason = RuntimeReason::ProbeError;
            if (session.state != SessionState::NotStarted) {
                session.state = SessionState::Detecting;
                session.reason = SessionReason::ProbeFailure;
            }
            verdict.why = u"runtime probe failed: "_s + probe.error;
            return verdict;
        }
        const bool agentExited = observation.activity && observation.activity->state == ActivityState::Exited
                                 && observation.activity->confidence == ActivityReading::Confidence::Valid;
        if (!probe.alive || !probe.processRunning || agentExited) {
            verdict.evidence.deadProbes += 1;
            if (inGrace || verdict.evidence.deadProbes < policy.probesForVerdict) {
                verdict.why = u"runtime looks gone (%1 of %2 probes%3); waiting for confirmation"_s.arg(
                    QString::number(verdict.evidence.deadProbes), QString::number(policy.probesForVerdict),
                    inGrace ? u", within the spawn grace period"_s : QString());
                return verdict;
            }
            session.state = SessionState::Terminated;
            session.reason = probe.alive ? SessionReason::AgentProcessExited : SessionReason::RuntimeLost;
            session.runtime.state = probe.alive ? RuntimeState::Exited : RuntimeState::Missing;
            session.runtime.reason = probe.alive ? RuntimeReason::ProcessMissing : RuntimeReason::TmuxMissing;
            session.terminatedAt = now;
            verdict.why =
                probe.alive
                    ? u"the agent process exited (seen on %1 consecutive probes)"_s.arg(verdict.evidence.deadProbes)
                    : u"the runtime is gone (seen on %1 consecutive probes)"_s.arg(verdict.evidence.deadProbes);
            return verdict;
        }
        verdict.evidence.deadProbes = 0;
        session.runtime.state = RuntimeState::Alive;
        session.runtime.reason = RuntimeReason::ProcessRunning;
    }

    if (observation.activity && observation.activity->at.isValid()
        && observation.activity->confidence != ActivityReading::Confidence::ProbeFailure)
        session.activity = ActivityFacts{observation.activity->state, observation.activity->at};

    // 4 (before 3, so needs_input still carries fresh PR facts). A failed lookup changes nothing.
    const PrState previousPrState = session.pr.state;
    if (observation.prLookup == SessionObservation::PrLookup::Found)
        session.pr = prFactsFrom(observation.pr, session.pr, now);

    // 3. The agent asks a question: a person is needed now.
    if (observation.activity && observation.activity->state == ActivityState::WaitingInput) {
        session.state = SessionState::NeedsInput;
        session.reason = SessionReason::AwaitingUserInput;
        verdict.evidence.stuckProbes = 0;
        verdict.why = u"the agent waits for input: "_s + observation.activity->evidence;
        return verdict;
    }

    if (session.pr.state == PrState::Merged) {
        session.state = SessionState::Idle;
        session.reason = SessionReason::MergedWaitingDecision;
        if (!session.completedAt.isValid())
            session.completedAt = now;
        verdict.why = u"the pull request was merged"_s;
        return verdict;
    }
    if (session.pr.state == PrState::Closed && previousPrState != PrState::Closed) {
        session.state = SessionState::Idle;
        session.reason = SessionReason::PrClosedWaitingDecision;
        verdict.why = u"the pull request was closed without merging"_s;
        return verdict;
    }

    // 5. A fresh self-report (allowing a minute of clock skew either way).
    if (observation.report && observation.report->at.isValid()
        && std::llabs(observation.report->at.msecsTo(now)) < policy.reportFreshMs + 60 * 1000) {
        const ReportMapping mapped = mapReport(observation.report->kind);
        session.state = mapped.state;
        session.reason = mapped.reason;
        verdict.evidence.stuckProbes = 0;
        verdict.why = u"the agent reported its state"_s;
        return verdict;
    }

    // 6. Stuck: blocked too long, or idle too long without a PR and without having said it is
    // done (waiting for review is not stuck); seen on consecutive probes, outside the grace period.
    const bool stalled = observation.activity && isOld(observation.activity->at, now, policy.stuckThresholdMs)
                         && (observation.activity->state == ActivityState::Blocked
                             || ((observation.activity->state == ActivityState::Idle
                                  || observation.activity->state == ActivityState::Ready)
                                 && session.pr.state != PrState::Open && !saidItIsDone(session.reason)));
    if (stalled) {
        verdict.evidence.stuckProbes += 1;
        if (!inGrace && verdict.evidence.stuckProbes >= policy.probesForVerdict) {
            session.state = SessionState::Stuck;
            verdict.why = u"no progress for %1 minutes (seen on %2 consecutive probes)"_s.arg(
                QString::number(observation.activity->at.msecsTo(now) / 60000),
                QString::number(verdict.evidence.stuckProbes));
            return verdict;
        }
    } else {
        verdict.evidence.stuckProbes = 0;
    }

    // 7. Ordinary work.
    if (observation.activity) {
        switch (observation.activity->state) {
        case ActivityState::Active:
            session.reason = session.state == SessionState::NotStarted ? SessionReason::AgentAcknowledged
                             : session.state == SessionState::Working  ? session.reason
                                                                       : SessionReason::TaskInProgress;
            session.state = SessionState::Working;
            verdict.why = u"the agent is working"_s;
            return verdict;
        case ActivityState::Ready:
        case ActivityState::Idle:
            if (session.state == SessionState::Stuck && !stalled) {
                session.state = SessionState::Idle;
                verdict.why = u"the agent finished its turn"_s;
                return verdict;
            }
            if (session.state == SessionState::Working || session.state == SessionState::NotStarted
                || session.state == SessionState::Detecting || session.state == SessionState::NeedsInput) {
                session.state = SessionState::Idle;
                if (session.reason == SessionReason::ProbeFailure || session.reason == SessionReason::SpawnRequested)
                    session.reason = SessionReason::TaskInProgress;
                verdict.why = u"the agent finished its turn"_s;
                return verdict;
            }
            break;
        default:
            break;
        }
    }
    // No strong reading: a live runtime ends spawning and detecting; otherwise keep the state.
    if (observation.runtime
        && (session.state == SessionState::NotStarted || session.state == SessionState::Detecting)) {
        session.reason = session.state == SessionState::NotStarted ? SessionReason::AgentAcknowledged
                                                                   : SessionReason::TaskInProgress;
        session.state = SessionState::Working;
        verdict.why = u"the runtime is alive"_s;
        return verdict;
    }
    verdict.why = u"no new evidence"_s;
    return verdict;
}

namespace {

const std::pair<const char *, AgentReport::Kind> kReportNames[] = {
    {"started", AgentReport::Kind::Started},
    {"working", AgentReport::Kind::Working},
    {"waiting", AgentReport::Kind::Waiting},
    {"needs_input", AgentReport::Kind::NeedsInput},
    {"fixing_ci", AgentReport::Kind::FixingCi},
    {"addressing_reviews", AgentReport::Kind::AddressingReviews},
    {"pr_created", AgentReport::Kind::PrCreated},
    {"draft_pr_created", AgentReport::Kind::DraftPrCreated},
    {"ready_for_review", AgentReport::Kind::ReadyForReview},
    {"completed", AgentReport::Kind::Completed},
};

} // namespace

std::optional<AgentReport::Kind> reportKindFromName(const QString &name)
{
    const QString normalized = name.trimmed().toLower().replace(u'-', u'_');
    for (const auto &[text, kind] : kReportNames) {
        if (normalized == QLatin1StringView(text))
            return kind;
    }
    return std::nullopt;
}

QStringList reportKindNames()
{
    QStringList names;
    for (const auto &entry : kReportNames)
        names << QString::fromLatin1(entry.first);
    return names;
}

} // namespace flotilla
