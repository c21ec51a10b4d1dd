#include "review_command.h"

#include "api_client.h"
#include "cli_args.h"
#include "cli_output.h"
#include "fleet/review_comment_spec.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kUsage = u"flo review approve|request-changes|comment SESSION [--summary TEXT] "
                       "[--comment PATH:LINE:TEXT]... [--json]\n       flo review resolve SESSION THREAD [--json]"_s;

Result<QJsonObject> lineComment(const QString &spec)
{
    auto parsed = parseReviewComment(spec);
    if (!parsed)
        return makeError(u"cli.usage"_s, u"--comment: "_s + parsed.error().message);
    return QJsonObject{{u"path"_s, parsed->path}, {u"line"_s, parsed->line}, {u"body"_s, parsed->body}};
}

void post(ApiClient &client, const QString &path, const QJsonObject &body, bool json, const QString &done,
          const Finished &finished)
{
    if (auto ok = client.connectToInstance(); !ok) {
        finished(reportError(ok.error(), json));
        return;
    }
    client.post(path, body, [json, done, finished](Result<QJsonObject> answer) {
        if (!answer) {
            finished(reportError(answer.error(), json));
            return;
        }
        if (json)
            printJson(answer.value());
        else
            printOut(done.arg(answer->value(u"pr"_s).toInt()) + u'\n');
        finished(0);
    });
}

} // namespace

void runReviewCommand(ApiClient &client, const QStringList &arguments, const Finished &finished)
{
    // --comment may repeat, which CliArgs (one value per option) does not keep: take them first.
    QStringList rest;
    QJsonArray comments;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) != u"--comment"_s) {
            rest << arguments.at(i);
            continue;
        }
        auto comment = i + 1 < arguments.size() ? lineComment(arguments.at(++i))
                                                : Result<QJsonObject>(makeError(u"cli.usage"_s, kUsage));
        if (!comment) {
            finished(reportError(comment.error(), false));
            return;
        }
        comments.append(comment.value());
    }
    auto args = CliArgs::parse(rest, {{u"--summary"_s}, {u"--json"_s}, {{u"-m"_s, u"--summary"_s}}});
    if (!args || args->positionals.size() < 2) {
        finished(reportError(
            makeError(u"cli.usage"_s, (args ? QString() : args.error().message + u'\n') + u"usage: "_s + kUsage),
            false));
        return;
    }
    const bool json = args->flag(u"--json"_s);
    const QString verb = args->positionals.at(0);
    const QString session = args->positionals.at(1);
    if (verb == u"resolve"_s) {
        if (args->positionals.size() != 3) {
            finished(reportError(makeError(u"cli.usage"_s, u"usage: "_s + kUsage), json));
            return;
        }
        post(client, u"/api/v1/sessions/%1/review/threads/%2/resolve"_s.arg(session, args->positionals.at(2)), {}, json,
             u"resolved"_s, finished);
        return;
    }
    if ((verb != u"approve"_s && verb != u"request-changes"_s && verb != u"comment"_s)
        || args->positionals.size() != 2) {
        finished(reportError(makeError(u"cli.usage"_s, u"usage: "_s + kUsage), json));
        return;
    }
    const QJsonObject body{{u"verdict"_s, verb},
                           {u"summary"_s, args->value(u"--summary"_s)},
                           {u"comments"_s, comments},
                           {u"actor"_s, u"cli"_s}};
    const QString done = verb == u"approve"_s           ? u"approved pull request #%1"_s
                         : verb == u"request-changes"_s ? u"requested changes on pull request #%1"_s
                                                        : u"commented on pull request #%1"_s;
    post(client, u"/api/v1/sessions/%1/review"_s.arg(session), body, json, done, finished);
}

} // namespace flotilla
