#include "jsonl_file.h"

#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Result<void> openForReading(QFile &file)
{
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"agent.log_unreadable"_s, u"cannot read the agent's log: %1"_s.arg(file.errorString()),
                         file.fileName());
    return {};
}

} // namespace

QList<QJsonObject> JsonlFile::parseLines(const QByteArray &text)
{
    QList<QJsonObject> entries;
    for (QByteArray line : text.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error == QJsonParseError::NoError && document.isObject())
            entries.append(document.object());
    }
    return entries;
}

Result<QList<QJsonObject>> JsonlFile::tail(const QString &path, qint64 window)
{
    QFile file(path);
    if (auto opened = openForReading(file); !opened)
        return opened.error();
    const qint64 size = file.size();
    if (size <= window)
        return parseLines(file.readAll());
    // Start one byte early: if that byte ends a line, the window begins with a whole line.
    if (!file.seek(size - window - 1))
        return makeError(u"agent.log_unreadable"_s, u"cannot seek in the agent's log: %1"_s.arg(file.errorString()),
                         path);
    const QByteArray text = file.read(window + 1);
    const qsizetype firstBreak = text.indexOf('\n');
    if (firstBreak < 0)
        return QList<QJsonObject>();
    return parseLines(text.mid(firstBreak + 1));
}

Result<QList<QJsonObject>> JsonlFile::head(const QString &path, qint64 window)
{
    QFile file(path);
    if (auto opened = openForReading(file); !opened)
        return opened.error();
    QByteArray text = file.read(window);
    if (file.size() > window)
        text.truncate(text.lastIndexOf('\n') + 1);
    return parseLines(text);
}

Result<QJsonObject> JsonlFile::firstEntry(const QString &path, qint64 limit)
{
    QFile file(path);
    if (auto opened = openForReading(file); !opened)
        return opened.error();
    const QByteArray line = file.readLine(limit);
    if (!line.endsWith('\n') && !file.atEnd())
        return QJsonObject();
    const QList<QJsonObject> entries = parseLines(line);
    return entries.isEmpty() ? QJsonObject() : entries.first();
}

} // namespace flotilla
