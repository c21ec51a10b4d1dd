// flotilla: the desktop app, or with --headless the same core and local API without widgets.
#include "host/instance_host.h"
#include "host/launch_options.h"
#include "host/termination_signals.h"
#include "util/app_paths.h"

#ifdef FLOTILLA_HAS_GUI
#include "gui/desktop_notifier.h"
#include "gui/desktop_shell.h"
#include "gui/gui_translations.h"
#include "gui/tray_icon.h"
#include "plugin/plugin_registry.h"

#include <QApplication>
#include <QMessageBox>
#endif

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

#ifdef FLOTILLA_HAS_GUI
constexpr bool kGuiAvailable = true;
#else
constexpr bool kGuiAvailable = false;
#endif

QStringList rawArguments(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

void printTo(FILE *stream, const QString &text)
{
    QTextStream(stream) << text << Qt::flush;
}

std::unique_ptr<QCoreApplication> makeApplication(bool headless, int &argc, char **argv)
{
#ifdef FLOTILLA_HAS_GUI
    if (!headless)
        return std::make_unique<QApplication>(argc, argv);
#endif
    Q_UNUSED(headless);
    return std::make_unique<QCoreApplication>(argc, argv);
}

void reportStartFailure(const Error &error, bool headless)
{
    printTo(stderr, u"flotilla: "_s + error.toString() + u'\n');
#ifdef FLOTILLA_HAS_GUI
    if (!headless)
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Flotilla cannot start"), error.toString());
#else
    Q_UNUSED(headless);
#endif
}

} // namespace

int main(int argc, char **argv)
{
    auto parsed = LaunchOptions::parse(rawArguments(argc, argv), kGuiAvailable);
    if (!parsed) {
        printTo(stderr, u"flotilla: "_s + parsed.error().toString() + u'\n');
        return 2;
    }
    LaunchOptions options = parsed.value();
    if (options.showHelp) {
        printTo(stdout, LaunchOptions::helpText(kGuiAvailable));
        return 0;
    }
    if (options.showVersion) {
        printTo(stdout, u"flotilla %1\n"_s.arg(QStringLiteral(FLOTILLA_VERSION)));
        return 0;
    }

    const bool headless = options.host.headless;
    const auto app = makeApplication(headless, argc, argv);
    QCoreApplication::setApplicationName(AppPaths::applicationName());
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));

#ifdef FLOTILLA_HAS_GUI
    if (!headless) {
        installTranslations();
        options.host.registerExtraPlugins = [](PluginRegistry &registry) {
            return registry.add<NotifierPlugin, DesktopNotifier>(
                QStringLiteral("desktop"), QStringLiteral("the desktop's notifications, with Open PR and Show"));
        };
    }
#endif

    InstanceHost host;
    TerminationSignals signalsToQuit;
    // exit(), not quit(): quit() lets a window that hides on close cancel the shutdown.
    QObject::connect(&signalsToQuit, &TerminationSignals::terminationRequested, app.get(),
                     [] { QCoreApplication::exit(0); });

    const auto started = host.start(options.host);
    if (!started) {
        reportStartFailure(started.error(), headless);
        return 1;
    }

    if (started.value() == InstanceHost::Role::HandingOver) {
        QObject::connect(&host, &InstanceHost::handOverFinished, app.get(), [](int exitCode, const QString &message) {
            printTo(exitCode == 0 ? stdout : stderr, u"flotilla: "_s + message + u'\n');
            QCoreApplication::exit(exitCode);
        });
        return app->exec();
    }

    printTo(stdout, u"flotilla %1: local API on %2%3\n"_s.arg(QStringLiteral(FLOTILLA_VERSION), host.apiBase(),
                                                              headless ? u" (headless)"_s : QString()));
#ifdef FLOTILLA_HAS_GUI
    std::unique_ptr<DesktopShell> shell;
    if (!headless) {
        shell = std::make_unique<DesktopShell>(host);
        shell->show();
        if (const auto link = FlotillaLink::among(options.host.arguments))
            shell->openLink(link);
        if (!TrayIcon::isAvailable())
            printTo(stderr, u"flotilla: the desktop has no system tray; the window is the way in\n"_s);
    }
#endif
    if (headless) {
        QObject::connect(&host, &InstanceHost::activationRequested, app.get(), [](const QStringList &arguments) {
            printTo(stdout, u"flotilla: another launch asked for attention (%1)\n"_s.arg(arguments.join(u' ')));
        });
    }
    return app->exec();
}
