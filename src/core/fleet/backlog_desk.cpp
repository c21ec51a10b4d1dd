#include "backlog_desk.h"

#include "config/config_model.h"
#include "fleet.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/project_plugins.h"
#include "lifecycle/session_manager.h"
#include "model/display_status.h"
#include "model/model_enums.h"
#include "notify/notification_composer.h"
#include "store/store.h"

#include <QCollator>
#include <QTimer>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kTrackerTimeout = std::chrono::minutes(2);
constexpr auto kSpawnTimeout = std::chrono::minutes(20);
const QString kActor = u"backlog"_s;

QString inWords(qint64 ms)
{
    if (ms < 120000)
        return u"%1 s"_s.arg(ms / 1000);
    if (ms < 2 * 3600000)
        return u"%1 min"_s.arg(ms / 60000);
    return u"%1 h"_s.arg(ms / 3600000);
}

// Why a session that ended without a merge ended, for the issue's comment.
QString endingOf(const SessionRecord &session)
{
    if (session.pr.state == PrState::Closed)
        return u"its pull request #%1 was closed without merging"_s.arg(session.pr.number);
    return u"session %1 ended %2 (%3)"_s.arg(session.id, enumName(deriveDisplayStatus(session)),
                                             enumName(session.reason));
}

} // namespace

struct BacklogDesk::Pass
{
    QString projectId;
    BacklogSettings settings;
    TrackerPlugin *tracker = nullptr;
    QList<BacklogClaim> toSettle;
    QList<Issue> candidates;
    int room = 0;
};

BacklogDesk::BacklogDesk(Fleet &fleet, Store &store, QObject *parent) : QObject(parent), m_fleet(fleet), m_store(store)
{
    connect(&m_fleet.sessions(), &SessionManager::sessionChanged, this, &BacklogDesk::onSessionChanged);
    connect(&m_fleet.lifecycle(), &LifecycleManager::sessionChanged, this, &BacklogDesk::onSessionChanged);
}

BacklogDesk::~BacklogDesk() = default;

void BacklogDesk::configure()
{
    const auto config = m_fleet.config();
    QSet<QString> wanted;
    if (config) {
        for (const ProjectConfig &project : config->projects) {
            if (!project.backlog.enabled || project.degraded)
                continue;
            wanted.insert(project.id);
            QTimer *timer = m_timers.value(project.id, nullptr);
            if (!timer) {
                timer = new QTimer(this);
                const QString id = project.id;
                connect(timer, &QTimer::timeout, this, [this, id] { runPass(id); });
                m_timers.insert(project.id, timer);
                pollSoon(project.id);
            }
            timer->start(int(std::max<qint64>(project.backlog.pollIntervalMs, 1000)));
        }
    }
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (wanted.contains(it.key())) {
            ++it;
            continue;
        }
        it.value()->deleteLater();
        it = m_timers.erase(it);
    }
}

void BacklogDesk::stop()
{
    for (QTimer *timer : std::as_const(m_timers))
        timer->deleteLater();
    m_timers.clear();
}

void BacklogDesk::pollSoon(const QString &projectId)
{
    QTimer::singleShot(0, this, [this, projectId] { runPass(projectId); });
}

void BacklogDesk::onSessionChanged(const SessionRecord &session)
{
    if (session.issueId.isEmpty() || session.kind != SessionKind::Worker || !m_timers.contains(session.projectId))
        return;
    if (session.pr.state == PrState::Open
        || (session.pr.state == PrState::None && !isTerminal(deriveDisplayStatus(session))))
        return;
    auto claim = m_store.backlogClaims().get(session.projectId, session.issueId);
    if (claim && claim.value() && claim.value()->state == BacklogClaim::State::Running
        && claim.value()->sessionId == session.id)
        pollSoon(session.projectId); // its slot frees now rather than at the next interval
}

void BacklogDesk::runPass(const QString &projectId)
{
    if (m_passing.contains(projectId)) {
        m_again.insert(projectId);
        return;
    }
    const auto config = m_fleet.config();
    const ProjectConfig *project = config ? config->project(projectId) : nullptr;
    const ProjectPlugins *plugins = m_fleet.plugins(projectId);
    if (!project || !project->backlog.enabled || !plugins || !plugins->tracker)
        return;
    auto claims = m_store.backlogClaims().list(projectId);
    if (!claims) {
        qWarning("backlog of %s: %s", qPrintable(projectId), qPrintable(claims.error().toString()));
        return;
    }
    auto pass = std::make_shared<Pass>();
    pass->projectId = projectId;
    pass->settings = project->backlog;
    pass->tracker = plugins->tracker;
    for (const BacklogClaim &claim : std::as_const(claims.value())) {
        if (claim.holdsASlot())
            pass->toSettle << claim;
    }
    m_passing.insert(projectId);
    settleNext(pass);
}

