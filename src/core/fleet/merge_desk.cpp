#include "merge_desk.h"

#include "config/config_model.h"
#include "fleet.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/project_plugins.h"
#include "lifecycle/reaction_keys.h"
#include "lifecycle/session_manager.h"
#include "plugin/await_result.h"
#include "plugin/external/external_enum_names.h"
#include "store/store.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kReadTimeout = std::chrono::minutes(1);
constexpr auto kMergeTimeout = std::chrono::minutes(3);

// Why the pull request as read now must not be merged by this request; empty when it may.
Error refusalFor(const PrSnapshot &pr, const QString &expectedHeadSha, const QString &sessionId)
{
    if (!pr.unavailable.isEmpty())
        return makeError(u"scm.unavailable"_s,
                         u"the pull request of %1 could not be read: %2"_s.arg(sessionId, pr.unavailable));
    if (pr.state != PrState::Open)
        return makeError(u"pr.not_open"_s, u"pull request #%1 of %2 is not open"_s.arg(pr.number).arg(sessionId));
    if (pr.draft)
        return makeError(u"merge.draft"_s,
                         u"pull request #%1 is a draft; mark it ready for review first"_s.arg(pr.number));
    if (!expectedHeadSha.isEmpty() && pr.headSha != expectedHeadSha)
        return makeError(
            u"merge.head_moved"_s,
            u"pull request #%1 has new commits (head %2, you saw %3); look at them before merging"_s.arg(pr.number).arg(
                pr.headSha.left(7), expectedHeadSha.left(7)));
    if (pr.hasConflicts)
        return makeError(
            u"merge.conflicts"_s,
            u"pull request #%1 conflicts with its base branch; the agent must resolve that first"_s.arg(pr.number));
    return {};
}

} // namespace

MergeDesk::MergeDesk(Fleet &fleet, Store &store) : m_fleet(fleet), m_store(store) {}

Async<MergeDesk::Merged> MergeDesk::merge(const QString &sessionId, const QString &expectedHeadSha,
                                          const QString &actor)
{
    auto found = m_store.sessions().get(sessionId);
    if (!found)
        return failed<Merged>(found.error());
    if (!found.value())
        return failed<Merged>(makeError(u"session.not_found"_s, u"no session \"%1\""_s.arg(sessionId)));
    const SessionRecord session = *found.value();
    const ProjectPlugins *plugins = m_fleet.plugins(session.projectId);
    if (!plugins || !plugins->scm)
        return failed<Merged>(makeError(u"session.no_scm"_s, u"project %1 has no SCM"_s.arg(session.projectId)));
    if (session.pr.number <= 0)
        return failed<Merged>(
            makeError(u"merge.no_pull_request"_s, u"%1 has no pull request to merge"_s.arg(sessionId)));
    if (m_merging.contains(sessionId) || m_fleet.sessions().isBusy(sessionId))
        return failed<Merged>(makeError(u"session.busy"_s, u"%1 is busy; try again in a moment"_s.arg(sessionId)));
    m_merging.insert(sessionId);

    const auto settings = m_fleet.config()
                              ? m_fleet.config()->reaction(session.projectId, reactionKey(reaction::ApprovedAndGreen))
                              : std::nullopt;
    const MergeMethod method = mergeMethodFromName(settings ? settings->mergeMethod : QString());
    PrLookup lookup = prLookupFor(*plugins, session);
    lookup.fresh = true;

    PendingResult<Merged> answer;
    const auto finish = [this, sessionId, answer](Result<Merged> result) {
        m_merging.remove(sessionId);
        answer(std::move(result));
    };
    const auto record = [this, session, actor](const QString &type, Priority priority, const QString &message,
                                               const QJsonObject &data) {
        Event event;
        event.type = type;
        event.priority = priority;
        event.sessionId = session.id;
        event.projectId = session.projectId;
        event.actor = actor;
        event.identity = session.identity;
        event.timestamp = QDateTime::currentDateTimeUtc();
        event.message = message;
        event.data = data;
        return m_store.events().append(event);
    };
    ScmPlugin *scm = plugins->scm;
    awaitResult(scm->fetchBatch({lookup}), &m_fleet, kReadTimeout, u"reading the pull request of %1"_s.arg(sessionId),
                [this, session, expectedHeadSha, method, finish, record](Result<QHash<QString, PrSnapshot>> read) {
                    if (!read)
                        return finish(read.error());
                    const auto pr = read->constFind(session.id);
                    if (pr == read->cend())
                        return finish(makeError(u"pr.not_open"_s, u"%1 has no open pull request"_s.arg(session.id)));
                    if (const Error refusal = refusalFor(pr.value(), expectedHeadSha, session.id);
                        !refusal.code.isEmpty())
                        return finish(refusal);
                    const Merged merged{pr->number, pr->headSha, enumName(method)};
                    const QJsonObject data{{u"pr"_s, merged.prNumber},
                                           {u"headSha"_s, merged.headSha},
                                           {u"method"_s, merged.method},
                                           {u"url"_s, pr->url}};
                    // Logged before the call, as with auto-merge: the next poll may see the merge first.
                    if (auto logged = record(u"merge.requested"_s, Priority::Action,
                                             u"Merging pull request #%1 of %2 (%3 at %4)."_s.arg(merged.prNumber)
                                                 .arg(session.id, merged.method, merged.headSha.left(7)),
                                             data);
                        !logged)
                        return finish(logged.error());
                    awaitResult(m_fleet.sessions().merge(session, method, merged.headSha), &m_fleet, kMergeTimeout,
                                u"merging the pull request of %1"_s.arg(session.id),
                                [this, session, merged, data, finish, record](Result<void> done) {
                                    if (!done) {
                                        QJsonObject failure = data;
                                        failure.insert(u"error"_s, done.error().message);
                                        // The caller hears the merge's error; a failed log write is the store's to
                                        // report.
                                        (void)record(u"merge.failed"_s, Priority::Warning,
                                                     u"Merging pull request #%1 of %2 failed: %3"_s.arg(merged.prNumber)
                                                         .arg(session.id, done.error().toString()),
                                                     failure);
                                        return finish(done.error());
                                    }
                                    m_fleet.lifecycle().pollNow({session.id});
                                    finish(merged);
                                });
                });
    return answer.future();
}

} // namespace flotilla
