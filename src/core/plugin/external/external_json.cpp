#include "external_json.h"

#include "external_enum_names.h"
#include "external_model_json.h"
#include "model/model_enums.h"

using namespace Qt::StringLiterals;

namespace flotilla::external {

namespace {

template<typename T> QJsonArray arrayOf(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(toJson(item));
    return array;
}

template<typename E> QJsonValue optionalName(const std::optional<E> &value)
{
    return value ? QJsonValue(enumName(*value)) : QJsonValue();
}

} // namespace

QJsonObject toJson(const RuntimeLaunch &launch)
{
    return {{u"sessionId"_s, launch.sessionId},
            {u"workDir"_s, launch.workDir},
            {u"command"_s, QJsonArray::fromStringList(launch.command)},
            {u"environment"_s, stringMapToJson(launch.environment)},
            {u"withheld"_s, QJsonArray::fromStringList(launch.withheld)}};
}

void fromJson(const JsonReader &in, RuntimeLaunch &out)
{
    out.sessionId = in.requiredString(u"sessionId");
    out.workDir = in.string(u"workDir");
    out.command = in.strings(u"command");
    out.environment = in.stringMap(u"environment");
    out.withheld = in.strings(u"withheld");
}

QJsonObject toJson(const RuntimeHandle &handle)
{
    return {{u"id"_s, handle.id}, {u"plugin"_s, handle.plugin}, {u"data"_s, handle.data}};
}

void fromJson(const JsonReader &in, RuntimeHandle &out)
{
    out.id = in.requiredString(u"id");
    out.plugin = in.string(u"plugin");
    out.data = in.object(u"data");
}

QJsonObject toJson(const RuntimeProbe &probe)
{
    return {{u"alive"_s, probe.alive},
            {u"processRunning"_s, probe.processRunning},
            {u"error"_s, probe.error},
            {u"observedAt"_s, timeToJson(probe.observedAt)}};
}

void fromJson(const JsonReader &in, RuntimeProbe &out)
{
    out.alive = in.boolean(u"alive");
    out.processRunning = in.boolean(u"processRunning");
    out.error = in.string(u"error");
    out.observedAt = in.time(u"observedAt");
}

QJsonObject toJson(const AgentLaunchContext &context)
{
    return {{u"session"_s, toJson(context.session)},   {u"prompt"_s, context.prompt},
            {u"systemPrompt"_s, context.systemPrompt}, {u"model"_s, context.model},
            {u"permissions"_s, context.permissions},   {u"settings"_s, context.settings}};
}

void fromJson(const JsonReader &in, AgentLaunchContext &out)
{
    in.child(u"session", out.session);
    out.prompt = in.string(u"prompt");
    out.systemPrompt = in.string(u"systemPrompt");
    out.model = in.string(u"model");
    out.permissions = in.string(u"permissions");
    out.settings = in.object(u"settings");
}

QJsonObject toJson(const AgentLaunch &launch)
{
    return {{u"command"_s, QJsonArray::fromStringList(launch.command)},
            {u"environment"_s, stringMapToJson(launch.environment)},
            {u"promptDelivery"_s, enumName(launch.promptDelivery)},
            {u"prompt"_s, launch.prompt}};
}

void fromJson(const JsonReader &in, AgentLaunch &out)
{
    out.command = in.strings(u"command");
    if (out.command.isEmpty())
        in.fail(u"command", u"expected a non-empty array of strings"_s);
    out.environment = in.stringMap(u"environment");
    out.promptDelivery = in.enumValue(u"promptDelivery", out.promptDelivery);
    out.prompt = in.string(u"prompt");
}

QJsonObject toJson(const ActivityReading &reading)
{
    return {{u"state"_s, enumName(reading.state)},
            {u"at"_s, timeToJson(reading.at)},
            {u"confidence"_s, enumName(reading.confidence)},
            {u"source"_s, enumName(reading.source)},
            {u"evidence"_s, reading.evidence}};
}

void fromJson(const JsonReader &in, ActivityReading &out)
{
    out.state = in.enumValue(u"state", out.state);
    out.at = in.time(u"at");
    out.confidence = in.enumValue(u"confidence", out.confidence);
    out.source = in.enumValue(u"source", out.source);
    out.evidence = in.string(u"evidence");
}

QJsonObject toJson(const AgentSessionInfo &info)
{
    return {{u"summary"_s, info.summary},
            {u"summaryIsFallback"_s, info.summaryIsFallback},
            {u"agentSessionId"_s, info.agentSessionId},
            {u"cost"_s, toJson(info.cost)}};
}

void fromJson(const JsonReader &in, AgentSessionInfo &out)
{
    out.summary = in.string(u"summary");
    out.summaryIsFallback = in.boolean(u"summaryIsFallback");
    out.agentSessionId = in.string(u"agentSessionId");
    in.child(u"cost", out.cost);
}

QJsonObject toJson(const WorkspaceRequest &request)
{
    return {{u"projectId"_s, request.projectId},
            {u"repositoryPath"_s, request.repositoryPath},
            {u"sessionId"_s, request.sessionId},
            {u"branch"_s, request.branch},
            {u"baseBranch"_s, request.baseBranch},
            {u"symlinks"_s, QJsonArray::fromStringList(request.symlinks)},
            {u"postCreate"_s, QJsonArray::fromStringList(request.postCreate)}};
}

void fromJson(const JsonReader &in, WorkspaceRequest &out)
{
    out.projectId = in.string(u"projectId");
    out.repositoryPath = in.string(u"repositoryPath");
    out.sessionId = in.requiredString(u"sessionId");
    out.branch = in.string(u"branch");
    out.baseBranch = in.string(u"baseBranch");
    out.symlinks = in.strings(u"symlinks");
    out.postCreate = in.strings(u"postCreate");
}

QJsonObject toJson(const WorkspaceInfo &info)
{
    return {{u"path"_s, info.path}, {u"branch"_s, info.branch}};
}

void fromJson(const JsonReader &in, WorkspaceInfo &out)
{
    out.path = in.requiredString(u"path");
    out.branch = in.string(u"branch");
}

QJsonObject toJson(const Issue &issue)
{
    return {{u"id"_s, issue.id},
            {u"title"_s, issue.title},
            {u"description"_s, issue.description},
            {u"url"_s, issue.url},
            {u"state"_s, enumName(issue.state)},
            {u"labels"_s, QJsonArray::fromStringList(issue.labels)},
            {u"assignee"_s, issue.assignee},
            {u"branchName"_s, issue.branchName}};
}

void fromJson(const JsonReader &in, Issue &out)
{
    out.id = in.requiredString(u"id");
    out.title = in.string(u"title");
    out.description = in.string(u"description");
    out.url = in.string(u"url");
    out.state = in.enumValue(u"state", out.state);
    out.labels = in.strings(u"labels");
    out.assignee = in.string(u"assignee");
    out.branchName = in.string(u"branchName");
}

QJsonObject toJson(const IssueQuery &query)
{
    return {{u"state"_s, optionalName(query.state)},
            {u"labels"_s, QJsonArray::fromStringList(query.labels)},
            {u"assignee"_s, query.assignee},
            {u"text"_s, query.text},
            {u"limit"_s, query.limit},
            {u"oldestFirst"_s, query.oldestFirst}};
}

void fromJson(const JsonReader &in, IssueQuery &out)
{
    out.state = in.optionalEnum<Issue::State>(u"state");
    out.labels = in.strings(u"labels");
    out.assignee = in.string(u"assignee");
    out.text = in.string(u"text");
    if (in.has(u"limit"))
        out.limit = static_cast<int>(in.integer(u"limit"));
    if (in.has(u"oldestFirst"))
        out.oldestFirst = in.boolean(u"oldestFirst");
}

QJsonObject toJson(const IssueUpdate &update)
{
    return {{u"state"_s, optionalName(update.state)},
            {u"addLabels"_s, QJsonArray::fromStringList(update.addLabels)},
            {u"removeLabels"_s, QJsonArray::fromStringList(update.removeLabels)},
            {u"comment"_s, update.comment}};
}

void fromJson(const JsonReader &in, IssueUpdate &out)
{
    out.state = in.optionalEnum<Issue::State>(u"state");
    out.addLabels = in.strings(u"addLabels");
    out.removeLabels = in.strings(u"removeLabels");
    out.comment = in.string(u"comment");
}

QJsonObject toJson(const CiCheck &check)
{
    return {{u"name"_s, check.name},
            {u"status"_s, enumName(check.status)},
            {u"conclusion"_s, check.conclusion},
            {u"url"_s, check.url},
            {u"logExcerpt"_s, check.logExcerpt}};
}

void fromJson(const JsonReader &in, CiCheck &out)
{
    out.name = in.requiredString(u"name");
    out.status = in.enumValue(u"status", out.status);
    out.conclusion = in.string(u"conclusion");
    out.url = in.string(u"url");
    out.logExcerpt = in.string(u"logExcerpt");
}

QJsonObject toJson(const ReviewComment &comment)
{
    return {{u"id"_s, comment.id},         {u"threadId"_s, comment.threadId},
            {u"author"_s, comment.author}, {u"authorIsBot"_s, comment.authorIsBot},
            {u"body"_s, comment.body},     {u"path"_s, comment.path},
            {u"line"_s, comment.line},     {u"resolved"_s, comment.resolved},
            {u"url"_s, comment.url},       {u"createdAt"_s, timeToJson(comment.createdAt)}};
}

void fromJson(const JsonReader &in, ReviewComment &out)
{
    out.id = in.requiredString(u"id");
    out.threadId = in.string(u"threadId");
    out.author = in.string(u"author");
    out.authorIsBot = in.boolean(u"authorIsBot");
    out.body = in.string(u"body");
    out.path = in.string(u"path");
    out.line = static_cast<int>(in.integer(u"line"));
    out.resolved = in.boolean(u"resolved");
    out.url = in.string(u"url");
    out.createdAt = in.time(u"createdAt");
}

QJsonObject toJson(const PrSnapshot &snapshot)
{
    return {{u"state"_s, enumName(snapshot.state)},
            {u"number"_s, snapshot.number},
            {u"url"_s, snapshot.url},
            {u"title"_s, snapshot.title},
            {u"headSha"_s, snapshot.headSha},
            {u"headBranch"_s, snapshot.headBranch},
            {u"baseBranch"_s, snapshot.baseBranch},
            {u"draft"_s, snapshot.draft},
            {u"ciStatus"_s, enumName(snapshot.ciStatus)},
            {u"checks"_s, arrayOf(snapshot.checks)},
            {u"reviewDecision"_s, enumName(snapshot.reviewDecision)},
            {u"reviewRequired"_s, snapshot.reviewRequired},
            {u"unresolvedComments"_s, arrayOf(snapshot.unresolvedComments)},
            {u"mergeable"_s, snapshot.mergeable},
            {u"hasConflicts"_s, snapshot.hasConflicts},
            {u"isBehind"_s, snapshot.isBehind}};
}

void fromJson(const JsonReader &in, PrSnapshot &out)
{
    out.state = in.enumValue(u"state", out.state);
    out.number = static_cast<int>(in.integer(u"number"));
    out.url = in.string(u"url");
    out.title = in.string(u"title");
    out.headSha = in.string(u"headSha");
    out.headBranch = in.string(u"headBranch");
    out.baseBranch = in.string(u"baseBranch");
    out.draft = in.boolean(u"draft");
    out.ciStatus = in.enumValue(u"ciStatus", out.ciStatus);
    in.list(u"checks", out.checks);
    out.reviewDecision = in.enumValue(u"reviewDecision", out.reviewDecision);
    // Absent means "required": assuming no review is needed could let an unreviewed PR merge.
    out.reviewRequired = !in.has(u"reviewRequired") || in.boolean(u"reviewRequired");
    in.list(u"unresolvedComments", out.unresolvedComments);
    out.mergeable = in.boolean(u"mergeable");
    out.hasConflicts = in.boolean(u"hasConflicts");
    out.isBehind = in.boolean(u"isBehind");
}

QJsonObject toJson(const PrLookup &lookup)
{
    return {{u"key"_s, lookup.key},
            {u"repository"_s, lookup.repository},
            {u"branch"_s, lookup.branch},
            {u"number"_s, lookup.number}};
}

void fromJson(const JsonReader &in, PrLookup &out)
{
    out.key = in.string(u"key");
    out.repository = in.string(u"repository");
    out.branch = in.string(u"branch");
    out.number = static_cast<int>(in.integer(u"number"));
}

QJsonObject toJson(const SpawnContribution &contribution)
{
    return {{u"environment"_s, stringMapToJson(contribution.environment)},
            {u"environmentKeysForAudit"_s, QJsonArray::fromStringList(contribution.environmentKeysForAudit)},
            {u"authorName"_s, contribution.authorName},
            {u"authorEmail"_s, contribution.authorEmail},
            {u"identity"_s, contribution.identity},
            {u"promptAppendix"_s, contribution.promptAppendix},
            {u"extra"_s, contribution.extra}};
}

void fromJson(const JsonReader &in, SpawnContribution &out)
{
    out.environment = in.stringMap(u"environment");
    out.environmentKeysForAudit = in.strings(u"environmentKeysForAudit");
    // The audit log must name every variable a hook added, whatever the plugin listed.
    for (auto it = out.environment.cbegin(); it != out.environment.cend(); ++it) {
        if (!out.environmentKeysForAudit.contains(it.key()))
            out.environmentKeysForAudit << it.key();
    }
    out.authorName = in.string(u"authorName");
    out.authorEmail = in.string(u"authorEmail");
    out.identity = in.string(u"identity");
    out.promptAppendix = in.string(u"promptAppendix");
    out.extra = in.object(u"extra");
}

QJsonObject toJson(const Availability &availability)
{
    return {
        {u"available"_s, availability.available}, {u"problem"_s, availability.problem}, {u"hint"_s, availability.hint}};
}

void fromJson(const JsonReader &in, Availability &out)
{
    out.available = !in.has(u"available") || in.boolean(u"available");
    out.problem = in.string(u"problem");
    out.hint = in.string(u"hint");
}

} // namespace flotilla::external
