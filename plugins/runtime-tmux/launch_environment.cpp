#include "launch_environment.h"

#include "util/app_paths.h"

#include <QFile>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

namespace flotilla {

Result<QByteArray> LaunchEnvironment::encode(const QHash<QString, QString> &environment, const QStringList &withheld)
{
    QByteArray encoded;
    for (const QString &name : withheld) {
        if (name.isEmpty() || name.contains(u'=') || name.contains(QChar(0)))
            return makeError(u"runtime.bad_environment"_s,
                             u"the environment variable name \"%1\" cannot be unset"_s.arg(name));
        encoded.append(name.toUtf8());
        encoded.append('\0');
    }
    for (auto it = environment.cbegin(); it != environment.cend(); ++it) {
        const QString &name = it.key();
        // The message names the variable, never its value: values are secrets.
        if (name.isEmpty() || name.contains(u'=') || name.contains(QChar(0)))
            return makeError(u"runtime.bad_environment"_s,
                             u"the environment variable name \"%1\" cannot be set"_s.arg(name));
        if (it.value().contains(QChar(0)))
            return makeError(u"runtime.bad_environment"_s,
                             u"the value of %1 contains a NUL character and cannot be set"_s.arg(name));
        encoded.append(name.toUtf8());
        encoded.append('=');
        encoded.append(it.value().toUtf8());
        encoded.append('\0');
    }
    return encoded;
}

Result<QString> LaunchEnvironment::write(const QString &dir, const QString &stem,
                                         const QHash<QString, QString> &environment, const QStringList &withheld)
{
    auto encoded = encode(environment, withheld);
    if (!encoded)
        return encoded.error();
    if (!AppPaths::ensurePrivateDir(dir))
        return makeError(u"runtime.environment_file"_s, u"cannot create the private folder for launching agents"_s,
                         dir);
    // QTemporaryFile creates the file 0600 with O_EXCL under a random name: no window in
    // which another user could open it, and no way to be tricked into writing through a link.
    QTemporaryFile file(dir + u"/launch-"_s + stem + u"-XXXXXX.env"_s);
    file.setAutoRemove(false);
    if (!file.open())
        return makeError(u"runtime.environment_file"_s,
                         u"cannot create a private file for the agent's environment: %1"_s.arg(file.errorString()),
                         dir);
    const QString path = file.fileName();
    if (file.write(encoded.value()) != encoded.value().size() || !file.flush()) {
        const QString why = file.errorString();
        file.close();
        QFile::remove(path);
        return makeError(u"runtime.environment_file"_s, u"cannot write the agent's environment: %1"_s.arg(why), path);
    }
    file.close();
    return path;
}

} // namespace flotilla