void BacklogDesk::settleNext(const std::shared_ptr<Pass> &pass)
{
    if (pass->toSettle.isEmpty()) {
        fill(pass);
        return;
    }
    BacklogClaim claim = pass->toSettle.takeFirst();
    std::optional<SessionRecord> session;
    if (!claim.sessionId.isEmpty()) {
        if (auto found = m_store.sessions().get(claim.sessionId); found && found.value())
            session = *found.value();
    } else if (auto live = m_store.sessions().list(pass->projectId, SessionStore::Terminated::Exclude); live) {
        // Flotilla stopped between the claim and the spawn's answer: the session may exist.
        for (const SessionRecord &candidate : std::as_const(live.value())) {
            if (candidate.issueId == claim.issueId && candidate.kind == SessionKind::Worker)
                session = candidate;
        }
    }
    if (!session) {
        giveBack(pass, claim,
                 claim.sessionId.isEmpty() ? u"Flotilla stopped before its session started"_s
                                           : u"its session %1 is gone"_s.arg(claim.sessionId),
                 [this, pass] { settleNext(pass); });
        return;
    }
    settle(pass, claim, *session);
}

void BacklogDesk::settle(const std::shared_ptr<Pass> &pass, BacklogClaim claim, const SessionRecord &session)
{
    if (claim.sessionId != session.id) {
        claim.sessionId = session.id;
        claim.state = BacklogClaim::State::Running;
        (void)m_store.backlogClaims().put(claim);
    }
    if (session.pr.state == PrState::Merged) {
        const bool verify = pass->settings.onMerge == BacklogSettings::OnMerge::Verify;
        IssueUpdate update;
        update.removeLabels = {pass->settings.inProgressLabel};
        if (verify)
            update.addLabels = {pass->settings.unverifiedLabel};
        else
            update.state = Issue::State::Closed;
        const QString pr = session.pr.url.isEmpty() ? u"#%1"_s.arg(session.pr.number)
                                                    : u"#%1 (%2)"_s.arg(session.pr.number).arg(session.pr.url);
        update.comment = verify ? u"Merged in pull request %1 by session %2. Waiting for verification: `flo verify %3 "
                                  "-p %4` once checked."_s.arg(pr, session.id, claim.issueId, pass->projectId)
                                : u"Merged in pull request %1 by session %2. Closing."_s.arg(pr, session.id);
        awaitResult(pass->tracker->updateIssue(claim.issueId, update), this, kTrackerTimeout,
                    u"updating issue %1"_s.arg(claim.issueId),
                    [this, pass, claim, verify, session](Result<void> updated) mutable {
                        if (!updated) {
                            // Tried again next pass: the claim still holds its slot until the tracker knows.
                            record(claim, u"backlog.update_failed"_s,
                                   u"Issue %1 merged, but the tracker was not updated: %2"_s.arg(
                                       claim.issueId, updated.error().toString()),
                                   kActor);
                            settleNext(pass);
                            return;
                        }
                        claim.state = BacklogClaim::State::Merged;
                        claim.reason = u"merged in pull request #%1"_s.arg(session.pr.number);
                        (void)m_store.backlogClaims().put(claim);
                        record(claim, u"backlog.merged"_s,
                               verify ? u"Issue %1 merged; labelled for verification."_s.arg(claim.issueId)
                                      : u"Issue %1 merged and closed."_s.arg(claim.issueId),
                               kActor);
                        settleNext(pass);
                    });
        return;
    }
    if (isTerminal(deriveDisplayStatus(session)) || session.pr.state == PrState::Closed) {
        giveBack(pass, claim, endingOf(session), [this, pass] { settleNext(pass); });
        return;
    }
    settleNext(pass); // still running: it keeps its slot
}

