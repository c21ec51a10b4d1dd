#include "fake_agent_fleet.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace flotilla::test {

FakeAgentFleet::FakeAgentFleet(const IsolatedEnvironment &env, QString fakeAgentScript)
    : m_env(env), m_fakeAgent(std::move(fakeAgentScript))
{
    m_environment = env.processEnvironment();
    m_environment.insert(u"TMUX_TMPDIR"_s, env.root()); // a private tmux server
    m_environment.insert(u"HOME"_s, env.root() + u"/home"_s);
    m_environment.insert(u"FAKE_AGENT_THINK_MS"_s, u"50"_s);
    m_environment.insert(u"FAKE_AGENT_RECORD"_s, recordFile());
    m_environment.remove(u"TMUX"_s);
}

FakeAgentFleet::~FakeAgentFleet()
{
    m_instance.reset();
    runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"kill-server"_s}, m_environment);
}

QString FakeAgentFleet::recordFile() const
{
    return m_env.root() + u"/received.jsonl"_s;
}

QString FakeAgentFleet::start()
{
    const QString repo = m_env.workDir() + u"/shop"_s;
    if (!makeRepositoryWithOrigin(m_env, repo))
        return u"the shop repository could not be made"_s;
    if (!QDir().mkpath(m_env.root() + u"/home"_s))
        return u"no home folder"_s;
    const QString config = m_env.workDir() + u"/flotilla.yaml"_s;
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write "_s + config;
    file.write("defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: custom\nprojects:\n  shop:\n    path: "
               + repo.toUtf8() + "\n    sessionPrefix: shop\n    agentConfig:\n      command: \"python3 "
               + m_fakeAgent.toUtf8() + "\"\n");
    file.close();
    m_instance = std::make_unique<HeadlessInstance>(m_env, QStringList{u"--config"_s, config, u"--port"_s, u"0"_s},
                                                    m_environment);
    if (m_instance->waitForPort() <= 0)
        return u"flotilla --headless did not come up:\n"_s + m_instance->readOut();
    return {};
}

ProcessResult FakeAgentFleet::flo(const QStringList &arguments) const
{
    return test::flo(m_env, arguments, m_environment);
}

} // namespace flotilla::test
