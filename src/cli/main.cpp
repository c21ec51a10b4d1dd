// flo: the command-line client of a running Flotilla, over the local API.
#include "api_client.h"
#include "cli_output.h"
#include "config_command.h"
#include "status_command.h"
#include "util/app_paths.h"

#include <QCoreApplication>
#include <QTimer>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

const QString kUsage = u"Usage: flo COMMAND [options]\n"
                       "Talks to the running Flotilla (desktop app or flotilla --headless).\n\n"
                       "Commands:\n"
                       "  status [--json]   is Flotilla running: version, pid, API address, uptime\n"
                       "  config check [FILE] [--json]\n"
                       "                    check a configuration (no running Flotilla needed): errors and\n"
                       "                    warnings as file:line:col, then the effective configuration\n\n"
                       "Options:\n"
                       "  --version         print flo's version\n"
                       "  --help            print this help\n\n"
                       "Exit codes: 0 success, 1 failure, 2 bad usage, 3 no Flotilla running.\n"_s;

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(AppPaths::applicationName());
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));

    QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.isEmpty()) {
        printErr(kUsage);
        return 2;
    }
    const QString command = arguments.takeFirst();
    if (command == u"--version"_s || command == u"-v"_s || command == u"version"_s) {
        printOut(u"flo %1\n"_s.arg(QStringLiteral(FLOTILLA_VERSION)));
        return 0;
    }
    if (command == u"--help"_s || command == u"-h"_s || command == u"help"_s) {
        printOut(kUsage);
        return 0;
    }

    if (command == u"config"_s)
        return runConfigCommand(arguments);

    ApiClient client;
    const auto finished = [](int code) { QCoreApplication::exit(code); };
    if (command == u"status"_s) {
        // Started from the event loop: the command's replies arrive asynchronously.
        QTimer::singleShot(0, &app, [&] { runStatusCommand(client, arguments, finished); });
        return app.exec();
    }
    printErr(u"flo: unknown command \"%1\"\n\n"_s.arg(command) + kUsage);
    return 2;
}
