#pragma once

#include "config/app_settings.h"
#include "util/result.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace flotilla {

class ApiAccess;
class ApiServer;
class Database;
class Fleet;
class RaviEscalationDesk;
class RaviIdentityHook;
class RaviSecretsHook;
class SecretStore;
class PluginRegistry;
class SingleInstance;
class Store;

// Everything a running Flotilla is, minus any user interface: it loads the configuration,
// makes sure it is the only instance of the user (or hands over to the one that is), opens
// the state store, runs the fleet and serves the local API. The desktop app and `flotilla --headless` both run
// exactly this; only what they show differs.
class InstanceHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceHost)

public:
    struct Options
    {
        QString configFile;      // --config
        std::optional<int> port; // --port, else FLOTILLA_PORT, else the config's `port`
        bool headless = false;
        bool demo = false;               // --demo: the sandboxed demo fleet instead of the configuration
        bool resetDemo = false;          // --demo --reset: start the demo afresh
        bool demoIfUnconfigured = false; // the demo when no configuration file exists (first runs)
        QStringList arguments;           // what a second launch hands to the first
        QString workingDir;
        // Plugins only the desktop app has (the desktop notifier), added to the built-ins.
        std::function<Result<void>(PluginRegistry &)> registerExtraPlugins;
    };

    enum class Role { Primary, HandingOver };

    explicit InstanceHost(QObject *parent = nullptr);
    ~InstanceHost() override;

    // Primary: the store is open and the API is listening. HandingOver: another instance
    // runs; handOverFinished() follows. An error says what stopped start-up and how to fix it.
    Result<Role> start(const Options &options);

    const AppSettings &settings() const { return m_settings; }
    Database &database() const;
    Store &store() const { return *m_store; }
    Fleet &fleet() const { return *m_fleet; }
    // What keeps parts of the configuration from working (a plugin missing), one line each.
    QStringList configurationProblems() const { return m_problems; }
    int apiPort() const;
    QString apiBase() const;
    // A one-time address that signs a browser in to the dashboard (empty before start()).
    QString dashboardLoginLink();

signals:
    void activationRequested(const QStringList &arguments, const QString &workingDir);
    void handOverFinished(int exitCode, const QString &message);

private:
    Result<void> startPrimary(const Options &options);
    // The configuration to run: the demo's when asked for, else the one the options locate.
    Result<QString> chooseConfiguration(const Options &options);
    // The `ravi` notifier, whose questions outlive configuration reloads and restarts.
    Result<void> registerRaviNotifier();
    // Gives each open issue of the demo project an agent, once, on its first start.
    void spawnDemoFleet();

    AppSettings m_settings;
    std::unique_ptr<SingleInstance> m_instance;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<ApiAccess> m_access;
    std::unique_ptr<RaviSecretsHook> m_raviSecrets;
    std::unique_ptr<SecretStore> m_keychain;
    std::unique_ptr<RaviIdentityHook> m_raviIdentity;
    std::unique_ptr<RaviEscalationDesk> m_raviDesk;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<ApiServer> m_server;
    QStringList m_problems;
    bool m_published = false;
    bool m_demo = false;
};

} // namespace flotilla
