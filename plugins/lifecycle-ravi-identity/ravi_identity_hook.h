#pragma once

#include "plugin/lifecycle_plugin.h"

#include <QObject>

#include <functional>
#include <memory>

namespace flotilla {

struct Config;
struct RaviIdentity;
class SecretStore;

// Gives each session of a project with `ravi.identity` a Ravi identity: one created for it
// (named "Flotilla <project> <session>", so a restore finds the same one again) or one of the
// project's pool that no live session holds. Its name and address become the session's git
// author and committer (in the agent's environment, never the user's global configuration),
// and the audit log names it. When the identity's vault holds a GH_TOKEN, that token is the
// agent's. Identity keys are kept in the OS keychain ("ravi-identity:<uuid>"); one is minted
// only when the keychain has none.
class RaviIdentityHook final : public QObject, public LifecyclePlugin
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaviIdentityHook)

public:
    using ConfigSource = std::function<std::shared_ptr<const Config>()>;
    // Identity uuids held by live sessions other than `sessionId`.
    using HeldIdentities = std::function<QStringList(const QString &sessionId)>;

    RaviIdentityHook(ConfigSource config, HeldIdentities held, SecretStore *keychain, QObject *parent = nullptr);
    ~RaviIdentityHook() override;

    QString name() const override { return QStringLiteral("ravi-identity"); }
    Async<SpawnContribution> onSpawn(const SessionRecord &session) override;
    void onTransition(const SessionRecord &, const QString &, const QString &) override {}
    void onKill(const SessionRecord &) override {}

    static QString identityName(const QString &projectId, const QString &sessionId);

private:
    struct Spawn;
    void pick(const std::shared_ptr<Spawn> &spawn, const QList<RaviIdentity> &all);
    void withIdentity(const std::shared_ptr<Spawn> &spawn, const RaviIdentity &identity);
    void readGithubToken(const std::shared_ptr<Spawn> &spawn, const QString &identityKey);
    void finish(const std::shared_ptr<Spawn> &spawn);

    ConfigSource m_config;
    HeldIdentities m_held;
    SecretStore *m_keychain;
};

} // namespace flotilla
