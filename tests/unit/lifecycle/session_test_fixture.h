#pragma once

#include "config/config_loader.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "lifecycle/session_manager.h"
#include "model/display_status.h"
#include "model/model_enums.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimeZone>

#include <memory>

// Fails the test with the error's own text when a Result is not ok.
#define STORE_OK(result)                                                                                               \
    do {                                                                                                               \
        const auto &result_ = (result);                                                                                \
        QVERIFY2(result_.ok(), qPrintable(result_.ok() ? QString() : result_.error().toString()));                     \
    } while (false)

namespace flotilla::test {

// Waits on the event loop for an Async<T> to be answered (at most `timeoutMs`).
template<typename T> Result<T> wait(Async<T> future, int timeoutMs = 5000)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished())
        return makeError(QStringLiteral("test.timeout"), QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    if (future.resultCount() == 0)
        return makeError(QStringLiteral("test.cancelled"), QStringLiteral("the future was cancelled"));
    return future.result();
}

// A real store in a private folder, one project "shop" served by in-memory plugins, and the
// session manager over them.
struct SessionFixture
{
    SessionFixture()
    {
        store = std::make_unique<Store>();
        const auto opened = store->open(env.root() + QStringLiteral("/flotilla.db"));
        if (!opened)
            qFatal("cannot open the store: %s", qPrintable(opened.error().toString()));
        const QByteArray yaml = "defaults:\n  agent: claude-code\n  notifiers: [desktop]\n"
                                "projects:\n  shop:\n    path: "
                                + env.workDir().toUtf8()
                                + "\n    sessionPrefix: shop\n    defaultBranch: main\n"
                                  "    symlinks: [.env]\n    postCreate: [\"make deps\"]\n"
                                  "    agentConfig:\n      model: sonnet\n";
        const LoadedConfig loaded =
            ConfigLoader::loadText(yaml, env.workDir() + QStringLiteral("/flotilla.yaml"), std::nullopt);
        if (loaded.hasErrors())
            qFatal("test configuration: %s", qPrintable(loaded.errors().first().message));
        config = std::make_shared<const Config>(loaded.config);

        plugins.projectId = QStringLiteral("shop");
        plugins.repository = QStringLiteral("acme/shop");
        plugins.runtime = &runtime;
        plugins.workspace = &workspace;
        plugins.tracker = &tracker;
        plugins.scm = &scm;
        plugins.agents.insert(QStringLiteral("claude-code"), &agent);
        plugins.hooks = {&hook};
        hook.environment.insert(QStringLiteral("SHOP_API_TOKEN"), QStringLiteral("s3cret-value-123"));
        hook.identity = QStringLiteral("agent-shop");
        tracker.issues.insert(QStringLiteral("42"), Issue{QStringLiteral("42"),
                                                          QStringLiteral("Fix the login form"),
                                                          QStringLiteral("The button does nothing."),
                                                          {},
                                                          Issue::State::Open,
                                                          {},
                                                          {},
                                                          {}});

        manager = std::make_unique<SessionManager>(SessionManager::Dependencies{
            store->sessions(),
            store->events(),
            store->trackers(),
            [this](const QString &projectId) { return projectId == QStringLiteral("shop") ? &plugins : nullptr; },
            [this] { return config; },
            [](const QString &, Priority) { return QStringList{QStringLiteral("desktop")}; },
            [this] { return now; },
            std::chrono::milliseconds(300),
            std::chrono::milliseconds(300),
        });
    }

    SessionRecord session(const QString &id) { return *store->sessions().get(id).value(); }
    QString status(const QString &id) { return enumName(deriveDisplayStatus(session(id))); }

    QList<Event> events(const QString &type = {})
    {
        EventQuery query;
        if (!type.isEmpty())
            query.types = {type};
        QList<Event> found;
        for (const StoredEvent &entry : store->events().query(query).value())
            found << entry.event;
        return found;
    }

    SessionRecord spawned(const QString &issueId = QStringLiteral("42"))
    {
        SpawnRequest request;
        request.projectId = QStringLiteral("shop");
        request.issueId = issueId;
        auto result = wait(manager->spawn(request));
        if (!result)
            qFatal("spawn failed: %s", qPrintable(result.error().toString()));
        return result.value();
    }

    IsolatedEnvironment env;
    std::unique_ptr<Store> store;
    std::shared_ptr<const Config> config;
    fakes::Runtime runtime;
    fakes::Workspace workspace;
    fakes::Tracker tracker;
    fakes::Scm scm;
    fakes::Agent agent;
    fakes::Hook hook;
    ProjectPlugins plugins;
    QDateTime now = QDateTime(QDate(2026, 11, 3), QTime(12, 0), QTimeZone::utc());
    std::unique_ptr<SessionManager> manager;
};

} // namespace flotilla::test
