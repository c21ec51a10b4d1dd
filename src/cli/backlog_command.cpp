#include "backlog_command.h"

#include "api_client.h"
#include "cli_args.h"
#include "cli_output.h"

#include <QJsonArray>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString encoded(const QString &part)
{
    return QString::fromUtf8(QUrl::toPercentEncoding(part));
}

// -p PROJECT, else the session's own project.
QString projectOf(const CliArgs &args)
{
    return args.value(u"--project"_s, qEnvironmentVariable("FLOTILLA_PROJECT"));
}

} // namespace

void runVerifyCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished)
{
    const QString usage = u"flo verify [ISSUE] -p PROJECT [--fail] [-c COMMENT] [-l|--list] [--json]\n"
                          "  without ISSUE (or with --list): the merged issues waiting for verification\n"
                          "  with ISSUE: mark it verified (closed), or with --fail failed (reopened)"_s;
    auto args =
        CliArgs::parse(arguments, {{u"--project"_s, u"--comment"_s},
                                   {u"--fail"_s, u"--list"_s, u"--json"_s},
                                   {{u"-p"_s, u"--project"_s}, {u"-c"_s, u"--comment"_s}, {u"-l"_s, u"--list"_s}}});
    const QString project = args ? projectOf(args.value()) : QString();
    if (!args || args->positionals.size() > 1 || project.isEmpty()) {
        finished(reportError(
            makeError(u"cli.usage"_s, (args ? QString() : args.error().message + u'\n')
                                          + (args && project.isEmpty() ? u"name the project with -p\n"_s : QString())
                                          + u"usage: "_s + usage),
            false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    if (args->positionals.isEmpty() || args->flag(u"--list"_s)) {
        client.get(u"/api/v1/projects/%1/verification"_s.arg(encoded(project)),
                   printed(json, finished, [project](const QJsonObject &listed) {
                       const QJsonArray issues = listed.value(u"issues"_s).toArray();
                       if (issues.isEmpty())
                           printOut(u"nothing in %1 waits for verification\n"_s.arg(project));
                       for (const QJsonValue &value : issues) {
                           const QJsonObject issue = value.toObject();
                           printOut(u"%1  %2%3\n    verify: flo verify %1 -p %4   (or --fail -c \"why\")\n"_s.arg(
                               issue.value(u"id"_s).toString(), issue.value(u"title"_s).toString(),
                               issue.value(u"session"_s).toString().isEmpty()
                                   ? QString()
                                   : u"  (session %1)"_s.arg(issue.value(u"session"_s).toString()),
                               project));
                       }
                       return 0;
                   }));
        return;
    }
    const QString issue = args->positionals.first();
    const bool passed = !args->flag(u"--fail"_s);
    const QJsonObject body{{u"passed"_s, passed}, {u"comment"_s, args->value(u"--comment"_s)}, {u"actor"_s, u"cli"_s}};
    client.post(u"/api/v1/projects/%1/issues/%2/verify"_s.arg(encoded(project), encoded(issue)), body,
                printed(json, finished,
                        [issue, passed](const QJsonObject &) {
                            printOut(passed ? u"%1 verified and closed\n"_s.arg(issue)
                                            : u"%1 marked as failing verification and reopened\n"_s.arg(issue));
                            return 0;
                        }),
                0);
}

void runBacklogCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished)
{
    const QString usage = u"flo backlog -p PROJECT [--json]"_s;
    auto args = CliArgs::parse(arguments, {{u"--project"_s}, {u"--json"_s}, {{u"-p"_s, u"--project"_s}}});
    const QString project = args ? projectOf(args.value()) : QString();
    if (!args || !args->positionals.isEmpty() || project.isEmpty()) {
        finished(reportError(makeError(u"cli.usage"_s, u"usage: "_s + usage), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    client.get(u"/api/v1/projects/%1/backlog"_s.arg(encoded(project)),
               printed(json, finished, [project](const QJsonObject &read) {
                   if (!read.value(u"enabled"_s).toBool())
                       printOut(u"project %1 has no backlog (add `backlog:` to its configuration)\n"_s.arg(project));
                   else
                       printOut(u"backlog of %1: label \"%2\", at most %3 at once\n"_s
                                    .arg(project, read.value(u"label"_s).toString())
                                    .arg(read.value(u"maxConcurrent"_s).toInt()));
                   for (const QJsonValue &value : read.value(u"claims"_s).toArray()) {
                       const QJsonObject claim = value.toObject();
                       const QString session = claim.value(u"session"_s).toString();
                       const QString reason = claim.value(u"reason"_s).toString();
                       printOut(u"%1  %2%3  %4%5\n"_s.arg(
                           claim.value(u"issue"_s).toString(), claim.value(u"state"_s).toString(),
                           session.isEmpty() ? QString() : u" ("_s + session + u')', claim.value(u"title"_s).toString(),
                           reason.isEmpty() ? QString() : u"\n    "_s + reason));
                   }
                   return 0;
               }));
}

void runIssuesCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished)
{
    const QString usage = u"flo issues -p PROJECT [--label L[,L…]] [--state open|in_progress|closed|all] "
                          "[-q TEXT] [--json]"_s;
    auto args = CliArgs::parse(arguments, {{u"--project"_s, u"--label"_s, u"--state"_s, u"--query"_s},
                                           {u"--json"_s},
                                           {{u"-p"_s, u"--project"_s}, {u"-q"_s, u"--query"_s}}});
    const QString project = args ? projectOf(args.value()) : QString();
    if (!args || !args->positionals.isEmpty() || project.isEmpty()) {
        finished(reportError(makeError(u"cli.usage"_s, u"usage: "_s + usage), false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    QStringList query{u"limit=200"_s};
    if (const QString label = args->value(u"--label"_s); !label.isEmpty())
        query << u"label="_s + encoded(label);
    if (const QString state = args->value(u"--state"_s); !state.isEmpty())
        query << u"state="_s + encoded(state);
    if (const QString text = args->value(u"--query"_s); !text.isEmpty())
        query << u"q="_s + encoded(text);
    client.get(u"/api/v1/projects/%1/issues?%2"_s.arg(encoded(project), query.join(u'&')),
               printed(json, finished, [](const QJsonObject &listed) {
                   const QJsonArray issues = listed.value(u"issues"_s).toArray();
                   if (issues.isEmpty())
                       printOut(u"no issues\n"_s);
                   for (const QJsonValue &value : issues) {
                       const QJsonObject issue = value.toObject();
                       const QString session = issue.value(u"session"_s).toString();
                       printOut(
                           u"%1  [%2] %3%4\n"_s.arg(issue.value(u"id"_s).toString(), issue.value(u"state"_s).toString(),
                                                    issue.value(u"title"_s).toString(),
                                                    session.isEmpty() ? QString() : u"  (session %1)"_s.arg(session)));
                   }
                   return 0;
               }));
}

} // namespace flotilla
