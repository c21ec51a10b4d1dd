#pragma once

#include "model/session_facts.h"
#include "plugin/plugin_common.h"
#include "plugin/scm_plugin.h"

namespace flotilla {

// What reactions and answered decisions do to a session. The session manager implements it
// with the session's runtime, workspace and SCM; tests implement it in memory.
class SessionActions
{
public:
    virtual ~SessionActions() = default;

    virtual Async<void> sendToAgent(const SessionRecord &session, const QString &text) = 0;
    virtual Async<void> kill(const SessionRecord &session, const QString &why) = 0;
    virtual Async<void> closePullRequest(const SessionRecord &session) = 0;
    // Merges only if the PR head is still `expectedHeadSha`.
    virtual Async<void> merge(const SessionRecord &session, MergeMethod method, const QString &expectedHeadSha) = 0;

protected:
    SessionActions() = default;
    SessionActions(const SessionActions &) = default;
    SessionActions &operator=(const SessionActions &) = default;
};

} // namespace flotilla
