#include "review_desk.h"

#include "fleet.h"
#include "lifecycle/lifecycle_manager.h"
#include "lifecycle/project_plugins.h"
#include "store/store.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

ReviewDesk::ReviewDesk(Fleet &fleet, Store &store) : m_fleet(fleet), m_store(store) {}

Result<ReviewDesk::Target> ReviewDesk::openPullRequestOf(const QString &sessionId) const
{
    auto found = m_store.sessions().get(sessionId);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(u"session.not_found"_s, u"no session \"%1\""_s.arg(sessionId));
    const SessionRecord &session = *found.value();
    const ProjectPlugins *plugins = m_fleet.plugins(session.projectId);
    if (!plugins || !plugins->scm || plugins->scm->name() != u"local"_s)
        return makeError(
            u"review.not_local"_s,
            u"project %1 keeps its pull requests on its hosting service; review them there"_s.arg(session.projectId));
    LocalScmStore pullRequests(m_store.database());
    auto pr = session.pr.number > 0 ? pullRequests.get(session.projectId, session.pr.number)
                                    : pullRequests.openFor(session.projectId, session.branch);
    if (!pr)
        return pr.error();
    if (!pr->has_value() || pr->value().state != LocalPullRequest::State::Open)
        return makeError(u"review.no_pull_request"_s, u"%1 has no open pull request to review"_s.arg(sessionId));
    return Target{session.projectId, pr->value().number, pr->value().headSha, session.identity};
}

Result<ReviewDesk::Submitted> ReviewDesk::submit(const QString &sessionId, LocalReviewInput review,
                                                 const QString &actor)
{
    review.summary = review.summary.trimmed();
    for (const LocalReviewInput::LineComment &comment : std::as_const(review.comments)) {
        if (comment.path.trimmed().isEmpty() || comment.path.startsWith(u'/') || comment.path.contains(u".."_s)
            || comment.line <= 0 || comment.body.trimmed().isEmpty())
            return makeError(u"review.invalid_comment"_s,
                             u"a line comment needs a path inside the repository, a line from 1 and text (got "
                             "\"%1:%2\")"_s.arg(comment.path)
                                 .arg(comment.line));
    }
    if (review.verdict == LocalReviewInput::Verdict::ChangesRequested && review.summary.isEmpty()
        && review.comments.isEmpty())
        return makeError(u"review.invalid"_s, u"say which changes: give a summary or a line comment"_s);

    auto target = openPullRequestOf(sessionId);
    if (!target)
        return target.error();
    review.author = actor;
    if (review.headSha.isEmpty())
        review.headSha = target->headSha;
    LocalScmStore pullRequests(m_store.database());
    auto stored = pullRequests.addReview(target->projectId, target->prNumber, review);
    if (!stored)
        return stored.error();

    QJsonArray comments;
    for (const LocalReviewInput::LineComment &comment : std::as_const(review.comments))
        comments.append(QJsonObject{{u"path"_s, comment.path}, {u"line"_s, comment.line}, {u"body"_s, comment.body}});
    Event event;
    event.type = u"review.submitted"_s;
    event.priority = Priority::Info;
    event.sessionId = sessionId;
    event.projectId = target->projectId;
    event.actor = actor;
    event.identity = target->identity;
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.message =
        u"%1 %2 pull request #%3 of %4"_s
            .arg(actor, review.verdict == LocalReviewInput::Verdict::Approved           ? u"approved"_s
                        : review.verdict == LocalReviewInput::Verdict::ChangesRequested ? u"requested changes on"_s
                                                                                        : u"commented on"_s)
            .arg(target->prNumber)
            .arg(sessionId);
    event.data = QJsonObject{{u"pr"_s, target->prNumber},
                             {u"verdict"_s, localVerdictName(review.verdict)},
                             {u"headSha"_s, review.headSha},
                             {u"summary"_s, review.summary},
                             {u"comments"_s, comments}};
    if (auto logged = m_store.events().append(event); !logged)
        return logged.error();
    m_fleet.lifecycle().pollNow({sessionId});
    return Submitted{stored.value(), target->prNumber};
}

Async<void> ReviewDesk::resolve(const QString &sessionId, const QString &threadId, const QString &actor)
{
    auto found = m_store.sessions().get(sessionId);
    if (!found)
        return failed<void>(found.error());
    if (!found.value())
        return failed<void>(makeError(u"session.not_found"_s, u"no session \"%1\""_s.arg(sessionId)));
    const SessionRecord session = *found.value();
    const ProjectPlugins *plugins = m_fleet.plugins(session.projectId);
    if (!plugins || !plugins->scm)
        return failed<void>(makeError(u"review.no_pull_request"_s, u"%1 has no pull request"_s.arg(sessionId)));
    if (plugins->scm->name() == u"local"_s)
        return ready(resolveLocal(sessionId, threadId, actor));
    if (session.pr.number <= 0)
        return failed<void>(makeError(u"review.no_pull_request"_s, u"%1 has no pull request"_s.arg(sessionId)));
    // On a hosting service the thread is resolved there; the audit log records who asked.
    const int number = session.pr.number;
    return plugins->scm->resolveThread(prLookupFor(*plugins, session), threadId)
        .then(&m_fleet, [this, session, number, threadId, actor](Result<void> resolved) -> Result<void> {
            if (!resolved)
                return resolved;
            return recordResolved(session.id, session.projectId, session.identity, number, threadId, actor);
        });
}

Result<void> ReviewDesk::resolveLocal(const QString &sessionId, const QString &thread, const QString &actor)
{
    bool numeric = false;
    const qint64 threadId = thread.toLongLong(&numeric);
    if (!numeric)
        return makeError(u"review.no_thread"_s, u"no comment thread \"%1\""_s.arg(thread));
    auto target = openPullRequestOf(sessionId);
    if (!target)
        return target.error();
    LocalScmStore pullRequests(m_store.database());
    auto notes = pullRequests.reviewNotes(target->projectId, target->prNumber);
    if (!notes)
        return notes.error();
    const bool ours = std::any_of(notes->cbegin(), notes->cend(), [threadId](const LocalReviewNote &note) {
        return note.id == threadId && !note.path.isEmpty();
    });
    auto resolved = ours ? pullRequests.resolveComment(target->projectId, threadId) : Result<bool>(false);
    if (!resolved)
        return resolved.error();
    if (!resolved.value())
        return makeError(u"review.no_thread"_s,
                         u"pull request #%1 has no comment thread %2"_s.arg(target->prNumber).arg(threadId));
    return recordResolved(sessionId, target->projectId, target->identity, target->prNumber, thread, actor);
}

Result<void> ReviewDesk::recordResolved(const QString &sessionId, const QString &projectId, const QString &identity,
                                        int prNumber, const QString &thread, const QString &actor)
{
    Event event;
    event.type = u"review.thread_resolved"_s;
    event.priority = Priority::Info;
    event.sessionId = sessionId;
    event.projectId = projectId;
    event.actor = actor;
    event.identity = identity;
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.message = u"%1 resolved a comment on pull request #%2"_s.arg(actor).arg(prNumber);
    bool numeric = false;
    const qint64 localId = thread.toLongLong(&numeric);
    event.data = QJsonObject{{u"pr"_s, prNumber}, {u"thread"_s, numeric ? QJsonValue(localId) : QJsonValue(thread)}};
    if (auto logged = m_store.events().append(event); !logged)
        return logged.error();
    m_fleet.lifecycle().pollNow({sessionId});
    return {};
}

} // namespace flotilla
