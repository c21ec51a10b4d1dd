#include "external_model_json.h"

#include "external_enum_names.h"
#include "model/model_enums.h"

using namespace Qt::StringLiterals;

namespace flotilla::external {

QJsonObject toJson(const PullRequestFacts &facts)
{
    return {{u"state"_s, enumName(facts.state)},
            {u"reason"_s, enumName(facts.reason)},
            {u"number"_s, facts.number},
            {u"url"_s, facts.url},
            {u"title"_s, facts.title},
            {u"headSha"_s, facts.headSha},
            {u"baseBranch"_s, facts.baseBranch},
            {u"draft"_s, facts.draft},
            {u"ci"_s, enumName(facts.ci)},
            {u"review"_s, enumName(facts.review)},
            {u"lastObservedAt"_s, timeToJson(facts.lastObservedAt)}};
}

void fromJson(const JsonReader &in, PullRequestFacts &out)
{
    out.state = in.enumValue(u"state", out.state);
    out.reason = in.enumValue(u"reason", out.reason);
    out.number = static_cast<int>(in.integer(u"number"));
    out.url = in.string(u"url");
    out.title = in.string(u"title");
    out.headSha = in.string(u"headSha");
    out.baseBranch = in.string(u"baseBranch");
    out.draft = in.boolean(u"draft");
    // Optional: plugins written before checks and review were kept with a session omit them.
    out.ci = in.enumValue(u"ci", PrCiState::None);
    out.review = in.enumValue(u"review", PrReviewState::None);
    out.lastObservedAt = in.time(u"lastObservedAt");
}

QJsonObject toJson(const RuntimeFacts &facts)
{
    return {{u"state"_s, enumName(facts.state)},
            {u"reason"_s, enumName(facts.reason)},
            {u"handle"_s, facts.handle},
            {u"lastObservedAt"_s, timeToJson(facts.lastObservedAt)}};
}

void fromJson(const JsonReader &in, RuntimeFacts &out)
{
    out.state = in.enumValue(u"state", out.state);
    out.reason = in.enumValue(u"reason", out.reason);
    out.handle = in.string(u"handle");
    out.lastObservedAt = in.time(u"lastObservedAt");
}

QJsonObject toJson(const ActivityFacts &facts)
{
    return {{u"state"_s, enumName(facts.state)}, {u"at"_s, timeToJson(facts.at)}};
}

void fromJson(const JsonReader &in, ActivityFacts &out)
{
    out.state = in.enumValue(u"state", out.state);
    out.at = in.time(u"at");
}

QJsonObject toJson(const CostFacts &cost)
{
    return {{u"inputTokens"_s, cost.inputTokens}, {u"outputTokens"_s, cost.outputTokens}, {u"usd"_s, cost.usd}};
}

void fromJson(const JsonReader &in, CostFacts &out)
{
    out.inputTokens = in.integer(u"inputTokens");
    out.outputTokens = in.integer(u"outputTokens");
    out.usd = in.number(u"usd");
}

QJsonObject toJson(const SessionRecord &session)
{
    return {{u"id"_s, session.id},
            {u"projectId"_s, session.projectId},
            {u"kind"_s, enumName(session.kind)},
            {u"issueId"_s, session.issueId},
            {u"displayName"_s, session.displayName},
            {u"branch"_s, session.branch},
            {u"workspacePath"_s, session.workspacePath},
            {u"agent"_s, session.agent},
            {u"identity"_s, session.identity},
            {u"summary"_s, session.summary},
            {u"state"_s, enumName(session.state)},
            {u"reason"_s, enumName(session.reason)},
            {u"pr"_s, toJson(session.pr)},
            {u"runtime"_s, toJson(session.runtime)},
            {u"activity"_s, toJson(session.activity)},
            {u"cost"_s, toJson(session.cost)},
            {u"budgetUsd"_s, session.budgetUsd ? QJsonValue(*session.budgetUsd) : QJsonValue()},
            {u"createdAt"_s, timeToJson(session.createdAt)},
            {u"lastTransitionAt"_s, timeToJson(session.lastTransitionAt)},
            {u"completedAt"_s, timeToJson(session.completedAt)},
            {u"terminatedAt"_s, timeToJson(session.terminatedAt)},
            {u"extra"_s, session.extra}};
}

void fromJson(const JsonReader &in, SessionRecord &out)
{
    out.id = in.requiredString(u"id");
    out.projectId = in.string(u"projectId");
    out.kind = in.enumValue(u"kind", out.kind);
    out.issueId = in.string(u"issueId");
    out.displayName = in.string(u"displayName");
    out.branch = in.string(u"branch");
    out.workspacePath = in.string(u"workspacePath");
    out.agent = in.string(u"agent");
    out.identity = in.string(u"identity");
    out.summary = in.string(u"summary");
    out.state = in.enumValue(u"state", out.state);
    out.reason = in.enumValue(u"reason", out.reason);
    in.child(u"pr", out.pr);
    in.child(u"runtime", out.runtime);
    in.child(u"activity", out.activity);
    in.child(u"cost", out.cost);
    if (in.has(u"budgetUsd"))
        out.budgetUsd = in.number(u"budgetUsd");
    out.createdAt = in.time(u"createdAt");
    out.lastTransitionAt = in.time(u"lastTransitionAt");
    out.completedAt = in.time(u"completedAt");
    out.terminatedAt = in.time(u"terminatedAt");
    out.extra = in.object(u"extra");
}

QJsonObject toJson(const Event &event)
{
    return {{u"id"_s, event.id},
            {u"type"_s, event.type},
            {u"priority"_s, enumName(event.priority)},
            {u"sessionId"_s, event.sessionId},
            {u"projectId"_s, event.projectId},
            {u"actor"_s, event.actor},
            {u"identity"_s, event.identity},
            {u"timestamp"_s, timeToJson(event.timestamp)},
            {u"message"_s, event.message},
            {u"data"_s, event.data}};
}

void fromJson(const JsonReader &in, Event &out)
{
    out.id = in.string(u"id");
    out.type = in.requiredString(u"type");
    out.priority = in.enumValue(u"priority", out.priority);
    out.sessionId = in.string(u"sessionId");
    out.projectId = in.string(u"projectId");
    out.actor = in.string(u"actor");
    out.identity = in.string(u"identity");
    out.timestamp = in.time(u"timestamp");
    out.message = in.string(u"message");
    out.data = in.object(u"data");
}

QJsonObject toJson(const Decision &decision)
{
    return {{u"id"_s, decision.id},
            {u"sessionId"_s, decision.sessionId},
            {u"projectId"_s, decision.projectId},
            {u"kind"_s, decision.kind},
            {u"question"_s, decision.question},
            {u"options"_s, QJsonArray::fromStringList(decision.options)},
            {u"priority"_s, enumName(decision.priority)},
            {u"state"_s, enumName(decision.state)},
            {u"answer"_s, decision.answer},
            {u"answeredBy"_s, decision.answeredBy},
            {u"createdAt"_s, timeToJson(decision.createdAt)},
            {u"answeredAt"_s, timeToJson(decision.answeredAt)},
            {u"context"_s, decision.context}};
}

void fromJson(const JsonReader &in, Decision &out)
{
    out.id = in.requiredString(u"id");
    out.sessionId = in.string(u"sessionId");
    out.projectId = in.string(u"projectId");
    out.kind = in.string(u"kind");
    out.question = in.string(u"question");
    out.options = in.strings(u"options");
    out.priority = in.enumValue(u"priority", out.priority);
    out.state = in.enumValue(u"state", out.state);
    out.answer = in.string(u"answer");
    out.answeredBy = in.string(u"answeredBy");
    out.createdAt = in.time(u"createdAt");
    out.answeredAt = in.time(u"answeredAt");
    out.context = in.object(u"context");
}

QJsonObject toJson(const Notification &notification)
{
    return {{u"event"_s, toJson(notification.event)},
            {u"title"_s, notification.title},
            {u"body"_s, notification.body},
            {u"link"_s, notification.link.toString()},
            {u"decision"_s, notification.decision ? QJsonValue(toJson(*notification.decision)) : QJsonValue()}};
}

void fromJson(const JsonReader &in, Notification &out)
{
    in.child(u"event", out.event);
    out.title = in.string(u"title");
    out.body = in.string(u"body");
    out.link = QUrl(in.string(u"link"));
    if (in.has(u"decision")) {
        Decision decision;
        in.child(u"decision", decision);
        out.decision = decision;
    }
}

} // namespace flotilla::external