void BacklogDesk::fill(const std::shared_ptr<Pass> &pass)
{
    auto claims = m_store.backlogClaims().list(pass->projectId);
    if (!claims)
        return endPass(pass);
    int running = 0;
    QHash<QString, BacklogClaim> byIssue;
    for (const BacklogClaim &claim : std::as_const(claims.value())) {
        running += claim.holdsASlot() ? 1 : 0;
        byIssue.insert(claim.issueId, claim);
    }
    pass->room = pass->settings.maxConcurrent - running;
    if (pass->room <= 0)
        return endPass(pass);
    IssueQuery query;
    query.state = Issue::State::Open;
    query.labels = {pass->settings.label};
    query.limit = 100;
    query.oldestFirst = true; // a long backlog is worked from its oldest end
    awaitResult(
        pass->tracker->listIssues(query), this, kTrackerTimeout, u"listing the backlog of %1"_s.arg(pass->projectId),
        [this, pass, byIssue](Result<QList<Issue>> listed) {
            if (!listed) {
                qWarning("backlog of %s: %s", qPrintable(pass->projectId), qPrintable(listed.error().toString()));
                return endPass(pass);
            }
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (const Issue &issue : std::as_const(listed.value())) {
                if (!issue.labels.contains(pass->settings.label, Qt::CaseInsensitive))
                    continue; // a tracker that ignored the filter
                const auto claim = byIssue.constFind(issue.id);
                if (claim != byIssue.cend()
                    && (claim->holdsASlot()
                        || (claim->state == BacklogClaim::State::Returned && claim->retryAfter.isValid()
                            && claim->retryAfter > now)))
                    continue;
                pass->candidates << issue;
            }
            // Oldest first: issue numbers in their natural order.
            QCollator natural;
            natural.setNumericMode(true);
            std::stable_sort(pass->candidates.begin(), pass->candidates.end(),
                             [&natural](const Issue &a, const Issue &b) { return natural.compare(a.id, b.id) < 0; });
            claimNext(pass);
        });
}

void BacklogDesk::claimNext(const std::shared_ptr<Pass> &pass)
{
    if (pass->room <= 0 || pass->candidates.isEmpty())
        return endPass(pass);
    const Issue issue = pass->candidates.takeFirst();
    BacklogClaim claim;
    if (auto earlier = m_store.backlogClaims().get(pass->projectId, issue.id); earlier && earlier.value())
        claim = *earlier.value();
    claim.projectId = pass->projectId;
    claim.issueId = issue.id;
    claim.state = BacklogClaim::State::Claiming;
    claim.sessionId.clear();
    claim.title = issue.title;
    claim.url = issue.url;
    claim.attempts += 1;
    claim.reason.clear();
    claim.retryAfter = {};
    // Recorded before the tracker hears of it, so a crash in between is settled next time.
    if (auto put = m_store.backlogClaims().put(claim); !put) {
        qWarning("backlog of %s: %s", qPrintable(pass->projectId), qPrintable(put.error().toString()));
        return endPass(pass);
    }
    --pass->room;
    emit claimChanged(claim);
    IssueUpdate update;
    update.state = Issue::State::InProgress;
    update.removeLabels = {pass->settings.label};
    update.addLabels = {pass->settings.inProgressLabel};
    awaitResult(pass->tracker->updateIssue(issue.id, update), this, kTrackerTimeout,
                u"claiming issue %1"_s.arg(issue.id), [this, pass, claim](Result<void> claimed) mutable {
                    if (!claimed) {
                        // Nothing moved on the tracker; the issue stays in the backlog and is tried later.
                        claim.state = BacklogClaim::State::Returned;
                        claim.reason = u"could not be claimed: "_s + claimed.error().toString();
                        claim.retryAfter = QDateTime::currentDateTimeUtc().addMSecs(pass->settings.pollIntervalMs);
                        (void)m_store.backlogClaims().put(claim);
                        ++pass->room;
                        record(claim, u"backlog.claim_failed"_s,
                               u"Issue %1 could not be claimed: %2"_s.arg(claim.issueId, claimed.error().toString()),
                               kActor);
                        claimNext(pass);
                        return;
                    }
                    spawnClaimed(pass, claim);
                });
}

