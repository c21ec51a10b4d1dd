#pragma once

#include "config/config_model.h"
#include "plugin/await_result.h"
#include "plugin/lifecycle_plugin.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

namespace flotilla {

class RaviClient;

// At every spawn and restore, reads the secrets the session's project declares
// (`projects.<id>.ravi.secrets`, or `*` for the whole vault) from the vault of the identity whose
// key `ravi.vaultKey` names, and hands them to that agent's environment only. The audit event
// lists the names, never the values; nothing is cached, so a secret revoked in Ravi is absent
// from the next spawn. When Ravi cannot be reached the project's `ravi.onUnreachable` decides:
// `fail` stops the spawn with the reason, `continue` spawns without them and warns. A rejected
// key, a missing secret or a plan limit always stops the spawn: those are for a person to fix.
class RaviSecretsHook final : public QObject, public LifecyclePlugin
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaviSecretsHook)

public:
    using ConfigSource = std::function<std::shared_ptr<const Config>()>;

    explicit RaviSecretsHook(ConfigSource config, QObject *parent = nullptr);
    ~RaviSecretsHook() override;

    QString name() const override { return QStringLiteral("ravi-secrets"); }
    Async<SpawnContribution> onSpawn(const SessionRecord &session) override;
    void onTransition(const SessionRecord &, const QString &, const QString &) override {}
    void onKill(const SessionRecord &) override {}

    // All of a spawn's Ravi calls end within this (per request: a third of it).
    void setDeadline(std::chrono::milliseconds deadline) { m_deadline = deadline; }

private:
    struct Read
    {
        RaviProjectSettings settings;
        QString projectId;
        QUrl base;
        QDeadlineTimer deadline;
        std::shared_ptr<RaviClient> client;
        PendingResult<SpawnContribution> answer;
    };
    void attempt(const std::shared_ptr<Read> &read);
    void finish(const std::shared_ptr<Read> &read, const Error &error);

    ConfigSource m_config;
    std::chrono::milliseconds m_deadline = std::chrono::seconds(30);
};

} // namespace flotilla
