#include "instance_record.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla {

QString InstanceRecord::apiBase() const
{
    const QString hostPart = host.contains(u':') ? u"["_s + host + u"]"_s : host;
    return u"http://%1:%2"_s.arg(hostPart).arg(port);
}

Result<void> InstanceRecord::write(const QString &file) const
{
    const QJsonObject json{{u"pid"_s, pid},         {u"port"_s, port},           {u"host"_s, host},
                           {u"version"_s, version}, {u"startedAt"_s, startedAt}, {u"headless"_s, headless}};
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(u"instance.record"_s, u"cannot write the instance record: "_s + out.errorString(), file);
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(QJsonDocument(json).toJson());
    if (!out.commit())
        return makeError(u"instance.record"_s, u"cannot write the instance record: "_s + out.errorString(), file);
    return {};
}

Result<InstanceRecord> InstanceRecord::read(const QString &file)
{
    QFile in(file);
    if (!in.exists())
        return makeError(u"instance.none"_s, u"no Flotilla instance has published itself"_s, file);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(u"instance.record"_s, u"cannot read the instance record: "_s + in.errorString(), file);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(in.read(64 * 1024), &parseError);
    if (!document.isObject())
        return makeError(u"instance.record"_s, u"the instance record is not valid JSON: "_s + parseError.errorString(),
                         file);
    const QJsonObject json = document.object();
    InstanceRecord record;
    record.pid = json.value(u"pid"_s).toInteger();
    record.port = json.value(u"port"_s).toInt();
    record.host = json.value(u"host"_s).toString(u"127.0.0.1"_s);
    record.version = json.value(u"version"_s).toString();
    record.startedAt = json.value(u"startedAt"_s).toString();
    record.headless = json.value(u"headless"_s).toBool();
    if (record.port <= 0 || record.port > 65535)
        return makeError(u"instance.record"_s, u"the instance record names no valid port"_s, file);
    return record;
}

void InstanceRecord::removeIfOwned(const QString &file, qint64 pid)
{
    const auto current = read(file);
    if (current && current->pid == pid)
        QFile::remove(file);
}

} // namespace flotilla
