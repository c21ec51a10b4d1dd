#pragma once

#include "lifecycle/project_plugins.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <chrono>
#include <memory>
#include <vector>

namespace flotilla {

class ConflictRadar;
class Escalations;
class LifecycleManager;
class MergeDesk;
class NotificationDispatcher;
class NotifierPlugin;
class OrchestratorDesk;
class BacklogDesk;
class PluginRegistry;
class ReactionEngine;
class ReviewDesk;
class SessionManager;
class TerminalPlugin;
class Store;
struct Config;
struct ProjectConfig;

// Everything that runs the sessions of every configured project in one process: the plugins
// each project's configuration selects, the lifecycle that polls them, the reactions, the
// escalations, the session manager and the notification dispatcher. Front ends (the local
// API, the desktop app, `flo` through the API) act on sessions only through it.
class Fleet final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Fleet)

public:
    struct Options
    {
        // The lifecycle's interval unless the configuration sets `lifecycle.pollInterval`.
        std::chrono::milliseconds pollInterval = std::chrono::seconds(30);
        // Workspaces are compared for overlapping changes at most this often.
        std::chrono::milliseconds conflictScanInterval = std::chrono::minutes(1);
        QUrl dashboardBase = QUrl(QStringLiteral("http://127.0.0.1:3000"));
    };

    Fleet(Store &store, PluginRegistry &registry, Options options, QObject *parent = nullptr);
    ~Fleet() override;

    // A hook every project's sessions get (ahead of the project's own), e.g. the API access
    // that hands each agent its session token. Takes effect at the next apply().
    void addHook(LifecyclePlugin *hook) { m_fleetHooks.append(hook); }

    // Selects every project's plugins and the notifiers from `config`. A plugin that is not
    // registered or cannot work here is a problem of its project (shown by `problems()`), not
    // a failure: the other projects run. Returns every problem found, one line each.
    QStringList apply(std::shared_ptr<const Config> config);

    // Finishes spawns a previous run left half done, then starts polling and delivering.
    void start();
    void stop();

    std::shared_ptr<const Config> config() const { return m_config; }
    const ProjectPlugins *plugins(const QString &projectId) const;
    // The terminal plugin the configuration names (`defaults.terminal`), made when first asked
    // for; null with `problem` set when it cannot be made.
    TerminalPlugin *terminal(QString *problem);
    QStringList problems(const QString &projectId) const { return m_problems.value(projectId); }
    // The notifiers of the configuration in use, by the name routing uses; nullptr when unknown.
    QStringList notifierNames() const;
    NotifierPlugin *notifier(const QString &name) const;
    QUrl dashboardBase() const { return m_options.dashboardBase; }

    SessionManager &sessions() { return *m_sessions; }
    Escalations &escalations() { return *m_escalations; }
    LifecycleManager &lifecycle() { return *m_lifecycle; }
    ReactionEngine &reactions() { return *m_reactions; }
    NotificationDispatcher &dispatcher() { return *m_dispatcher; }
    ConflictRadar &conflictRadar() { return *m_radar; }
    ReviewDesk &reviews() { return *m_reviews; }
    MergeDesk &merges() { return *m_merges; }
    OrchestratorDesk &orchestrators() { return *m_orchestrators; }
    BacklogDesk &backlog() { return *m_backlog; }

private:
    struct Generation;
    int pollIntervalMs() const;
    PluginSettings withProject(PluginSettings settings, const ProjectConfig &project) const;
    template<typename Slot>
    Slot *instance(Generation &generation, const QString &name, const PluginSettings &settings, QStringList &problems,
                   const QString &role);

    Store &m_store;
    PluginRegistry &m_registry;
    Options m_options;
    std::shared_ptr<const Config> m_config;
    // Retired generations stay alive: operations started before a reload may still use them.
    std::vector<std::unique_ptr<Generation>> m_generations;
    QHash<QString, QStringList> m_problems;
    QList<LifecyclePlugin *> m_fleetHooks;

    std::unique_ptr<ReactionEngine> m_reactions;
    std::unique_ptr<SessionManager> m_sessions;
    std::unique_ptr<Escalations> m_escalations;
    std::unique_ptr<LifecycleManager> m_lifecycle;
    std::unique_ptr<NotificationDispatcher> m_dispatcher;
    std::unique_ptr<ConflictRadar> m_radar;
    std::unique_ptr<ReviewDesk> m_reviews;
    std::unique_ptr<MergeDesk> m_merges;
    std::unique_ptr<OrchestratorDesk> m_orchestrators;
    std::unique_ptr<BacklogDesk> m_backlog;
    bool m_started = false;
};

} // namespace flotilla
