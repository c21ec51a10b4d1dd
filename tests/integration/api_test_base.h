#pragma once

#include "api_access.h"
#include "api_server.h"
#include "fleet/fleet.h"
#include "in_memory_plugins.h"
#include "isolated_environment.h"
#include "plugin/plugin_registry.h"
#include "process_helpers.h"
#include "store/store.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

namespace flotilla::test {

// The local API over a real loopback socket, on a fleet of in-memory plugins: project "shop"
// (tmux, worktree, claude-code and a local tracker holding issues 1 and 2, all fakes) in a
// private home. Suites derive from it and call startApi() in init() and stopApi() in cleanup().
class ApiTestBase : public QObject
{
public:
    static inline const QByteArray kToken = "user-token-0123456789abcdefghijklmnopqrstuvwxyz";

protected:
    // False (with the reason in `problem`) when the fleet or the server could not start.
    bool startApi(QString *problem);
    void stopApi();

    QByteArray host() const { return "127.0.0.1:" + QByteArray::number(m_port); }
    // One HTTP/1.1 request with this host, the token (none when empty) and extra header lines.
    HttpExchange call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                      const QByteArray &token = kToken, const QByteArray &extraHeaders = {});
    // The exact bytes of a request (its own Host, headers and all).
    HttpExchange rawCall(const QByteArray &request);
    static QJsonObject json(const HttpExchange &reply);
    fakes::Runtime *runtime() const;

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<PluginRegistry> m_registry;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<ApiAccess> m_access;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
};

} // namespace flotilla::test
