// flo: the command-line client of a running Flotilla, over the local API.
#include "api_client.h"
#include "backlog_command.h"
#include "cli_output.h"
#include "config_command.h"
#include "doctor_command.h"
#include "fleet_commands.h"
#include "orchestrator_command.h"
#include "ravi_command.h"
#include "review_command.h"
#include "session_commands.h"
#include "status_command.h"
#include "util/app_paths.h"

#include <QCoreApplication>
#include <QTimer>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

const QString kUsage =
    u"Usage: flo COMMAND [options]\n"
    "Talks to the running Flotilla (desktop app or flotilla --headless).\n\n"
    "Commands:\n"
    "  status [-p PROJECT] [--json] is Flotilla running, and the sessions of the fleet\n"
    "  start [--json]               start flotilla --headless unless one runs\n"
    "  spawn PROJECT [ISSUE]        start a session (--prompt TEXT --agent NAME --model NAME\n"
    "                               --claim-pr N); prints SESSION=<id>\n"
    "  batch-spawn PROJECT ISSUE... start several at once (--concurrency N, default 4)\n"
    "  send SESSION MESSAGE...      send text to a session's agent (-f FILE, or -f - for stdin)\n"
    "  session ls|kill|restore|merge|cleanup|claim-pr|attach\n"
    "                               list and manage sessions (flo session for details)\n"
    "  report STATE [--note TEXT]   from inside a session: tell Flotilla what the agent is doing\n"
    "  review approve|request-changes|comment SESSION [--summary TEXT]\n"
    "         [--comment PATH:LINE:TEXT]...\n"
    "                               review a session's pull request (scm `local`)\n"
    "  review resolve SESSION THREAD\n"
    "                               mark a review comment resolved\n"
    "  decisions                    questions waiting for a person\n"
    "  decide DECISION ANSWER...    approve, reject, or instructions for the agent\n"
    "  ask QUESTION...              from inside a session: ask a person (--options a,b)\n"
    "  orchestrator start|attach|ls each project's orchestrator agent (flo orchestrator for details)\n"
    "  issues -p PROJECT            the tracker's open issues (--label L --state S -q TEXT)\n"
    "  backlog -p PROJECT           issues the backlog claimed, and what became of them\n"
    "  verify [ISSUE] -p PROJECT    merged issues waiting for verification; --fail, -c COMMENT\n"
    "  events [-s SESSION]          the audit log (--type T --limit N)\n"
    "  dashboard [--print]          open the web dashboard in the browser (a one-time sign-in link)\n"
    "  config check [FILE] [--json]\n"
    "                               check a configuration (no running Flotilla needed)\n"
    "  doctor [--json]              what stands between this machine and a working fleet\n"
    "  notify test [NOTIFIER]       send a test message through every notifier, or one\n"
    "  ravi login|set-key|status    the Ravi key in the keychain (flo ravi for details)\n\n"
    "Read commands take --json. Options:\n"
    "  --version                    print flo's version\n"
    "  --help                       print this help\n\n"
    "Exit codes: 0 success, 1 failure, 2 bad usage, 3 no Flotilla running.\n"_s;

using Command = void (*)(ApiClient &, const QStringList &, const Finished &);

const QHash<QString, Command> &commands()
{
    static const QHash<QString, Command> table = {
        {u"spawn"_s, runSpawnCommand},
        {u"batch-spawn"_s, runBatchSpawnCommand},
        {u"send"_s, runSendCommand},
        {u"session"_s, runSessionCommand},
        {u"report"_s, runReportCommand},
        {u"decisions"_s, runDecisionsCommand},
        {u"decide"_s, runDecideCommand},
        {u"events"_s, runEventsCommand},
        {u"start"_s, runStartCommand},
        {u"review"_s, runReviewCommand},
        {u"dashboard"_s, runDashboardCommand},
        {u"doctor"_s, runDoctorCommand},
        {u"notify"_s, runNotifyCommand},
        {u"ask"_s, runAskCommand},
        {u"orchestrator"_s, runOrchestratorCommand},
        {u"verify"_s, runVerifyCommand},
        {u"backlog"_s, runBacklogCommand},
        {u"issues"_s, runIssuesCommand},
    };
    return table;
}

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

    const auto done = [](int code) { QCoreApplication::exit(code); };
    if (command == u"ravi"_s) {
        QTimer::singleShot(0, &app, [arguments, done] { runRaviCommand(arguments, done); });
        return app.exec();
    }

    ApiClient client;
    const auto finished = [](int code) { QCoreApplication::exit(code); };
    if (command == u"status"_s) {
        // Started from the event loop: the command's replies arrive asynchronously.
        QTimer::singleShot(0, &app, [&] { runStatusCommand(client, arguments, finished); });
        return app.exec();
    }
    if (const Command run = commands().value(command, nullptr)) {
        QTimer::singleShot(0, &app, [&client, run, arguments, finished] { run(client, arguments, finished); });
        return app.exec();
    }
    printErr(u"flo: unknown command \"%1\"\n\n"_s.arg(command) + kUsage);
    return 2;
}