void BacklogDesk::spawnClaimed(const std::shared_ptr<Pass> &pass, BacklogClaim claim)
{
    SpawnRequest request;
    request.projectId = pass->projectId;
    request.issueId = claim.issueId;
    request.actor = kActor;
    awaitResult(
        m_fleet.sessions().spawn(request), this, kSpawnTimeout, u"spawning issue %1"_s.arg(claim.issueId),
        [this, pass, claim](Result<SessionRecord> spawned) mutable {
            if (!spawned && spawned.error().code == u"spawn.duplicate"_s) {
                // Someone started a session for it by hand: that session is its claim.
                if (auto live = m_store.sessions().list(pass->projectId, SessionStore::Terminated::Exclude)) {
                    for (const SessionRecord &session : std::as_const(live.value())) {
                        if (session.kind == SessionKind::Worker && session.issueId == claim.issueId)
                            spawned = session;
                    }
                }
            }
            if (!spawned) {
                ++pass->room;
                giveBack(pass, claim, u"its session could not start: "_s + spawned.error().toString(),
                         [this, pass] { claimNext(pass); });
                return;
            }
            claim.state = BacklogClaim::State::Running;
            claim.sessionId = spawned->id;
            (void)m_store.backlogClaims().put(claim);
            emit claimChanged(claim);
            record(claim, u"backlog.claimed"_s,
                   u"Issue %1 claimed from the backlog; session %2 works on it."_s.arg(claim.issueId, spawned->id),
                   kActor);
            IssueUpdate comment;
            comment.comment = u"Flotilla claimed this issue from the backlog: session %1 works on it.\n%2"_s.arg(
                spawned->id, sessionLink(spawned->id));
            awaitResult(
                pass->tracker->updateIssue(claim.issueId, comment), this, kTrackerTimeout,
                u"commenting on issue %1"_s.arg(claim.issueId), [this, pass, claim](Result<void> commented) {
                    if (!commented)
                        record(claim, u"backlog.update_failed"_s,
                               u"Could not comment on issue %1: %2"_s.arg(claim.issueId, commented.error().toString()),
                               kActor);
                    claimNext(pass);
                });
        });
}

void BacklogDesk::giveBack(const std::shared_ptr<Pass> &pass, BacklogClaim claim, const QString &reason,
                           const std::function<void()> &next)
{
    const qint64 wait = pass->settings.retryAfterMs;
    IssueUpdate update;
    update.state = Issue::State::Open;
    update.removeLabels = {pass->settings.inProgressLabel};
    update.addLabels = {pass->settings.label};
    update.comment = u"Back in the backlog: %1.%2"_s.arg(
        reason, wait > 0 ? u" Flotilla tries it again in %1."_s.arg(inWords(wait)) : QString());
    awaitResult(pass->tracker->updateIssue(claim.issueId, update), this, kTrackerTimeout,
                u"returning issue %1"_s.arg(claim.issueId),
                [this, claim, reason, wait, next](Result<void> updated) mutable {
                    if (!updated)
                        record(claim, u"backlog.update_failed"_s,
                               u"Issue %1 could not be put back in the backlog on the tracker: %2"_s.arg(
                                   claim.issueId, updated.error().toString()),
                               kActor);
                    claim.state = BacklogClaim::State::Returned;
                    claim.reason = reason;
                    claim.retryAfter = QDateTime::currentDateTimeUtc().addMSecs(wait);
                    (void)m_store.backlogClaims().put(claim);
                    emit claimChanged(claim);
                    record(claim, u"backlog.returned"_s,
                           u"Issue %1 is back in the backlog: %2."_s.arg(claim.issueId, reason), kActor);
                    next();
                });
}

void BacklogDesk::endPass(const std::shared_ptr<Pass> &pass)
{
    m_passing.remove(pass->projectId);
    emit passFinished(pass->projectId);
    if (m_again.remove(pass->projectId))
        pollSoon(pass->projectId);
}

void BacklogDesk::record(const BacklogClaim &claim, const QString &type, const QString &message, const QString &actor)
{
    Event event;
    event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.type = type;
    event.projectId = claim.projectId;
    event.sessionId = claim.sessionId;
    event.actor = actor;
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.message = message;
    event.priority = type == u"backlog.returned"_s || type.endsWith(u"_failed"_s) ? Priority::Warning : Priority::Info;
    event.data = QJsonObject{{u"issue"_s, claim.issueId},
                             {u"title"_s, claim.title},
                             {u"state"_s, backlogStateName(claim.state)},
                             {u"attempts"_s, claim.attempts}};
    if (!claim.reason.isEmpty())
        event.data.insert(u"reason"_s, claim.reason);
    const auto config = m_fleet.config();
    if (event.priority == Priority::Warning && config)
        (void)m_store.events().appendAndRoute(event, config->notifiersFor(event.priority));
    else
        (void)m_store.events().append(event);
}

