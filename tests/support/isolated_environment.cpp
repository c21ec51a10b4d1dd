#include "isolated_environment.h"
#include "process_helpers.h"

#include "git/git_runtime.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace flotilla::test {

namespace {

const char *const kVariables[] = {"XDG_DATA_HOME",  "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR",
                                  "XDG_STATE_HOME", "FLOTILLA_CONFIG", "FLOTILLA_PORT"};

} // namespace

IsolatedEnvironment::IsolatedEnvironment()
{
    for (const char *name : kVariables)
        m_saved.insert(QString::fromLatin1(name), qgetenv(name));
    const QString base = m_root.path();
    const QStringList folders = {u"data"_s, u"config"_s, u"cache"_s, u"runtime"_s, u"state"_s, u"work"_s};
    for (const QString &folder : folders)
        QDir().mkpath(base + u'/' + folder);
    QFile::setPermissions(base + u"/runtime"_s,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_DATA_HOME", (base + u"/data"_s).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (base + u"/config"_s).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", (base + u"/cache"_s).toLocal8Bit());
    qputenv("XDG_RUNTIME_DIR", (base + u"/runtime"_s).toLocal8Bit());
    qputenv("XDG_STATE_HOME", (base + u"/state"_s).toLocal8Bit());
    qunsetenv("FLOTILLA_CONFIG");
    qunsetenv("FLOTILLA_PORT");
    reloadGitSearchPaths();
}

IsolatedEnvironment::~IsolatedEnvironment()
{
    for (auto it = m_saved.cbegin(); it != m_saved.cend(); ++it) {
        const QByteArray name = it.key().toLatin1();
        if (it.value().isNull())
            qunsetenv(name.constData());
        else
            qputenv(name.constData(), it.value());
    }
    reloadGitSearchPaths();
}

bool IsolatedEnvironment::useOwnTmuxServer() const
{
    qputenv("TMUX_TMPDIR", root().toLocal8Bit());
    qputenv("HOME", (root() + QStringLiteral("/home")).toLocal8Bit());
    qunsetenv("TMUX");
    return QDir().mkpath(root() + QStringLiteral("/home"));
}

void IsolatedEnvironment::stopOwnTmuxServer() const
{
    runProcess(QStringLiteral("tmux"),
               {QStringLiteral("-L"), QStringLiteral("flotilla"), QStringLiteral("kill-server")}, processEnvironment());
}

QProcessEnvironment IsolatedEnvironment::processEnvironment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : kVariables) {
        const QString key = QString::fromLatin1(name);
        if (qEnvironmentVariableIsSet(name))
            environment.insert(key, qEnvironmentVariable(name));
        else
            environment.remove(key);
    }
    return environment;
}

QString IsolatedEnvironment::binary(const QString &name)
{
    return QStringLiteral(FLOTILLA_BIN_DIR) + u'/' + name;
}

QString IsolatedEnvironment::artifactsDir()
{
    QDir().mkpath(QStringLiteral(FLOTILLA_TEST_ARTIFACTS));
    return QStringLiteral(FLOTILLA_TEST_ARTIFACTS);
}

} // namespace flotilla::test
