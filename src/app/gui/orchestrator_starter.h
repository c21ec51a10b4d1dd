#pragma once

#include <QObject>
#include <QSet>

#include <chrono>

namespace flotilla {

class Fleet;
class Store;

// Starts a project's orchestrator for the person at the desktop (adopting a running one,
// bringing back an ended one, or starting one: the core decides), one start per project at a
// time, and says how it goes: each step of the spawn, then the session or why it failed.
class OrchestratorStarter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrchestratorStarter)

public:
    // A fresh workspace and agent may take a while; the core gives up on its own before this.
    static constexpr std::chrono::minutes kTimeout{25};

    OrchestratorStarter(Fleet &fleet, Store &store, QObject *parent = nullptr);

    // Nothing happens while the project's start is under way.
    void start(const QString &projectId);
    bool isStarting(const QString &projectId) const { return m_starting.contains(projectId); }

signals:
    void startingChanged(const QString &projectId, bool starting);
    void progress(const QString &projectId, const QString &text);
    // `outcome` as people read it: "started", "restored", "already running"…
    void started(const QString &projectId, const QString &sessionId, const QString &outcome);
    void failed(const QString &projectId, const QString &problem);

private:
    void spawnStep(const QString &sessionId, const QString &step);

    Fleet &m_fleet;
    Store &m_store;
    QSet<QString> m_starting;
};

} // namespace flotilla
