#include "fake_agent_fleet.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

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

QString FakeAgentFleet::deskOrigin() const
{
    return m_env.workDir() + u"/desk.origin.git"_s;
}

QString FakeAgentFleet::makeDesk() const
{
    const QString repo = m_env.workDir() + u"/desk"_s;
    if (!makeRepositoryWithOrigin(m_env, repo))
        return u"the desk repository could not be made"_s;
    const QList<std::pair<QString, QByteArray>> files = {
        {u"ci.sh"_s, "if [ -f broken.txt ]; then echo 'FAIL: broken.txt must not ship' >&2; exit 1; fi\necho ok\n"},
        {u".flotilla/issues/DESK-1.md"_s,
         "---\nid: DESK-1\ntitle: Fix the login form\nstate: open\n---\nIt loses input.\n"},
        {u".flotilla/issues/DESK-2.md"_s,
         "---\nid: DESK-2\ntitle: Add a search box\nstate: open\n---\nSearch by name.\n"},
        {u".flotilla/issues/DESK-3.md"_s,
         "---\nid: DESK-3\ntitle: Export to CSV\nstate: open\n---\nOne row per order.\n"},
        {u".flotilla/issues/DESK-4.md"_s, "---\nid: DESK-4\ntitle: Dark theme\nstate: open\n---\nFollow the system.\n"},
    };
    for (const auto &[name, content] : files) {
        QDir().mkpath(QFileInfo(repo + u'/' + name).absolutePath());
        QFile file(repo + u'/' + name);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return u"cannot write "_s + file.fileName();
    }
    const QStringList identity = {u"-c"_s, u"user.name=t"_s, u"-c"_s, u"user.email=t@example.com"_s};
    for (const QStringList &arguments :
         {QStringList{u"add"_s, u"ci.sh"_s}, identity + QStringList{u"commit"_s, u"-q"_s, u"-m"_s, u"Add CI"_s},
          QStringList{u"push"_s, u"-q"_s, u"origin"_s, u"main"_s}}) {
        const ProcessResult result = runProcess(u"git"_s, arguments, m_env.processEnvironment(), repo);
        if (result.exitCode != 0)
            return u"git %1 failed: %2"_s.arg(arguments.join(u' '), result.err);
    }
    return {};
}

QString FakeAgentFleet::start()
{
    const QString repo = m_env.workDir() + u"/shop"_s;
    if (!makeRepositoryWithOrigin(m_env, repo))
        return u"the shop repository could not be made"_s;
    if (const QString problem = makeDesk(); !problem.isEmpty())
        return problem;
    if (!QDir().mkpath(m_env.root() + u"/home"_s))
        return u"no home folder"_s;
    // The agents commit as the person whose home this is.
    QFile gitConfig(m_env.root() + u"/home/.gitconfig"_s);
    if (!gitConfig.open(QIODevice::WriteOnly)
        || gitConfig.write("[user]\n\tname = Fleet Tester\n\temail = tester@example.com\n") < 0)
        return u"cannot write "_s + gitConfig.fileName();
    gitConfig.close();
    const QString config = m_env.workDir() + u"/flotilla.yaml"_s;
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write "_s + config;
    const QByteArray agent = "    agentConfig:\n      command: \"python3 " + m_fakeAgent.toUtf8() + "\"\n";
    file.write("defaults:\n  runtime: tmux\n  workspace: worktree\n  agent: custom\nlifecycle:\n  pollInterval: 1s\n"
               + extraTopLevel + "projects:\n  shop:\n    path: " + repo.toUtf8() + "\n    sessionPrefix: shop\n"
               + agent + extraShop + "  desk:\n    name: Help desk\n    path: " + m_env.workDir().toUtf8()
               + "/desk\n    sessionPrefix: desk\n    tracker:\n      plugin: local\n      prefix: DESK\n"
                 "    scm:\n      plugin: local\n      ci:\n        command: sh ci.sh\n        timeout: 1m\n"
               + agent + extraDesk);
    file.close();
    return launch();
}

QString FakeAgentFleet::launch()
{
    const QString config = m_env.workDir() + u"/flotilla.yaml"_s;
    m_instance = std::make_unique<HeadlessInstance>(m_env, QStringList{u"--config"_s, config, u"--port"_s, u"0"_s},
                                                    m_environment);
    if (m_instance->waitForPort() <= 0)
        return u"flotilla --headless did not come up:\n"_s + m_instance->readOut();
    return {};
}

void FakeAgentFleet::crash()
{
    m_instance.reset();
}

QString FakeAgentFleet::restart()
{
    crash();
    return launch();
}

QString FakeAgentFleet::instanceOutput()
{
    return m_instance ? m_instance->readOut() : QString();
}

ProcessResult FakeAgentFleet::flo(const QStringList &arguments) const
{
    return test::flo(m_env, arguments, m_environment);
}

} // namespace flotilla::test
