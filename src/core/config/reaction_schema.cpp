#include "config_schema.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla::configschema {

namespace {

using Type = SchemaNode::Type;

constexpr qint64 kMinute = 60 * 1000;

SchemaNode buildReactionEntry()
{
    return objectKey(
        QString(), u"One reaction; omitted fields inherit from the project, global and built-in entries."_s,
        {scalarKey(u"auto"_s, Type::Boolean, u"Run automatically (notify runs even when false)."_s).withNote(u"true"_s),
         scalarKey(u"action"_s, Type::String, u"What to do."_s)
             .oneOf({u"send-to-agent"_s, u"notify"_s, u"auto-merge"_s}, u"reaction action"_s)
             .withNote(u"notify"_s),
         scalarKey(u"message"_s, Type::String, u"Text sent to the agent, ahead of the facts."_s),
         scalarKey(u"priority"_s, Type::String, u"Priority of notifications; urgent on escalation when unset."_s)
             .oneOf(priorities(), u"priority"_s),
         scalarKey(u"retries"_s, Type::Integer, u"Attempts before escalating to a person."_s).withRange(0, 1000),
         scalarKey(u"escalateAfter"_s, Type::CountOrDuration,
                   u"Escalate after this many attempts (a number) or this long since the first trigger."_s),
         scalarKey(u"threshold"_s, Type::Duration, u"agent-stuck: idle this long counts as stuck."_s),
         scalarKey(u"includeSummary"_s, Type::Boolean, u"Accepted for compatibility."_s),
         scalarKey(u"cooldown"_s, Type::Duration, u"Minimum time between two runs for one session."_s),
         scalarKey(u"renagAfter"_s, Type::Duration,
                   u"Run again while the session stays in the state this long (counts toward escalation)."_s),
         scalarKey(u"onReject"_s, Type::String, u"When a person rejects the escalated decision."_s)
             .oneOf({u"nothing"_s, u"kill"_s, u"close-pr"_s}, u"rejection action"_s),
         scalarKey(u"mergeMethod"_s, Type::String, u"auto-merge: how to merge."_s)
             .oneOf({u"squash"_s, u"merge"_s, u"rebase"_s}, u"merge method"_s)});
}

struct Builtin
{
    const char *key;
    QJsonObject entry;
};

const std::array<Builtin, 16> &builtins()
{
    static const std::array<Builtin, 16> table = {{
        {"ci-failed",
         {{u"auto"_s, true},
          {u"action"_s, u"send-to-agent"_s},
          {u"message"_s, u"CI is failing on your pull request. Fix the failures below and push."_s},
          {u"retries"_s, 2},
          {u"escalateAfter"_s, 2}}},
        {"changes-requested",
         {{u"auto"_s, true},
          {u"action"_s, u"send-to-agent"_s},
          {u"message"_s, u"A reviewer asked for changes on your pull request. Address each comment below, push, "
                         u"and resolve the threads."_s},
          {u"escalateAfter"_s, u"30m"_s}}},
        {"bugbot-comments",
         {{u"auto"_s, true},
          {u"action"_s, u"send-to-agent"_s},
          {u"message"_s, u"Automated reviewers commented on your pull request. Address each comment below and push."_s},
          {u"escalateAfter"_s, u"30m"_s}}},
        {"merge-conflicts",
         {{u"auto"_s, true},
          {u"action"_s, u"send-to-agent"_s},
          {u"message"_s,
           u"Your pull request has merge conflicts. Rebase on the base branch, resolve them, and push."_s},
          {u"escalateAfter"_s, u"15m"_s}}},
        {"approved-and-green",
         {{u"auto"_s, false},
          {u"action"_s, u"notify"_s},
          {u"priority"_s, u"action"_s},
          {u"message"_s, u"The pull request is approved and CI is green: ready to merge."_s}}},
        {"agent-stuck",
         {{u"auto"_s, true}, {u"action"_s, u"notify"_s}, {u"priority"_s, u"urgent"_s}, {u"threshold"_s, 10 * kMinute}}},
        {"agent-needs-input", {{u"auto"_s, true}, {u"action"_s, u"notify"_s}, {u"priority"_s, u"urgent"_s}}},
        {"agent-exited", {{u"auto"_s, true}, {u"action"_s, u"notify"_s}, {u"priority"_s, u"urgent"_s}}},
        {"agent-idle",
         {{u"auto"_s, true},
          {u"action"_s, u"send-to-agent"_s},
          {u"message"_s, u"You seem idle. Continue with your task, or report what blocks you."_s},
          {u"retries"_s, 2},
          {u"escalateAfter"_s, u"15m"_s}}},
        {"pr-closed", {{u"auto"_s, true}, {u"action"_s, u"notify"_s}, {u"priority"_s, u"action"_s}}},
        {"all-complete",
         {{u"auto"_s, true}, {u"action"_s, u"notify"_s}, {u"priority"_s, u"info"_s}, {u"includeSummary"_s, true}}},
        {"report-no-acknowledge", {}},
        {"report-stale", {}},
        {"report-needs-input", {}},
        {"budget-exceeded", {{u"auto"_s, true}, {u"action"_s, u"notify"_s}, {u"priority"_s, u"urgent"_s}}},
        {"conflict-risk", {{u"auto"_s, true}, {u"action"_s, u"notify"_s}, {u"priority"_s, u"warning"_s}}},
    }};
    return table;
}

} // namespace

const SchemaNode &reactionEntry()
{
    static const SchemaNode node = buildReactionEntry().sharedAs(u"reaction"_s);
    return node;
}

QStringList reactionKeys()
{
    QStringList keys;
    for (const Builtin &builtin : builtins())
        keys << QString::fromLatin1(builtin.key);
    return keys;
}

QJsonObject builtinReaction(const QString &key)
{
    for (const Builtin &builtin : builtins()) {
        if (key == QLatin1StringView(builtin.key))
            return builtin.entry;
    }
    return {};
}

bool hasBuiltinReaction(const QString &key)
{
    return !builtinReaction(key).isEmpty();
}

QJsonObject reactionFieldDefaults()
{
    return {{u"auto"_s, true}, {u"action"_s, u"notify"_s}};
}

} // namespace flotilla::configschema
