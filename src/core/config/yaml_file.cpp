#include "yaml_file.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// A configuration file is a few kilobytes; anything this large is a mistake, not a config.
constexpr qint64 kMaxConfigBytes = 4 * 1024 * 1024;

} // namespace

QString yamlLocation(const QString &file, const YAML::Mark &mark)
{
    if (mark.is_null())
        return file;
    return u"%1:%2:%3"_s.arg(file).arg(mark.line + 1).arg(mark.column + 1);
}

Result<YAML::Node> parseYaml(const QByteArray &text, const QString &nameForErrors)
{
    try {
        return YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        return makeError(u"config.syntax"_s, QString::fromStdString(e.msg), yamlLocation(nameForErrors, e.mark));
    } catch (const std::exception &e) {
        return makeError(u"config.syntax"_s, QString::fromUtf8(e.what()), nameForErrors);
    }
}

Result<YAML::Node> loadYamlFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"config.unreadable"_s, u"cannot read the configuration file: "_s + file.errorString(), path);
    if (file.size() > kMaxConfigBytes)
        return makeError(u"config.too_large"_s,
                         u"the configuration file is %1 bytes; the limit is %2"_s.arg(file.size()).arg(kMaxConfigBytes),
                         path);
    return parseYaml(file.readAll(), QDir::toNativeSeparators(path));
}

} // namespace flotilla
