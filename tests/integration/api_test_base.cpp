#include "api_test_base.h"

#include "config/config_loader.h"

#include <QJsonDocument>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace flotilla::test {

namespace {

template<typename Fake> void add(PluginRegistry &registry, const QString &name)
{
    (void)registry.add(PluginRegistry::Entry{Fake::kSlot, name, name, [](const PluginSettings &) {
                                                 return std::unique_ptr<Plugin>(std::make_unique<Fake>());
                                             }});
}

} // namespace

bool ApiTestBase::startApi(QString *problem)
{
    m_env = std::make_unique<IsolatedEnvironment>();
    m_store = std::make_unique<Store>();
    if (auto opened = m_store->open(m_env->root() + u"/flotilla.db"_s); !opened) {
        *problem = opened.error().toString();
        return false;
    }
    m_registry = std::make_unique<PluginRegistry>();
    add<fakes::Runtime>(*m_registry, u"tmux"_s);
    add<fakes::Workspace>(*m_registry, u"worktree"_s);
    add<fakes::Agent>(*m_registry, u"claude-code"_s);
    add<fakes::Tracker>(*m_registry, u"local"_s);

    const QByteArray yaml = "projects:\n  shop:\n    path: " + m_env->workDir().toUtf8()
                            + "\n    sessionPrefix: shop\n    tracker:\n      plugin: local\n";
    const LoadedConfig loaded = ConfigLoader::loadText(yaml, m_env->workDir() + u"/flotilla.yaml"_s, std::nullopt);
    if (loaded.hasErrors()) {
        *problem = loaded.errors().value(0).toString();
        return false;
    }
    m_server = std::make_unique<ApiServer>();
    ApiServer::Options options;
    options.port = 0;
    options.token = kToken;
    if (auto listening = m_server->listen(options); !listening) {
        *problem = listening.error().toString();
        return false;
    }
    m_port = quint16(m_server->port());

    Fleet::Options fleetOptions;
    fleetOptions.pollInterval = std::chrono::hours(1);
    m_fleet = std::make_unique<Fleet>(*m_store, *m_registry, fleetOptions);
    m_access = std::make_unique<ApiAccess>(kToken, m_store->sessions());
    m_access->setApiBase(u"http://"_s + QString::fromLatin1(host()));
    m_fleet->addHook(m_access.get());
    if (const QStringList problems = m_fleet->apply(std::make_shared<const Config>(loaded.config));
        !problems.isEmpty()) {
        *problem = problems.join(u"; "_s);
        return false;
    }
    m_server->attach(*m_fleet, *m_store, *m_access);
    auto *tracker = static_cast<fakes::Tracker *>(m_fleet->plugins(u"shop"_s)->tracker);
    for (const QString &id : {u"1"_s, u"2"_s})
        tracker->issues.insert(id, Issue{id, u"Issue "_s + id, {}, {}, Issue::State::Open, {}, {}, {}});
    return true;
}

void ApiTestBase::stopApi()
{
    m_server.reset();
    m_fleet.reset();
    m_access.reset();
    m_store.reset();
    m_registry.reset();
    m_env.reset();
}

HttpExchange ApiTestBase::call(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                               const QByteArray &token, const QByteArray &extraHeaders)
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + host() + "\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    request += extraHeaders;
    if (method == "POST")
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "Connection: close\r\n\r\n" + body;
    return rawCall(request);
}

HttpExchange ApiTestBase::rawCall(const QByteArray &request)
{
    // The server answers on this thread's event loop, so the client runs on another.
    const quint16 port = m_port;
    auto future = QtConcurrent::run([port, request] { return rawHttp(port, request, 20000); });
    while (!future.isFinished())
        QTest::qWait(5);
    return future.result();
}

QJsonObject ApiTestBase::json(const HttpExchange &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

fakes::Runtime *ApiTestBase::runtime() const
{
    return static_cast<fakes::Runtime *>(m_fleet->plugins(u"shop"_s)->runtime);
}

} // namespace flotilla::test
