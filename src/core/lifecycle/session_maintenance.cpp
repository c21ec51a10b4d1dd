// SessionManager's fleet upkeep: cleanup of finished workers and claiming existing PRs.

#include "model/display_status.h"
#include "model/model_enums.h"
#include "plugin/await_result.h"
#include "session_manager.h"
#include "store/session_store.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Why a worker's runtime and workspace may go, from its stored facts alone; empty: no reason.
QString cleanupReasonFromFacts(const SessionRecord &session)
{
    if (session.pr.state == PrState::Merged)
        return u"PR #%1 merged"_s.arg(session.pr.number);
    if (session.pr.state == PrState::Closed)
        return u"PR #%1 closed"_s.arg(session.pr.number);
    const DisplayStatus status = deriveDisplayStatus(session);
    if (isTerminal(status))
        return u"session %1"_s.arg(enumName(status));
    if (session.runtime.state == RuntimeState::Missing || session.runtime.state == RuntimeState::Exited)
        return u"runtime gone"_s;
    return {};
}

} // namespace

Async<QList<CleanupCandidate>> SessionManager::cleanup(const QString &projectId, bool dryRun, const QString &actor)
{
    auto listed = m_deps.sessions.list(projectId, SessionStore::Terminated::Include);
    if (!listed)
        return failed<QList<CleanupCandidate>>(listed.error());

    struct Sweep
    {
        QList<CleanupCandidate> found;
        int outstanding = 1; // held until every question is asked
    };
    auto sweep = std::make_shared<Sweep>();
    PendingResult<QList<CleanupCandidate>> answer;

    const auto act = [this, sweep, answer, dryRun, actor] {
        std::sort(sweep->found.begin(), sweep->found.end(),
                  [](const CleanupCandidate &a, const CleanupCandidate &b) { return a.sessionId < b.sessionId; });
        if (dryRun || sweep->found.isEmpty()) {
            answer(sweep->found);
            return;
        }
        auto remaining = std::make_shared<int>(int(sweep->found.size()));
        for (qsizetype i = 0; i < sweep->found.size(); ++i) {
            const CleanupCandidate candidate = sweep->found.at(i);
            awaitResult(stop(candidate.sessionId, SessionReason::AutoCleanup, candidate.why, actor), this,
                        m_deps.workspaceTimeout + m_deps.pluginTimeout, u"cleaning up %1"_s.arg(candidate.sessionId),
                        [sweep, answer, remaining, i](Result<void> stopped) {
                            if (!stopped)
                                sweep->found[i].why += u" — not cleaned: "_s + stopped.error().toString();
                            if (--*remaining == 0)
                                answer(sweep->found);
                        });
        }
    };
    const auto settle = [sweep, act] {
        if (--sweep->outstanding == 0)
            act();
    };

    for (const SessionRecord &session : std::as_const(listed.value())) {
        if (session.kind != SessionKind::Worker || m_busy.contains(session.id))
            continue;
        const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
        const bool holdsRuntime = !session.runtime.handle.isEmpty();
        const bool holdsWorkspace = !session.workspacePath.isEmpty() && plugins && plugins->workspace
                                    && plugins->workspace->exists(session.workspacePath);
        if (!holdsRuntime && !holdsWorkspace)
            continue;
        if (const QString why = cleanupReasonFromFacts(session); !why.isEmpty()) {
            sweep->found.append({session.id, why});
            continue;
        }
        if (session.issueId.isEmpty() || !plugins || !plugins->tracker)
            continue;
        // A tracker that cannot answer is no evidence: the session stays.
        ++sweep->outstanding;
        awaitResult(plugins->tracker->getIssue(session.issueId), this, m_deps.pluginTimeout,
                    u"reading issue %1"_s.arg(session.issueId), [sweep, session, settle](Result<Issue> issue) {
                        if (issue && (issue->state == Issue::State::Closed || issue->state == Issue::State::Cancelled))
                            sweep->found.append({session.id, u"issue %1 closed"_s.arg(session.issueId)});
                        settle();
                    });
    }
    settle();
    return answer.future();
}

