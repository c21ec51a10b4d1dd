#pragma once

#include "util/result.h"

#include <QFuture>
#include <QJsonObject>
#include <QString>
#include <QtCore/qfuture.h>

namespace flotilla {

// The eight slots a plugin can fill.
enum class PluginSlot { Runtime, Agent, Workspace, Tracker, Scm, Notifier, Terminal, Lifecycle };

// Every plugin call that may wait on a process, the network or the disk returns one of these.
// Continuations run on the event loop of the context they are attached to (QFuture::then).
template<typename T> using Async = QFuture<Result<T>>;

template<typename T> Async<T> ready(Result<T> result)
{
    return QtFuture::makeReadyFuture(std::move(result));
}

inline Async<void> readyOk()
{
    return QtFuture::makeReadyFuture(Result<void>());
}

template<typename T> Async<T> failed(Error error)
{
    return QtFuture::makeReadyFuture(Result<T>(std::move(error)));
}

// Whether a plugin can work on this machine, and if not, what the user should do.
struct Availability
{
    bool available = true;
    QString problem; // "tmux not found"
    QString hint;    // "install package tmux"

    static Availability ok() { return {}; }
    static Availability missing(QString problem, QString hint) { return {false, std::move(problem), std::move(hint)}; }
};

// The plugin's own block from the configuration (e.g. `notifiers.team: {plugin: slack, webhookUrl: …}`),
// with keys the core does not know passed through untouched.
using PluginSettings = QJsonObject;

// Common base: identity and availability. Slot interfaces derive from this.
class Plugin
{
public:
    virtual ~Plugin() = default;

    virtual QString name() const = 0; // "tmux", "claude-code", "github"
    virtual PluginSlot slot() const = 0;
    // Cheap check that what the plugin drives exists (binary on PATH, token configured).
    virtual Availability detect() const { return Availability::ok(); }

protected:
    Plugin() = default;
    Plugin(const Plugin &) = default;
    Plugin &operator=(const Plugin &) = default;
};

QString slotName(PluginSlot slot); // "runtime", "scm", …

} // namespace flotilla
