#include "launch_options.h"

#include "config/app_settings.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace flotilla {

Result<LaunchOptions> LaunchOptions::parse(const QStringList &arguments, bool guiAvailable)
{
    LaunchOptions options;
    options.host.headless = !guiAvailable;
    options.host.workingDir = QDir::currentPath();

    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const auto valueOf = [&](const QString &name) -> Result<QString> {
            if (argument.startsWith(name + u'='))
                return argument.mid(name.size() + 1);
            if (i + 1 >= arguments.size())
                return makeError(u"usage"_s, name + u" needs a value"_s);
            return arguments.at(++i);
        };
        if (argument == u"--headless"_s) {
            options.host.headless = true;
        } else if (argument == u"--demo"_s) {
            options.host.demo = true;
        } else if (argument == u"--demo-if-unconfigured"_s) {
            options.host.demoIfUnconfigured = true;
        } else if (argument == u"--reset"_s) {
            options.host.resetDemo = true;
        } else if (argument == u"--version"_s || argument == u"-v"_s) {
            options.showVersion = true;
        } else if (argument == u"--help"_s || argument == u"-h"_s) {
            options.showHelp = true;
        } else if (argument == u"--port"_s || argument.startsWith(u"--port="_s)) {
            auto value = valueOf(u"--port"_s);
            if (!value)
                return value.error();
            auto port = parsePort(value.value(), u"--port"_s);
            if (!port)
                return port.error();
            options.host.port = port.value();
        } else if (argument == u"--config"_s || argument.startsWith(u"--config="_s)) {
            auto value = valueOf(u"--config"_s);
            if (!value)
                return value.error();
            options.host.configFile = value.value();
        } else if (argument.startsWith(u'-') && argument.size() > 1) {
            // Qt's own options (-platform, -style, …) are taken by QApplication; keep them.
            if (!argument.startsWith(u"--"_s))
                continue;
            return makeError(u"usage"_s, u"unknown option %1 (see flotilla --help)"_s.arg(argument));
        } else {
            options.host.arguments << argument; // e.g. a flotilla:// link, handed to the instance
        }
    }
    if (options.host.resetDemo && !options.host.demo)
        return makeError(u"usage"_s, u"--reset goes with --demo (flotilla --demo --reset)"_s);
    if (options.host.demo && !options.host.configFile.isEmpty())
        return makeError(u"usage"_s, u"--demo runs its own sandboxed configuration; leave out --config"_s);
    return options;
}

QString LaunchOptions::helpText(bool guiAvailable)
{
    QString text = u"Usage: flotilla [options] [flotilla://link]\n"
                   "Runs fleets of AI coding agents and serves the local API and dashboard.\n\n"
                   "Options:\n"_s;
    if (guiAvailable)
        text += u"  --headless       run without windows or tray (servers, SSH boxes)\n"_s;
    text += u"  --port N         serve the local API on 127.0.0.1:N (default 3000; 0 picks a free port)\n"
            "  --config FILE    use this configuration file\n"
            "  --demo           run the demo fleet: a sandboxed project, three issues and a scripted\n"
            "                   demo agent (no account needed); --demo --reset starts it afresh\n"
            "  --version        print the version and exit\n"
            "  --help           print this help and exit\n\n"
            "Environment: FLOTILLA_CONFIG (configuration file), FLOTILLA_PORT (API port).\n"
            "A second launch hands its arguments to the running instance and exits.\n"_s;
    return text;
}

} // namespace flotilla
