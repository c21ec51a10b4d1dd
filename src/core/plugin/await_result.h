#pragma once

#include "plugin_common.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QPromise>
#include <QTimer>

#include <chrono>
#include <memory>

namespace flotilla {

// Waits for a plugin's answer on `context`'s thread, but never forever: `done` runs exactly
// once, with the plugin's result, with `plugin.timeout` when it did not answer within
// `timeout`, or with `plugin.cancelled` when the plugin dropped the call. Nothing of the wait
// outlives `context`: if it is destroyed first, `done` never runs. Unlike QFuture::then, a
// plugin that never answers does not keep the caller's state alive.
template<typename T, typename Done>
void awaitResult(Async<T> future, QObject *context, std::chrono::milliseconds timeout, const QString &what, Done done)
{
    struct Wait
    {
        QPointer<QFutureWatcher<Result<T>>> watcher;
        QPointer<QTimer> deadline;
        bool settled = false;
    };
    auto wait = std::make_shared<Wait>();
    auto callback = std::make_shared<Done>(std::move(done));
    const auto settle = [wait, callback](Result<T> result) {
        if (wait->settled)
            return;
        wait->settled = true;
        if (wait->deadline)
            wait->deadline->deleteLater();
        if (wait->watcher)
            wait->watcher->deleteLater();
        (*callback)(std::move(result));
    };

    auto *watcher = new QFutureWatcher<Result<T>>(context);
    auto *deadline = new QTimer(context);
    wait->watcher = watcher;
    wait->deadline = deadline;
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, context, [settle, what, timeout] {
        settle(Result<T>(makeError(QStringLiteral("plugin.timeout"),
                                   QStringLiteral("%1 did not answer within %2 s")
                                       .arg(what)
                                       .arg(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()))));
    });
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [settle, watcher, what] {
        const QFuture<Result<T>> finished = watcher->future();
        if (finished.isCanceled() || finished.resultCount() == 0) {
            settle(Result<T>(makeError(QStringLiteral("plugin.cancelled"),
                                       QStringLiteral("%1 was abandoned without an answer").arg(what))));
            return;
        }
        settle(finished.result());
    });
    deadline->start(timeout);
    watcher->setFuture(std::move(future));
}

// The promise behind an Async<T> that is answered later, from a continuation. Copies share the
// promise; calling it with the result answers every holder of the future.
template<typename T> class PendingResult
{
public:
    PendingResult() { m_promise->start(); }

    Async<T> future() const { return m_promise->future(); }
    void operator()(Result<T> result) const
    {
        m_promise->addResult(std::move(result));
        m_promise->finish();
    }

private:
    std::shared_ptr<QPromise<Result<T>>> m_promise = std::make_shared<QPromise<Result<T>>>();
};

} // namespace flotilla
