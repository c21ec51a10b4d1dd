#include "demo_sandbox.h"

#include "git/git_seed.h"
#include "util/app_paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct DemoFile
{
    const char *path;
    const char *content;
};

// The demo project: a shop whose features are small shell functions, checked by tests/run.sh
// (plain sh, so the demo needs no compiler or language runtime).
constexpr DemoFile kProject[] = {
    {"README.md", "# Demo shop\n\nA tiny project for Flotilla's demo fleet. Each feature is a shell function in\n"
                  "`features/`, and `sh tests/run.sh` checks them all.\n"},
    {"CHANGELOG.md", "# Changelog\n\nUnreleased changes each have their own file in `changes/`.\n"},
    {"changes/README.md", "One file per change, so parallel work never conflicts on the changelog.\n"},
    {"features/README.md", "One file per feature, each defining one shell function.\n"},
    {"tests/run.sh", "#!/bin/sh\n"
                     "# Checks every feature of the demo shop; prints FAIL lines and exits 1 on a failure.\n"
                     "failed=0\n"
                     "count=0\n"
                     "for f in features/*.sh; do\n"
                     "  [ -e \"$f\" ] && . \"./$f\"\n"
                     "done\n"
                     "check() {\n"
                     "  count=$((count + 1))\n"
                     "  got=$($2 2>/dev/null)\n"
                     "  if [ \"$got\" = \"$3\" ]; then\n"
                     "    echo \"ok test_$1\"\n"
                     "  else\n"
                     "    echo \"FAIL: test_$1: expected $3, got ${got:-nothing}\"\n"
                     "    failed=1\n"
                     "  fi\n"
                     "}\n"
                     "if [ -e features/local-1.sh ]; then check discount \"discount 100\" 90; fi\n"
                     "if [ -e features/local-2.sh ]; then check shipping \"shipping 3\" 5; fi\n"
                     "if [ -e features/local-3.sh ]; then check tax \"tax 200\" 40; fi\n"
                     "if [ \"$failed\" -ne 0 ]; then exit 1; fi\n"
                     "echo \"ok $count tests\"\n"},
    {".flotilla/issues/LOCAL-1.md",
     "---\nid: LOCAL-1\ntitle: Add a 10% discount\nstate: open\nlabels: [demo, pricing]\n"
     "---\nCustomers get 10% off: `discount 100` prints `90`.\n"
     "Put it in `features/local-1.sh`; `sh tests/run.sh` must pass.\n"},
    {".flotilla/issues/LOCAL-2.md", "---\nid: LOCAL-2\ntitle: Charge shipping\nstate: open\nlabels: [demo, checkout]\n"
                                    "---\nShipping is a flat 5 for any number of items: `shipping 3` prints `5`.\n"
                                    "Put it in `features/local-2.sh`; `sh tests/run.sh` must pass.\n"},
    {".flotilla/issues/LOCAL-3.md", "---\nid: LOCAL-3\ntitle: Add sales tax\nstate: open\nlabels: [demo, pricing]\n"
                                    "---\nSales tax is 20%: `tax 200` prints `40`.\n"
                                    "Put it in `features/local-3.sh`; `sh tests/run.sh` must pass.\n"},
};

Result<void> writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return makeError(u"demo.write"_s, u"cannot write the demo's files: %1"_s.arg(file.errorString()), path);
    return {};
}

} // namespace

QString DemoSandbox::defaultRoot()
{
    return AppPaths::defaultDataDir() + u"/demo"_s;
}

DemoSandbox::DemoSandbox(QString root) : m_root(std::move(root)) {}

Result<QString> DemoSandbox::prepare(bool reset, const QString &agentProgram) const
{
    if (!QFileInfo(agentProgram).isExecutable())
        return makeError(u"demo.no_agent"_s,
                         u"the demo agent is missing; it is installed next to flotilla as flotilla-demo-agent"_s,
                         agentProgram);
    // Only ever a folder of its own making is removed: the marker says so.
    if (reset && QFileInfo::exists(m_root + u"/.flotilla-demo"_s) && !QDir(m_root).removeRecursively())
        return makeError(u"demo.reset"_s, u"cannot remove the old demo; close what uses it and try again"_s, m_root);
    if (!AppPaths::ensurePrivateDir(m_root) || !AppPaths::ensurePrivateDir(dataDir()))
        return makeError(u"demo.write"_s, u"cannot create the demo's folder"_s, m_root);
    if (auto marked = writeFile(m_root + u"/.flotilla-demo"_s, "Flotilla's demo sandbox; flotilla --demo --reset "
                                                               "removes it.\n");
        !marked)
        return marked.error();
    if (!QFileInfo::exists(projectPath() + u"/.git"_s)) {
        if (auto made = createProject(); !made)
            return made.error();
    }
    if (auto written = writeConfig(agentProgram); !written)
        return written.error();
    return QString(m_root + u"/flotilla.yaml"_s);
}

Result<void> DemoSandbox::createProject() const
{
    // A half-made project from an interrupted first start is made again from scratch.
    QDir(projectPath()).removeRecursively();
    QDir(m_root + u"/shop.git"_s).removeRecursively();
    for (const DemoFile &file : kProject) {
        if (auto written = writeFile(projectPath() + u'/' + QString::fromUtf8(file.path), file.content); !written)
            return written;
    }
    return seedGitRepository(projectPath(), m_root + u"/shop.git"_s, u"main"_s, u"Start the demo shop"_s);
}

Result<void> DemoSandbox::writeConfig(const QString &agentProgram) const
{
#ifdef Q_OS_WIN
    const QByteArray runtime = "process";
#else
    const QByteArray runtime = "tmux";
#endif
    // JSON strings are valid YAML scalars, which quotes any path safely.
    const auto quoted = [](const QString &text) {
        QString escaped = text;
        escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
        return (u'"' + escaped + u'"').toUtf8();
    };
    QString command = agentProgram;
    if (command.contains(u' '))
        command = u'\'' + command + u'\'';
    const QByteArray yaml = "# Flotilla's demo fleet (sandboxed). flotilla --demo --reset starts it afresh.\n"
                            "defaults:\n  runtime: "
                            + runtime
                            + "\n  workspace: worktree\n  agent: custom\n"
                              "projects:\n  demo-shop:\n    name: Demo shop\n    path: "
                            + quoted(projectPath())
                            + "\n    defaultBranch: main\n    sessionPrefix: demo\n"
                              "    tracker:\n      plugin: local\n"
                              "    scm:\n      plugin: local\n      ci:\n        command: sh tests/run.sh\n"
                              "        timeout: 2m\n"
                              "    agentConfig:\n      command: "
                            + quoted(command)
                            + "\n    reactions:\n      approved-and-green:\n        auto: true\n"
                              "        action: auto-merge\n";
    return writeFile(m_root + u"/flotilla.yaml"_s, yaml);
}

} // namespace flotilla