Async<SessionRecord> SessionManager::claimPr(const QString &sessionId, int prNumber, bool takeOver,
                                             const QString &actor)
{
    auto loaded = load(sessionId);
    if (!loaded)
        return failed<SessionRecord>(loaded.error());
    const SessionRecord session = loaded.value();
    if (session.kind != SessionKind::Worker)
        return failed<SessionRecord>(
            makeError(u"session.not_worker"_s, u"%1 is an orchestrator; only workers work on PRs"_s.arg(sessionId)));
    const ProjectPlugins *plugins = m_deps.plugins(session.projectId);
    if (!plugins || !plugins->scm)
        return failed<SessionRecord>(makeError(
            u"session.no_scm"_s, u"project %1 has no SCM to find PR #%2 in"_s.arg(session.projectId).arg(prNumber)));
    if (m_busy.contains(sessionId))
        return failed<SessionRecord>(claim(sessionId).error());

    PendingResult<SessionRecord> answer;
    const PrLookup lookup{u"claim"_s, plugins->repository, QString(), prNumber};
    awaitResult(
        plugins->scm->fetchBatch({lookup}), this, m_deps.pluginTimeout, u"looking up PR #%1"_s.arg(prNumber),
        [this, answer, session, prNumber, takeOver, actor](Result<QHash<QString, PrSnapshot>> found) {
            if (!found) {
                answer(found.error());
                return;
            }
            const PrSnapshot pr = found->value(u"claim"_s);
            if (!found->contains(u"claim"_s) || pr.state != PrState::Open || pr.headBranch.isEmpty()) {
                answer(makeError(u"pr.not_open"_s, found->contains(u"claim"_s)
                                                       ? u"PR #%1 is not open"_s.arg(prNumber)
                                                       : u"PR #%1 was not found"_s.arg(prNumber)));
                return;
            }
            auto live = m_deps.sessions.list(session.projectId, SessionStore::Terminated::Exclude);
            if (!live) {
                answer(live.error());
                return;
            }
            QStringList holders;
            for (const SessionRecord &other : std::as_const(live.value())) {
                if (other.id != session.id && other.kind == SessionKind::Worker
                    && (other.pr.number == prNumber || other.branch == pr.headBranch))
                    holders << other.id;
            }
            if (!holders.isEmpty() && !takeOver) {
                answer(makeError(u"pr.claimed"_s, u"PR #%1 is being worked on by %2; take it over explicitly to "
                                                  "stop that session"_s.arg(prNumber)
                                                      .arg(holders.join(u", "_s))));
                return;
            }
            const bool sameBranch = session.branch == pr.headBranch;
            if (!sameBranch && !isTerminal(deriveDisplayStatus(session))) {
                answer(makeError(u"session.branch_mismatch"_s,
                                 u"%1 works on %2 and PR #%3 is on %4; kill %1 first or spawn a new session for the "
                                 "PR"_s.arg(session.id, session.branch)
                                     .arg(prNumber)
                                     .arg(pr.headBranch)));
                return;
            }
            for (const QString &holder : std::as_const(holders)) {
                awaitResult(stop(holder, SessionReason::ManuallyKilled,
                                 u"PR #%1 claimed by %2"_s.arg(prNumber).arg(session.id), actor),
                            this, m_deps.workspaceTimeout + m_deps.pluginTimeout, u"stopping %1"_s.arg(holder),
                            [holder](Result<void> stopped) {
                                if (!stopped)
                                    qWarning("flotilla: %s keeps running: %s", qUtf8Printable(holder),
                                             qUtf8Printable(stopped.error().toString()));
                            });
            }
            auto current = load(session.id);
            if (!current) {
                answer(current.error());
                return;
            }
            SessionRecord claimed = current.value();
            const QString previousWorkspace = claimed.workspacePath;
            claimed.branch = pr.headBranch;
            claimed.pr.state = PrState::Open;
            claimed.pr.reason = PrReason::InProgress;
            claimed.pr.number = prNumber;
            claimed.pr.url = pr.url;
            claimed.pr.title = pr.title;
            claimed.pr.headSha = pr.headSha;
            claimed.pr.baseBranch = pr.baseBranch;
            claimed.pr.lastObservedAt = m_deps.clock();
            if (!sameBranch)
                claimed.workspacePath.clear(); // restored below on the PR's branch
            Event event = eventFor(claimed, u"pr.claimed"_s, Priority::Info, actor,
                                   u"%1 claimed PR #%2 (%3)"_s.arg(claimed.id).arg(prNumber).arg(pr.headBranch));
            event.data.insert(u"prNumber"_s, prNumber);
            event.data.insert(u"branch"_s, pr.headBranch);
            if (!holders.isEmpty())
                event.data.insert(u"takenFrom"_s, QJsonArray::fromStringList(holders));
            if (auto saved = save(claimed, event, false); !saved) {
                answer(saved.error());
                return;
            }
            if (sameBranch) {
                answer(claimed);
                return;
            }
            const ProjectPlugins *projectPlugins = m_deps.plugins(claimed.projectId);
            const auto restoreOnBranch = [this, answer, claimed, actor] {
                awaitResult(restore(claimed.id, actor), this, m_deps.workspaceTimeout + m_deps.pluginTimeout * 4,
                            u"restoring %1"_s.arg(claimed.id), answer);
            };
            // The old workspace holds the other branch; the restore checks out the PR's.
            if (previousWorkspace.isEmpty() || !projectPlugins || !projectPlugins->workspace
                || !projectPlugins->workspace->exists(previousWorkspace)) {
                restoreOnBranch();
                return;
            }
            awaitResult(projectPlugins->workspace->destroy(previousWorkspace), this, m_deps.workspaceTimeout,
                        u"removing workspace %1"_s.arg(previousWorkspace),
                        [answer, restoreOnBranch, previousWorkspace](Result<void> removed) {
                            if (!removed) {
                                answer(makeError(u"workspace.remove_failed"_s,
                                                 u"cannot replace workspace %1: %2"_s.arg(previousWorkspace,
                                                                                          removed.error().toString())));
                                return;
                            }
                            restoreOnBranch();
                        });
        });
    return answer.future();
}

} // namespace flotilla
