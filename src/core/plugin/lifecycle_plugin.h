#pragma once

#include "model/session_facts.h"
#include "plugin_common.h"

#include <QHash>
#include <QJsonObject>

namespace flotilla {

// What a lifecycle hook adds to a session being spawned.
struct SpawnContribution
{
    QHash<QString, QString> environment; // secrets included: they reach only the agent's process
    QStringList environmentKeysForAudit; // names (never values) for the audit log
    QString authorName;                  // git identity for the session's commits
    QString authorEmail;
    QString identity;
    QString promptAppendix;
    // What the hook could not provide and the spawn went on without (a policy allowed it):
    // each becomes a warning event of the session.
    QStringList warnings;
    QJsonObject extra; // facts kept with the session (never secret values): an identity's id, a token's hash
};

class LifecyclePlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Lifecycle;
    PluginSlot slot() const final { return kSlot; }

    virtual Async<SpawnContribution> onSpawn(const SessionRecord &session) = 0;
    virtual void onTransition(const SessionRecord &session, const QString &fromStatus, const QString &toStatus) = 0;
    virtual void onKill(const SessionRecord &session) = 0;
};

} // namespace flotilla
