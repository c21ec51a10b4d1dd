#include "git_fixture.h"

#include "process_helpers.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace flotilla::test {

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content);
}

GitFixture::GitFixture()
{
    // libgit2 in this process and git below read the same, empty, global configuration.
    qputenv("HOME", m_environment.root().toLocal8Bit());
    writeFile(m_environment.root() + u"/.gitconfig"_s,
              "[user]\n\tname = Fixture\n\temail = fixture@example.org\n[init]\n\tdefaultBranch = main\n");
    m_valid = m_environment.isValid() && git(base(), {u"init"_s, u"--bare"_s, u"-b"_s, u"main"_s, origin()})
              && git(base(), {u"clone"_s, origin(), main()}) && commitFile(main(), u"first.txt"_s, u"first"_s)
              && git(main(), {u"push"_s, u"origin"_s, u"main"_s}) && git(base(), {u"clone"_s, origin(), other()})
              && commitFile(other(), u"later.txt"_s, u"later"_s) && git(other(), {u"push"_s, u"origin"_s, u"main"_s});
}

bool GitFixture::git(const QString &dir, const QStringList &arguments, QString *output) const
{
    QProcessEnvironment environment = m_environment.processEnvironment();
    environment.insert(u"HOME"_s, m_environment.root());
    environment.insert(u"GIT_CONFIG_NOSYSTEM"_s, u"1"_s);
    environment.insert(u"GIT_OPTIONAL_LOCKS"_s, u"0"_s);
    const ProcessResult result = runProcess(u"git"_s, arguments, environment, dir);
    if (output)
        *output = result.out.trimmed();
    if (result.finished && result.exitCode == 0)
        return true;
    qWarning().noquote() << "git" << arguments.join(u' ') << "failed in" << dir << ":" << result.out << result.err;
    return false;
}

QString GitFixture::gitOutput(const QString &dir, const QStringList &arguments) const
{
    QString output;
    return git(dir, arguments, &output) ? output : QString();
}

bool GitFixture::commitFile(const QString &dir, const QString &file, const QString &message) const
{
    writeFile(dir + u'/' + file, message.toUtf8() + '\n');
    return git(dir, {u"add"_s, file}) && git(dir, {u"commit"_s, u"-q"_s, u"-m"_s, message});
}

bool GitFixture::branchExists(const QString &repository, const QString &branch) const
{
    QString output;
    git(repository, {u"branch"_s, u"--list"_s, branch}, &output);
    return !output.isEmpty();
}

WorkspaceRequest GitFixture::request(const QString &sessionId, const QString &branch) const
{
    WorkspaceRequest request;
    request.projectId = u"shop"_s;
    request.repositoryPath = main();
    request.sessionId = sessionId;
    request.branch = branch;
    request.baseBranch = u"main"_s;
    return request;
}

} // namespace flotilla::test
