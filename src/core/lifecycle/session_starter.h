#pragma once

#include "plugin/await_result.h"
#include "plugin/lifecycle_plugin.h"
#include "plugin/runtime_plugin.h"
#include "plugin/tracker_plugin.h"
#include "session_manager.h"

#include <QObject>
#include <QPromise>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace flotilla {

// One spawn or restore of a session, step by step. Each step records what it created, so a
// failure at any step can undo exactly that (in reverse order) and report the step by name.
// Lives as a child of the session manager until it has answered.
class SessionStarter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionStarter)

public:
    static Async<SessionRecord> spawn(SessionManager &manager, const SpawnRequest &request);
    // `session` must be terminal and already claimed as busy by the caller.
    static Async<SessionRecord> restore(SessionManager &manager, const SessionRecord &session, const QString &actor);

private:
    enum class Mode { Spawn, Restore };

    SessionStarter(SessionManager &manager, Mode mode);

    void resolveProject(const QString &projectId, const QString &requestedAgent);
    void fetchIssue();
    void fetchClaimedPr();
    void recordSession();
    void prepareWorkspace();
    void runHooks(int index);
    void launchAgent();
    void startRuntime();
    void deliverPrompt();
    void finish();

    // Runs `next` with the plugin's value, or fails the step with its error.
    template<typename T, typename Next>
    void step(const QString &name, Async<T> call, std::chrono::milliseconds timeout, Next next)
    {
        enter(name);
        awaitResult(std::move(call), this, timeout, describe(name), [this, next](Result<T> result) mutable {
            if (!result) {
                fail(result.error());
                return;
            }
            if constexpr (std::is_void_v<T>)
                next();
            else
                next(std::move(result).value());
        });
    }
    void enter(const QString &name);
    QString describe(const QString &stepName) const;
    struct Undo
    {
        QStringList done;
        QStringList leftOver;
    };
    void fail(const Error &error);
    void undo(const std::shared_ptr<Undo> &undo, const std::function<void()> &then);
    void answer(Result<SessionRecord> result);

    SessionManager &m_manager;
    const Mode m_mode;
    QPromise<Result<SessionRecord>> m_promise;
    QString m_step;
    QString m_actor;

    SpawnRequest m_request;
    std::shared_ptr<const Config> m_config;
    const ProjectConfig *m_project = nullptr;
    const ProjectPlugins *m_plugins = nullptr;
    AgentPlugin *m_agent = nullptr;

    SessionRecord m_session;
    SessionRecord m_before; // restore: the facts to fall back to
    std::optional<Issue> m_issue;
    QString m_prompt;
    SpawnContribution m_contribution;
    AgentLaunch m_launch;

    bool m_recorded = false;
    bool m_claimed = false;
    bool m_workspaceCreated = false;
    std::optional<RuntimeHandle> m_runtime;
};

} // namespace flotilla
