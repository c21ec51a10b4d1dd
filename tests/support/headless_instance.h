#pragma once

#include "isolated_environment.h"
#include "process_helpers.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace flotilla::test {

// A real `flotilla --headless` process in the test's private environment; killed on destruction.
class HeadlessInstance
{
public:
    HeadlessInstance(const IsolatedEnvironment &env, const QStringList &arguments,
                     const QProcessEnvironment &environment = {});
    ~HeadlessInstance();
    HeadlessInstance(const HeadlessInstance &) = delete;
    HeadlessInstance &operator=(const HeadlessInstance &) = delete;

    // Waits for the start-up line and returns the port it names (0 if it never came).
    int waitForPort(int timeoutMs = 15000);
    QString readOut();
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QString m_out;
};

// Runs the flo next to the tests in the test's environment.
ProcessResult flo(const IsolatedEnvironment &env, const QStringList &arguments,
                  const QProcessEnvironment &environment = {});

} // namespace flotilla::test

namespace flotilla::test {

// A git repository at `path` with one commit on main, pushed to a bare "origin" beside it
// (`path` + ".origin.git"). Returns false (and says why on stderr) when a git step fails.
bool makeRepositoryWithOrigin(const IsolatedEnvironment &env, const QString &path);

} // namespace flotilla::test
