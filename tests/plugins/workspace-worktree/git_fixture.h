#pragma once

#include "isolated_environment.h"
#include "plugin/workspace_plugin.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>
#include <QStringList>

#include <memory>

namespace flotilla::test {

// Real repositories built with the git command line: a bare `origin`, the project's main
// checkout (`main`, one commit pushed) and a second clone (`other`) that pushed a later commit
// the main checkout has not fetched yet.
class GitFixture final
{
public:
    GitFixture();

    bool isValid() const { return m_valid; }
    QString base() const { return m_environment.workDir(); }
    QString origin() const { return base() + QStringLiteral("/origin.git"); }
    QString main() const { return base() + QStringLiteral("/main"); }
    QString other() const { return base() + QStringLiteral("/other"); }
    QString root() const { return base() + QStringLiteral("/workspaces"); }

    // Runs git in `dir`; QVERIFY-friendly: returns false and prints the output when it fails.
    bool git(const QString &dir, const QStringList &arguments, QString *output = nullptr) const;
    QString gitOutput(const QString &dir, const QStringList &arguments) const;
    bool commitFile(const QString &dir, const QString &file, const QString &message) const;
    bool branchExists(const QString &repository, const QString &branch) const;

    WorkspaceRequest request(const QString &sessionId, const QString &branch) const;

private:
    IsolatedEnvironment m_environment;
    bool m_valid = false;
};

void writeFile(const QString &path, const QByteArray &content);

template<typename T> Result<T> wait(Async<T> future, int timeoutMs = 60000)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished())
        return makeError(QStringLiteral("test.timeout"), QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    if (future.resultCount() == 0)
        return makeError(QStringLiteral("test.cancelled"), QStringLiteral("the future was cancelled"));
    return future.result();
}

} // namespace flotilla::test