QString BacklogDesk::sessionLink(const QString &sessionId) const
{
    return NotificationComposer(m_fleet.dashboardBase()).sessionPage(sessionId).toString(QUrl::FullyEncoded);
}

Async<QList<Issue>> BacklogDesk::unverified(const QString &projectId)
{
    const auto config = m_fleet.config();
    const ProjectConfig *project = config ? config->project(projectId) : nullptr;
    const ProjectPlugins *plugins = m_fleet.plugins(projectId);
    if (!project)
        return failed<QList<Issue>>(
            makeError(u"spawn.unknown_project"_s, u"no project \"%1\" in the configuration"_s.arg(projectId)));
    if (!plugins || !plugins->tracker)
        return failed<QList<Issue>>(makeError(u"backlog.no_tracker"_s, u"project %1 has no tracker"_s.arg(projectId)));
    IssueQuery query;
    query.labels = {project->backlog.unverifiedLabel};
    query.limit = 100;
    return plugins->tracker->listIssues(query);
}

Async<BacklogClaim> BacklogDesk::verify(const QString &projectId, const QString &issueId, bool passed,
                                        const QString &comment, const QString &actor)
{
    const auto config = m_fleet.config();
    const ProjectConfig *project = config ? config->project(projectId) : nullptr;
    const ProjectPlugins *plugins = m_fleet.plugins(projectId);
    if (!project)
        return failed<BacklogClaim>(
            makeError(u"spawn.unknown_project"_s, u"no project \"%1\" in the configuration"_s.arg(projectId)));
    if (!plugins || !plugins->tracker)
        return failed<BacklogClaim>(makeError(u"backlog.no_tracker"_s, u"project %1 has no tracker"_s.arg(projectId)));
    const BacklogSettings settings = project->backlog;
    TrackerPlugin *tracker = plugins->tracker;
    PendingResult<BacklogClaim> done;
    awaitResult(
        tracker->getIssue(issueId), this, kTrackerTimeout, u"reading issue %1"_s.arg(issueId),
        [this, tracker, settings, projectId, issueId, passed, comment, actor, done](Result<Issue> issue) {
            if (!issue)
                return done(issue.error());
            if (!issue->labels.contains(settings.unverifiedLabel, Qt::CaseInsensitive))
                return done(makeError(u"backlog.not_unverified"_s,
                                      u"issue %1 is not waiting for verification (it has no \"%2\" label)"_s.arg(
                                          issueId, settings.unverifiedLabel)));
            IssueUpdate update;
            update.removeLabels = {settings.unverifiedLabel};
            update.addLabels = {passed ? settings.verifiedLabel : settings.verificationFailedLabel};
            update.state = passed ? Issue::State::Closed : Issue::State::Open;
            const QString said = comment.trimmed().isEmpty() ? QString() : u"\n\n"_s + comment.trimmed();
            update.comment =
                (passed ? u"Verified by %1."_s : u"Verification failed (%1); reopened."_s).arg(actor) + said;
            const Issue read = issue.value();
            awaitResult(
                tracker->updateIssue(issueId, update), this, kTrackerTimeout, u"updating issue %1"_s.arg(issueId),
                [this, projectId, issueId, passed, actor, done, read](Result<void> updated) {
                    if (!updated)
                        return done(updated.error());
                    BacklogClaim claim;
                    if (auto earlier = m_store.backlogClaims().get(projectId, issueId); earlier && earlier.value())
                        claim = *earlier.value();
                    claim.projectId = projectId;
                    claim.issueId = issueId;
                    claim.title = read.title;
                    claim.url = read.url;
                    claim.state = passed ? BacklogClaim::State::Verified : BacklogClaim::State::VerificationFailed;
                    (void)m_store.backlogClaims().put(claim);
                    record(claim, passed ? u"backlog.verified"_s : u"backlog.verification_failed"_s,
                           passed ? u"Issue %1 verified."_s.arg(issueId)
                                  : u"Issue %1 failed verification and was reopened."_s.arg(issueId),
                           actor);
                    done(claim);
                });
        });
    return done.future();
}

} // namespace flotilla
