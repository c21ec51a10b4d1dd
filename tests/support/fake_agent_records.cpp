#include "fake_agent_records.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla::test {

QStringList receivedMessages(const QString &recordFile)
{
    QFile file(recordFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList texts;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QJsonObject entry = QJsonDocument::fromJson(line).object();
        if (entry.contains(u"n"_s) && !entry.contains(u"event"_s))
            texts << entry.value(u"text"_s).toString();
    }
    return texts;
}

} // namespace flotilla::test
