#include "lifecycle_manager.h"

#include "model/display_status.h"
#include "model/model_enums.h"
#include "reaction_engine.h"
#include "reaction_keys.h"
#include "store/session_store.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qint64 kInfoRefreshMs = 5 * 60 * 1000;
constexpr int kTerminalLines = 40;

// What the agent's own records say: its summary, what it cost, and its conversation id (for
// resuming it). A failed or empty read leaves the facts as they were.
void applySessionInfo(SessionRecord &session, const AgentSessionInfo &info)
{
    if (!info.summary.isEmpty() && (!info.summaryIsFallback || session.summary.isEmpty()))
        session.summary = info.summary;
    if (info.cost.usd > 0 || info.cost.inputTokens > 0 || info.cost.outputTokens > 0)
        session.cost = info.cost;
    if (!info.agentSessionId.isEmpty())
        session.extra.insert(u"agentSessionId"_s, info.agentSessionId);
}

bool sameFacts(const SessionRecord &a, const SessionRecord &b)
{
    return a.state == b.state && a.reason == b.reason && a.pr.state == b.pr.state && a.pr.reason == b.pr.reason
           && a.pr.number == b.pr.number && a.pr.url == b.pr.url && a.pr.headSha == b.pr.headSha
           && a.pr.draft == b.pr.draft && a.pr.title == b.pr.title && a.pr.baseBranch == b.pr.baseBranch
           && a.pr.ci == b.pr.ci && a.pr.review == b.pr.review && a.runtime.state == b.runtime.state
           && a.runtime.reason == b.runtime.reason && a.activity.state == b.activity.state
           && a.completedAt == b.completedAt && a.terminatedAt == b.terminatedAt && a.summary == b.summary
           && a.cost.usd == b.cost.usd && a.cost.inputTokens == b.cost.inputTokens
           && a.cost.outputTokens == b.cost.outputTokens && a.extra == b.extra;
}

} // namespace

struct LifecycleManager::Cycle
{
    QDateTime now;
    QList<SessionRecord> sessions;
    QHash<QString, RuntimeProbe> probes;
    QHash<QString, ActivityReading> activity;
    QHash<QString, AgentSessionInfo> info;
    QHash<QString, PrSnapshot> prs;
    QHash<QString, QString> prErrors; // by project
    QSet<QString> prProjectsAsked;
    QSet<QString> liveProjects; // projects with a session still going after this cycle
    bool wholeFleet = true;
    int outstanding = 0;
    bool finished = false;
};

LifecycleManager::LifecycleManager(Dependencies dependencies, QObject *parent)
    : QObject(parent), m_deps(std::move(dependencies))
{
    connect(&m_timer, &QTimer::timeout, this, [this] { pollNow(); });
}

LifecycleManager::~LifecycleManager() = default;

void LifecycleManager::start(int intervalMs)
{
    m_timer.start(intervalMs);
    pollNow();
}

void LifecycleManager::setInterval(int intervalMs)
{
    if (intervalMs == m_timer.interval())
        return;
    if (m_timer.isActive())
        m_timer.start(intervalMs);
    else
        m_timer.setInterval(intervalMs);
}

void LifecycleManager::stop()
{
    m_timer.stop();
}

void LifecycleManager::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    emit pausedChanged(paused);
    if (!paused && m_askedWhilePaused) {
        m_askedWhilePaused = false;
        pollNow();
    }
}

void LifecycleManager::recordReport(const QString &sessionId, const AgentReport &report)
{
    m_reports.insert(sessionId, report);
    pollNow({sessionId});
}

void LifecycleManager::pollNow(const QStringList &onlySessions)
{
    if (m_paused) {
        m_askedWhilePaused = true; // a whole cycle on resume covers whatever was asked
        return;
    }
    if (m_polling) {
        // One more cycle follows the running one; a full poll absorbs single-session checks.
        if (!m_pollAgain || !m_pendingSessions.isEmpty())
            m_pendingSessions = onlySessions.isEmpty() ? QStringList() : m_pendingSessions + onlySessions;
        m_pollAgain = true;
        return;
    }
    runCycle(onlySessions);
}

