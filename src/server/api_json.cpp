#include "api_json.h"

#include "model/display_status.h"
#include "model/model_enums.h"
#include "plugin/external/external_enum_names.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QJsonValue time(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace

QJsonObject sessionJson(const SessionRecord &s)
{
    const DisplayStatus status = deriveDisplayStatus(s);
    QJsonObject json{
        {u"id"_s, s.id},
        {u"project"_s, s.projectId},
        {u"kind"_s, enumName(s.kind)},
        {u"issue"_s, s.issueId},
        {u"displayName"_s, s.displayName},
        {u"branch"_s, s.branch},
        {u"workspace"_s, s.workspacePath},
        {u"agent"_s, s.agent},
        {u"identity"_s, s.identity},
        {u"summary"_s, s.summary},
        {u"status"_s, enumName(status)},
        {u"terminal"_s, isTerminal(status)},
        {u"needsAttention"_s, needsAttention(status)},
        {u"state"_s, enumName(s.state)},
        {u"reason"_s, enumName(s.reason)},
        {u"pr"_s, QJsonObject{{u"state"_s, enumName(s.pr.state)},
                              {u"reason"_s, enumName(s.pr.reason)},
                              {u"number"_s, s.pr.number},
                              {u"url"_s, s.pr.url},
                              {u"title"_s, s.pr.title},
                              {u"headSha"_s, s.pr.headSha},
                              {u"draft"_s, s.pr.draft},
                              {u"ci"_s, enumName(s.pr.ci)},
                              {u"review"_s, enumName(s.pr.review)}}},
        {u"runtime"_s, QJsonObject{{u"state"_s, enumName(s.runtime.state)},
                                   {u"reason"_s, enumName(s.runtime.reason)},
                                   {u"handle"_s, s.runtime.handle},
                                   {u"lastObservedAt"_s, time(s.runtime.lastObservedAt)}}},
        {u"activity"_s, QJsonObject{{u"state"_s, enumName(s.activity.state)}, {u"at"_s, time(s.activity.at)}}},
        {u"cost"_s, QJsonObject{{u"inputTokens"_s, s.cost.inputTokens},
                                {u"outputTokens"_s, s.cost.outputTokens},
                                {u"usd"_s, s.cost.usd}}},
        {u"createdAt"_s, time(s.createdAt)},
        {u"startedAt"_s, time(s.startedAt)},
        {u"lastTransitionAt"_s, time(s.lastTransitionAt)},
        {u"completedAt"_s, time(s.completedAt)},
        {u"terminatedAt"_s, time(s.terminatedAt)},
    };
    if (s.budgetUsd)
        json.insert(u"budgetUsd"_s, *s.budgetUsd);
    return json;
}

QJsonObject decisionJson(const Decision &d)
{
    return QJsonObject{
        {u"id"_s, d.id},
        {u"session"_s, d.sessionId},
        {u"project"_s, d.projectId},
        {u"kind"_s, d.kind},
        {u"question"_s, d.question},
        {u"options"_s, QJsonArray::fromStringList(d.options)},
        {u"priority"_s, enumName(d.priority)},
        {u"state"_s, enumName(d.state)},
        {u"answer"_s, d.answer},
        {u"answeredBy"_s, d.answeredBy},
        {u"createdAt"_s, time(d.createdAt)},
        {u"answeredAt"_s, time(d.answeredAt)},
        {u"context"_s, d.context},
    };
}

QJsonObject eventJson(const Event &e, qint64 seq)
{
    return QJsonObject{
        {u"seq"_s, seq},
        {u"id"_s, e.id},
        {u"type"_s, e.type},
        {u"priority"_s, enumName(e.priority)},
        {u"session"_s, e.sessionId},
        {u"project"_s, e.projectId},
        {u"actor"_s, e.actor},
        {u"identity"_s, e.identity},
        {u"at"_s, time(e.timestamp)},
        {u"message"_s, e.message},
        {u"data"_s, e.data},
    };
}

QJsonObject pullRequestJson(const PrSnapshot &pr)
{
    static const char *const kCheckStatus[] = {"pending", "running", "passed", "failed", "skipped"};
    static const char *const kCi[] = {"none", "pending", "passing", "failing"};
    static const char *const kReview[] = {"none", "pending", "approved", "changes_requested"};
    QJsonArray checks;
    for (const CiCheck &check : pr.checks)
        checks.append(QJsonObject{{u"name"_s, check.name},
                                  {u"status"_s, QString::fromLatin1(kCheckStatus[int(check.status)])},
                                  {u"conclusion"_s, check.conclusion},
                                  {u"url"_s, check.url},
                                  {u"logExcerpt"_s, check.logExcerpt}});
    QJsonArray comments;
    for (const ReviewComment &comment : pr.unresolvedComments)
        comments.append(QJsonObject{{u"id"_s, comment.id},
                                    {u"thread"_s, comment.threadId},
                                    {u"author"_s, comment.author},
                                    {u"bot"_s, comment.authorIsBot},
                                    {u"body"_s, comment.body},
                                    {u"path"_s, comment.path},
                                    {u"line"_s, comment.line},
                                    {u"url"_s, comment.url}});
    return QJsonObject{{u"number"_s, pr.number},
                       {u"url"_s, pr.url},
                       {u"title"_s, pr.title},
                       {u"state"_s, enumName(pr.state)},
                       {u"draft"_s, pr.draft},
                       {u"headSha"_s, pr.headSha},
                       {u"headBranch"_s, pr.headBranch},
                       {u"baseBranch"_s, pr.baseBranch},
                       {u"ci"_s, QString::fromLatin1(kCi[int(pr.ciStatus)])},
                       {u"review"_s, QString::fromLatin1(kReview[int(pr.reviewDecision)])},
                       {u"mergeable"_s, pr.mergeable},
                       {u"conflicts"_s, pr.hasConflicts},
                       {u"checks"_s, checks},
                       {u"comments"_s, comments}};
}

} // namespace flotilla
