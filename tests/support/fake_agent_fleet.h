#pragma once

#include "headless_instance.h"

#include <memory>

namespace flotilla::test {

// A real `flotilla --headless` in `env`'s private home, on project "shop" (a repository with a
// bare origin) whose agents are the fake agent CLI (`fakeAgentScript`) in a private tmux server.
// The agents write what they receive to recordFile(). Ends the instance and its tmux server.
class FakeAgentFleet
{
public:
    FakeAgentFleet(const IsolatedEnvironment &env, QString fakeAgentScript);
    ~FakeAgentFleet();
    FakeAgentFleet(const FakeAgentFleet &) = delete;
    FakeAgentFleet &operator=(const FakeAgentFleet &) = delete;

    // Empty once the instance listens; otherwise what went wrong.
    QString start();
    // What the instance, its agents and flo run with (private HOME, TMUX_TMPDIR, fake agent).
    const QProcessEnvironment &environment() const { return m_environment; }
    QString recordFile() const;
    ProcessResult flo(const QStringList &arguments) const;

private:
    const IsolatedEnvironment &m_env;
    QString m_fakeAgent;
    QProcessEnvironment m_environment;
    std::unique_ptr<HeadlessInstance> m_instance;
};

} // namespace flotilla::test
