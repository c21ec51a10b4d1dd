#include "orchestrator_command.h"

#include "api_client.h"
#include "cli_args.h"
#include "cli_output.h"
#include "session_view.h"

#include <QJsonArray>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kUsage = u"flo orchestrator start [PROJECT] [--replace] [--json] | attach [PROJECT] | ls [--json]\n"
                       "  PROJECT may be left out when there is one project, or inside a session of it"_s;

// The project the person means: named, the session's own, or the only one there is.
Result<QJsonObject> pickProject(const QJsonArray &orchestrators, const QString &named)
{
    const QString wanted = named.isEmpty() ? qEnvironmentVariable("FLOTILLA_PROJECT") : named;
    QStringList known;
    for (const QJsonValue &value : orchestrators) {
        const QJsonObject entry = value.toObject();
        known << entry.value(u"project"_s).toString();
        if (!wanted.isEmpty() && entry.value(u"project"_s).toString() == wanted)
            return entry;
    }
    if (wanted.isEmpty() && orchestrators.size() == 1)
        return orchestrators.first().toObject();
    if (wanted.isEmpty())
        return makeError(u"cli.usage"_s, u"name a project: %1"_s.arg(known.join(u", "_s)));
    return makeError(u"spawn.unknown_project"_s,
                     u"no project \"%1\" (projects: %2)"_s.arg(wanted, known.join(u", "_s)));
}

} // namespace

void runOrchestratorCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished)
{
    QStringList rest = arguments;
    const QString verb = rest.isEmpty() ? QString() : rest.takeFirst();
    auto args = CliArgs::parse(rest, {{}, {u"--json"_s, u"--replace"_s}, {}});
    if (!args || args->positionals.size() > 1
        || (verb != u"start"_s && verb != u"attach"_s && verb != u"ls"_s && verb != u"list"_s)) {
        finished(reportError(
            makeError(u"cli.usage"_s, (args ? QString() : args.error().message + u'\n') + u"usage: "_s + kUsage),
            false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    const QString named = args->positionals.value(0);
    const bool replace = args->flag(u"--replace"_s);
    client.get(u"/api/v1/orchestrators"_s, [&client, verb, named, replace, json, finished](Result<QJsonObject> listed) {
        if (!listed) {
            finished(reportError(listed.error(), json));
            return;
        }
        const QJsonArray orchestrators = listed->value(u"orchestrators"_s).toArray();
        if (verb == u"ls"_s || verb == u"list"_s) {
            if (json) {
                printJson(listed.value());
                finished(0);
                return;
            }
            for (const QJsonValue &value : orchestrators) {
                const QJsonObject entry = value.toObject();
                const QJsonObject session = entry.value(u"session"_s).toObject();
                printOut(u"%1  %2  %3%4\n"_s.arg(
                    entry.value(u"project"_s).toString(),
                    session.isEmpty() ? u"-"_s : session.value(u"id"_s).toString(),
                    session.isEmpty() ? u"not running"_s : session.value(u"status"_s).toString(),
                    entry.value(u"enabled"_s).toBool() ? u"  (kept running)"_s : QString()));
            }
            if (orchestrators.isEmpty())
                printOut(u"no projects\n"_s);
            finished(0);
            return;
        }
        auto project = pickProject(orchestrators, named);
        if (!project) {
            finished(reportError(project.error(), json));
            return;
        }
        const QString projectId = project->value(u"project"_s).toString();
        if (verb == u"attach"_s) {
            const QString session = project->value(u"session"_s).toObject().value(u"id"_s).toString();
            if (session.isEmpty()) {
                finished(reportError(
                    makeError(u"orchestrator.not_running"_s,
                              u"project %1 has no orchestrator; flo orchestrator start %1"_s.arg(projectId)),
                    json));
                return;
            }
            client.get(u"/api/v1/sessions/%1"_s.arg(session), [session, json, finished](Result<QJsonObject> read) {
                if (!read) {
                    finished(reportError(read.error(), json));
                    return;
                }
                QStringList command;
                for (const QJsonValue &part : read->value(u"session"_s).toObject().value(u"attachCommand"_s).toArray())
                    command << part.toString();
                if (command.isEmpty()) {
                    finished(reportError(
                        makeError(u"session.no_runtime"_s, u"%1 has no terminal to attach to"_s.arg(session)), json));
                    return;
                }
                attachTerminal(command);
                finished(1); // only reached when the attach command could not run
            });
            return;
        }
        client.post(
            u"/api/v1/projects/%1/orchestrator"_s.arg(QString::fromUtf8(QUrl::toPercentEncoding(projectId))),
            QJsonObject{{u"replace"_s, replace}, {u"actor"_s, u"cli"_s}},
            [json, finished](Result<QJsonObject> started) {
                if (!started) {
                    finished(reportError(started.error(), json));
                    return;
                }
                if (json) {
                    printJson(started.value());
                } else {
                    const QJsonObject session = started->value(u"session"_s).toObject();
                    printOut(u"%1 %2 (%3)\nSESSION=%1\n"_s.arg(session.value(u"id"_s).toString(),
                                                               started->value(u"outcome"_s).toString(),
                                                               session.value(u"status"_s).toString()));
                }
                finished(0);
            },
            0);
    });
}

} // namespace flotilla
