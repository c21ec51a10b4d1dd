// How fast one event reaches every live-feed client: a real ApiServer on a free loopback port,
// N WebSocket clients signed in with the API token (as dashboards and scripts are), then one
// event logged at a time; the figure is from the moment the event is logged (its commit
// included) until the last client has the message. Clients share the server's thread, so the
// figure also counts their own reading.
//
//   bench_live_fanout [--clients 20] [--runs 15]
#include "api_access.h"
#include "api_server.h"
#include "bench_support.h"
#include "config/config_model.h"
#include "fleet/fleet.h"
#include "plugin/plugin_registry.h"
#include "store/store.h"

#include <QTextStream>
#include <QWebSocket>

using namespace flotilla;
using namespace flotilla::bench;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int clientCount = argument(app.arguments(), u"--clients"_s, 20);
    const int runs = argument(app.arguments(), u"--runs"_s, 15);
    QTextStream out(stdout);
    QTextStream err(stderr);

    BenchEnvironment env;
    Store store;
    if (auto opened = store.open(env.root() + u"/flotilla.db"_s); !opened) {
        err << opened.error().toString() << Qt::endl;
        return 1;
    }
    const QByteArray token = "bench-token-0123456789abcdefghijklmnopqrstuvwxyz";
    ApiServer server;
    ApiServer::Options options;
    options.port = 0;
    options.token = token;
    options.keychainService.clear();
    if (auto listening = server.listen(options); !listening) {
        err << listening.error().toString() << Qt::endl;
        return 1;
    }
    PluginRegistry registry;
    Fleet fleet(store, registry, Fleet::Options());
    ApiAccess access(token, store.sessions());
    (void)fleet.apply(std::make_shared<const Config>());
    server.attach(fleet, store, access);

    std::vector<std::unique_ptr<QWebSocket>> clients;
    std::vector<qint64> heardAt(size_t(clientCount), -1);
    QElapsedTimer clock;
    clock.start();
    int connected = 0;
    for (int i = 0; i < clientCount; ++i) {
        auto socket = std::make_unique<QWebSocket>();
        QObject::connect(socket.get(), &QWebSocket::connected, [&connected] { ++connected; });
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived, [&heardAt, &clock, i](const QString &text) {
            if (text.contains(u"bench.fanout"_s))
                heardAt[size_t(i)] = clock.nsecsElapsed();
        });
        QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/ws"_s.arg(server.port())));
        request.setRawHeader("Authorization", "Bearer " + token);
        socket->open(request);
        clients.push_back(std::move(socket));
    }
    const auto waitUntil = [](const std::function<bool()> &done) {
        QElapsedTimer waited;
        waited.start();
        while (!done() && waited.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        return done();
    };
    if (!waitUntil([&] { return connected == clientCount; })) {
        err << connected << " of " << clientCount << " clients connected" << Qt::endl;
        return 1;
    }

    std::vector<double> samples;
    for (int run = 0; run < runs; ++run) {
        std::fill(heardAt.begin(), heardAt.end(), -1);
        Event event;
        event.type = u"bench.fanout"_s;
        event.message = u"fan-out run %1"_s.arg(run);
        const qint64 loggedAt = clock.nsecsElapsed();
        if (auto logged = store.events().append(event); !logged) {
            err << logged.error().toString() << Qt::endl;
            return 1;
        }
        if (!waitUntil(
                [&] { return std::none_of(heardAt.cbegin(), heardAt.cend(), [](qint64 t) { return t < 0; }); })) {
            err << "not every client heard run " << run << Qt::endl;
            return 1;
        }
        samples.push_back(double(*std::max_element(heardAt.cbegin(), heardAt.cend()) - loggedAt) / 1e6);
    }
    out << "one event to " << clientCount << " WebSocket clients: median " << ms(median(samples)) << " ms, max "
        << ms(maximum(samples)) << " ms over " << runs << " runs (target < 20 ms)" << Qt::endl;
    return 0;
}