void LifecycleManager::runCycle(const QStringList &onlySessions)
{
    m_polling = true;
    auto cycle = std::make_shared<Cycle>();
    // The manager owns the running cycle; plugin answers only hold a weak reference, so a
    // plugin that never answers keeps nothing of a finished cycle alive.
    m_cycle = cycle;
    const std::weak_ptr<Cycle> weak = cycle;
    cycle->now = m_deps.clock();
    cycle->wholeFleet = onlySessions.isEmpty();

    auto listed = m_deps.sessions.list({}, SessionStore::Terminated::Exclude);
    if (!listed) {
        qWarning("flotilla: lifecycle cannot read sessions: %s", qUtf8Printable(listed.error().toString()));
        finishCycle(cycle);
        return;
    }
    for (const SessionRecord &session : listed.value()) {
        if ((onlySessions.isEmpty() || onlySessions.contains(session.id)) && !isBusy(session.id))
            cycle->sessions.append(session);
    }

    // Fan out: one probe per runtime, one batch per SCM, one activity read per session.
    QHash<RuntimePlugin *, QList<SessionRecord>> byRuntime;
    QHash<QString, QList<PrLookup>> lookupsByProject;
    for (const SessionRecord &session : std::as_const(cycle->sessions)) {
        const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
        if (!plugins)
            continue;
        if (plugins->runtime && !session.runtime.handle.isEmpty())
            byRuntime[plugins->runtime].append(session);
        if (plugins->scm && session.kind == SessionKind::Worker && !session.branch.isEmpty()) {
            PrLookup lookup = prLookupFor(*plugins, session);
            lookup.fresh = !cycle->wholeFleet;
            lookupsByProject[session.projectId].append(lookup);
        }
    }

    const auto settle = [this, weak] {
        const auto running = weak.lock();
        if (running && --running->outstanding == 0)
            finishCycle(running);
    };
    cycle->outstanding = 1; // held until every request below is issued

    for (auto it = byRuntime.cbegin(); it != byRuntime.cend(); ++it) {
        QList<RuntimeHandle> handles;
        QHash<QString, QString> sessionByHandle;
        for (const SessionRecord &session : it.value()) {
            handles.append(RuntimeHandle{session.runtime.handle, it.key()->name(), {}});
            sessionByHandle.insert(session.runtime.handle, session.id);
        }
        ++cycle->outstanding;
        it.key()->probe(handles).then(
            this, [weak, sessionByHandle, settle](Result<QHash<QString, RuntimeProbe>> probed) {
                const auto running = weak.lock();
                if (!running || running->finished)
                    return;
                for (auto entry = sessionByHandle.cbegin(); entry != sessionByHandle.cend(); ++entry) {
                    RuntimeProbe probe;
                    if (!probed)
                        probe.error = probed.error().toString();
                    else
                        probe = probed.value().value(entry.key(), RuntimeProbe{false, false, {}, running->now});
                    running->probes.insert(entry.value(), probe);
                }
                settle();
            });
    }
    for (const SessionRecord &session : std::as_const(cycle->sessions)) {
        const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
        AgentPlugin *agent = plugins ? plugins->agent(session.agent) : nullptr;
        if (!agent)
            continue;
        ++cycle->outstanding;
        const QString id = session.id;
        RuntimePlugin *runtime = session.runtime.handle.isEmpty() ? nullptr : plugins->runtime;
        const RuntimeHandle handle{session.runtime.handle, runtime ? runtime->name() : QString(), {}};
        agent->readActivity(session).then(
            this, [this, weak, id, settle, agent, runtime, handle](Result<ActivityReading> reading) {
                const auto running = weak.lock();
                if (!running || running->finished)
                    return;
                const bool known = reading && reading->confidence != ActivityReading::Confidence::Unavailable
                                   && reading->confidence != ActivityReading::Confidence::ProbeFailure;
                if (known || !runtime) {
                    if (reading)
                        running->activity.insert(id, reading.value());
                    settle();
                    return;
                }
                // Nothing from the agent's own records: its screen is the next best witness.
                runtime->readOutput(handle, kTerminalLines)
                    .then(this, [weak, id, settle, agent, reading](Result<QString> output) {
                        const auto stillRunning = weak.lock();
                        if (!stillRunning || stillRunning->finished)
                            return;
                        ActivityReading fromScreen;
                        if (output)
                            fromScreen = agent->activityFromTerminal(output.value(), stillRunning->now);
                        if (fromScreen.confidence == ActivityReading::Confidence::Valid)
                            stillRunning->activity.insert(id, fromScreen);
                        else if (reading)
                            stillRunning->activity.insert(id, reading.value());
                        settle();
                    });
            });
        // Summary and cost change only when the agent does something: read them again after
        // new activity, and now and then in any case.
        const QDateTime lastRead = m_infoReadAt.value(id);
        if (lastRead.isValid() && session.activity.at <= lastRead && lastRead.msecsTo(cycle->now) < kInfoRefreshMs)
            continue;
        m_infoReadAt.insert(id, cycle->now);
        ++cycle->outstanding;
        agent->sessionInfo(session).then(this, [weak, id, settle](Result<AgentSessionInfo> info) {
            const auto running = weak.lock();
            if (!running || running->finished)
                return;
            if (info)
                running->info.insert(id, info.value());
            settle();
        });
    }
    for (auto it = lookupsByProject.cbegin(); it != lookupsByProject.cend(); ++it) {
        const ProjectPlugins *plugins = m_deps.plugins(it.key());
        ++cycle->outstanding;
        const QString projectId = it.key();
        plugins->scm->fetchBatch(it.value())
            .then(this, [weak, projectId, settle](Result<QHash<QString, PrSnapshot>> batch) {
                const auto running = weak.lock();
                if (!running || running->finished)
                    return;
                running->prProjectsAsked.insert(projectId);
                if (!batch)
                    running->prErrors.insert(projectId, batch.error().toString());
                else
                    running->prs.insert(batch.value());
                settle();
            });
    }
    QTimer::singleShot(m_deps.policy.cycleTimeoutMs, this, [this, weak] {
        if (const auto running = weak.lock(); running && !running->finished)
            finishCycle(running);
    });
    settle();
}

