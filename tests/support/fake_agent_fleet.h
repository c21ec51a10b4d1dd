#pragma once

#include "headless_instance.h"

#include <memory>

namespace flotilla::test {

// A real `flotilla --headless` in `env`'s private home whose agents are the fake agent CLI
// (`fakeAgentScript`) in a private tmux server, on two projects with bare origins:
//   shop  no tracker, no SCM;
//   desk  the local tracker with issues DESK-1 … DESK-4 and the local SCM, whose CI (`sh ci.sh`)
//         fails with "FAIL: broken.txt must not ship" while broken.txt exists and passes otherwise.
// The lifecycle polls every second. The agents write what they receive to recordFile(). Ends
// the instance and its tmux server.
class FakeAgentFleet
{
public:
    FakeAgentFleet(const IsolatedEnvironment &env, QString fakeAgentScript);
    ~FakeAgentFleet();
    FakeAgentFleet(const FakeAgentFleet &) = delete;
    FakeAgentFleet &operator=(const FakeAgentFleet &) = delete;

    // Before start(): YAML added at the top level of the configuration and to projects shop's
    // and desk's blocks (indented four spaces), and variables for the instance's environment.
    QByteArray extraTopLevel;
    QByteArray extraShop;
    QByteArray extraDesk;
    void setVariable(const QString &name, const QString &value) { m_environment.insert(name, value); }

    // Empty once the instance listens; otherwise what went wrong.
    QString start();
    // Kills the instance (SIGKILL, as a crash would); its agents keep running in tmux.
    void crash();
    // Starts the instance again, after a crash or not, on the same configuration and data.
    QString restart();
    // What the instance, its agents and flo run with (private HOME, TMUX_TMPDIR, fake agent).
    const QProcessEnvironment &environment() const { return m_environment; }
    QString recordFile() const;
    // The bare repository project "desk" pushes to.
    QString deskOrigin() const;
    ProcessResult flo(const QStringList &arguments) const;
    // What the instance printed so far (its warnings), for a failure's message.
    QString instanceOutput();

private:
    QString makeDesk() const;
    QString launch();

    const IsolatedEnvironment &m_env;
    QString m_fakeAgent;
    QProcessEnvironment m_environment;
    std::unique_ptr<HeadlessInstance> m_instance;
};

} // namespace flotilla::test
