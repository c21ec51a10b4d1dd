#include "headless_instance.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::test {

HeadlessInstance::HeadlessInstance(const IsolatedEnvironment &env, const QStringList &arguments,
                                   const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment.isEmpty() ? env.processEnvironment() : environment);
    m_process.setWorkingDirectory(env.workDir());
    m_process.setProcessChannelMode(QProcess::MergedChannels); // warnings show in a failure's message
    m_process.start(IsolatedEnvironment::binary(u"flotilla"_s), QStringList{u"--headless"_s} + arguments);
}

HeadlessInstance::~HeadlessInstance()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

int HeadlessInstance::waitForPort(int timeoutMs)
{
    static const QRegularExpression listening(u"local API on http://127\\.0\\.0\\.1:(\\d+)"_s);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        m_process.waitForReadyRead(100);
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        if (const auto match = listening.match(m_out); match.hasMatch())
            return match.captured(1).toInt();
    }
    return 0;
}

QString HeadlessInstance::readOut()
{
    // The pipe is read only while an event loop or a wait runs: take in what is waiting in it.
    while (m_process.state() == QProcess::Running && m_process.waitForReadyRead(20))
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
    m_out += QString::fromUtf8(m_process.readAllStandardOutput());
    return m_out;
}

ProcessResult flo(const IsolatedEnvironment &env, const QStringList &arguments, const QProcessEnvironment &environment)
{
    return runProcess(IsolatedEnvironment::binary(u"flo"_s), arguments,
                      environment.isEmpty() ? env.processEnvironment() : environment, env.workDir(), 120000);
}

} // namespace flotilla::test

namespace flotilla::test {

bool makeRepositoryWithOrigin(const IsolatedEnvironment &env, const QString &path)
{
    const QString origin = path + u".origin.git"_s;
    const QStringList identity = {u"-c"_s, u"user.name=t"_s, u"-c"_s, u"user.email=t@example.com"_s};
    const QList<std::pair<QString, QStringList>> steps = {
        {env.root(), {u"init"_s, u"-q"_s, u"--bare"_s, u"-b"_s, u"main"_s, origin}},
        {env.root(), {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s, path}},
        {path, identity + QStringList{u"commit"_s, u"-q"_s, u"--allow-empty"_s, u"-m"_s, u"init"_s}},
        {path, {u"remote"_s, u"add"_s, u"origin"_s, origin}},
        {path, {u"push"_s, u"-q"_s, u"-u"_s, u"origin"_s, u"main"_s}},
    };
    for (const auto &[dir, arguments] : steps) {
        const ProcessResult result = runProcess(u"git"_s, arguments, env.processEnvironment(), dir);
        if (result.exitCode != 0) {
            qWarning("git %s failed: %s", qPrintable(arguments.join(u' ')), qPrintable(result.err));
            return false;
        }
    }
    return true;
}

} // namespace flotilla::test