void LifecycleManager::finishCycle(const std::shared_ptr<Cycle> &cycle)
{
    if (cycle->finished)
        return;
    cycle->finished = true;
    if (m_cycle == cycle)
        m_cycle.reset();
    CycleStats stats;
    stats.sessions = static_cast<int>(cycle->sessions.size());

    for (const SessionRecord &session : std::as_const(cycle->sessions)) {
        // An operation that began while the plugins answered owns the session's facts now.
        if (isBusy(session.id))
            continue;
        SessionObservation observation;
        observation.now = cycle->now;
        if (cycle->probes.contains(session.id))
            observation.runtime = cycle->probes.value(session.id);
        if (cycle->activity.contains(session.id))
            observation.activity = cycle->activity.value(session.id);
        std::optional<PrSnapshot> pr;
        if (cycle->prErrors.contains(session.projectId)) {
            observation.prLookup = SessionObservation::PrLookup::Failed;
            observation.prError = cycle->prErrors.value(session.projectId);
        } else if (cycle->prs.contains(session.id) && !cycle->prs.value(session.id).unavailable.isEmpty()) {
            observation.prLookup = SessionObservation::PrLookup::Failed;
            observation.prError = cycle->prs.value(session.id).unavailable;
        } else if (cycle->prs.contains(session.id)) {
            observation.prLookup = SessionObservation::PrLookup::Found;
            observation.pr = cycle->prs.value(session.id);
            pr = observation.pr;
            m_lastPr.insert(session.id, *pr);
            emit pullRequestRead(session.id);
        } else if (cycle->prProjectsAsked.contains(session.projectId)) {
            observation.prLookup = SessionObservation::PrLookup::NotFound;
        }
        if (m_reports.contains(session.id))
            observation.report = m_reports.value(session.id);

        LifecycleVerdict verdict = decide(session, observation, m_evidence.value(session.id), m_deps.policy);
        if (const auto info = cycle->info.constFind(session.id); info != cycle->info.cend())
            applySessionInfo(verdict.session, info.value());
        m_evidence.insert(session.id, verdict.evidence);
        applyVerdict(cycle, session, verdict, pr, stats);
    }

    if (cycle->wholeFleet)
        noticeCompletedProjects(cycle->liveProjects);

    m_polling = false;
    emit cycleFinished(stats);
    if (m_pollAgain) {
        m_pollAgain = false;
        const QStringList next = m_pendingSessions;
        m_pendingSessions.clear();
        runCycle(next);
    }
}

