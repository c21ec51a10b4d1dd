#pragma once

#include "external_plugin_caller.h"
#include "plugin/lifecycle_plugin.h"

namespace flotilla {

// The lifecycle slot served by an external command: `lifecycle.onSpawn` is a call;
// `lifecycle.onTransition` and `lifecycle.onKill` are JSON-RPC notifications, as the
// interface does not wait for them.
class ExternalLifecyclePlugin final : public LifecyclePlugin
{
public:
    ExternalLifecyclePlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    Async<SpawnContribution> onSpawn(const SessionRecord &session) override;
    void onTransition(const SessionRecord &session, const QString &fromStatus, const QString &toStatus) override;
    void onKill(const SessionRecord &session) override;

private:
    ExternalPluginCaller m_caller;
};

} // namespace flotilla
