#include "cli_output.h"

#include "api_client.h"

#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace flotilla {

void printOut(const QString &text)
{
    QTextStream(stdout) << text << Qt::flush;
}

void printErr(const QString &text)
{
    QTextStream(stderr) << text << Qt::flush;
}

void printJson(const QJsonObject &object)
{
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

int reportError(const Error &error, bool json)
{
    if (json)
        printJson(QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), error.code},
                                                                    {QStringLiteral("message"), error.message}}}});
    printErr(QStringLiteral("flo: ") + error.toString() + u'\n');
    if (error.code == kNotRunning)
        return 3;
    return error.code == QStringLiteral("cli.usage") || error.code.startsWith(QStringLiteral("cli.unknown"))
                   || error.code == QStringLiteral("cli.missing_value")
               ? 2
               : 1;
}

std::function<void(Result<QJsonObject>)> printed(bool json, const std::function<void(int)> &finished,
                                                 const std::function<int(const QJsonObject &)> &human)
{
    return [json, finished, human](Result<QJsonObject> answer) {
        if (!answer) {
            finished(reportError(answer.error(), json));
            return;
        }
        if (json) {
            printJson(answer.value());
            finished(0);
            return;
        }
        finished(human(answer.value()));
    };
}

} // namespace flotilla
