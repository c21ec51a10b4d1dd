#pragma once

#include "plugin_common.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>

namespace flotilla {

struct RuntimeLaunch
{
    QString sessionId;
    QString workDir;
    QStringList command;                 // argv of the agent, never containing secrets
    QHash<QString, QString> environment; // includes secrets; must never reach argv or logs
    // Variables of Flotilla's own environment the agent must not inherit: the credentials
    // Flotilla itself uses (a Ravi key named by `${VAR}` in the configuration).
    QStringList withheld = {};
};

struct RuntimeHandle
{
    QString id;     // tmux session name, process id
    QString plugin; // runtime that owns it
    QJsonObject data;
};

// One liveness reading. `error` set means the probe itself failed (not that the session died).
struct RuntimeProbe
{
    bool alive = false;
    bool processRunning = false; // the agent process inside the runtime
    QString error;
    QDateTime observedAt;
};

class RuntimePlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Runtime;
    PluginSlot slot() const final { return kSlot; }

    virtual Async<RuntimeHandle> create(const RuntimeLaunch &launch) = 0;
    virtual Async<void> destroy(const RuntimeHandle &handle) = 0;
    virtual Async<void> sendText(const RuntimeHandle &handle, const QString &text) = 0;
    virtual Async<QString> readOutput(const RuntimeHandle &handle, int lines) = 0;
    // All handles at once: one query for the whole fleet, not one per session.
    virtual Async<QHash<QString, RuntimeProbe>> probe(const QList<RuntimeHandle> &handles) = 0;
    // The command a person runs to watch or take over the session.
    virtual QStringList attachCommand(const RuntimeHandle &handle) const = 0;
};

} // namespace flotilla
