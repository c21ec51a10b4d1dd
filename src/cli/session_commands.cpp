#include "session_commands.h"

#include "api_client.h"
#include "cli_args.h"
#include "cli_output.h"
#include "session_view.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Spawning waits for the workspace's postCreate commands: no client-side limit.
constexpr int kNoTimeout = 0;

// Runs `command` once connected; every verb below shares the connection and error handling.
template<typename Command> void connected(ApiClient &client, const Finished &finished, bool json, Command command)
{
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    command();
}

Result<CliArgs> parseOrUsage(const QStringList &arguments, const CliArgs::Spec &spec, const QString &usage)
{
    auto parsed = CliArgs::parse(arguments, spec);
    if (!parsed)
        return makeError(u"cli.usage"_s, parsed.error().message + u"\nusage: "_s + usage);
    return parsed;
}

} // namespace

void runSpawnCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo spawn PROJECT [ISSUE] [--prompt TEXT] [--agent NAME] [--model NAME] "
                          "[--claim-pr N] [--json]"_s;
    auto args = parseOrUsage(arguments,
                             {{u"--prompt"_s, u"--agent"_s, u"--model"_s, u"--claim-pr"_s}, {u"--json"_s}, {}}, usage);
    if (!args || args->positionals.isEmpty() || args->positionals.size() > 2) {
        finished(reportError(args ? makeError(u"cli.usage"_s, u"usage: "_s + usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    QJsonObject body{{u"project"_s, args->positionals.at(0)}};
    if (args->positionals.size() == 2)
        body.insert(u"issue"_s, args->positionals.at(1));
    for (const auto &[option, key] : {std::pair{u"--prompt"_s, u"prompt"_s}, std::pair{u"--agent"_s, u"agent"_s},
                                      std::pair{u"--model"_s, u"model"_s}}) {
        if (args->values.contains(option))
            body.insert(key, args->value(option));
    }
    if (args->values.contains(u"--claim-pr"_s))
        body.insert(u"claimPr"_s, args->value(u"--claim-pr"_s).toInt());
    body.insert(u"actor"_s, u"cli"_s);
    connected(client, finished, json, [&client, body, json, finished] {
        client.post(
            u"/api/v1/sessions"_s, body,
            [json, finished](Result<QJsonObject> answer) {
                if (!answer) {
                    finished(reportError(answer.error(), json));
                    return;
                }
                const QJsonObject session = answer->value(u"session"_s).toObject();
                if (json) {
                    printJson(answer.value());
                } else {
                    printOut(u"SESSION=%1\n"_s.arg(session.value(u"id"_s).toString()));
                    printErr(u"%1 is starting on %2 in %3\n"_s.arg(session.value(u"id"_s).toString(),
                                                                   session.value(u"branch"_s).toString(),
                                                                   session.value(u"workspace"_s).toString()));
                }
                finished(0);
            },
            kNoTimeout);
    });
}

void runBatchSpawnCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo batch-spawn PROJECT ISSUE... [--concurrency N] [--agent NAME] [--json]"_s;
    auto args = parseOrUsage(arguments, {{u"--concurrency"_s, u"--agent"_s}, {u"--json"_s}, {}}, usage);
    if (!args || args->positionals.size() < 2) {
        finished(reportError(args ? makeError(u"cli.usage"_s, u"usage: "_s + usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    struct Batch
    {
        QString project;
        QString agent;
        QStringList queue;
        int total = 0;
        int running = 0;
        QJsonArray created, skipped, failed;
    };
    auto batch = std::make_shared<Batch>();
    batch->project = args->positionals.takeFirst();
    batch->agent = args->value(u"--agent"_s);
    for (const QString &issue : std::as_const(args->positionals)) {
        if (!batch->queue.contains(issue))
            batch->queue << issue;
    }
    batch->total = int(batch->queue.size());
    const int concurrency = std::clamp(args->value(u"--concurrency"_s, u"4"_s).toInt(), 1, 32);

    connected(client, finished, json, [&client, batch, concurrency, json, finished] {
        auto next = std::make_shared<std::function<void()>>();
        *next = [&client, batch, json, finished, next] {
            if (batch->queue.isEmpty()) {
                if (batch->running > 0)
                    return;
                const QJsonObject summary{
                    {u"created"_s, batch->created}, {u"skipped"_s, batch->skipped}, {u"failed"_s, batch->failed}};
                if (json)
                    printJson(summary);
                else
                    printOut(u"created %1, skipped %2, failed %3\n"_s.arg(batch->created.size())
                                 .arg(batch->skipped.size())
                                 .arg(batch->failed.size()));
                *next = nullptr; // ends the self-reference
                finished(batch->failed.isEmpty() ? 0 : 1);
                return;
            }
            const QString issue = batch->queue.takeFirst();
            ++batch->running;
            QJsonObject body{{u"project"_s, batch->project}, {u"issue"_s, issue}, {u"actor"_s, u"cli"_s}};
            if (!batch->agent.isEmpty())
                body.insert(u"agent"_s, batch->agent);
            client.post(
                u"/api/v1/sessions"_s, body,
                [batch, issue, next](Result<QJsonObject> answer) {
                    --batch->running;
                    const int done = int(batch->created.size() + batch->skipped.size() + batch->failed.size()) + 1;
                    if (answer) {
                        const QString id = answer->value(u"session"_s).toObject().value(u"id"_s).toString();
                        batch->created.append(QJsonObject{{u"issue"_s, issue}, {u"session"_s, id}});
                        printErr(u"[%1/%2] %3 → %4\n"_s.arg(done).arg(batch->total).arg(issue, id));
                    } else if (answer.error().code == u"api.spawn.duplicate"_s) {
                        batch->skipped.append(QJsonObject{{u"issue"_s, issue}, {u"why"_s, answer.error().message}});
                        printErr(u"[%1/%2] %3 skipped: %4\n"_s.arg(done)
                                     .arg(batch->total)
                                     .arg(issue, answer.error().message));
                    } else {
                        batch->failed.append(QJsonObject{{u"issue"_s, issue}, {u"error"_s, answer.error().message}});
                        printErr(u"[%1/%2] %3 failed: %4\n"_s.arg(done)
                                     .arg(batch->total)
                                     .arg(issue, answer.error().message));
                    }
                    if (*next)
                        (*next)();
                },
                kNoTimeout);
        };
        for (int i = 0; i < concurrency; ++i)
            (*next)();
    });
}

void runSendCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo send SESSION [MESSAGE...] [-f FILE|-] [--json]"_s;
    auto args = parseOrUsage(arguments, {{u"--file"_s}, {u"--json"_s}, {{u"-f"_s, u"--file"_s}}}, usage);
    if (!args || args->positionals.isEmpty()) {
        finished(reportError(args ? makeError(u"cli.usage"_s, u"usage: "_s + usage) : args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    const QString session = args->positionals.takeFirst();
    QString text = args->positionals.join(u' ');
    if (args->values.contains(u"--file"_s)) {
        const QString path = args->value(u"--file"_s);
        QFile file;
        const bool opened = path == u"-"_s ? file.open(stdin, QIODevice::ReadOnly)
                                           : (file.setFileName(path), file.open(QIODevice::ReadOnly));
        if (!opened) {
            finished(
                reportError(makeError(u"cli.file"_s, u"cannot read %1: %2"_s.arg(path, file.errorString())), json));
            return;
        }
        text = QString::fromUtf8(file.readAll());
    }
    if (text.trimmed().isEmpty()) {
        finished(reportError(makeError(u"cli.usage"_s, u"nothing to send; usage: "_s + usage), json));
        return;
    }
    connected(client, finished, json, [&client, session, text, json, finished] {
        client.post(
            u"/api/v1/sessions/%1/send"_s.arg(session), QJsonObject{{u"text"_s, text}, {u"actor"_s, u"cli"_s}},
            [session, json, finished](Result<QJsonObject> answer) {
                if (!answer) {
                    finished(reportError(answer.error(), json));
                    return;
                }
                if (json)
                    printJson(answer.value());
                else
                    printErr(u"delivered to %1\n"_s.arg(session));
                finished(0);
            },
            kNoTimeout);
    });
}

void runSessionCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    const QString usage = u"flo session ls [-p PROJECT] [--all] [--json] | kill SESSION [--why TEXT] | "
                          "restore SESSION | merge SESSION [--head SHA] | cleanup [-p PROJECT] [--dry-run] | claim-pr "
                          "PR SESSION [--take-over] | "
                          "attach SESSION"_s;
    QStringList rest = arguments;
    const QString verb = rest.isEmpty() ? QString() : rest.takeFirst();
    auto args = parseOrUsage(rest,
                             {{u"--project"_s, u"--why"_s, u"--head"_s},
                              {u"--all"_s, u"--json"_s, u"--dry-run"_s, u"--take-over"_s},
                              {{u"-p"_s, u"--project"_s}, {u"-a"_s, u"--all"_s}}},
                             usage);
    if (!args) {
        finished(reportError(args.error(), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    const auto needs = [&](int count) {
        if (args->positionals.size() == count)
            return true;
        finished(reportError(makeError(u"cli.usage"_s, u"usage: "_s + usage), json));
        return false;
    };
    const auto printed = [json, finished](const std::function<void(const QJsonObject &)> &human) {
        return [json, finished, human](Result<QJsonObject> answer) {
            if (!answer) {
                finished(reportError(answer.error(), json));
                return;
            }
            if (json)
                printJson(answer.value());
            else
                human(answer.value());
            finished(0);
        };
    };

    if (verb == u"ls"_s || verb == u"list"_s) {
        if (!needs(0))
            return;
        QString path = u"/api/v1/sessions?all=%1"_s.arg(args->flag(u"--all"_s) ? 1 : 0);
        if (args->values.contains(u"--project"_s))
            path += u"&project="_s + QString::fromUtf8(QUrl::toPercentEncoding(args->value(u"--project"_s)));
        connected(client, finished, json, [&client, path, printed] {
            client.get(path, printed([](const QJsonObject &answer) {
                           const QJsonArray sessions = answer.value(u"sessions"_s).toArray();
                           printOut(sessions.isEmpty() ? u"no sessions\n"_s : sessionTable(sessions));
                           const int hidden =
                               answer.value(u"meta"_s).toObject().value(u"hiddenTerminatedCount"_s).toInt();
                           if (hidden > 0)
                               printErr(u"(%1 finished sessions hidden; --all shows them)\n"_s.arg(hidden));
                       }));
        });
        return;
    }
    if (verb == u"kill"_s || verb == u"restore"_s) {
        if (!needs(1))
            return;
        const QString session = args->positionals.first();
        const QJsonObject body = verb == u"kill"_s ? QJsonObject{{u"why"_s, args->value(u"--why"_s)}} : QJsonObject();
        connected(client, finished, json, [&client, verb, session, body, printed] {
            client.post(u"/api/v1/sessions/%1/%2"_s.arg(session, verb), body,
                        printed([verb, session](const QJsonObject &) {
                            printOut(u"%1 %2\n"_s.arg(session, verb == u"kill"_s ? u"killed"_s : u"restored"_s));
                        }),
                        kNoTimeout);
        });
        return;
    }
    if (verb == u"merge"_s) {
        if (!needs(1))
            return;
        const QString session = args->positionals.first();
        const QJsonObject body{{u"headSha"_s, args->value(u"--head"_s)}, {u"actor"_s, u"cli"_s}};
        connected(client, finished, json, [&client, session, body, printed] {
            client.post(u"/api/v1/sessions/%1/merge"_s.arg(session), body,
                        printed([session](const QJsonObject &answer) {
                            printOut(u"%1: merged pull request #%2 (%3 at %4)\n"_s.arg(session)
                                         .arg(answer.value(u"pr"_s).toInt())
                                         .arg(answer.value(u"method"_s).toString(),
                                              answer.value(u"headSha"_s).toString().left(7)));
                        }),
                        kNoTimeout);
        });
        return;
    }
    if (verb == u"cleanup"_s) {
        if (!needs(0))
            return;
        const bool dryRun = args->flag(u"--dry-run"_s);
        const QJsonObject body{{u"project"_s, args->value(u"--project"_s)}, {u"dryRun"_s, dryRun}};
        connected(client, finished, json, [&client, body, dryRun, printed] {
            client.post(u"/api/v1/sessions/cleanup"_s, body, printed([dryRun](const QJsonObject &answer) {
                            const QJsonArray found = answer.value(u"sessions"_s).toArray();
                            if (found.isEmpty())
                                printOut(u"nothing to clean up\n"_s);
                            for (const QJsonValue &entry : found)
                                printOut(u"%1%2: %3\n"_s.arg(dryRun ? u"would clean up "_s : u"cleaned up "_s,
                                                             entry.toObject().value(u"session"_s).toString(),
                                                             entry.toObject().value(u"why"_s).toString()));
                        }),
                        kNoTimeout);
        });
        return;
    }
    if (verb == u"claim-pr"_s) {
        if (!needs(2))
            return;
        const int number = args->positionals.at(0).toInt();
        const QString session = args->positionals.at(1);
        const QJsonObject body{{u"pr"_s, number}, {u"takeOver"_s, args->flag(u"--take-over"_s)}};
        connected(client, finished, json, [&client, session, body, number, printed] {
            client.post(u"/api/v1/sessions/%1/claim-pr"_s.arg(session), body,
                        printed([session, number](const QJsonObject &answer) {
                            printOut(u"%1 now works on PR #%2 (%3)\n"_s.arg(session).arg(number).arg(
                                answer.value(u"session"_s).toObject().value(u"branch"_s).toString()));
                        }),
                        kNoTimeout);
        });
        return;
    }
    if (verb == u"attach"_s) {
        if (!needs(1))
            return;
        const QString session = args->positionals.first();
        connected(client, finished, json, [&client, session, printed] {
            client.get(u"/api/v1/sessions/%1"_s.arg(session), printed([session](const QJsonObject &answer) {
                           QStringList command;
                           for (const QJsonValue &part :
                                answer.value(u"session"_s).toObject().value(u"attachCommand"_s).toArray())
                               command << part.toString();
                           if (command.isEmpty()) {
                               printErr(u"%1 has no terminal to attach to; the app's terminal view shows its "
                                        "output\n"_s.arg(session));
                               return;
                           }
                           attachTerminal(command);
                       }));
        });
        return;
    }
    finished(reportError(makeError(u"cli.usage"_s, u"usage: "_s + usage), json));
}

} // namespace flotilla
