#include "status_command.h"

#include "api_client.h"
#include "cli_output.h"
#include "session_view.h"

#include <QJsonArray>
#include <QUrl>

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString humanDuration(qint64 seconds)
{
    if (seconds < 60)
        return u"%1s"_s.arg(seconds);
    if (seconds < 3600)
        return u"%1m %2s"_s.arg(seconds / 60).arg(seconds % 60);
    if (seconds < 86400)
        return u"%1h %2m"_s.arg(seconds / 3600).arg((seconds % 3600) / 60);
    return u"%1d %2h"_s.arg(seconds / 86400).arg((seconds % 86400) / 3600);
}

} // namespace

void runStatusCommand(ApiClient &client, const QStringList &arguments, std::function<void(int)> finished)
{
    const bool json = arguments.contains(u"--json"_s);
    QString project;
    if (const qsizetype at = std::max(arguments.indexOf(u"-p"_s), arguments.indexOf(u"--project"_s));
        at >= 0 && at + 1 < arguments.size())
        project = arguments.at(at + 1);
    const auto fail = [json, finished](const Error &error) {
        const int code = error.code == kNotRunning ? 3 : 1;
        if (json)
            printOut(QString::fromUtf8(
                QJsonDocument(
                    QJsonObject{{u"running"_s, false},
                                {u"error"_s, QJsonObject{{u"code"_s, error.code}, {u"message"_s, error.message}}}})
                    .toJson(QJsonDocument::Indented)));
        printErr(u"flo: "_s + error.toString() + u'\n');
        finished(code);
    };
    if (auto connected = client.connectToInstance(); !connected) {
        fail(connected.error());
        return;
    }
    client.get(u"/api/v1/health"_s, [&client, json, project, fail, finished](Result<QJsonObject> health) {
        if (!health) {
            fail(health.error());
            return;
        }
        QJsonObject object = health.value();
        object.insert(u"running"_s, true);
        object.insert(u"api"_s, client.instance().apiBase());
        // The fleet itself: what an orchestrator reads before it acts (its token sees its project).
        QString path = u"/api/v1/sessions"_s;
        if (!project.isEmpty())
            path += u"?project="_s + QString::fromUtf8(QUrl::toPercentEncoding(project));
        client.get(path, [&client, object, json, fail, finished](Result<QJsonObject> listed) mutable {
            if (!listed) {
                fail(listed.error());
                return;
            }
            const QJsonArray sessions = listed->value(u"sessions"_s).toArray();
            object.insert(u"sessions"_s, sessions);
            object.insert(u"meta"_s, listed->value(u"meta"_s));
            if (json) {
                printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
            } else {
                printOut(u"Flotilla %1 is running%2 (pid %3), local API on %4, up %5\n"_s.arg(
                    object.value(u"version"_s).toString(),
                    object.value(u"headless"_s).toBool() ? u" headless"_s : QString(),
                    QString::number(object.value(u"pid"_s).toInteger()), client.instance().apiBase(),
                    humanDuration(object.value(u"uptimeSeconds"_s).toInteger())));
                if (!sessions.isEmpty())
                    printOut(u"\n"_s + sessionTable(sessions));
            }
            finished(0);
        });
    });
}

} // namespace flotilla