void LifecycleManager::applyVerdict(const std::shared_ptr<Cycle> &cycle, const SessionRecord &before,
                                    const LifecycleVerdict &verdict, const std::optional<PrSnapshot> &pr,
                                    CycleStats &stats)
{
    SessionRecord after = verdict.session;
    const DisplayStatus from = deriveDisplayStatus(before);
    const DisplayStatus to = deriveDisplayStatus(after);
    if (from != to) {
        SessionRecord stored = after;
        stored.lastTransitionAt = cycle->now;
        Event event;
        event.type = eventTypeForStatus(to);
        event.priority = priorityForStatus(to);
        event.sessionId = after.id;
        event.projectId = after.projectId;
        event.actor = u"lifecycle"_s;
        event.timestamp = cycle->now;
        event.message = u"%1: %2 → %3 (%4)"_s.arg(after.id, enumName(from), enumName(to), verdict.why);
        event.data = QJsonObject{{u"from"_s, enumName(from)}, {u"to"_s, enumName(to)}, {u"why"_s, verdict.why}};
        if (after.pr.number > 0) {
            event.data.insert(u"prNumber"_s, after.pr.number);
            event.data.insert(u"prUrl"_s, after.pr.url);
        }
        const QStringList notifiers = m_deps.reactions.routeTransition(after, to);
        if (auto written = m_deps.sessions.update(stored, {RoutedEvent(event, notifiers)}); !written) {
            if (written.error().code == u"store.conflict"_s) {
                // Killed or restored meanwhile: the next cycle starts from the new facts.
                cycle->liveProjects.insert(after.projectId);
                return;
            }
            ++stats.failures;
            qWarning("flotilla: cannot store the transition of %s: %s", qUtf8Printable(after.id),
                     qUtf8Printable(written.error().toString()));
            return;
        }
        ++stored.revision;
        ++stats.transitions;
        if (isTerminal(to))
            m_evidence.remove(after.id);
        emit sessionChanged(stored);
        m_deps.reactions.onTransition(stored, from, to, pr);
    } else if (!sameFacts(before, after)) {
        if (auto written = m_deps.sessions.update(after); !written) {
            if (written.error().code == u"store.conflict"_s) {
                cycle->liveProjects.insert(after.projectId);
                return;
            }
            ++stats.failures;
            qWarning("flotilla: cannot store the facts of %s: %s", qUtf8Printable(after.id),
                     qUtf8Printable(written.error().toString()));
            return;
        }
        ++after.revision;
        emit sessionChanged(after);
    }
    if (!isTerminal(to)) {
        cycle->liveProjects.insert(after.projectId);
        m_deps.reactions.onCycle(after, pr);
    }
}

void LifecycleManager::noticeCompletedProjects(const QSet<QString> &liveProjects)
{
    for (const QString &projectId : std::as_const(m_liveProjects)) {
        if (liveProjects.contains(projectId))
            continue;
        const auto all = m_deps.sessions.list(projectId, SessionStore::Terminated::Include);
        if (all && !all->isEmpty())
            m_deps.reactions.onAllComplete(projectId, static_cast<int>(all->size()));
    }
    for (const QString &projectId : liveProjects) {
        if (!m_liveProjects.contains(projectId))
            m_deps.reactions.resetAllComplete(projectId); // a new round of work: tell again when it ends
    }
    m_liveProjects = liveProjects;
}

std::optional<PrSnapshot> LifecycleManager::lastPullRequest(const QString &sessionId) const
{
    const auto found = m_lastPr.constFind(sessionId);
    if (found == m_lastPr.cend())
        return std::nullopt;
    return found.value();
}

} // namespace flotilla
