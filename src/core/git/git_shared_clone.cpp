#include "git_shared_clone.h"

#include "git_checkout.h"
#include "git_handle.h"
#include "git_repository.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Result<void> writeAlternates(const QString &gitDir, const QString &objectsDir)
{
    QFile file(gitDir + u"/objects/info/alternates"_s);
    if (!QDir().mkpath(QFileInfo(file).absolutePath()) || !file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(u"git.alternates"_s, u"cannot write the alternates file: %1"_s.arg(file.errorString()),
                         file.fileName());
    const QByteArray line = QDir::cleanPath(objectsDir).toUtf8() + '\n';
    if (file.write(line) != line.size() || !file.flush())
        return makeError(u"git.alternates"_s, u"cannot write the alternates file: %1"_s.arg(file.errorString()),
                         file.fileName());
    return {};
}

Result<void> copyRemoteReferences(git_repository *source, git_repository *target, const QString &sourceRemote)
{
    const QString sourcePrefix = u"refs/remotes/%1/"_s.arg(sourceRemote);
    const QString targetPrefix = u"refs/remotes/origin/"_s;
    git_reference_iterator *iterator = nullptr;
    const QByteArray glob = (sourcePrefix + u'*').toUtf8();
    if (const int rc = git_reference_iterator_glob_new(&iterator, source, glob.constData()); rc < 0)
        return gitError(u"cannot list the references of %1"_s.arg(sourceRemote), rc, gitCommonDir(source));
    Result<void> outcome;
    git_reference *raw = nullptr;
    while (outcome && git_reference_next(&raw, iterator) == 0) {
        const GitReferenceHandle reference(raw);
        const QString name = QString::fromUtf8(git_reference_name(raw));
        const QByteArray copied = (targetPrefix + name.mid(sourcePrefix.size())).toUtf8();
        git_reference *created = nullptr;
        int rc = 0;
        if (git_reference_type(raw) == GIT_REFERENCE_SYMBOLIC) {
            const QString pointsAt = QString::fromUtf8(git_reference_symbolic_target(raw));
            if (!pointsAt.startsWith(sourcePrefix))
                continue;
            const QByteArray mapped = (targetPrefix + pointsAt.mid(sourcePrefix.size())).toUtf8();
            rc = git_reference_symbolic_create(&created, target, copied.constData(), mapped.constData(), 1, "clone");
        } else {
            rc = git_reference_create(&created, target, copied.constData(), git_reference_target(raw), 1, "clone");
        }
        git_reference_free(created);
        if (rc < 0)
            outcome = gitError(u"cannot copy %1"_s.arg(name), rc, gitCommonDir(target));
    }
    git_reference_iterator_free(iterator);
    return outcome;
}

} // namespace

Result<void> createSharedGitClone(git_repository *source, const QString &path, const QString &originUrl,
                                  const QString &sourceRemote)
{
    git_repository_init_options options;
    git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    options.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
    git_libgit2_init();
    git_repository *raw = nullptr;
    const QByteArray nativePath = QDir::toNativeSeparators(path).toUtf8();
    const int rc = git_repository_init_ext(&raw, nativePath.constData(), &options);
    if (rc < 0) {
        Error error = gitError(u"cannot create a repository"_s, rc, path);
        git_libgit2_shutdown();
        return error;
    }
    GitRepositoryHandle created(raw);
    const QString gitDir = QDir::cleanPath(QString::fromUtf8(git_repository_path(raw)));
    created.reset(); // the object database reads the alternates when the repository is opened

    if (auto written = writeAlternates(gitDir, gitCommonDir(source) + u"/objects"_s); !written)
        return written;
    auto reopened = openGitRepository(path);
    if (!reopened)
        return reopened.error();
    git_repository *clone = reopened->get();

    git_remote *remote = nullptr;
    const QByteArray url = originUrl.toUtf8();
    if (const int made = git_remote_create(&remote, clone, "origin", url.constData()); made < 0)
        return gitError(u"cannot add remote origin"_s, made, path);
    git_remote_free(remote);
    return copyRemoteReferences(source, clone, sourceRemote);
}

Result<void> checkoutGitBranch(git_repository *repository, const QString &branch)
{
    const QByteArray reference = (u"refs/heads/"_s + branch).toUtf8();
    if (const int rc = git_repository_set_head(repository, reference.constData()); rc < 0)
        return gitError(u"cannot switch to branch %1"_s.arg(branch), rc, gitWorkDir(repository));
    if (auto filled = checkoutFreshWorkTree(repository); !filled)
        return makeError(filled.error().code, u"cannot check out branch %1: %2"_s.arg(branch, filled.error().message),
                         filled.error().context);
    return {};
}

bool isGitClone(const QString &path)
{
    if (!QFileInfo(path + u"/.git"_s).isDir())
        return false;
    auto opened = openGitRepository(path);
    return opened && git_repository_is_bare(opened->get()) == 0 && git_repository_is_worktree(opened->get()) == 0;
}

} // namespace flotilla
