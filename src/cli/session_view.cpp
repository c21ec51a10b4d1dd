#include "session_view.h"

#include "cli_output.h"

#include <QDateTime>
#include <QJsonObject>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace flotilla {

QString ageOf(const QString &isoTime)
{
    const QDateTime at = QDateTime::fromString(isoTime, Qt::ISODateWithMs);
    if (!at.isValid())
        return u"-"_s;
    const qint64 seconds = at.secsTo(QDateTime::currentDateTimeUtc());
    if (seconds < 3600)
        return u"%1m"_s.arg(std::max<qint64>(0, seconds / 60));
    if (seconds < 86400)
        return u"%1h"_s.arg(seconds / 3600);
    return u"%1d"_s.arg(seconds / 86400);
}

QString sessionTable(const QJsonArray &sessions)
{
    QList<QStringList> rows = {
        {u"SESSION"_s, u"PROJECT"_s, u"STATUS"_s, u"BRANCH"_s, u"PR"_s, u"ACTIVITY"_s, u"AGE"_s, u"TITLE"_s}};
    for (const QJsonValue &value : sessions) {
        const QJsonObject s = value.toObject();
        const QJsonObject pr = s.value(u"pr"_s).toObject();
        const int number = pr.value(u"number"_s).toInt();
        rows.append({s.value(u"id"_s).toString(), s.value(u"project"_s).toString(), s.value(u"status"_s).toString(),
                     s.value(u"branch"_s).toString(), number > 0 ? u"#%1"_s.arg(number) : u"-"_s,
                     s.value(u"activity"_s).toObject().value(u"state"_s).toString(),
                     ageOf(s.value(u"createdAt"_s).toString()), s.value(u"displayName"_s).toString().left(50)});
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    QString text;
    for (const QStringList &row : std::as_const(rows)) {
        QStringList cells;
        for (qsizetype i = 0; i < row.size(); ++i)
            cells << (i + 1 == row.size() ? row.at(i) : row.at(i).leftJustified(widths[i]));
        text += cells.join(u"  "_s).trimmed() + u'\n';
    }
    return text;
}

void attachTerminal(const QStringList &command)
{
#ifdef Q_OS_UNIX
    std::vector<QByteArray> storage;
    for (const QString &part : command)
        storage.push_back(part.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &part : storage)
        argv.push_back(part.data());
    argv.push_back(nullptr);
    execvp(argv.front(), argv.data());
    printErr(u"cannot run %1: %2\n"_s.arg(command.first(), QString::fromLocal8Bit(std::strerror(errno))));
#else
    printOut(command.join(u' ') + u'\n');
#endif
}

} // namespace flotilla
