#include "fleet_commands.h"

#include "api_client.h"
#include "cli_args.h"
#include "cli_output.h"
#include "util/app_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTimer>
#include <QUrl>

#include <memory>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Result<CliArgs> parseArgs(const QStringList &arguments, const CliArgs::Spec &spec, const QString &usage)
{
    auto parsed = CliArgs::parse(arguments, spec);
    if (!parsed)
        return makeError(u"cli.usage"_s, parsed.error().message + u"\nusage: "_s + usage);
    return parsed;
}

Error usageError(const QString &usage)
{
    return makeError(u"cli.usage"_s, u"usage: "_s + usage);
}

} // namespace

void runReportCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo report STATE [--note TEXT] [-s SESSION] [--json]   (inside a session "
                          "FLOTILLA_SESSION names it)"_s;
    auto args =
        parseArgs(arguments, {{u"--note"_s, u"--session"_s}, {u"--json"_s}, {{u"-s"_s, u"--session"_s}}}, usage);
    if (!args || args->positionals.size() != 1) {
        finished(reportError(args ? usageError(usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    const QString session = args->value(u"--session"_s, qEnvironmentVariable("FLOTILLA_SESSION"));
    if (session.isEmpty()) {
        finished(reportError(makeError(u"cli.usage"_s, u"no session: pass -s SESSION or run inside one"_s), json));
        return;
    }
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    const QJsonObject body{{u"state"_s, args->positionals.first()}, {u"note"_s, args->value(u"--note"_s)}};
    client.post(u"/api/v1/sessions/%1/report"_s.arg(session), body,
                printed(json, finished, [session](const QJsonObject &) {
                    printErr(u"reported for %1\n"_s.arg(session));
                    return 0;
                }));
}

void runDecisionsCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo decisions [-s SESSION] [--json]"_s;
    auto args = parseArgs(arguments, {{u"--session"_s}, {u"--json"_s}, {{u"-s"_s, u"--session"_s}}}, usage);
    if (!args || !args->positionals.isEmpty()) {
        finished(reportError(args ? usageError(usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    QString path = u"/api/v1/decisions"_s;
    if (args->values.contains(u"--session"_s))
        path += u"?session="_s + QString::fromUtf8(QUrl::toPercentEncoding(args->value(u"--session"_s)));
    client.get(path, printed(json, finished, [](const QJsonObject &answer) {
                   const QJsonArray decisions = answer.value(u"decisions"_s).toArray();
                   if (decisions.isEmpty())
                       printOut(u"no decisions are waiting\n"_s);
                   for (const QJsonValue &value : decisions) {
                       const QJsonObject d = value.toObject();
                       QStringList options;
                       for (const QJsonValue &option : d.value(u"options"_s).toArray())
                           options << option.toString();
                       printOut(u"%1  [%2] %3\n    %4\n    answer: flo decide %1 %5\n"_s.arg(
                           d.value(u"id"_s).toString(), d.value(u"priority"_s).toString(),
                           d.value(u"session"_s).toString(), d.value(u"question"_s).toString(),
                           options.isEmpty() ? u"\"what to do\""_s : options.join(u"|"_s) + u" or \"free text\""_s));
                   }
                   return 0;
               }));
}

void runDecideCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo decide DECISION ANSWER... [--json]   (approve, reject, or text for the agent)"_s;
    auto args = parseArgs(arguments, {{}, {u"--json"_s}, {}}, usage);
    if (!args || args->positionals.size() < 2) {
        finished(reportError(args ? usageError(usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    const QString decision = args->positionals.takeFirst();
    const QJsonObject body{{u"answer"_s, args->positionals.join(u' ')}, {u"channel"_s, u"cli"_s}};
    client.post(u"/api/v1/decisions/%1/answer"_s.arg(decision), body,
                printed(json, finished,
                        [](const QJsonObject &answer) {
                            if (!answer.value(u"accepted"_s).toBool()) {
                                printErr(u"not applied: %1\n"_s.arg(answer.value(u"outcome"_s).toString()));
                                return 1;
                            }
                            printOut(answer.value(u"outcome"_s).toString() + u'\n');
                            return 0;
                        }),
                0);
}

void runAskCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo ask QUESTION... [--options approve,reject] [-s SESSION] [--json]   (inside a session "
                          "it asks for that session; the answer arrives as the agent's next message)"_s;
    auto args =
        parseArgs(arguments, {{u"--options"_s, u"--session"_s}, {u"--json"_s}, {{u"-s"_s, u"--session"_s}}}, usage);
    if (!args || args->positionals.isEmpty()) {
        finished(reportError(args ? usageError(usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    const QStringList options = args->value(u"--options"_s).split(u',', Qt::SkipEmptyParts);
    const QJsonObject body{{u"question"_s, args->positionals.join(u' ')},
                           {u"options"_s, QJsonArray::fromStringList(options)},
                           {u"session"_s, args->value(u"--session"_s, qEnvironmentVariable("FLOTILLA_SESSION"))}};
    client.post(u"/api/v1/decisions"_s, body, printed(json, finished, [](const QJsonObject &answer) {
                    const QJsonObject decision = answer.value(u"decision"_s).toObject();
                    printOut(u"asked: decision %1; the answer will arrive as a message\n"_s.arg(
                        decision.value(u"id"_s).toString()));
                    return 0;
                }));
}

void runEventsCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo events [-s SESSION] [-p PROJECT] [--type T[,T…]] [--limit N] [--json]"_s;
    auto args = parseArgs(arguments,
                          {{u"--session"_s, u"--project"_s, u"--type"_s, u"--limit"_s},
                           {u"--json"_s},
                           {{u"-s"_s, u"--session"_s}, {u"-p"_s, u"--project"_s}, {u"-n"_s, u"--limit"_s}}},
                          usage);
    if (!args || !args->positionals.isEmpty()) {
        finished(reportError(args ? usageError(usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    QStringList query{u"limit="_s + args->value(u"--limit"_s, u"50"_s)};
    for (const auto &[option, key] : {std::pair{u"--session"_s, u"session"_s}, std::pair{u"--project"_s, u"project"_s},
                                      std::pair{u"--type"_s, u"type"_s}}) {
        if (args->values.contains(option))
            query << key + u'=' + QString::fromUtf8(QUrl::toPercentEncoding(args->value(option)));
    }
    client.get(u"/api/v1/events?"_s + query.join(u'&'), printed(json, finished, [](const QJsonObject &answer) {
                   const QJsonArray events = answer.value(u"events"_s).toArray();
                   // Newest first from the API; a log reads oldest first.
                   for (qsizetype i = events.size() - 1; i >= 0; --i) {
                       const QJsonObject e = events.at(i).toObject();
                       printOut(u"%1  %2  %3  %4\n"_s.arg(
                           e.value(u"at"_s).toString().left(19), e.value(u"type"_s).toString().leftJustified(24),
                           e.value(u"session"_s).toString().leftJustified(10), e.value(u"message"_s).toString()));
                   }
                   return 0;
               }));
}

namespace {

// The last lines of the background instance's log, to say why it did not come up.
QString logTail(const QString &path)
{
    QFile log(path);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    if (log.size() > 4096)
        log.seek(log.size() - 4096);
    const QStringList lines = QString::fromUtf8(log.readAll()).trimmed().split(u'\n');
    return lines.mid(std::max<qsizetype>(0, lines.size() - 5)).join(u'\n');
}

bool processRuns(qint64 pid)
{
#ifdef Q_OS_UNIX
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
#else
    Q_UNUSED(pid);
    return true; // the wait for the API bounds it
#endif
}

// Starts `flotilla --headless` and waits (up to 10 s) until its API answers. The instance
// outlives flo, so it must not hold flo's terminal or pipes: its output goes to a log file
// (otherwise `flo start --json | jq` would wait for it forever).
void launchHeadless(ApiClient &client, bool json, const Finished &finished)
{
    // flotilla sits next to flo (same bin folder, or both on PATH).
    const QString sibling = QDir(QCoreApplication::applicationDirPath()).filePath(u"flotilla"_s);
    const QString logFile = AppPaths::headlessLogFile();
    AppPaths::ensurePrivateDir(QFileInfo(logFile).path());
    QProcess process;
    process.setProgram(QFileInfo(sibling).isExecutable() ? sibling : u"flotilla"_s);
    process.setArguments({u"--headless"_s});
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(logFile, QIODevice::Append);
    process.setStandardErrorFile(logFile, QIODevice::Append);
    qint64 pid = 0;
    if (!process.startDetached(&pid)) {
        finished(reportError(makeError(u"cli.start"_s, u"cannot start %1 --headless: %2"_s.arg(process.program(),
                                                                                               process.errorString())),
                             json));
        return;
    }
    auto attempts = std::make_shared<int>(0);
    auto poll = std::make_shared<std::function<void()>>();
    const auto retry = [finished, json, attempts, poll, pid, logFile](const Error &error) {
        if (*attempts > 0 && !processRuns(pid)) {
            *poll = nullptr;
            finished(reportError(
                makeError(u"cli.start"_s, u"flotilla --headless stopped at start:\n"_s + logTail(logFile), logFile),
                json));
            return;
        }
        if (++*attempts > 100) {
            *poll = nullptr; // ends the self-reference
            finished(reportError(error, json));
            return;
        }
        QTimer::singleShot(100, QCoreApplication::instance(), [poll] {
            if (*poll)
                (*poll)();
        });
    };
    *poll = [&client, json, finished, poll, pid, retry] {
        if (auto ok = client.connectToInstance(); !ok) {
            retry(makeError(kNotRunning, u"flotilla --headless did not come up within 10 s"_s));
            return;
        }
        client.get(u"/api/v1/health"_s, [&client, json, finished, poll, pid, retry](Result<QJsonObject> health) {
            if (!health) {
                retry(health.error());
                return;
            }
            if (json)
                printJson(QJsonObject{{u"started"_s, true}, {u"pid"_s, pid}, {u"api"_s, client.apiBase()}});
            else
                printOut(u"Flotilla started headless (pid %1) on %2\n"_s.arg(pid).arg(client.apiBase()));
            *poll = nullptr;
            finished(0);
        });
    };
    retry(Error{});
}

} // namespace

void runStartCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const bool json = arguments.contains(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        if (ok.error().code != kNotRunning) {
            finished(reportError(ok.error(), json));
            return;
        }
        launchHeadless(client, json, finished);
        return;
    }
    client.get(u"/api/v1/health"_s, [&client, json, finished](Result<QJsonObject> health) {
        if (health) {
            if (json)
                printJson(QJsonObject{{u"started"_s, false}, {u"api"_s, client.apiBase()}});
            else
                printOut(u"Flotilla is already running on %1\n"_s.arg(client.apiBase()));
            finished(0);
            return;
        }
        if (health.error().code != kNotRunning) {
            finished(reportError(health.error(), json));
            return;
        }
        launchHeadless(client, json, finished);
    });
}

} // namespace flotilla

namespace flotilla {

void runDashboardCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo dashboard [--print] [--json]"_s;
    auto args = parseArgs(arguments, {{}, {u"--print"_s, u"--json"_s}, {}}, usage);
    if (!args || !args->positionals.isEmpty()) {
        finished(reportError(args ? usageError(usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    const bool printOnly = json || args->flag(u"--print"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    client.post(u"/api/v1/dashboard/login-link"_s, {}, printed(json, finished, [printOnly](const QJsonObject &answer) {
                    const QString url = answer.value(u"url"_s).toString();
                    if (printOnly) {
                        printOut(url + u'\n');
                        return 0;
                    }
#if defined(Q_OS_MACOS)
                    const bool opened = QProcess::startDetached(u"open"_s, {url});
#elif defined(Q_OS_WIN)
                    const bool opened = QProcess::startDetached(u"cmd.exe"_s, {u"/c"_s, u"start"_s, u""_s, url});
#else
                    const bool opened = QProcess::startDetached(u"xdg-open"_s, {url});
#endif
                    if (!opened) {
                        printErr(u"flo: no browser could be started; open this address (it works once, for two "
                                 "minutes):\n"_s);
                        printOut(url + u'\n');
                        return 1;
                    }
                    printOut(u"opened the dashboard in your browser (the sign-in link works once)\n"_s);
                    return 0;
                }));
}

void runNotifyCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo notify test [NOTIFIER] [--json]"_s;
    auto args = parseArgs(arguments, {{}, {u"--json"_s}, {}}, usage);
    if (!args || args->positionals.isEmpty() || args->positionals.first() != u"test"_s
        || args->positionals.size() > 2) {
        finished(reportError(args ? usageError(usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    QJsonObject body;
    if (args->positionals.size() == 2)
        body.insert(u"notifier"_s, args->positionals.at(1));
    client.post(
        u"/api/v1/notifiers/test"_s, body,
        [json, finished](Result<QJsonObject> answer) {
            if (!answer)
                return finished(reportError(answer.error(), json));
            const QJsonArray results = answer->value(u"results"_s).toArray();
            bool allDelivered = true;
            for (const QJsonValue &value : results)
                allDelivered = allDelivered && value.toObject().value(u"delivered"_s).toBool();
            if (json) {
                printOut(QString::fromUtf8(QJsonDocument(answer.value()).toJson(QJsonDocument::Indented)));
            } else if (results.isEmpty()) {
                printOut(u"no notifiers are configured\n"_s);
            } else {
                for (const QJsonValue &value : results) {
                    const QJsonObject result = value.toObject();
                    printOut(result.value(u"delivered"_s).toBool()
                                 ? u"%1 (%2): delivered\n"_s.arg(result.value(u"notifier"_s).toString(),
                                                                 result.value(u"plugin"_s).toString())
                                 : u"%1 (%2): failed: %3\n"_s.arg(result.value(u"notifier"_s).toString(),
                                                                  result.value(u"plugin"_s).toString(),
                                                                  result.value(u"error"_s).toString()));
                }
            }
            finished(allDelivered ? 0 : 1);
        },
        30000);
}

} // namespace flotilla
