// FleetApi's pull-request endpoints: reviews (for the `local` SCM), resolving threads, merging.

#include "api_json.h"
#include "fleet/fleet.h"
#include "fleet/merge_desk.h"
#include "fleet/review_desk.h"
#include "fleet_api.h"
#include "json_responses.h"

#include <QHttpServerRequest>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

std::optional<LocalReviewInput::Verdict> verdictFrom(const QString &text)
{
    if (text == u"approve"_s || text == u"approved"_s)
        return LocalReviewInput::Verdict::Approved;
    if (text == u"request-changes"_s || text == u"changes_requested"_s)
        return LocalReviewInput::Verdict::ChangesRequested;
    if (text == u"comment"_s || text == u"commented"_s)
        return LocalReviewInput::Verdict::Commented;
    return std::nullopt;
}

Result<LocalReviewInput> reviewFrom(const QJsonObject &body)
{
    LocalReviewInput review;
    const QString verdict = body.value(u"verdict"_s).toString();
    const auto parsed = verdictFrom(verdict);
    if (!parsed)
        return makeError(u"api.invalid_review"_s,
                         u"\"verdict\" must be approve, request-changes or comment (got \"%1\")"_s.arg(verdict));
    review.verdict = *parsed;
    review.summary = body.value(u"summary"_s).toString();
    review.headSha = body.value(u"headSha"_s).toString();
    const QJsonValue comments = body.value(u"comments"_s);
    if (!comments.isUndefined() && !comments.isArray())
        return makeError(u"api.invalid_review"_s, u"\"comments\" must be a list of {path, line, body}"_s);
    for (const QJsonValue &value : comments.toArray()) {
        const QJsonObject comment = value.toObject();
        if (!comment.value(u"line"_s).isDouble())
            return makeError(u"api.invalid_review"_s, u"each comment needs a numeric \"line\""_s);
        review.comments.append({comment.value(u"path"_s).toString(), comment.value(u"line"_s).toInt(),
                                comment.value(u"body"_s).toString()});
    }
    return review;
}

} // namespace

void FleetApi::review(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // Agents never review their own work: people only.
    auto admitted =
        admitChange(request, responder, Allowed::UserOnly, {}, u"a session token cannot review pull requests"_s);
    if (!admitted)
        return;
    auto review = reviewFrom(admitted->body);
    if (!review)
        return refuse(responder, errorResponse(review.error()));
    auto submitted = m_fleet.reviews().submit(id, review.value(), admitted->principal.actor());
    if (!submitted)
        return refuse(responder, errorResponse(submitted.error()));
    refuse(responder,
           QHttpServerResponse(
               QJsonObject{{u"session"_s, id}, {u"pr"_s, submitted->prNumber}, {u"review"_s, submitted->reviewId}},
               Status::Created));
}

void FleetApi::resolveThread(const QString &id, const QString &thread, const QHttpServerRequest &request,
                             QHttpServerResponder &&responder)
{
    // An agent may resolve the threads it addressed on its own pull request.
    auto admitted =
        admitChange(request, responder, Allowed::OwnSession, id, u"this token may act for its own session only"_s);
    if (!admitted)
        return;
    answerWhenDone(std::move(responder), m_fleet.reviews().resolve(id, thread, admitted->principal.actor()),
                   [id, thread] {
                       return QJsonObject{{u"session"_s, id}, {u"thread"_s, thread}, {u"resolved"_s, true}};
                   });
}

void FleetApi::merge(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // Merging is a person's decision; agents ask for it through a decision instead.
    auto admitted = admitChange(request, responder, Allowed::UserOnly, {},
                                u"a session token cannot merge; ask a person with a decision"_s);
    if (!admitted)
        return;
    const QString headSha = admitted->body.value(u"headSha"_s).toString();
    answerWhenDone(std::move(responder),
                   m_fleet.merges().merge(id, headSha, actorOf(admitted->body, admitted->principal)),
                   [id](const MergeDesk::Merged &merged) {
                       return QJsonObject{{u"session"_s, id},
                                          {u"merged"_s, true},
                                          {u"pr"_s, merged.prNumber},
                                          {u"headSha"_s, merged.headSha},
                                          {u"method"_s, merged.method}};
                   });
}

} // namespace flotilla
